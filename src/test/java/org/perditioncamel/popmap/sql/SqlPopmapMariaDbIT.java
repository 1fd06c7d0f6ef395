package org.perditioncamel.popmap.sql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

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

    @Test
    void wrongPasswordShouldStopTheStartWithTheDriversReason() throws Exception {
        database = newDatabase().create(rows());
        String opt = "127.0.0.1:3306:" + database.name + ":tblPerdition:" + database.name + ":wrong";

        assertThatThrownBy(() -> route(opt, "popmap.sql.connect_timeout", "1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the SQL popmap cannot be used")
                .hasMessageContaining("Access denied")
                .hasMessageNotContaining("wrong");
    }
}
