package org.perditioncamel.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * A mistake in a route file as one line an operator can act on: file, line (and column where the YAML parser knows
 * it) and what is wrong. Camel's own messages span several lines and hide the file in a stack trace.
 */
public final class RouteFileError {
    private RouteFileError() {
    }

    /**
     * The line for e or one of its causes, if it is a route file's mistake. A route that parses but cannot be built
     * (an unknown bean, a bad expression) is named by its id; the file and line of that id are looked up among
     * files (the routes directory, or the one file being reloaded).
     */
    public static Optional<String> describe(Throwable e, List<Path> files) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException yaml) {
                return Optional.of(yaml.getProblemMark().or(yaml::getContextMark)
                        .map(mark -> place(mark) + ": ").orElse("") + firstLine(yaml.getProblem()));
            }
            if (t instanceof FailedToCreateRouteException created) {
                return Optional.of(routeProblem(created.getRouteId(), created, files));
            }
            if (t instanceof FailedToStartRouteException started) {
                return Optional.of(routeProblem(started.getRouteId(), started, files));
            }
        }
        return Optional.empty();
    }

    private static String place(Mark mark) {
        return withoutScheme(mark.getName()) + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    private static String routeProblem(String routeId, Throwable e, List<Path> files) {
        String where = definition(routeId, files).map(place -> place + ": ").orElse("");
        return where + "route " + routeId + ": " + firstLine(rootCause(e).getMessage());
    }

    /** file:line of the line "id: routeId" in one of the files. */
    private static Optional<String> definition(String routeId, List<Path> files) {
        if (routeId == null) {
            return Optional.empty();
        }
        Pattern idLine = Pattern.compile("^\\s*(?:- )?id:\\s*[\"']?" + Pattern.quote(routeId) + "[\"']?\\s*(?:#.*)?$");
        for (Path file : files) {
            try {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (idLine.matcher(lines.get(i)).matches()) {
                        return Optional.of(file + ":" + (i + 1));
                    }
                }
            } catch (IOException e) {
                // an unreadable file cannot hold the route's place; the message still names the route
            }
        }
        return Optional.empty();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String withoutScheme(String location) {
        return location.startsWith("file:") ? location.substring("file:".length()) : location;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "invalid route";
        }
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
