package org.perditioncamel.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.config.Settings;
import org.perditioncamel.testing.TestEvents;
import org.perditioncamel.testing.RecordingSink;

class PerditionLogTest {
    private static final Clock NOV_5 = Clock.fixed(LocalDateTime.of(2026, 11, 5, 9, 3, 7).toInstant(ZoneOffset.UTC),
            ZoneId.of("UTC"));
    private static final long PID = ProcessHandle.current().pid();

    private final RecordingSink sink = new RecordingSink();

    @ParameterizedTest(name = "log_passwd={0} status={1} debug={2} -> passwd shown: {3}")
    @CsvSource({
        "never,  ok,                                false, false",
        "never,  ok,                                true,  false",
        "never,  failed: Re-Authentication Failure, true,  false",
        "fail,   ok,                                false, false",
        "fail,   ok,                                true,  false",
        "fail,   failed: Re-Authentication Failure, false, false",
        "fail,   failed: Re-Authentication Failure, true,  true",
        "ok,     ok,                                false, false",
        "ok,     ok,                                true,  true",
        "ok,     failed: Re-Authentication Failure, true,  false",
        "always, ok,                                false, false",
        "always, ok,                                true,  true",
        "always, failed: Re-Authentication Failure, false, false",
        "always, failed: Re-Authentication Failure, true,  true",
    })
    void authShouldShowThePasswordOnlyWhenDebugAndLogPasswdMatchTheOutcome(String mode, String status, boolean debug,
            boolean shown) {
        PerditionLog log = new PerditionLog(sink, debug, false, LogPasswd.parse(mode));

        log.event(TestEvents.auth("s1", "alice", status, "secret"));

        assertThat(sink.messages()).hasSize(1);
        if (shown) {
            assertThat(sink.messages().get(0)).contains(" passwd=\"secret\" ");
        } else {
            assertThat(sink.messages().get(0)).doesNotContain("passwd").doesNotContain("secret");
        }
    }

    @Test
    void eventsShouldBeLoggedAtPerditionsSeverities() {
        PerditionLog log = new PerditionLog(sink, false, false, LogPasswd.NEVER);

        log.event(TestEvents.connect("s1"));
        log.event(TestEvents.auth("s1", "alice", "ok", null));
        log.event(TestEvents.close("s1", "alice", 12, 27));
        log.event(TestEvents.closeNull("s2"));

        assertThat(sink.lines).extracting(RecordingSink.Line::severity)
                .containsExactly(Severity.INFO, Severity.NOTICE, Severity.INFO, Severity.INFO);
    }

    @Test
    void quietShouldHideConnectAuthAndCloseButKeepErrors() {
        PerditionLog log = new PerditionLog(sink, false, true, LogPasswd.NEVER);

        log.event(TestEvents.connect("s1"));
        log.event(TestEvents.auth("s1", "alice", "ok", null));
        log.event(TestEvents.close("s1", "alice", 12, 27));
        log.notice("notice");
        log.info("info");
        log.err("Fatal error piping data. Exiting child.");

        assertThat(sink.messages()).containsExactly("Fatal error piping data. Exiting child.");
    }

    @Test
    void debugShouldOverrideQuietAndShowDebugLines() {
        PerditionLog log = new PerditionLog(sink, true, true, LogPasswd.NEVER);

        log.event(TestEvents.connect("s1"));
        log.debug("getserver_key_str: \"\\U\"->\"alice\"");

        assertThat(log.debugEnabled()).isTrue();
        assertThat(sink.lines).extracting(RecordingSink.Line::severity).containsExactly(Severity.INFO, Severity.DEBUG);
    }

    @Test
    void debugLinesShouldBeDroppedWithoutDebug() {
        PerditionLog log = new PerditionLog(sink, false, false, LogPasswd.NEVER);

        log.debug("Loop detected, abandoning connection");
        log.info("Timeout piping data.");

        assertThat(log.debugEnabled()).isFalse();
        assertThat(sink.messages()).containsExactly("Timeout piping data.");
    }

    @Test
    void controlCharactersShouldNotStartAForgedLine() {
        PerditionLog log = new PerditionLog(sink, false, false, LogPasswd.NEVER);

        log.event(TestEvents.auth("s1", "alice\r\nConnect:  6.6.6.6:1->6.6.6.6:2", "ok", null));

        assertThat(sink.messages().get(0)).contains("authentication_id=\"alice\\r\\nConnect:  6.6.6.6:1->6.6.6.6:2\"")
                .doesNotContain("\n");
    }

    @Test
    void aFailingSinkShouldNotThrowIntoTheCaller() {
        LogSink broken = (severity, message) -> {
            throw new IllegalStateException("disk gone");
        };
        PerditionLog log = new PerditionLog(broken, true, false, LogPasswd.ALWAYS);

        assertThatCode(() -> {
            log.event(TestEvents.auth("s1", "alice", "ok", "secret"));
            log.err("x");
        }).doesNotThrowAnyException();
        assertThat(log.failures()).isEqualTo(2);
    }

    @Test
    void aHeldBurstThatCannotBeWrittenShouldCountEachOfItsLines() {
        // /dev/full takes the open and fails every write with ENOSPC, as a full disk does
        PerditionLog log = fileLog(StreamLogSink.file(Path.of("/dev/full"), "perdition", Clock.systemUTC()));
        for (int i = 0; i < 3; i++) {
            log.eventHeld(TestEvents.auth("s" + i, "alice", "ok", null));
        }
        assertThat(log.failures()).isZero();
        log.flush();
        assertThat(log.failures()).isEqualTo(3);
        log.err("one more, written at once");
        assertThat(log.failures()).isEqualTo(4);
    }

