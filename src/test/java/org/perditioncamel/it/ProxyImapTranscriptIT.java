package org.perditioncamel.it;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.RunningProxy;

/**
 * Our proxy in front of Dovecot's IMAP, with perdition's 3-second error delay: every transcript perdition 2.2
 * passes ({@code imap4}), the deliberate improvements ({@code imap4-improved}), and, on a second proxy configured
 * with {@code imap_capability "STARTTLS IMAP4REV1"}, {@code imap4-improved-starttls-first} (reference §15 case 57).
 */
class ProxyImapTranscriptIT {

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    static RunningProxy proxy;
    static RunningProxy startTlsFirst;

    @BeforeAll
    static void startProxies() throws Exception {
        String backend = DOVECOT.host() + ":" + DOVECOT.imapPort();
        // perdition 2.2's exact capability list: the transcripts in imap4/ are its answers
        proxy = RunningProxy.start(Map.of("protocol", "IMAP4", "outgoing_server", backend, "error_delay", "3000",
                "imap_advertise_auth", "no"));
        startTlsFirst = RunningProxy.start(Map.of("protocol", "IMAP4", "outgoing_server", backend, "error_delay", "3000",
                "imap_capability", "STARTTLS IMAP4REV1", "imap_advertise_auth", "no"));
        TranscriptRuns.warmUp(DOVECOT);
    }

    @AfterAll
    static void stopProxies() {
        if (proxy != null) {
            proxy.close();
        }
        if (startTlsFirst != null) {
            startTlsFirst.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyImapTranscriptShouldPassThroughTheProxy() throws InterruptedException {
        return TranscriptRuns.run(List.of(
                        new TranscriptRuns.Folder("transcripts/imap4", "127.0.0.1", proxy.port()),
                        new TranscriptRuns.Folder("transcripts/imap4-improved", "127.0.0.1", proxy.port()),
                        new TranscriptRuns.Folder("transcripts/imap4-improved-starttls-first", "127.0.0.1", startTlsFirst.port())),
                () -> "Dovecot log:\n" + DOVECOT.log());
    }
}
