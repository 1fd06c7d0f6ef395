package org.perditioncamel.popmap.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pools on the real PostgreSQL and MariaDB of this machine (.ci/run starts them), through a relay that can fail. */
class JdbcPoolsTest {
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aServerThatStopsAnsweringShouldFailTheStatementAfterTheReadTimeout(String server) throws Exception {
        try (RealDatabase db = ("postgresql".equals(server) ? new RealDatabase.Postgresql() : new RealDatabase.MariaDb())
                .create(List.of());
             Outage outage = new Outage(db.port());
             HikariDataSource pool = JdbcPools.open("read-timeout", "jdbc:" + server + "://127.0.0.1:" + outage.port()
                     + "/" + db.name(), db.name(), RealDatabase.PASSWORD, 1, 5, 2);
             Connection connection = pool.getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1").close();
            outage.freeze();

            long start = System.nanoTime();
            try {
                // without a read timeout the thread would wait for TCP to give up, a quarter of an hour
                assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                        assertThatThrownBy(() -> statement.executeQuery("SELECT 1")).isInstanceOf(SQLException.class));
            } finally {
                outage.cut();   // a query still waiting (the failure above) gets its reset and lets the closes run
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).as("2 s read timeout (MariaDB counts it in ms, PostgreSQL in s)").isBetween(1.5, 10.0);
        }
    }

    /** Errors about the bound value fail that key only; a database that cannot answer is the source's failure. */
    @Test
    void refusedTheValueShouldKnowDataErrorsFromOutages() {
        assertThat(JdbcPools.refusedTheValue(new RuntimeException(new java.sql.SQLException(
                "character with byte sequence 0xd0 0xb6 in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"",
                "22P05")))).isTrue();
        assertThat(JdbcPools.refusedTheValue(new java.sql.SQLException("Illegal mix of collations", "HY000", 1267)))
                .isTrue();
        assertThat(JdbcPools.refusedTheValue(new java.sql.SQLException("Connection refused", "08001"))).isFalse();
        assertThat(JdbcPools.refusedTheValue(new java.sql.SQLException("Lock wait timeout", "HY000", 1205))).isFalse();
        assertThat(JdbcPools.refusedTheValue(new IllegalStateException("pool closed"))).isFalse();
    }
}
