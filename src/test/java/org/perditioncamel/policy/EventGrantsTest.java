package org.perditioncamel.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventGrantsTest {
    private static final long NOW = Instant.parse("2026-11-25T09:10:00Z").toEpochMilli();
    private static final long WINDOW = Duration.ofMinutes(30).toMillis();

    private final RelayGrants grants = new RelayGrants();
    private final Path file = tempFile();
    private GrantJournal journal = GrantJournal.open(file, grants, NOW);
    private final EventGrants events = new EventGrants(grants, journal, new ClientNetwork(32, 128),
            Duration.ofMillis(WINDOW), () -> NOW);

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void aSuccessfulAuthGrantsForTheWindowFromTheEventsTime() {
        events.auth(event("auth", "192.0.2.10", "ok", "2026-11-25T09:05:00Z"));
        long login = Instant.parse("2026-11-25T09:05:00Z").toEpochMilli();
        assertThat(grants.granted("192.0.2.10", login + WINDOW - 1)).isTrue();
        assertThat(grants.granted("192.0.2.10", login + WINDOW)).isFalse();
    }

    /** Either in the journal or still in the broker: a grant whose line cannot be written is undone and redone. */
    @Test
    void aGrantTheJournalCannotTakeShouldBeGrantedAndJournaledWhenTheEventComesBack() throws Exception {
        String auth = event("auth", "192.0.2.10", "ok", "2026-11-25T09:05:00Z");
        journal.close();   // every write now fails, as on a full disk
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> events.auth(auth))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(grants.granted("192.0.2.10", NOW)).isFalse();

        journal = GrantJournal.open(file, grants, NOW);
        EventGrants again = new EventGrants(grants, journal, new ClientNetwork(32, 128), Duration.ofMillis(WINDOW),
                () -> NOW);
        assertThat(again.auth(auth)).isNotNull();   // the redelivery
        assertThat(grants.granted("192.0.2.10", NOW)).isTrue();
        assertThat(Files.readString(file)).contains("192.0.2.10 ");
    }

    @Test
    void failedLoginsConnectsAndNullClosesGrantNothing() {
        events.auth(event("auth", "192.0.2.10", "failed: Re-Authentication Failure", "2026-11-25T09:05:00Z"));
        events.auth(event("connect", "192.0.2.11", null, "2026-11-25T09:05:00Z"));
        events.close(event("close_null", "192.0.2.12", null, "2026-11-25T09:05:00Z"));
        events.auth("not json");
        events.auth("[1,2]");
        events.auth(event("auth", "mx.example.com", "ok", "2026-11-25T09:05:00Z"));
        assertThat(grants.size()).isZero();
    }

    @Test
    void relogsAndTheCloseExtendTheWindowAndOldEventsNeverShortenIt() {
        events.auth(event("auth", "192.0.2.10", "ok", "2026-11-25T09:05:00Z"));
        events.close(event("close", "192.0.2.10", "ok", "2026-11-25T09:09:00Z"));
        events.auth(event("auth", "192.0.2.10", "ok", "2026-11-25T08:00:00Z"));   // a late redelivery
        long closed = Instant.parse("2026-11-25T09:09:00Z").toEpochMilli();
        assertThat(grants.granted("192.0.2.10", closed + WINDOW - 1)).isTrue();
        // an event from the future (a proxy's clock ahead) counts from now
        events.auth(event("auth", "192.0.2.20", "ok", "2026-11-26T09:00:00Z"));
        assertThat(grants.granted("192.0.2.20", NOW + WINDOW)).isFalse();
        // an event older than the window grants nothing at all
        events.auth(event("auth", "192.0.2.30", "ok", "2026-11-25T08:00:00Z"));
        assertThat(grants.granted("192.0.2.30", NOW)).isFalse();
    }

    @Test
    void grantsSurviveAReopenedJournalAndExpiredOnesAreDropped() throws Exception {
        events.auth(event("auth", "192.0.2.10", "ok", "2026-11-25T09:05:00Z"));
        events.auth(event("auth", "2001:db8::1", "ok", "2026-11-25T09:06:00Z"));
        journal.close();
        Files.writeString(file, "torn line without a number\n192.0.2.99 12", java.nio.file.StandardOpenOption.APPEND);
        RelayGrants reloaded = new RelayGrants();
        journal = GrantJournal.open(file, reloaded, NOW);
        assertThat(reloaded.snapshot()).containsOnlyKeys("192.0.2.10", "2001:db8::1");
        assertThat(reloaded.granted("2001:db8::1", NOW)).isTrue();
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void aSecondConsumerCannotOpenTheSameJournal() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GrantJournal.open(file, new RelayGrants(), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in use by another consumer");
    }

    private static String event(String type, String ip, String status, String time) {
        return "{\"schema\":1,\"event_id\":\"x-1\",\"type\":\"" + type + "\",\"time\":\"" + time + "\",\"client_ip\":\""
                + ip + "\",\"status\":" + (status == null ? "null" : "\"" + status + "\"") + "}";
    }

    private static Path tempFile() {
        try {
            return Files.createTempDirectory("grants-").resolve("policy-grants");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
