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
