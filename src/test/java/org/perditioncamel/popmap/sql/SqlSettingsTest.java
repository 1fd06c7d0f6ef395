package org.perditioncamel.popmap.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.SourceSettings;

class SqlSettingsTest {
    private static SqlSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return SqlSettings.from(Settings.of(values));
    }

    @Test
    void libraryShouldBeRecognisedByItsFileName() {
        assertThat(SqlMapLibrary.of("/usr/lib/x86_64-linux-gnu/libperditiondb_mysql.so.0")).contains(SqlMapLibrary.MYSQL);
        assertThat(SqlMapLibrary.of("/usr/lib/libperditiondb_postgresql.so")).contains(SqlMapLibrary.POSTGRESQL);
        assertThat(SqlMapLibrary.of("libperditiondb_pgsql.so.0.0.0")).contains(SqlMapLibrary.POSTGRESQL);
        assertThat(SqlMapLibrary.of("/usr/lib/libperditiondb_odbc.so.0")).contains(SqlMapLibrary.ODBC);
        assertThat(SqlMapLibrary.of("sql")).contains(SqlMapLibrary.JDBC);
        assertThat(SqlMapLibrary.of("/usr/lib/libperditiondb_gdbm.so.0")).isEmpty();
        assertThat(SqlMapLibrary.of("/usr/lib/libperditiondb_ldap.so.0")).isEmpty();
        assertThat(SqlMapLibrary.of("/opt/mysql/libother.so")).isEmpty();
    }

    @Test
    void withoutAnSqlMapLibraryTheSourceShouldNeedItsOwnUrlAndQueryAndIgnoreMapLibraryOpt() {
        assertThatThrownBy(() -> settings("map_library", "flatfile", "map_library_opt", "/etc/perdition/popmap",
                "popmap.source", "flatfile,sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("popmap.sql.url").hasMessageContaining("popmap.sql.query");
        SqlSettings s = settings("map_library", "flatfile", "map_library_opt", "/etc/perdition/popmap",
                "popmap.sql.url", "jdbc:h2:mem:x", "popmap.sql.query", "SELECT host FROM t WHERE login = :#key");
        assertThat(s.library()).isEqualTo(SqlMapLibrary.JDBC);
        assertThat(s.user()).isEqualTo("perdition");
    }

    @Test
    void poolSizeShouldBeTheSourcesPoolSizeWithItsDefault() {
        assertThat(settings("map_library", "libperditiondb_mysql.so").poolSize())
                .isEqualTo(SourceSettings.from(Settings.of(Map.of()), "sql").poolSize());
    }

    @Test
    void withoutOptionsPerditionsMysqlDefaultsShouldApply() {
        SqlSettings s = settings("map_library", "/usr/lib/libperditiondb_mysql.so.0");

        assertThat(s.url()).startsWith("jdbc:mariadb://localhost:3306/dbPerdition?");
        assertThat(s.user()).isEqualTo("perdition");
        assertThat(s.password()).isEqualTo("perdition");
        assertThat(s.query()).isEqualTo("SELECT servername, port FROM tblPerdition WHERE user = :#key");
        assertThat(s.cutAtSpace()).isFalse();
    }

    @Test
    void postgresqlShouldUseLowerCaseDatabaseAndQuotedUserColumn() {
        SqlSettings s = settings("map_library", "/usr/lib/libperditiondb_postgresql.so.0", "map_library_opt", "db1");

        assertThat(s.url()).startsWith("jdbc:postgresql://db1:5432/dbperdition?");
        assertThat(s.query()).isEqualTo("SELECT servername, port FROM tblPerdition WHERE \"user\" = :#key");
        assertThat(s.cutAtSpace()).isTrue();
    }

    @Test
    void omittedTrailingFieldsKeepDefaultsAndEmptyMiddleFieldsAreEmpty() {
        PerditionDbOptions o = PerditionDbOptions.parse("h1,h2:3307:mydb:map:u::srv", SqlMapLibrary.MYSQL);

        assertThat(o).isEqualTo(new PerditionDbOptions(List.of("h1", "h2"), "3307", "mydb", "map", "u", "", "srv",
                "user", "port"));
        SqlSettings s = settings("map_library", "libperditiondb_mysql.so", "map_library_opt", "h1,h2:3307:mydb:map:u::srv::");
        assertThat(s.url()).startsWith("jdbc:mariadb:sequential://h1:3307,h2:3307/mydb?");
        assertThat(s.password()).isEmpty();
        assertThat(s.query()).isEqualTo("SELECT srv FROM map WHERE  = :#key");
    }

    @Test
    void severalPostgresqlHostsShouldBeTriedInOrder() {
        SqlSettings s = settings("map_library", "libperditiondb_postgresql.so", "map_library_opt", "a,b");

        assertThat(s.url()).startsWith("jdbc:postgresql://a:5432,b:5432/dbperdition?");
    }

    @Test
    void popmapSqlKeysShouldOverrideTheOptionString() {
        SqlSettings s = settings("map_library", "libperditiondb_mysql.so", "map_library_opt", "h:0:d:t:u:p",
                "popmap.sql.url", "jdbc:mariadb://db.example.com/perdition", "popmap.sql.user", "proxy",
                "popmap.sql.password", "secret:with:colons", "popmap.sql.pool_size", "3");

        assertThat(s.url()).isEqualTo("jdbc:mariadb://db.example.com/perdition");
        assertThat(s.user()).isEqualTo("proxy");
        assertThat(s.password()).isEqualTo("secret:with:colons");
        assertThat(s.query()).isEqualTo("SELECT servername, port FROM t WHERE user = :#key");
        assertThat(s.poolSize()).isEqualTo(3);
        assertThat(s.toString()).doesNotContain("secret");
    }

    @Test
    void mysqlUrlsShouldReachTheMariaDbDriver() {
        assertThat(SqlSettings.mysqlScheme("jdbc:mysql://db/perdition")).isEqualTo("jdbc:mysql://db/perdition?permitMysqlScheme");
        assertThat(SqlSettings.mysqlScheme("jdbc:mysql://db/p?useSSL=true")).isEqualTo("jdbc:mysql://db/p?useSSL=true&permitMysqlScheme");
        assertThat(SqlSettings.mysqlScheme("jdbc:mariadb://db/p")).isEqualTo("jdbc:mariadb://db/p");
    }

    @Test
    void odbcWithoutJdbcUrlShouldBeRefusedWithTheReason() {
        assertThatThrownBy(() -> settings("map_library", "/usr/lib/libperditiondb_odbc.so.0", "map_library_opt",
                ":0:PerditionDSN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PerditionDSN")
                .hasMessageContaining("no JDBC-ODBC bridge")
                .hasMessageContaining("popmap.sql.url");
        assertThat(settings("map_library", "/usr/lib/libperditiondb_odbc.so.0", "popmap.sql.url", "jdbc:h2:mem:x").url())
                .isEqualTo("jdbc:h2:mem:x");
    }

    @Test
    void mistakesShouldBeRefused() {
        assertThatThrownBy(() -> settings("map_library", "sql", "popmap.sql.url", "jdbc:h2:mem:x"))
                .hasMessageContaining("popmap.sql.query");
        assertThatThrownBy(() -> settings("map_library", "sql", "popmap.sql.url", "jdbc:h2:mem:x",
                "popmap.sql.query", "SELECT host FROM t WHERE login = ?"))
                .hasMessageContaining(":#key");
        assertThatThrownBy(() -> settings("map_library", "libperditiondb_mysql.so", "map_library_opt", "h:x"))
                .hasMessageContaining("dbport");
        assertThatThrownBy(() -> settings("map_library", "libperditiondb_mysql.so", "map_library_opt",
                "h:0:d:t:u:pass:word:s:u:p")).hasMessageContaining("at most 9");
        assertThatThrownBy(() -> settings("map_library", "libperditiondb_mysql.so", "popmap.sql.pool_size", "0"))
                .hasMessageContaining("popmap.sql.").hasMessageContaining("pool_size");
        assertThat(Optional.of(settings("map_library", "libperditiondb_mysql.so", "popmap.sql.check_at_start", "false")))
                .hasValueSatisfying(s -> assertThat(s.checkAtStart()).isFalse());
    }

    /** Found by PerditionDbOptionsFuzzTest: the record's own toString printed dbpwd. */
    @Test
    void perditionDbOptionsToStringShouldMaskThePassword() {
        PerditionDbOptions o = PerditionDbOptions.parse("h1:3307:mydb:map:u:s3cret:srv", SqlMapLibrary.MYSQL);
        assertThat(o.password()).isEqualTo("s3cret");
        assertThat(o.toString()).doesNotContain("s3cret").contains("password=****").contains("user=u");
    }

    /** An operator may put the password in popmap.sql.url; the URL in log lines and errors never shows it. */
    @Test
    void aPasswordInTheUrlShouldNeverBeShown() {
        assertThat(JdbcPools.redacted("jdbc:postgresql://db/mail?user=pc&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/mail?user=pc&password=<redacted>&ssl=true");
        assertThat(JdbcPools.redacted("jdbc:sqlserver://db;user=pc;Password=s3cret;databaseName=mail"))
                .isEqualTo("jdbc:sqlserver://db;user=pc;Password=<redacted>;databaseName=mail");
        assertThat(JdbcPools.redacted("jdbc:mariadb://pc:s3cret@db:3306/mail?pwd=s3cret"))
                .isEqualTo("jdbc:mariadb://pc:<redacted>@db:3306/mail?pwd=<redacted>");
        assertThat(JdbcPools.redacted("jdbc:mariadb://db:3306/mail?connectTimeout=5000"))
                .isEqualTo("jdbc:mariadb://db:3306/mail?connectTimeout=5000");
        assertThat(settings("popmap.source", "sql", "popmap.sql.url", "jdbc:postgresql://db/mail?password=s3cret",
                "popmap.sql.query", "SELECT host FROM map WHERE name = :#key").toString()).doesNotContain("s3cret")
                .contains("password=<redacted>");
    }
}
