package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.perditioncamel.config.Settings;

class PopmapLibraryTest {

    private static Popmap open(String library, String opt) {
        return PopmapLibrary.open(Optional.ofNullable(library), Optional.ofNullable(opt));
    }

    @Test
    void openShouldGiveNoPopmapForEmptyLibrary() {
        assertThat(open("", null)).isInstanceOf(NoPopmap.class);
        assertThat(PopmapLibrary.open(PopmapSettings.from(Settings.of(Map.of("map_library", "")))))
                .isInstanceOf(NoPopmap.class);
    }

    @Test
    void openShouldReadFlatFileBesideDefaultGdbmMapWhenUnset() {
        assertThat(((FlatFilePopmap) open(null, null)).file()).isEqualTo(Path.of("/etc/perdition/popmap"));
    }

    @Test
    void openShouldReadFlatFileBesideGdbmMap() {
        Popmap popmap = open("/usr/lib/perdition/libperditiondb_gdbm.so.0", "/srv/maps/users.gdbm.db");
        assertThat(((FlatFilePopmap) popmap).file()).isEqualTo(Path.of("/srv/maps/popmap"));
    }

    @Test
    void openShouldReadFlatFileBesideBdbMap() {
        assertThat(((FlatFilePopmap) open("libperditiondb_bdb.so", null)).file())
                .isEqualTo(Path.of("/etc/perdition/popmap"));
        assertThat(((FlatFilePopmap) open("libperditiondb_bdb.so", "/srv/x.bdb.db")).file())
                .isEqualTo(Path.of("/srv/popmap"));
    }

    @Test
    void openShouldReadTextFileNamedByGdbmOption() {
        assertThat(((FlatFilePopmap) open("libperditiondb_gdbm.so.0", "/srv/maps/popmap.txt")).file())
                .isEqualTo(Path.of("/srv/maps/popmap.txt"));
    }

    @Test
    void openShouldReadFlatFileLibrary() {
        assertThat(((FlatFilePopmap) open("flatfile", "/srv/popmap")).file()).isEqualTo(Path.of("/srv/popmap"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/x86_64-linux-gnu/libperditiondb_ldap.so.0", "libperditiondb_ldap.so"})
    void openShouldSendLdapLibraryLookupsThroughTheLdapRoute(String library) {
        assertThat(open(library, null)).hasToString("popmap via direct:popmap-ldap");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/perdition/libperditiondb_posix_regex.so.0", "libperditiondb_mysql.so",
        "libperditiondb_pgsql.so", "libperditiondb_nis.so", "libperditiondb_odbc.so",
        "libperditiondb_daemon.so", "libperditiondb_cdb.so", "something-else"})
    void openShouldRefuseOtherLibraries(String library) {
        assertThatThrownBy(() -> open(library, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("map_library " + library + " is not supported yet by perdition-camel");
    }
}
