package org.perditioncamel.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

/** The sliding windows and thresholds per key, on a clock the test moves. */
class LoginThrottleTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<String> log = new ArrayList<>();

    private LoginThrottle throttle(String... keys) {
        Map<String, String> values = new HashMap<>(Map.of("throttle.enabled", "true", "throttle.window", "60",
                "throttle.ip_failures", "0", "throttle.user_failures", "0", "throttle.user_ip_failures", "0"));
        for (int i = 0; i < keys.length; i += 2) {
            values.put(keys[i], keys[i + 1]);
        }
        return new LoginThrottle(ThrottleSettings.from(Settings.of(values)), log::add, clock::get);
    }

    private void seconds(long s) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    @Test
    void anAddressShouldBeRefusedAtItsThresholdWhateverTheUserAndOthersNot() {
        LoginThrottle t = throttle("throttle.ip_failures", "3");
        t.failed("192.0.2.1", List.of("alice"));
        t.failed("192.0.2.1", List.of("bob"));
        assertThat(t.refuses("192.0.2.1", List.of("carol"))).isEmpty();
        t.failed("192.0.2.1", List.of("carol"));

        assertThat(t.refuses("192.0.2.1", List.of("dave"))).contains(ThrottleKey.IP);
        assertThat(t.refuses("192.0.2.2", List.of("alice"))).isEmpty();
        assertThat(log).containsExactly("Throttling logins for 192.0.2.1: 3 failures within 60s (throttle.ip_failures)");
    }

    /** SASL PLAIN: guesses for one authorisation id under made-up authentication ids still count against it. */
    @Test
    void anAttemptNamingTwoUsersShouldCountAgainstBothAndItsAddressOnce() {
        LoginThrottle t = throttle("throttle.user_failures", "3", "throttle.ip_failures", "4");
        for (int i = 0; i < 3; i++) {
            t.failed("192.0.2." + i, List.of("made-up-" + i, "victim"));
        }
        assertThat(t.refuses("192.0.2.9", List.of("another-made-up", "victim"))).contains(ThrottleKey.USER);
        assertThat(t.refuses("192.0.2.9", List.of("victim"))).contains(ThrottleKey.USER);
        assertThat(t.refuses("192.0.2.9", List.of("made-up-0"))).isEmpty();

        t.failed("192.0.2.7", List.of("x", "X"));   // one name, in two cases: the address counts once
        t.failed("192.0.2.7", List.of("y", "z"));
        t.failed("192.0.2.7", List.of("w", "v"));
        assertThat(t.refuses("192.0.2.7", List.of("u"))).as("3 failures of the address, not 6").isEmpty();
    }

    @Test
    void aKeyShouldBeKeptAWindowAfterItsLastFailureNotItsFirst() {
        // found in review: the key expired a window after its first failure, so the window did not slide
        LoginThrottle t = throttle("throttle.ip_failures", "3", "throttle.window", "10");
        t.failed("192.0.2.1", List.of("alice"));
        seconds(9);
        t.failed("192.0.2.1", List.of("alice"));
        seconds(3);
        t.failed("192.0.2.1", List.of("alice"));
        assertThat(t.refuses("192.0.2.1", List.of("alice"))).as("2 failures within the last 10 s").isEmpty();
        seconds(2);
        t.failed("192.0.2.1", List.of("alice"));

        assertThat(t.refuses("192.0.2.1", List.of("alice"))).as("failures at 9, 12 and 14 s").contains(ThrottleKey.IP);
    }

    @Test
    void aUserShouldBeRefusedFromEveryAddressWhateverTheCase() {
        LoginThrottle t = throttle("throttle.user_failures", "2");
        t.failed("192.0.2.1", List.of("Alice"));
        t.failed("192.0.2.2", List.of("alice"));

        assertThat(t.refuses("198.51.100.7", List.of("ALICE"))).contains(ThrottleKey.USER);
        assertThat(t.refuses("192.0.2.1", List.of("bob"))).isEmpty();
    }

    @Test
    void aUserFromOneAddressShouldBeRefusedThereOnlyAndForgottenAfterASuccess() {
        LoginThrottle t = throttle("throttle.user_ip_failures", "2");
        t.failed("192.0.2.1", List.of("alice"));
        t.failed("192.0.2.1", List.of("alice"));

        assertThat(t.refuses("192.0.2.1", List.of("alice"))).contains(ThrottleKey.USER_IP);
        assertThat(t.refuses("192.0.2.2", List.of("alice"))).isEmpty();
        assertThat(t.refuses("192.0.2.1", List.of("bob"))).isEmpty();

        t.succeeded("192.0.2.1", List.of("alice"));
        assertThat(t.refuses("192.0.2.1", List.of("alice"))).isEmpty();
    }

    @Test
    void theWindowShouldSlideFailureByFailure() {
        LoginThrottle t = throttle("throttle.ip_failures", "3");
        t.failed("192.0.2.1", List.of("a"));
        seconds(30);
        t.failed("192.0.2.1", List.of("b"));
        t.failed("192.0.2.1", List.of("c"));
        assertThat(t.refuses("192.0.2.1", List.of("d"))).contains(ThrottleKey.IP);

        // the first failure leaves the window: two remain, below the threshold
        seconds(31);
        assertThat(t.failures(ThrottleKey.IP, "192.0.2.1", "d")).isEqualTo(2);
        assertThat(t.refuses("192.0.2.1", List.of("d"))).isEmpty();
        t.failed("192.0.2.1", List.of("d"));
        assertThat(t.refuses("192.0.2.1", List.of("e"))).contains(ThrottleKey.IP);

        seconds(61);
        assertThat(t.refuses("192.0.2.1", List.of("e"))).isEmpty();
    }

    @Test
    void theAddressShouldBeNamedFirstWhenSeveralCountsRefuse() {
        LoginThrottle t = throttle("throttle.ip_failures", "1", "throttle.user_failures", "1",
                "throttle.user_ip_failures", "1");
        t.failed("192.0.2.1", List.of("alice"));
        assertThat(t.refuses("192.0.2.1", List.of("alice"))).contains(ThrottleKey.IP);
        assertThat(t.refuses("192.0.2.9", List.of("alice"))).contains(ThrottleKey.USER);
    }

    @Test
    void disabledShouldCountNothing() {
        LoginThrottle t = new LoginThrottle(ThrottleSettings.from(Settings.of(Map.of("throttle.ip_failures", "1"))),
                log::add, clock::get);
        t.failed("192.0.2.1", List.of("alice"));
        assertThat(t.enabled()).isFalse();
        assertThat(t.refuses("192.0.2.1", List.of("alice"))).isEqualTo(Optional.empty());
    }

    @Test
    void settingsShouldHaveDefaultsAndRefuseBadValuesAndAFleetStore() {
        ThrottleSettings defaults = ThrottleSettings.from(Settings.of(Map.of()));
        assertThat(defaults).isEqualTo(new ThrottleSettings(false, 900, 30, 10, 5, 3000, 100_000));
        assertThatThrownBy(() -> ThrottleSettings.from(Settings.of(Map.of("throttle.store", "sql"))))
                .hasMessage("throttle.store sql is not supported: failure counts are local to each instance"
                        + " (throttle.store=local)");
        assertThatThrownBy(() -> ThrottleSettings.from(Settings.of(Map.of("throttle.window", "0"))))
                .hasMessageContaining("throttle.window must be at least 1 second");
        assertThatThrownBy(() -> ThrottleSettings.from(Settings.of(Map.of("throttle.user_failures", "-1"))))
                .hasMessageContaining("throttle.user_failures must be between 0 (not counted) and 10000");
        assertThatThrownBy(() -> ThrottleSettings.from(Settings.of(Map.of("throttle.delay", "-5"))))
                .hasMessageContaining("throttle.delay must not be negative");
    }

    /** An 8 KiB IMAP literal as a name is kept as a short digest; distinct long names stay distinct keys. */
    @Test
    void longNamesShouldBeKeptShort() {
        String a = "a".repeat(8192);
        String b = "a".repeat(8191) + "b";
        assertThat(LoginThrottle.normalised(a).length()).isLessThan(120);
        assertThat(LoginThrottle.normalised(a)).isNotEqualTo(LoginThrottle.normalised(b));
        assertThat(LoginThrottle.normalised(a.toUpperCase())).isEqualTo(LoginThrottle.normalised(a));
        assertThat(LoginThrottle.normalised("Alice")).isEqualTo("alice");
    }
}
