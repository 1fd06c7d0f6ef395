package org.perditioncamel.popmap.sql;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * map_library_opt for the SQL popmaps (dbhosts:dbport:dbname:dbtable:dbuser:dbpwd:...): any text gives the options
 * or an IllegalArgumentException; the database password shows in no message and no toString; a JDBC URL and a
 * query come out of any options that parse.
 */
@Tag("fuzz")
class PerditionDbOptionsFuzzTest {

    @FuzzTest(maxDuration = "")
    void sqlOptions(byte[] data) {
        String opt = new String(data, StandardCharsets.ISO_8859_1);
        for (SqlMapLibrary library : SqlMapLibrary.values()) {
            PerditionDbOptions options;
            try {
                options = PerditionDbOptions.parse(opt, library);
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageStartingWith("map_library_opt");
                continue;
            }
            PerditionDbOptions other = new PerditionDbOptions(options.hosts(), options.port(), options.database(),
                    options.table(), options.user(), options.password() + "x", options.serverColumn(),
                    options.userColumn(), options.portColumn());
            assertThat(options.toString()).isEqualTo(other.toString());
            String url;
            try {
                url = SqlSettings.url(library, options, 10, 10);
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageStartingWith("map_library_opt: ");
                assertThatThrownBy(() -> SqlSettings.url(library, other, 10, 10)).hasMessage(e.getMessage());
                continue;
            }
            assertThat(url).startsWith("jdbc:").isEqualTo(SqlSettings.url(library, other, 10, 10));
            assertThat(SqlSettings.query(library, options)).startsWith("SELECT ").endsWith(" = " + SqlSettings.KEY_PARAMETER);
        }
    }
}
