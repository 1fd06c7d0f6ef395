package org.perditioncamel.popmap.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.unboundid.ldap.sdk.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/**
 * End to end: a POP3 login through the running proxy whose popmap is perdition's LDAP library on an in-memory
 * directory reaches the server the user's entry names, not outgoing_server.
 */
class LdapProxyTest {
    @RegisterExtension
    static final InMemoryDirectory DIRECTORY = new InMemoryDirectory();
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("erin@example.org", "erin", "secret"));

    @Test
    void aLoginShouldReachTheServerItsDirectoryEntryNames() throws Exception {
        DIRECTORY.server().add(new Entry("uid=erin,ou=mailbox,dc=nodomain",
                new com.unboundid.ldap.sdk.Attribute("objectClass", "perditionPopmap"),
                new com.unboundid.ldap.sdk.Attribute("uid", "erin"),
                new com.unboundid.ldap.sdk.Attribute("mailhost", "127.0.0.1"),
                new com.unboundid.ldap.sdk.Attribute("port", Integer.toString(backend.getPop3().getPort()))));
        try (RunningProxy proxy = RunningProxy.start(Map.of(
                "map_library", "/usr/lib/x86_64-linux-gnu/libperditiondb_ldap.so.0",
                "map_library_opt", "ldap://127.0.0.1:" + DIRECTORY.port()
                        + "/ou=mailbox,dc=nodomain?username,mailhost,port?one?(uid=%s)",
                // a decoy: the directory's answer must win
                "outgoing_server", "127.0.0.1:" + RunningProxy.freePort()))) {
            assertThat(login(proxy, "erin", "secret")).isEqualTo("+OK You are so in");
            assertThat(login(proxy, "nobody", "secret")).startsWith("-ERR");
        }
    }

    private static String login(RunningProxy proxy, String user, String password) throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER " + user).readLine();
            return c.send("PASS " + password).readLine();
        }
    }
}
