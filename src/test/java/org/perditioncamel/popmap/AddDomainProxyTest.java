package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/**
 * add_domain without explicit_domain (perdition -A with no -e): the domain is the reverse DNS name of the address the
 * client connected to, looked up before the session starts (off the event loop), and the backend gets user@that.
 */
class AddDomainProxyTest {
    /** What this host's resolver calls 127.0.0.1 (/etc/hosts: localhost). */
    private static final String LOCAL_NAME = localName();

    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetupTest.POP3.dynamicPort())
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig()
                    .withUser("erin@" + LOCAL_NAME, "erin@" + LOCAL_NAME, "erin-pw-123"));

    @Test
    void theBackendShouldGetTheUserWithTheLocalAddresssName() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(),
                "add_domain", "remote_login,0"));
             LineClient c = new LineClient("127.0.0.1", proxy.port())) {
            assertThat(c.readLine()).startsWith("+OK");
            c.send("USER erin").readLine();
            assertThat(c.send("PASS erin-pw-123").readLine()).isEqualTo("+OK You are so in");
            assertThat(c.send("STAT").readLine()).startsWith("+OK");
        }
    }

    private static String localName() {
        try {
            return org.perditioncamel.session.ReverseNames.nameOrNumeric(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}).getCanonicalHostName(),
                    InetAddress.getLoopbackAddress());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
