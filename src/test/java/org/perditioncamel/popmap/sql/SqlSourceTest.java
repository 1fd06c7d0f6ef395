package org.perditioncamel.popmap.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.perditioncamel.popmap.PopmapLibrary;

/** The popmap package finds this source through META-INF/services, without importing it. */
class SqlSourceTest {
    @ParameterizedTest
    @ValueSource(strings = {"libperditiondb_mysql.so", "/usr/lib/x86_64-linux-gnu/libperditiondb_postgresql.so.0",
        "libperditiondb_pgsql.so", "/usr/lib/x86_64-linux-gnu/libperditiondb_odbc.so.0", "sql"})
    void perditionsSqlLibrariesAndOurOwnNameShouldSelectTheSqlSource(String library) {
        assertThat(PopmapLibrary.sourceName(Optional.of(library))).isEqualTo("sql");
    }

    @ParameterizedTest
    @ValueSource(strings = {"libperditiondb_mysql.so.0", "libperditiondb_postgresql.so", "libperditiondb_odbc.so"})
    void servesLibraryShouldTakeTheLowerCaseFileName(String fileName) {
        assertThat(new SqlSource().servesLibrary(fileName)).isTrue();
        assertThat(new SqlSource().servesLibrary("libperditiondb_gdbm.so.0")).isFalse();
        assertThat(new SqlSource().name()).isEqualTo("sql");
    }
}
