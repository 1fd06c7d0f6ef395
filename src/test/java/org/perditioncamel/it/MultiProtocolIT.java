package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/** One process, three listeners (listeners = POP3,IMAP4,MANAGESIEVE), one popmap and one event stream. */
class MultiProtocolIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @Test
    void eachListenerShouldSpeakItsProtocolToItsBackend() throws Exception {
        int imap = RunningProxy.freePort();
        int sieve = RunningProxy.freePort();
        try (RunningProxy proxy = RunningProxy.start(Map.of(
                "listeners", "POP3,IMAP4,MANAGESIEVE",
                "outgoing_server", DOVECOT.host(),
                "pop3.outgoing_port", Integer.toString(DOVECOT.pop3Port()),
                "imap4.outgoing_port", Integer.toString(DOVECOT.imapPort()),
                "managesieve.outgoing_port", Integer.toString(DOVECOT.sievePort()),
                "imap4.listen_port", Integer.toString(imap),
                "managesieve.listen_port", Integer.toString(sieve)))) {
            try (LineClient c = new LineClient(proxy.port())) {
                assertThat(c.readLine()).startsWith("+OK POP3 perditon ready");
                c.send("USER alice").readLine();
                assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
                assertThat(c.send("QUIT").readLine()).startsWith("+OK Logging out");
            }
            try (LineClient c = new LineClient(imap)) {
                assertThat(c.readLine()).startsWith("* OK [CAPABILITY IMAP4 IMAP4REV1 SASL-IR AUTH=PLAIN] perdition ready");
                String line = c.send("a1 LOGIN alice secret").readLine();
                while (line.startsWith("* ")) {
                    line = c.readLine();
                }
                assertThat(line).isEqualTo("a1 OK You are so in");
                assertThat(c.send("a2 SELECT INBOX").readLine()).startsWith("* ");
            }
            try (LineClient c = new LineClient(sieve)) {
                String line;
                do {
                    line = c.readLine();
                } while (!line.startsWith("OK"));
                String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + plain + "\"").readLine()).isEqualTo("OK \"You are so in\"");
            }
        }
    }
}
