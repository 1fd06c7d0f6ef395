package org.perditioncamel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void aReasonShouldLoseItsDetailAndBecomeSnakeCase() {
        assertThat(Labels.reason("Re-Authentication Failure")).isEqualTo("re_authentication_failure");
        assertThat(Labels.reason("popmap unavailable: connection refused to 10.0.0.1")).isEqualTo("popmap_unavailable");
        assertThat(Labels.reason("throttled (user and client address)")).isEqualTo("throttled_user_and_client_address");
        assertThat(Labels.reason("  ")).isEqualTo("unknown");
        assertThat(Labels.reason("***")).isEqualTo("unknown");
    }

    @Test
    void reasonsBeyondTheLimitShouldShareOneLabel() {
        ProxyMetrics metrics = new ProxyMetrics();
        for (int i = 0; i < LoginMeters.MAX_REASONS + 10; i++) {
            metrics.logins().finished(org.perditioncamel.session.Protocol.POP3, metrics.now(), "reason " + i);
        }
        String scrape = metrics.scrape();
        assertThat(scrape).contains("reason=\"reason_0\"").contains("reason=\"other\"")
                .doesNotContain("reason=\"reason_" + (LoginMeters.MAX_REASONS + 5) + "\"");
    }
}
