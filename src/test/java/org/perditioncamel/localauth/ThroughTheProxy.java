package org.perditioncamel.localauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.perditioncamel.testing.CountingForwarder;
import org.perditioncamel.testing.RunningProxy;

/** The end-to-end check every method gets: through the running proxy, only the right password reaches the backend. */
final class ThroughTheProxy {
    private ThroughTheProxy() {
    }

    /**
     * Starts the proxy with authenticate_in and {@code options} in front of the POP3 backend on {@code backendPort}
     * (behind a connection counter): a wrong password gets perdition's refusal after error_delay and no backend
     * connection; the right one logs in at the backend.
     */
    static void onlyTheRightPasswordReachesTheBackend(int backendPort, Map<String, String> options, String user,
                                                      String password) throws Exception {
        try (CountingForwarder forwarder = new CountingForwarder(backendPort)) {
            Map<String, String> all = new HashMap<>(options);
            all.put("authenticate_in", "true");
            all.put("outgoing_server", "127.0.0.1:" + forwarder.port());
            all.put("error_delay", "300");
            try (RunningProxy proxy = RunningProxy.start(all)) {
                long start = System.nanoTime();
                assertThat(LocalAuthenticationProxyTest.pop3Login(proxy.port(), user, password + "x"))
                        .isEqualTo("-ERR Authentication failure, mate");
                assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
                assertThat(forwarder.connections()).as("backend connections after a wrong password").isZero();
                assertThat(LocalAuthenticationProxyTest.pop3Login(proxy.port(), user, password))
                        .isEqualTo("+OK You are so in");
                assertThat(forwarder.connections()).isEqualTo(1);
            }
        }
    }
}
