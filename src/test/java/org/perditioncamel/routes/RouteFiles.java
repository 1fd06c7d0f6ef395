package org.perditioncamel.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A copy of the built-in routes in a temporary directory, as an operator's config/routes, and edits to it. */
final class RouteFiles {
    private static final Path BUILT_IN = Path.of("src/main/resources/routes");
    private final Path dir;

    private RouteFiles(Path dir) {
        this.dir = dir;
    }

    static RouteFiles copy() throws IOException {
        Path dir = Files.createTempDirectory("routes-");
        try (Stream<Path> files = Files.list(BUILT_IN)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return new RouteFiles(dir);
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** The first yaml block of the section of docs/routes.md with this heading: an edit as the docs give it. */
    static String documentedEdit(String heading) throws IOException {
        String docs = Files.readString(Path.of("docs/routes.md"));
        int section = docs.indexOf("### " + heading + "\n");
        assertThat(section).as("docs/routes.md section " + heading).isNotNegative();
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(docs);
        assertThat(block.find(section)).isTrue();
        return block.group(1);
    }

    /** The text of the file with step inserted before the list item whose "id:" line is anchorId. */
    String withStepBefore(String name, String anchorId, String step) throws IOException {
        String text = Files.readString(file(name));
        Matcher anchor = Pattern.compile("(?m)^ *- \\w+:\n *id: " + Pattern.quote(anchorId) + "\n").matcher(text);
        assertThat(anchor.find()).as(anchorId + " in " + name).isTrue();
        return text.substring(0, anchor.start()) + step + text.substring(anchor.start());
    }

    /** Writes the file as an operator should: a temporary file moved into place. */
    void write(String name, String text) throws IOException {
        Path temporary = Files.createTempFile(dir.getParent(), name, ".new");
        Files.writeString(temporary, text);
        Files.move(temporary, file(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
