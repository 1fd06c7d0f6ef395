package org.perditioncamel.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The grants' expiry. */
class RelayGrantsTest {
    private static final long WINDOW = 1_800_000;
    private static final long NOW = 1_000_000_000_000L;

    @Test
    void expiredGrantsShouldGoAndLiveOnesStay() {
        RelayGrants grants = new RelayGrants();
        grants.grant("192.0.2.1", NOW - 1);
        grants.grant("192.0.2.2", NOW + 1000);
        assertThat(grants.expire(NOW, NOW + WINDOW)).isEqualTo(1);
        assertThat(grants.granted("192.0.2.2", NOW)).isTrue();
        assertThat(grants.until("192.0.2.2")).isEqualTo(NOW + 1000);
    }

    /** The clock set back an hour while running: a grant still ends at most a window from the new now. */
    @Test
    void aClockSetBackShouldNotLengthenAGrantPastTheWindow() {
        RelayGrants grants = new RelayGrants();
        grants.grant("192.0.2.1", NOW + WINDOW);
        long back = NOW - 3_600_000;
        grants.expire(back, back + WINDOW);
        assertThat(grants.granted("192.0.2.1", back + WINDOW - 1)).isTrue();
        assertThat(grants.granted("192.0.2.1", back + WINDOW)).as("an hour and a window later by the new clock")
                .isFalse();
    }
}
