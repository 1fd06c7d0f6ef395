package org.perditioncamel.policy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** policy-sql.camel.yaml with a database that is away: the events listener pays for one failed write, not each. */
class PolicySqlRouteTest {
    private static final long NOW = 1_000_000_000L;

    /** A database that is away: every connection attempt fails (after connect_timeout, in real life). */
    private static final class Away implements DataSource {
        final AtomicInteger attempts = new AtomicInteger();

        @Override public Connection getConnection() throws SQLException {
            attempts.incrementAndGet();
            throw new SQLException("Connection refused");
        }
        @Override public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
        @Override public <T> T unwrap(Class<T> type) throws SQLException { throw new SQLException("no"); }
        @Override public boolean isWrapperFor(Class<?> type) { return false; }
    }

    @Test
    void afterAFailedWriteEventsShouldNotWaitOnTheDatabaseUntilTheTimerCatchesUp() throws Exception {
        RelayGrants grants = new RelayGrants();
        SqlRelayTable table = new SqlRelayTable(grants, () -> NOW);
        Away database = new Away();
        DefaultCamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("policy.sql.enabled", "true");
        properties.put("policy.sql.upsert", "INSERT INTO relay_access (address) VALUES (:#address)");
        properties.put("policy.sql.expire", "DELETE FROM relay_access");
        properties.put("policy.sql.period_millis", "3600000");
        context.getPropertiesComponent().setOverrideProperties(properties);
        context.getRegistry().bind("policySqlTable", table);
        context.getRegistry().bind("policySqlDataSource", database);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/policy-sql.camel.yaml"));
        // the catch-up timer is not what is tested: it stays stopped
        context.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class)
                .getRouteDefinition("policy-sql-expire").autoStartup(false);
        context.start();
        try {
            assertThat(table.pending()).as("the timer's first run at start").isEmpty();
            ProducerTemplate events = context.createProducerTemplate();
            for (int i = 0; i < 20; i++) {
                grants.grant("192.0.2." + i, NOW + 60_000);
                events.sendBody("direct:policy-sql-grant", new Grant("192.0.2." + i, NOW + 60_000));
            }
            assertThat(database.attempts.get()).as("writes tried while the database is away").isEqualTo(1);
            assertThat(table.current()).isFalse();
            assertThat(table.pending()).as("the timer then writes every live grant").hasSize(20);
            assertThat(table.current()).isTrue();
        } finally {
            context.stop();
        }
    }
}
