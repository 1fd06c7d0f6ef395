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
 * Our proxy in front of Dovecot's ManageSieve, with perdition's 3-second error delay: every transcript perdition
 * 2.2 passes ({@code managesieve}) and the deliberate improvements ({@code managesieve-improved}).
 */
class ProxyManageSieveTranscriptIT {

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    static RunningProxy proxy;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = RunningProxy.start(Map.of("protocol", "MANAGESIEVE",
                "outgoing_server", DOVECOT.host() + ":" + DOVECOT.sievePort(), "error_delay", "3000"));
        TranscriptRuns.warmUp(DOVECOT);
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyManageSieveTranscriptShouldPassThroughTheProxy() throws InterruptedException {
        return TranscriptRuns.run(List.of(
                        new TranscriptRuns.Folder("transcripts/managesieve", "127.0.0.1", proxy.port()),
                        new TranscriptRuns.Folder("transcripts/managesieve-improved", "127.0.0.1", proxy.port())),
                () -> "Dovecot log:\n" + DOVECOT.log());
    }
}
