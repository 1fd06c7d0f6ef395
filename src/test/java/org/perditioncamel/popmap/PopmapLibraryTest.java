package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.perditioncamel.config.Settings;

class PopmapLibraryTest {

    private static String source(String library) {
        return PopmapLibrary.sourceName(Optional.ofNullable(library));
    }

    private static Path flatFile(String library, String opt) {
        return BuiltInSources.FlatFile.file(settings(library, opt), PopmapSettings.from(settings(library, opt)));
    }

    private static Path regexFile(String library, String opt) {
        return BuiltInSources.Regex.file(settings(library, opt), PopmapSettings.from(settings(library, opt)));
    }

    private static Settings settings(String library, String opt) {
        Map<String, String> values = new HashMap<>();
        if (library != null) {
            values.put("map_library", library);
        }
        if (opt != null) {
            values.put("map_library_opt", opt);
        }
        return Settings.of(values);
    }

    @Test
    void sourceShouldBeNoneForEmptyLibrary() {
        assertThat(source("")).isEqualTo("none");
    }

    @Test
    void sourceShouldBeTheFlatFileBesideTheDefaultGdbmMapWhenUnset() {
        assertThat(source(null)).isEqualTo("flatfile");
        assertThat(flatFile(null, null)).isEqualTo(Path.of("/etc/perdition/popmap"));
    }

    @Test
    void flatFileShouldBeBesideGdbmMap() {
        assertThat(source("/usr/lib/perdition/libperditiondb_gdbm.so.0")).isEqualTo("flatfile");
        assertThat(flatFile("/usr/lib/perdition/libperditiondb_gdbm.so.0", "/srv/maps/users.gdbm.db"))
                .isEqualTo(Path.of("/srv/maps/popmap"));
    }

    @Test
    void flatFileShouldBeBesideBdbMap() {
        assertThat(flatFile("libperditiondb_bdb.so", null)).isEqualTo(Path.of("/etc/perdition/popmap"));
        assertThat(flatFile("libperditiondb_bdb.so", "/srv/x.bdb.db")).isEqualTo(Path.of("/srv/popmap"));
    }

    @Test
    void flatFileShouldBeTheTextFileNamedByGdbmOption() {
        assertThat(flatFile("libperditiondb_gdbm.so.0", "/srv/maps/popmap.txt")).isEqualTo(Path.of("/srv/maps/popmap.txt"));
    }

    @Test
    void flatFileShouldBeNamedByFlatfileLibrary() {
        assertThat(flatFile("flatfile", "/srv/popmap")).isEqualTo(Path.of("/srv/popmap"));
    }

    @Test
    void flatFileOfAChainedSourceShouldBeItsOwnKeyNotTheRegexMapOption() {
        Map<String, String> values = Map.of("map_library", "regex", "map_library_opt", "/srv/popmap.re",
                "popmap.flatfile.file", "/srv/popmap");
        assertThat(BuiltInSources.FlatFile.file(Settings.of(values), PopmapSettings.from(Settings.of(values))))
                .isEqualTo(Path.of("/srv/popmap"));
        assertThat(BuiltInSources.Regex.file(Settings.of(values), PopmapSettings.from(Settings.of(values))))
                .isEqualTo(Path.of("/srv/popmap.re"));
    }

    @Test
    void regexShouldBeThePosixRegexLibraryWithPerditionsDefaultFile() {
        assertThat(source("/usr/lib/x86_64-linux-gnu/libperditiondb_posix_regex.so.0")).isEqualTo("regex");
        assertThat(regexFile("/usr/lib/x86_64-linux-gnu/libperditiondb_posix_regex.so.0", null))
                .isEqualTo(Path.of("/etc/perdition/popmap.re"));
        assertThat(regexFile("libperditiondb_posix_regex.so.0", "/srv/popmap.re")).isEqualTo(Path.of("/srv/popmap.re"));
        assertThat(source("regex")).isEqualTo("regex");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/x86_64-linux-gnu/libperditiondb_ldap.so.0", "libperditiondb_ldap.so", "ldap"})
    void ldapShouldBeTheServiceLoadedLdapSource(String library) {
        assertThat(source(library)).isEqualTo("ldap");
    }

    @Test
    void nisShouldBeRefusedWithWhatReplacesIt() {
        assertThatThrownBy(() -> source("libperditiondb_nis.so.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ypcat -k user_mail_server").hasMessageContaining("map_library=flatfile");
    }

    @ParameterizedTest
    @ValueSource(strings = {"libperditiondb_daemon.so", "libperditiondb_cdb.so", "something-else"})
    void otherLibrariesShouldBeRefused(String library) {
        assertThatThrownBy(() -> source(library))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("map_library " + library + " is not supported yet by perdition-camel");
    }
}
