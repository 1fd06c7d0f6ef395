package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.RunningProxy;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * POP-before-SMTP end to end: the proxy (with the consumer enabled in its own process) in front of a POP3 server,
 * and a real Postfix asking the consumer's policy listener before it relays. Before the POP3 login Postfix refuses
 * to relay for 127.0.0.1; after it, it relays; once the window has passed, it refuses again.
 */
class PopBeforeSmtpPostfixIT {
    static final int WINDOW_SECONDS = 6;

    @RegisterExtension
    static GreenMailExtension backend = aliceBackend();

    /** The POP3 server behind the proxy, with alice. */
    static GreenMailExtension aliceBackend() {
        return new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
                .withPerMethodLifecycle(false)
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice", "alice-pw"));
    }

    @Test
    void postfixRelaysForTheClientOnlyWithinTheWindowAfterItsPop3Login() throws Exception {
        int policyPort = FreePorts.one();
        try (RunningProxy proxy = RunningProxy.start(Map.of(
                "outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(),
                "policy.enabled", "true",
                "policy.listen_port", String.valueOf(policyPort),
                "policy.window", String.valueOf(WINDOW_SECONDS),
                "policy.subscription", "postfix-it"));
             PrivatePostfix postfix = PrivatePostfix.start(policyPort)) {
            awaitSubscribed(proxy.main().getCamelContext(), "policy-auth-events");
            awaitSubscribed(proxy.main().getCamelContext(), "policy-close-events");

            assertThat(postfix.rcptToOutsideDomain()).as("before the login").startsWith("554 5.7.1")
                    .contains("Access denied");

            assertThat(EventLogins.login("pop3", proxy.port(), "alice", "alice-pw")).isTrue();
            long loggedIn = System.nanoTime();
            String reply = awaitReply(postfix, "250", 20);
            double granted = (System.nanoTime() - loggedIn) / 1e9;
            assertThat(reply).as("after the login; Postfix said:\n" + postfix.log()).startsWith("250 2.1.5");

            reply = awaitReply(postfix, "554", WINDOW_SECONDS + 20);
            double expired = (System.nanoTime() - loggedIn) / 1e9;
            assertThat(reply).as("after the window").startsWith("554 5.7.1");
            assertThat(expired).as("refused again only once the window has passed").isGreaterThan(WINDOW_SECONDS - 1);
            System.out.printf("POP-before-SMTP: relaying allowed %.2f s after the POP3 login, refused again after %.1f s"
                    + " (window %d s)%n", granted, expired, WINDOW_SECONDS);
            assertThat(postfix.log()).doesNotContain("warning: problem talking to server");
        }
    }

    /** RCPT in a new SMTP session, about every 200 ms, until the reply starts with code or the time is up. */
    static String awaitReply(PrivatePostfix postfix, String code, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String reply;
        do {
            reply = postfix.rcptToOutsideDomain();
            if (reply.startsWith(code)) {
                return reply;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        return reply;
    }

    /** The durable subscription exists once the listener container has its consumer on the hub. */
    static void awaitSubscribed(CamelContext context, String routeId) throws Exception {
        JmsConsumer consumer = (JmsConsumer) context.getRoute(routeId).getConsumer();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (((DefaultMessageListenerContainer) consumer.getListenerContainer()).isRegisteredWithDestination()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(routeId + " did not subscribe within 30 s");
    }
}
