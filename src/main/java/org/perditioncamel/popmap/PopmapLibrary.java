package org.perditioncamel.popmap;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the popmap source from map_library and map_library_opt (perdition(8) -M, -m). */
public final class PopmapLibrary {
    /** perdition's default -M in the Debian build. */
    public static final String DEFAULT_MAP_LIBRARY = "/usr/lib/perdition/libperditiondb_gdbm.so.0";
    /** Our own name for the flat popmap: map_library=flatfile, map_library_opt=the file. */
    public static final String FLAT_FILE = "flatfile";
    static final String DEFAULT_GDBM_MAP = "/etc/perdition/popmap.gdbm.db";
    static final String DEFAULT_BDB_MAP = "/etc/perdition/popmap.bdb.db";
    static final String DEFAULT_FLAT_FILE = "/etc/perdition/popmap";
    /** The text file Makefile.popmap feeds to makegdbm and makebdb, next to the maps it builds. */
    static final String FLAT_FILE_BESIDE_MAP = "popmap";

    private static final Logger LOG = LoggerFactory.getLogger(PopmapLibrary.class);

    private PopmapLibrary() {
    }

    public static Popmap open(PopmapSettings settings) {
        return open(settings.mapLibrary(), settings.mapLibraryOpt());
    }

    /**
     * map_library "" is no map. gdbm and bdb maps are binary files we do not read: we read the flat popmap they
     * were built from instead. Any other library is refused with IllegalArgumentException, so that a
     * configuration meant for another map never silently sends users to outgoing_server.
     */
    public static Popmap open(Optional<String> mapLibrary, Optional<String> mapLibraryOpt) {
        if (mapLibrary.isPresent() && mapLibrary.get().isEmpty()) {
            LOG.info("map_library is empty: no popmap");
            return new NoPopmap();
        }
        String library = mapLibrary.orElse(DEFAULT_MAP_LIBRARY);
        if (library.equals(FLAT_FILE)) {
            return flatFile(Paths.get(mapLibraryOpt.orElse(DEFAULT_FLAT_FILE)));
        }
        String libraryName = library.substring(library.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (org.perditioncamel.popmap.ldap.LdapMapLibrary.matches(libraryName)) {
            return org.perditioncamel.popmap.ldap.LdapMapLibrary.viaRoute();
        }
        String defaultMap;
        if (libraryName.contains("gdbm")) {
            defaultMap = DEFAULT_GDBM_MAP;
        } else if (libraryName.contains("bdb")) {
            defaultMap = DEFAULT_BDB_MAP;
        } else {
            throw new IllegalArgumentException("map_library " + library + " is not supported yet by perdition-camel");
        }
        Path map = Paths.get(mapLibraryOpt.orElse(defaultMap));
        if (!map.getFileName().toString().endsWith(".db")) {
            return flatFile(map);
        }
        Path text = map.resolveSibling(FLAT_FILE_BESIDE_MAP);
        LOG.info("map_library {} with map {}: perdition-camel does not read gdbm/bdb files; it reads the flat popmap "
                + "{} they are built from (makegdbm/makebdb input). Set map_library=flatfile and map_library_opt "
                + "to the text file to say so directly.", library, map, text);
        return flatFile(text);
    }

    private static Popmap flatFile(Path file) {
        FlatFilePopmap popmap = new FlatFilePopmap(file);
        LOG.info("popmap: flat file {}, re-read when it changes", file);
        return popmap;
    }
}
