package org.perditioncamel.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.netty.util.ResourceLeakDetector;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many sessions in a row leave nothing behind (channels, buffers, threads), and no log line at any level ever
 * carries the password: camel-netty logs message bodies at DEBUG, so this runs with everything at DEBUG.
 */
class SessionHygieneTest {
    private static final String PASSWORD = "Sup3r-S3cret-Pw";

    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("carol@example.org", "carol", PASSWORD));

    static final List<String> lines = new ArrayList<>();
    static CapturingAppender appender;
    static RunningProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        appender = new CapturingAppender();
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        root.addAppender(appender, Level.ALL, null);
        proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(), "debug", "true",
                "log_passwd", "never"));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        ((LoggerContext) LogManager.getContext(false)).getConfiguration().getRootLogger().removeAppender(appender.getName());
    }

    @Test
    void thousandSessionsShouldLeakNoChannelsBuffersOrThreads() throws Exception {
        // Warm up at full speed before counting threads: Artemis' elastic pools (in-VM connector, client, broker)
        // grow with the event rate of a burst and shrink only after their keep-alive; a leak grows with sessions.
        runSessions(1000);
        int threadsBefore = Thread.activeCount();
        runSessions(1000);
        System.gc();
        runSessions(20);   // paranoid leak detection reports on later allocations
        System.gc();
        Thread.sleep(500);
        runSessions(20);
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 5);
        synchronized (lines) {
            assertThat(lines).noneMatch(l -> l.contains("LEAK"));
        }
        assertThat(proxy.main().getCamelContext().getRegistry().lookupByNameAndType("pop3Initializer",
                org.perditioncamel.listener.ProtocolInitializerFactory.class).listener().activeSessions()).isZero();
    }

    @Test
    void noLogLineAtAnyLevelShouldContainThePassword() throws Exception {
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.DEBUG);
        try {
            runSessions(3);
            try (LineClient c = new LineClient(proxy.port())) {
                c.readLine();
                c.send("USER carol").readLine();
                assertThat(c.send("PASS wrong-" + PASSWORD).readLine()).startsWith("-ERR failed");
            }
            Thread.sleep(300);
        } finally {
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.INFO);
        }
        synchronized (lines) {
            assertThat(lines).anyMatch(l -> l.contains("received body"));   // camel-netty's DEBUG body log ran
            // the backend (GreenMail) logs what it receives; that is the mail server's log, not ours
            assertThat(lines).filteredOn(l -> !l.startsWith("com.icegreen")).noneMatch(l -> l.contains(PASSWORD));
        }
    }

    private static void runSessions(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            try (LineClient c = new LineClient(proxy.port())) {
                c.readLine();
                c.send("USER carol").readLine();
                assertThat(c.send("PASS " + PASSWORD).readLine()).isEqualTo("+OK You are so in");
                assertThat(c.send("STAT").readLine()).startsWith("+OK");
                assertThat(c.send("QUIT").readLine()).startsWith("+OK");
                assertThat(c.closedByServer()).isTrue();
            }
        }
        long end = System.currentTimeMillis() + 5000;
        var listener = proxy.main().getCamelContext().getRegistry().lookupByNameAndType("pop3Initializer",
                org.perditioncamel.listener.ProtocolInitializerFactory.class).listener();
        while (listener.activeSessions() > 0 && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
    }

    /** Collects every formatted log line (message and exception text). */
    static final class CapturingAppender extends AbstractAppender {
        CapturingAppender() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            String text = event.getMessage().getFormattedMessage()
                    + (event.getThrown() != null ? " " + event.getThrown() : "");
            synchronized (lines) {
                lines.add(event.getLoggerName() + " " + text);
            }
        }
    }
}
