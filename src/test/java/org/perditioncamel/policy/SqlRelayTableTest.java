package org.perditioncamel.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

class SqlRelayTableTest {
    private static final long NOW = 1_000_000;

    @Test
    void keysAreWrittenInPostfixsLookupForm() {
        assertThat(SqlRelayTable.postfixForm("192.0.2.10")).isEqualTo("192.0.2.10");
        assertThat(SqlRelayTable.postfixForm("192.0.2.0/24")).isEqualTo("192.0.2");
        assertThat(SqlRelayTable.postfixForm("192.0.0.0/16")).isEqualTo("192.0");
        assertThat(SqlRelayTable.postfixForm("2001:db8::1")).isEqualTo("2001:db8::1");
    }

    @Test
    void rowsCountWhatIsLeftAndAFailureMakesTheNextRunWriteEveryLiveGrant() {
        RelayGrants grants = new RelayGrants();
        SqlRelayTable table = new SqlRelayTable(grants, () -> NOW);
        grants.grant("192.0.2.10", NOW + 1500);
        grants.grant("192.0.2.11", NOW - 1);
        assertThat(table.row(new Grant("192.0.2.10", NOW + 1500)))
                .containsEntry("address", "192.0.2.10").containsEntry("millis", 1500L).containsEntry("seconds", 2L);
        assertThat(table.pending()).as("at start: what the journal restored").hasSize(1);
        assertThat(table.pending()).as("then nothing").isEmpty();

        var exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, new java.sql.SQLException("refused"));
        table.failed(exchange);
        assertThat(table.pending()).extracting(row -> row.get("address")).containsExactly("192.0.2.10");
    }

    @Test
    void settingsRefuseWhatCannotWork() {
        assertThat(PolicySqlSettings.from(Settings.of(Map.of())).enabled()).isFalse();
        assertThatThrownBy(() -> PolicySqlSettings.from(Settings.of(Map.of("policy.sql.enabled", "true"))))
                .hasMessageContaining("policy.sql.url");
        assertThatThrownBy(() -> PolicySqlSettings.from(Settings.of(Map.of("policy.sql.enabled", "true",
                "policy.sql.url", "jdbc:h2:mem:x")))).hasMessageContaining("policy.sql.upsert");
        assertThatThrownBy(() -> PolicySqlSettings.from(Settings.of(Map.of("policy.sql.enabled", "true",
                "policy.sql.url", "jdbc:postgresql://db/x", "policy.sql.table", "t; DROP TABLE x"))))
                .hasMessageContaining("policy.sql.table");
        assertThat(PolicySqlSettings.from(Settings.of(Map.of("policy.sql.enabled", "true",
                "policy.sql.url", "jdbc:mariadb://db/x"))).upsert()).contains("ON DUPLICATE KEY UPDATE");
        assertThatThrownBy(() -> PolicySqlSettings.checkPrefixes(20, 128)).hasMessageContaining("8, 16, 24 or 32");
        assertThatThrownBy(() -> PolicySqlSettings.checkPrefixes(24, 64)).hasMessageContaining("policy.ipv6_prefix");
        PolicySqlSettings.checkPrefixes(24, 128);
    }

    @Test
    void theTableWithoutTheConsumerIsRefused() {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().addOverrideProperty("policy.sql.enabled", "true");
        assertThatThrownBy(() -> new PolicyConfiguration().configure(context)).hasMessageContaining("needs policy.enabled");
    }

    /** inetd_mode runs a process per connection: each would open the grants' journal and the Postfix listener. */
    @Test
    void theConsumerInInetdModeIsRefused() {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().addOverrideProperty("policy.enabled", "true");
        context.getPropertiesComponent().addOverrideProperty("inetd_mode", "true");
        assertThatThrownBy(() -> new PolicyConfiguration().configure(context))
                .hasMessageContaining("policy.enabled cannot be used with inetd_mode");
    }
}
