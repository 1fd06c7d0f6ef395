package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/** After login the relay carries IMAP COMPRESS=DEFLATE (RFC 4978) untouched: raw deflate both ways. */
class ProxyImapCompressIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer()
            .withExtraConfig("protocol imap {\n  mail_plugins = $mail_plugins imap_zlib\n}");

    @Test
    void compressDeflateShouldWorkThroughTheSplice() throws Exception {
        DOVECOT.deliver("alice", "Subject: zipped\r\n\r\nhello through deflate\r\n".getBytes(StandardCharsets.US_ASCII));
        try (RunningProxy proxy = RunningProxy.start(Map.of("protocol", "IMAP4",
                "outgoing_server", DOVECOT.host() + ":" + DOVECOT.imapPort()));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            String line = c.send("a1 LOGIN alice secret").readLine();
            while (line.startsWith("* ")) {
                line = c.readLine();
            }
            assertThat(line).isEqualTo("a1 OK You are so in");
            assertThat(c.send("a2 COMPRESS DEFLATE").readLine()).startsWith("a2 OK");

            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            Inflater inflater = new Inflater(true);
            c.sendRaw(deflate(deflater, "a3 SELECT INBOX\r\na4 FETCH 1 BODY[TEXT]\r\na5 LOGOUT\r\n"));
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            byte[] in = new byte[8192];
            byte[] out = new byte[65536];
            long end = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < end && !plain.toString(StandardCharsets.ISO_8859_1).contains("a5 OK")) {
                int n = c.socket().getInputStream().read(in);
                if (n < 0) {
                    break;
                }
                inflater.setInput(in, 0, n);
                int k;
                while ((k = inflater.inflate(out)) > 0) {
                    plain.write(out, 0, k);
                }
            }
            String text = plain.toString(StandardCharsets.ISO_8859_1);
            assertThat(text).contains("a3 OK").contains("hello through deflate").contains("a5 OK");
        }
    }

    private static byte[] deflate(Deflater deflater, String text) {
        deflater.setInput(text.getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[4096];
        int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        byte[] out = new byte[n];
        System.arraycopy(buf, 0, out, 0, n);
        return out;
    }
}
