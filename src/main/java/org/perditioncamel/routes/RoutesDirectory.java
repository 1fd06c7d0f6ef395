package org.perditioncamel.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Where the routes come from: routes_directory (command line, perdition.conf, -Droutes_directory) or the
 * distribution's launcher default -Dperdition.routes_directory; unset, the built-in routes on the class path.
 */
public final class RoutesDirectory {
    public static final String KEY = "routes_directory";
    public static final String RELOAD_KEY = "routes_reload";
    /** Set by the distribution's launcher to its config/routes; any routes_directory wins over it. */
    static final String LAUNCHER_DEFAULT = "perdition." + KEY;
    static final String FILE_PATTERN = "*.camel.yaml";

    private RoutesDirectory() {
    }

    /** The directory named by these options, then the Java system properties; empty: the built-in routes. */
    public static Optional<Path> of(Map<String, String> options, UnaryOperator<String> systemProperties) {
        return Optional.ofNullable(options.get(KEY))
                .or(() -> Optional.ofNullable(systemProperties.apply(KEY)))
                .or(() -> Optional.ofNullable(systemProperties.apply(LAUNCHER_DEFAULT)))
                .filter(dir -> !dir.isEmpty())
                .map(RoutesDirectory::checked);
    }

    /** camel.main.routes-include-pattern for this directory: its route files instead of the built-in ones. */
    public static String includePattern(Path directory) {
        return "file:" + directory + "/" + FILE_PATTERN;
    }

    /** The route files of the directory, by name; none when it cannot be listed. */
    public static List<Path> files(Optional<Path> directory) {
        if (directory.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory.get())) {
            return list.filter(RoutesDirectory::isRouteFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static boolean isRouteFile(Path file) {
        return file.getFileName().toString().endsWith(FILE_PATTERN.substring(1)) && Files.isRegularFile(file);
    }

    private static Path checked(String name) {
        Path dir = Path.of(name).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(KEY + " " + name + ": no such directory");
        }
        if (!Files.isReadable(dir)) {
            throw new IllegalArgumentException(KEY + " " + name + ": cannot be read");
        }
        return dir;
    }
}
