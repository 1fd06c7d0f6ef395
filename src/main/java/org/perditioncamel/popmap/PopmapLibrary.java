package org.perditioncamel.popmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the popmap source from map_library (perdition(8) -M): the name of the route popmap-&lt;name&gt;. */
public final class PopmapLibrary {
    /** perdition's default -M in the Debian build. */
    public static final String DEFAULT_MAP_LIBRARY = "/usr/lib/perdition/libperditiondb_gdbm.so.0";
    public static final String NONE = "none";
    /** Our own name for the flat popmap: map_library=flatfile, map_library_opt=the file. */
    public static final String FLAT_FILE = "flatfile";
    /** Our own name for the posix_regex map: map_library=regex, map_library_opt=the popmap.re file. */
    public static final String REGEX = "regex";

    static final Logger LOG = LoggerFactory.getLogger(PopmapLibrary.class);

    /**
     * Every source perdition-camel builds: the built-in ones, then those a sub-package (popmap.sql, popmap.ldap)
     * lists in META-INF/services/org.perditioncamel.popmap.PopmapSource, so that this package never imports them.
     */
    static final List<PopmapSource> SOURCES = sources();

    private PopmapLibrary() {
    }

    private static List<PopmapSource> sources() {
        List<PopmapSource> sources = new ArrayList<>(List.of(
                new BuiltInSources.None(),
                new BuiltInSources.FlatFile(),
                new BuiltInSources.Regex()));
        ServiceLoader.load(PopmapSource.class, PopmapLibrary.class.getClassLoader()).forEach(sources::add);
        return List.copyOf(sources);
    }

    /**
     * The source map_library selects: "" is none; unset is perdition's default gdbm map; a source's own name
     * (flatfile, regex, …) selects it directly. Any other library is refused with IllegalArgumentException, so that
     * a configuration meant for another map never silently sends users to outgoing_server.
     */
    public static String sourceName(Optional<String> mapLibrary) {
        if (mapLibrary.isPresent() && mapLibrary.get().isEmpty()) {
            return NONE;
        }
        String library = mapLibrary.orElse(DEFAULT_MAP_LIBRARY);
        for (PopmapSource source : SOURCES) {
            if (source.name().equals(library)) {
                return source.name();
            }
        }
        String fileName = fileName(library);
        for (PopmapSource source : SOURCES) {
            if (source.servesLibrary(fileName)) {
                return source.name();
            }
        }
        if (fileName.contains("nis")) {
            throw new IllegalArgumentException("map_library " + library + " (NIS) is not supported by perdition-camel: "
                    + "export the map to a flat popmap (ypcat -k user_mail_server | sed 's/ /:/' > popmap) and use "
                    + "map_library=flatfile, see docs/configuration.md");
        }
        throw new IllegalArgumentException("map_library " + library + " is not supported yet by perdition-camel");
    }

    /** The built-in source of that name, if there is one; an operator's own source is a route only. */
    static Optional<PopmapSource> source(String name) {
        return SOURCES.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    static String fileName(String library) {
        return library.substring(library.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }
}
