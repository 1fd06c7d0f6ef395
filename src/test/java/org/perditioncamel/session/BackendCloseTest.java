package org.perditioncamel.session;

import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.ProxyLog;
import org.perditioncamel.testing.RunningProxy;
import org.perditioncamel.testing.SessionEnds;

/**
 * The backend ending the session (POP3 QUIT, IMAP LOGOUT) closes the client at once and logs the Closing line,
 * while the client still holds its end open waiting for the server's close, as RFC 1939 and 3501 clients may.
 */
class BackendCloseTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3_IMAP))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    static RunningProxy proxy;
    static int imap;
    static ProxyLog log;

    @BeforeAll
    static void start() throws Exception {
        imap = RunningProxy.freePort();
        log = ProxyLog.create("backend-close-");
        proxy = RunningProxy.start(Map.of("listeners", "POP3,IMAP4", "outgoing_server", "127.0.0.1",
                "pop3.outgoing_port", Integer.toString(backend.getPop3().getPort()),
                "imap4.outgoing_port", Integer.toString(backend.getImap().getPort()),
                "imap4.listen_port", Integer.toString(imap), "log_facility", log.facility()));
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void pop3QuitShouldCloseTheClientAndLogAtOnce() throws Exception {
        try (LineClient c = new LineClient(proxy.port()).timeout(3000)) {
            SessionEnds.pop3Quit(c, "alice", "secret");
            log.assertClosedWhileClientOpen(c);
        }
    }

    @Test
    void imapLogoutShouldCloseTheClientAndLogAtOnce() throws Exception {
        try (LineClient c = new LineClient(imap).timeout(3000)) {
            SessionEnds.imapLogout(c, "alice", "secret");
            log.assertClosedWhileClientOpen(c);
        }
    }
}
