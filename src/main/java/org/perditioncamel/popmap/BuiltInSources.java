package org.perditioncamel.popmap;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.perditioncamel.config.Settings;

/** The sources in this package: none, the flat popmap (gdbm and bdb maps) and posix_regex. */
final class BuiltInSources {
    static final String DEFAULT_GDBM_MAP = "/etc/perdition/popmap.gdbm.db";
    static final String DEFAULT_BDB_MAP = "/etc/perdition/popmap.bdb.db";
    static final String DEFAULT_FLAT_FILE = "/etc/perdition/popmap";
    static final String DEFAULT_REGEX_MAP = "/etc/perdition/popmap.re";
    /** The text file Makefile.popmap feeds to makegdbm and makebdb, next to the maps it builds. */
    static final String FLAT_FILE_BESIDE_MAP = "popmap";

    private BuiltInSources() {
    }

    /** A map in memory behind route popmap-name, from that source's template (routes/popmap-name.camel.yaml). */
    private static void route(CamelContext context, String name, String bean, Popmap map) {
        context.getRegistry().bind(bean, map);
        PopmapCalls.bindLookup(context, bean, map);
        PopmapRoutes.fromTemplate(context, "popmap-" + name, "popmap-" + name, Map.of("popmap", bean));
    }

    /** map_library "": no map, so only -c and outgoing_server choose the server. */
    static final class None implements PopmapSource {
        @Override
        public boolean mayBlock() {
            return false;
        }

        @Override
        public String name() {
            return PopmapLibrary.NONE;
        }

        @Override
        public boolean servesLibrary(String libraryFileName) {
            return false;
        }

        @Override
        public void install(CamelContext context, Settings settings, PopmapSettings popmap) {
            PopmapRoutes.fromTemplate(context, "popmap-none", "popmap-none", Map.of());
        }
    }

    /** gdbm and bdb maps, read from the flat file they are built from; map_library=flatfile names it directly. */
    static final class FlatFile implements PopmapSource {
        @Override
        public boolean mayBlock() {
            return false;
        }

        @Override
        public String name() {
            return PopmapLibrary.FLAT_FILE;
        }

        @Override
        public boolean servesLibrary(String libraryFileName) {
            return libraryFileName.contains("gdbm") || libraryFileName.contains("bdb");
        }

        @Override
        public void install(CamelContext context, Settings settings, PopmapSettings popmap) {
            route(context, name(), "popmapFlatfile", FlatFilePopmap.open(file(settings, popmap), popmap.domainDelimiter()));
        }

        /**
         * popmap.flatfile.file, else map_library_opt when map_library chose this source: a .db map is read from the
         * popmap text file beside it.
         */
        static Path file(Settings settings, PopmapSettings popmap) {
            Optional<String> own = settings.nonEmpty("popmap.flatfile.file");
            if (own.isPresent()) {
                return Paths.get(own.get());
            }
            String library = popmap.mapLibrary().orElse(PopmapLibrary.DEFAULT_MAP_LIBRARY);
            if (!PopmapLibrary.FLAT_FILE.equals(PopmapLibrary.sourceName(popmap.mapLibrary()))) {
                return Paths.get(DEFAULT_FLAT_FILE);
            }
            Optional<String> opt = popmap.mapLibraryOpt();
            if (library.equals(PopmapLibrary.FLAT_FILE)) {
                return Paths.get(opt.orElse(DEFAULT_FLAT_FILE));
            }
            Path map = Paths.get(opt.orElse(PopmapLibrary.fileName(library).contains("bdb") ? DEFAULT_BDB_MAP
                    : DEFAULT_GDBM_MAP));
            if (!map.getFileName().toString().endsWith(".db")) {
                return map;
            }
            Path text = map.resolveSibling(FLAT_FILE_BESIDE_MAP);
            PopmapLibrary.LOG.info("map_library {} with map {}: perdition-camel does not read gdbm/bdb files; it reads "
                    + "the flat popmap {} they are built from (makegdbm/makebdb input). Set map_library=flatfile and "
                    + "map_library_opt to the text file to say so directly.", library, map, text);
            return text;
        }
    }

    /** perdition's posix_regex map: popmap.re. */
    static final class Regex implements PopmapSource {
        /**
         * On the source's pool: an ordinary rule matches in microseconds, but a rule that backtracks may use its whole
         * step and time budget (PosixRegex) per rule and key, and that must not stall every connection on an event
         * loop.
         */
        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        public String name() {
            return PopmapLibrary.REGEX;
        }

        @Override
        public boolean servesLibrary(String libraryFileName) {
            return libraryFileName.contains("posix_regex");
        }

        @Override
        public void install(CamelContext context, Settings settings, PopmapSettings popmap) {
            route(context, name(), "popmapRegex",
                    RegexPopmap.open(file(settings, popmap), settings.flag("popmap.regex.keep_prefix")));
        }

        /** popmap.regex.file, else map_library_opt when map_library chose this source, else perdition's default. */
        static Path file(Settings settings, PopmapSettings popmap) {
            Optional<String> own = settings.nonEmpty("popmap.regex.file");
            if (own.isPresent()) {
                return Paths.get(own.get());
            }
            if (PopmapLibrary.REGEX.equals(PopmapLibrary.sourceName(popmap.mapLibrary()))) {
                return Paths.get(popmap.mapLibraryOpt().orElse(DEFAULT_REGEX_MAP));
            }
            return Paths.get(DEFAULT_REGEX_MAP);
        }
    }
}
