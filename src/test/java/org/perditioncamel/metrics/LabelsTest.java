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

    @Test
    void backendsBeyondTheLimitShouldShareOneLabel() {
        ProxyMetrics metrics = new ProxyMetrics();
        for (int i = 0; i < BackendMeters.MAX_BACKENDS + 10; i++) {
            metrics.backends().connected("mail" + i + ":110", 1_000_000);
            metrics.backends().loginFinished("mail" + i + ":110", true, 2_000_000);
        }
        metrics.backends().loginFinished("mail0:110", false, 2_000_000);
        java.util.Map<String, Double> samples = org.perditioncamel.testing.Scrape.parse(metrics.scrape());
        assertThat(samples.get("perdition_backend_connect_duration_seconds_count{backend=\"mail0:110\"}")).isEqualTo(1.0);
        assertThat(samples.get("perdition_backend_login_duration_seconds_count{backend=\"mail0:110\",outcome=\"failed\"}"))
                .isEqualTo(1.0);
        assertThat(samples.get("perdition_backend_connect_duration_seconds_count{backend=\"other\"}")).isEqualTo(10.0);
        assertThat(samples.get("perdition_backend_login_duration_seconds_count{backend=\"other\",outcome=\"ok\"}"))
                .isEqualTo(10.0);
    }
}
