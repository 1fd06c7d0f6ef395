package org.perditioncamel.popmap.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.perditioncamel.popmap.LookupResult;

/** perdition-postgresql's option strings and schema on the real PostgreSQL, against perdition 2.2's own library. */
class SqlPopmapPostgresqlIT extends SqlPopmapInterop {
    private static final int LOOKUPS = 400;

    @Override
    RealDatabase newDatabase() {
        return new RealDatabase.Postgresql();
    }

    /** perdition-postgresql splices the name into its query unescaped (perdition-reference.md §10.6). */
    @Override
    Set<String> perditionInjectable() {
        return Set.of(INJECTION_OR, INJECTION_COMMENT);
    }

    /** A query that takes too long is cancelled: the lookup fails after query_timeout, not at the client's timeout. */
    @Test
    void slowQueryShouldFailAfterTheQueryTimeout() throws Exception {
        database = newDatabase().create(rows());
        SqlSourceRoute route = SqlSourceRoute.start("sql", "", "popmap.sql.url", "jdbc:postgresql://127.0.0.1:5432/"
                        + database.name, "popmap.sql.user", database.name, "popmap.sql.password", RealDatabase.PASSWORD,
                "popmap.sql.query_timeout", "1", "popmap.sql.check_at_start", "false",
                "popmap.sql.query", "SELECT servername FROM tblperdition, pg_sleep(5) WHERE \"user\" = :#key");
        try {
            long start = System.nanoTime();
            LookupResult answer = route.lookup("alice");

            assertThat(answer).isInstanceOf(LookupResult.Failed.class);
            assertThat(((LookupResult.Failed) answer).reason()).contains("cancel");
            assertThat(System.nanoTime() - start).isLessThan(4_000_000_000L);
        } finally {
            route.close();
        }
    }

    /** The cost of one lookup through the route (thread hand-off, pool, query); written to target/ for the docs. */
    @Test
    void lookupLatencyShouldBeSmall() throws Exception {
        database = newDatabase().create(rows());
        SqlSourceRoute route = route(database.opt("127.0.0.1"));
        for (int i = 0; i < 100; i++) {
            route.lookup("alice");
        }
        long[] nanos = new long[LOOKUPS];
        for (int i = 0; i < LOOKUPS; i++) {
            long start = System.nanoTime();
            LookupResult answer = route.lookup(i % 2 == 0 ? "alice" : "nobody");
            nanos[i] = System.nanoTime() - start;
            assertThat(answer.status()).isNotEqualTo(LookupResult.FAILED);
        }
        Arrays.sort(nanos);
        double p50 = nanos[LOOKUPS / 2] / 1e6;
        double p99 = nanos[LOOKUPS * 99 / 100] / 1e6;
        Files.writeString(Path.of("target/sql-popmap-latency.txt"), String.format(java.util.Locale.ROOT,
                "PostgreSQL popmap lookups through route popmap-sql: %d, p50 %.3f ms, p99 %.3f ms%n", LOOKUPS, p50, p99));
        assertThat(p50).as("p50 ms").isLessThan(50.0);
    }
}