    private static PerditionLog fileLog(StreamLogSink fileSink) {
        return new PerditionLog(fileSink, false, false, LogPasswd.NEVER);
    }

    @Test
    void fileSinkShouldPrefixTimestampIdentAndPid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log/perdition.log");
        try (StreamLogSink fileSink = StreamLogSink.file(file, "perdition.pop3", NOV_5)) {
            PerditionLog log = fileLog(fileSink);
            log.event(TestEvents.connect("s1"));
            log.event(TestEvents.closeNull("s1"));
        }

        assertThat(Files.readAllLines(file)).containsExactly(
                "Nov  5 09:03:07 perdition.pop3[" + PID + "]: Connect:  192.0.2.10:40000->192.0.2.1:110",
                "Nov  5 09:03:07 perdition.pop3[" + PID + "]: Closing NULL session: 192.0.2.10:40000->192.0.2.1:110"
                        + " authorisation_id=NONE authentication_id=\"(null)\"");
    }

    @Test
    void heldEventLinesShouldReachTheFileAtTheFlushOrTheNextLineInTheirOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("perdition.log");
        try (StreamLogSink fileSink = StreamLogSink.file(file, "perdition", NOV_5)) {
            PerditionLog log = fileLog(fileSink);
            log.eventHeld(TestEvents.connect("s1"));
            log.eventHeld(TestEvents.closeNull("s1"));
            assertThat(Files.readString(file)).as("held until the flush").isEmpty();

            log.flush();
            assertThat(Files.readAllLines(file)).hasSize(2);

            log.eventHeld(TestEvents.connect("s2"));
            log.err("the backend hung up");   // a line written at once takes the held one out before it
            assertThat(Files.readAllLines(file)).hasSize(4).last().asString().endsWith("]: the backend hung up");
            assertThat(Files.readAllLines(file).get(2)).contains("Connect:");

            log.eventHeld(TestEvents.connect("s3"));
        }
        // closing writes what is still held
        assertThat(Files.readAllLines(file)).hasSize(5);
    }

    @Test
    void heldLinesShouldNotWaitBeyond64KiB(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("perdition.log");
        try (StreamLogSink fileSink = StreamLogSink.file(file, "perdition", NOV_5)) {
            PerditionLog log = fileLog(fileSink);
            for (int i = 0; i < 2_000; i++) {
                log.eventHeld(TestEvents.connect("s" + i));
            }
            assertThat(Files.size(file)).isGreaterThanOrEqualTo(64 * 1024);
        }
        assertThat(Files.readAllLines(file)).hasSize(2_000);
    }

    @Test
    void fileSinkShouldReopenAFileRotatedAway(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("perdition.log");
        try (StreamLogSink fileSink = StreamLogSink.file(file, "perdition", Clock.systemUTC())) {
            fileSink.write(Severity.INFO, "before");
            Files.move(file, dir.resolve("perdition.log.1"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
                fileSink.write(Severity.INFO, "after");
                assertThat(file).exists();
            });
        }

        assertThat(Files.readString(file)).contains("]: after");
        assertThat(Files.readString(dir.resolve("perdition.log.1"))).contains("]: before");
    }

    @Test
    void dashShouldLogToStdoutInTheFileFormat() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LogSettings settings = LogSettings.from(Settings.of(Map.of("log_facility", "-")));
            try (LogSink stdout = PerditionLog.openSink(settings, "perdition.imap4", NOV_5)) {
                new PerditionLog(stdout, false, false, LogPasswd.NEVER).event(TestEvents.connect("s1"));
            }
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .isEqualTo("Nov  5 09:03:07 perdition.imap4[" + PID + "]: Connect:  192.0.2.10:40000->192.0.2.1:110\n");
    }

    @Test
    void plusShouldLogToStderr() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LogSettings settings = LogSettings.from(Settings.of(Map.of("log_facility", "+")));
            try (LogSink stderr = PerditionLog.openSink(settings, "perdition", NOV_5)) {
                stderr.write(Severity.ERR, "Fatal error");
            }
        } finally {
            System.setErr(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).endsWith("]: Fatal error\n");
    }

    @Test
    void timestampShouldUseCLocaleMonthsAndASpacePaddedDay() {
        assertThat(LogTimestamp.format(LocalDateTime.of(2026, 9, 30, 23, 59, 1))).isEqualTo("Sep 30 23:59:01");
        assertThat(LogTimestamp.format(LocalDateTime.of(2026, 1, 1, 0, 0, 0))).isEqualTo("Jan  1 00:00:00");
    }

    @Test
    void identShouldBeTheBasenameOfTheInvocationName() {
        String before = System.getProperty("perdition.invoked_as");
        try {
            System.setProperty("perdition.invoked_as", "/usr/sbin/perdition.imaps");
            assertThat(PerditionLog.ident()).isEqualTo("perdition.imaps");
            System.clearProperty("perdition.invoked_as");
            assertThat(PerditionLog.ident()).isEqualTo("perdition");
        } finally {
            if (before != null) {
                System.setProperty("perdition.invoked_as", before);
            }
        }
    }
}
