package org.perditioncamel.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * routes_reload: an edited route file replaces only the routes it defines, so the listeners (and with them every
 * session, spliced or still logging in) keep running. Camel Main's own reload removes every route first, the
 * listeners included, and would drop every session.
 * <p>
 * A file that does not parse or whose routes cannot be built is refused with its file and line, and the routes it
 * defined before keep running (Camel removes a route before it builds its successor, so the last good text of the
 * file is put back). Route templates (listener, popmap sources) are read again, but the routes already made from them
 * change at the next start.
 */
final class RouteFileReload extends FileWatcherResourceReloadStrategy {
    private static final Logger LOG = LoggerFactory.getLogger("perdition.routes");

    private final Path directory;
    /** The text of each file as last applied; the way back when an edit is refused. */
    private final Map<Path, String> applied = new HashMap<>();

    RouteFileReload(Path directory) {
        super(directory.toString(), false);
        this.directory = directory;
        setScheduler(true);
        setPollTimeout(100);
        setFileFilter(file -> file.getName().endsWith(RoutesDirectory.FILE_PATTERN.substring(1)));
        setResourceReload((name, resource) -> reload(Path.of(name)));
    }

    @Override
    protected void doStart() throws Exception {
        for (Path file : RoutesDirectory.files(java.util.Optional.of(directory))) {
            applied.put(file.toAbsolutePath(), Files.readString(file));
        }
        super.doStart();
    }

    @Override
    protected String startupMessage(java.io.File dir) {
        return "routes_reload: watching " + dir + " for edited route files";
    }

    /** Applies one edited file, or refuses it and keeps what runs. Never throws: the watcher must go on. */
    synchronized void reload(Path changed) {
        Path file = changed.toAbsolutePath();
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                LOG.warn("Route file {} removed: its routes keep running until the next start", file);
                return;
            }
            text = Files.readString(file);
        } catch (IOException e) {
            LOG.error("Route file {} cannot be read ({}); the running routes are kept", file, e.getMessage());
            return;
        }
        if (text.equals(applied.get(file))) {
            return;     // an editor's second write of the same text
        }
        long start = System.nanoTime();
        RoutesLoader loader = PluginHelper.getRoutesLoader(getCamelContext());
        try {
            Set<String> ids = loader.updateRoutes(List.of(resource(file, text)));
            applied.put(file, text);
            LOG.info("Route file {} applied in {} ms: routes {}", file, (System.nanoTime() - start) / 1_000_000, ids);
            if (text.lines().anyMatch(line -> line.startsWith("- routeTemplate:"))) {
                LOG.warn("Route file {} defines route templates: the routes made from them change at the next start",
                        file);
            }
        } catch (Exception e) {
            String why = RouteFileError.describe(e, List.of(file)).orElse(file + ": " + e.getMessage());
            LOG.error("Route file refused: {}; the routes it defined before keep running", why);
            restore(loader, file);
        }
    }

    private void restore(RoutesLoader loader, Path file) {
        String previous = applied.get(file);
        if (previous == null) {
            return;
        }
        try {
            loader.updateRoutes(List.of(resource(file, previous)));
        } catch (Exception e) {
            LOG.error("Route file {}: its previous routes could not be put back: {}", file,
                    RouteFileError.describe(e, List.of(file)).orElse(e.getMessage()));
        }
    }

    private static Resource resource(Path file, String text) {
        return ResourceHelper.fromString("file:" + file, text);
    }
}
