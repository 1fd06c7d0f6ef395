package org.perditioncamel.popmap.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.perditioncamel.popmap.LookupResult;

/** perdition-mysql's option strings and schema on the real MariaDB, against perdition 2.2's own library. */
class SqlPopmapMariaDbIT extends SqlPopmapInterop {
    @Override
    RealDatabase newDatabase() {
        return new RealDatabase.MariaDb();
    }

    /** perdition-mysql escapes the name: no injection there either. */
    @Override
    Set<String> perditionInjectable() {
        return Set.of();
    }

    /** Beyond perdition: map_library sql, a MySQL-style JDBC URL and a query of our own on the same table. */
    @Test
    void jdbcUrlAndCustomQueryShouldWork() throws Exception {
        database = newDatabase().create(rows());
        SqlSourceRoute route = SqlSourceRoute.start("sql", "",
                "popmap.sql.url", "jdbc:mysql://127.0.0.1:3306/" + database.name,
                "popmap.sql.user", database.name, "popmap.sql.password", RealDatabase.PASSWORD,
                "popmap.sql.query", "SELECT CONCAT(servername, ':', port) FROM tblPerdition WHERE user = :#key");
        try {
            assertThat(route.lookup("alice")).isEqualTo(new LookupResult.Found("127.0.0.1:" + backends[0]));
            assertThat(route.lookup(INJECTION_OR)).isEqualTo(new LookupResult.NotFound());
        } finally {
            route.close();
        }
    }

    /**
     * A latin1 table cannot compare a name outside Latin-1 ("Illegal mix of collations"): that key fails alone, and
     * the source's circuit breaker does not count it, so such names cannot lock every user out.
     */
    @Test
    void aNameTheTableCannotCompareShouldFailThatKeyOnly() throws Exception {
        database = newDatabase().create(rows());
        database.execute("ALTER TABLE tblPerdition CONVERT TO CHARACTER SET latin1");
        SqlSourceRoute route = route(database.opt("127.0.0.1"));

        assertThat(route.lookup("\u0436\u0435\u043d\u0430")).isInstanceOfSatisfying(LookupResult.Failed.class, failed -> {
            assertThat(failed.reason()).contains("Illegal mix of collations");
            assertThat(failed.sourceFault()).isFalse();
        });
        assertThat(route.lookup("alice")).isEqualTo(new LookupResult.Found("127.0.0.1:" + backends[0]));
    }

    @Test
    void wrongPasswordShouldStopTheStartWithTheDriversReason() throws Exception {
        database = newDatabase().create(rows());
        String opt = "127.0.0.1:3306:" + database.name + ":tblPerdition:" + database.name + ":wrong";

        assertThatThrownBy(() -> route(opt, "popmap.sql.connect_timeout", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the SQL popmap cannot be used")
                .hasMessageContaining("Access denied")
                .hasMessageNotContaining("wrong");
    }
}
