package org.perditioncamel.protocol.imap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * imap_capability as a list of tokens, so the managed ones (STARTTLS, LOGINDISABLED, LITERAL+, SASL-IR, AUTH=PLAIN) are added or
 * removed as whole words and never duplicated: perdition's substring helpers duplicate or crash on a token at
 * the start of the string (reference §6, §14 row 6).
 */
final class ImapCapabilities {
    static final String DEFAULT = "IMAP4 IMAP4REV1";
    private static final String STARTTLS = "STARTTLS";
    private static final String LOGINDISABLED = "LOGINDISABLED";
    private static final String LITERAL_PLUS = "LITERAL+";
    private static final String SASL_IR = "SASL-IR";
    private static final String AUTH_PLAIN = "AUTH=PLAIN";

    /** The operator's tokens in their order, without duplicates (case-insensitive) and without STARTTLS. */
    private final List<String> configured;
    private final boolean loginDisabled;
    private final boolean literalPlus;
    private final boolean authAdvertised;
    /** The four lists {@link #list(boolean, boolean)} can give, made once: every greeting asks for one. */
    private final String[] lists = new String[4];

    /** perdition 2.2's exact list: no SASL mechanism advertised. */
    ImapCapabilities(String imapCapability, boolean loginDisabled, boolean literalPlus) {
        this(imapCapability, loginDisabled, literalPlus, false);
    }

    /**
     * @param literalPlus    advertise LITERAL+ even if imap_capability does not list it
     * @param authAdvertised imap_advertise_auth: list SASL-IR and AUTH=PLAIN, which the proxy accepts, whenever a login
     *                       is possible (clients such as mbsync refuse AUTHENTICATE unless it is advertised)
     */
    ImapCapabilities(String imapCapability, boolean loginDisabled, boolean literalPlus, boolean authAdvertised) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String token : (imapCapability == null ? DEFAULT : imapCapability).trim().split("\\s+")) {
            String key = token.toUpperCase(Locale.ROOT);
            if (!token.isEmpty() && !key.equals(STARTTLS)) {
                tokens.putIfAbsent(key, token);
            }
        }
        this.configured = List.copyOf(tokens.values());
        this.loginDisabled = loginDisabled;
        this.literalPlus = literalPlus;
        this.authAdvertised = authAdvertised;
        for (int i = 0; i < lists.length; i++) {
            lists[i] = build((i & 1) != 0, (i & 2) != 0);
        }
    }

    /** Non-synchronising literals are honoured when they are advertised. */
    boolean literalPlus() {
        return literalPlus || configured.stream().anyMatch(LITERAL_PLUS::equalsIgnoreCase);
    }

    /**
     * The list for the greeting and CAPABILITY. STARTTLS is listed only while TLS is offered and not yet active
     * (perdition's rule, appended at the end); the listener's TLS support passes true there.
     */
    String list(boolean startTlsOffered) {
        return list(startTlsOffered, false);
    }

    /** @param plaintextRefused tls_listen_force before TLS: LOGINDISABLED until the session is encrypted */
    String list(boolean startTlsOffered, boolean plaintextRefused) {
        return lists[(startTlsOffered ? 1 : 0) | (plaintextRefused ? 2 : 0)];
    }

    private String build(boolean startTlsOffered, boolean plaintextRefused) {
        List<String> out = new ArrayList<>(configured);
        if (literalPlus) {
            addIfMissing(out, LITERAL_PLUS);
        }
        boolean loginRefused = loginDisabled || plaintextRefused;
        if (authAdvertised && !loginRefused) {
            // like LOGIN, AUTHENTICATE is refused while LOGINDISABLED stands, so it is not offered then
            addIfMissing(out, SASL_IR);
            addIfMissing(out, AUTH_PLAIN);
        }
        if (startTlsOffered) {
            out.add(STARTTLS);
        }
        if (loginRefused) {
            addIfMissing(out, LOGINDISABLED);
        }
        return String.join(" ", out);
    }

    private static void addIfMissing(List<String> tokens, String token) {
        if (tokens.stream().noneMatch(token::equalsIgnoreCase)) {
            tokens.add(token);
        }
    }
}
