package org.perditioncamel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The load generator's command line: one scenario against one target, one JSON line of figures on stdout (and
 * appended to {@code --out}). bench/run calls it for every target, scenario and round; see docs/benchmark.md.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        BenchOptions options = BenchOptions.parse(args);
        String line = json(new Scenarios(options).run());
        System.out.println(line);
        if (options.out != null) {
            Files.writeString(Path.of(options.out), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** Runs one scenario in-process (the smoke test) and returns its figures. */
    static Map<String, Object> run(String... args) throws IOException {
        return new Scenarios(BenchOptions.parse(args)).run();
    }

    static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            map.forEach((k, v) -> {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(json(k.toString())).append(':').append(json(v));
            });
            return b.append('}').toString();
        }
        if (value instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(java.util.Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(value);
    }
}
