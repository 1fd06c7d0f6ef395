package org.perditioncamel.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One PEM block: its label (CERTIFICATE, PRIVATE KEY, …), RFC 1421 headers (Proc-Type, DEK-Info) and contents. */
record PemBlock(String label, Map<String, String> headers, byte[] der) {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    /** Every block in the text, in order; text around and between blocks is ignored, as OpenSSL does. */
    static List<PemBlock> parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<PemBlock> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    private static PemBlock block(String label, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = body.split("\\r?\\n");
        int i = 0;
        if (lines.length > 0 && lines[0].contains(":")) {
            for (; i < lines.length && !lines[i].isBlank(); i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
                }
            }
        }
        StringBuilder base64 = new StringBuilder();
        for (; i < lines.length; i++) {
            base64.append(lines[i].trim());
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            der = new byte[0];   // callers report "no usable block" with the file name
        }
        return new PemBlock(label, Collections.unmodifiableMap(headers), der);
    }

    boolean encrypted() {
        return headers.getOrDefault("Proc-Type", "").replace(" ", "").equals("4,ENCRYPTED");
    }
}
