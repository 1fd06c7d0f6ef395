package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;
import org.perditioncamel.testing.Scrape;

/** perdition_tls_handshakes_total counts the client side's completed and failed STARTTLS handshakes. */
class TlsHandshakeMetricsTest {
    private static final String OK = "perdition_tls_handshakes_total{outcome=\"ok\",side=\"client\"}";
    private static final String FAILED = "perdition_tls_handshakes_total{outcome=\"failed\",side=\"client\"}";

    @TempDir
    Path dir;

    @Test
    void aCompletedAndAFailedHandshakeShouldEachBeCounted() throws Exception {
        TestCertificates certs = TestCertificates.get();
        int management = FreePorts.one();
        try (RunningProxy proxy = RunningProxy.start(Map.of("ssl_mode", "tls_listen",
                "ssl_cert_file", certs.serverCert.toString(), "ssl_key_file", certs.serverKey.toString(),
                "ssl_no_client_cert_verify", "true", "management_port", Integer.toString(management),
                "log_facility", dir.resolve("proxy.log").toString()))) {
            try (LineClient c = new LineClient(proxy.port())) {
                c.readLine();
                assertThat(c.send("STLS").readLine()).isEqualTo("+OK Begin TLS negotiation, mate");
                c.startTls(Pop3TlsProxyTest.trustingTestCa());
                assertThat(c.send("NOOP").readLine()).startsWith("-ERR");
            }
            try (LineClient c = new LineClient(proxy.port())) {
                c.readLine();
                c.send("STLS").readLine();
                // plaintext where a ClientHello must come: the handshake fails and the proxy closes
                c.sendRaw("USER alice\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.closedByServer()).isTrue();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, Double> m = Scrape.metrics(management);
                assertThat(m.get(OK)).isEqualTo(1.0);
                assertThat(m.get(FAILED)).isEqualTo(1.0);
            });
        }
        assertThat(Files.exists(dir.resolve("proxy.log"))).isTrue();
    }
}
