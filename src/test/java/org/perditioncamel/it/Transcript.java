package org.perditioncamel.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A scripted client-server dialogue, loaded from a {@code .transcript} file and run against a live server.
 *
 * <p>One directive per line; blank lines and lines starting with {@code #} are ignored:
 * <ul>
 * <li>{@code C: text} sends the text (UTF-8) followed by CRLF; {@code C:} alone sends an empty line.
 * Everything after {@code "C: "} is sent, trailing spaces too, but editors strip those: use {@code C#:}.</li>
 * <li>{@code C#: bytes} sends exact bytes, no CRLF added. Escapes: {@code \r \n \t \0 \\ \xHH}, and
 * {@code \{N:text}} for the text repeated N times (e.g. {@code USER \{4095:x}\r\n}).</li>
 * <li>{@code S: regex} reads one reply line and requires it to end in CRLF and to match the Java regex
 * in full. The line is decoded as ISO-8859-1, so {@code \xHH} in the regex matches byte HH. The reply
 * must arrive quickly (under 1.5 s); the lines before the first {@code C:} (the greeting) are not timed.</li>
 * <li>{@code S:~ regex} is the same, but the reply must take at least the error delay (2.5 s, perdition's
 * 3-second sleep before errors).</li>
 * <li>{@code S:* regex} is the same, with no timing requirement.</li>
 * <li>{@code CLOSED} requires the server to close the connection (EOF, no further bytes) within 10 s.</li>
 * <li>{@code MAY-CLOSE} lets the server close from here on: if it does, the transcript ends there and
 * passes; every reply it does send must still match.</li>
 * </ul>
 * A reply is timed from the later of the last command sent and the previous reply line read.
 */
public final class Transcript {

    /** perdition sleeps 3 s before error replies; 2.5 s leaves room for clock and scheduling jitter. */
    public static final Duration PERDITION_ERROR_DELAY = Duration.ofMillis(2500);
    /** A reply that is not delayed must come sooner than this. */
    public static final Duration FAST_REPLY = Duration.ofMillis(1500);

    private static final String EXTENSION = ".transcript";

    private final String name;
    private final List<Step> steps;

    private Transcript(String name, List<Step> steps) {
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    /** Loads and parses a transcript from the test class path, e.g. {@code transcripts/pop3/quit.transcript}. */
    public static Transcript load(String classpathResource) {
        try (InputStream in = Transcript.class.getClassLoader().getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript on the class path: " + classpathResource);
            }
            return parse(classpathResource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathResource, e);
        }
    }

    /** The class path names of every {@code .transcript} in a class path directory, sorted. */
    public static List<String> list(String classpathDirectory) {
        URL url = Transcript.class.getClassLoader().getResource(classpathDirectory);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalArgumentException("no transcript directory on the class path: " + classpathDirectory);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(EXTENSION))
                    .sorted()
                    .map(file -> classpathDirectory + "/" + file)
                    .collect(Collectors.toList());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list " + url, e);
        }
    }

    /** Parses transcript text; {@code name} appears in error messages. */
    public static Transcript parse(String name, String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Step step = parseLine(name, i + 1, lines[i]);
            if (step != null) {
                steps.add(step);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(name + ": no directives");
        }
        return new Transcript(name, steps);
    }

    public String name() {
        return name;
    }

    /** Runs the dialogue with perdition's timing (delayed errors ≥ 2.5 s, other replies < 1.5 s). */
    public void run(String host, int port) {
        run(host, port, PERDITION_ERROR_DELAY);
    }

    /**
     * Runs the dialogue for a server whose error delay is shorter: {@code S:~} replies must take at least
     * {@code errorDelayThreshold}, plain {@code S:} replies less than it (and less than 1.5 s).
     * {@link Duration#ZERO} turns every timing check off.
     */
    public void run(String host, int port, Duration errorDelayThreshold) {
        try (TranscriptSession session = new TranscriptSession(name, host, port, errorDelayThreshold)) {
            for (Step step : steps) {
                if (!session.perform(step)) {
                    return;
                }
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static Step parseLine(String name, int number, String line) {
        if (line.isBlank() || line.startsWith("#")) {
            return null;
        }
        String where = name + ":" + number;
        if (line.equals("CLOSED")) {
            return new Step.Closed(number, line);
        }
        if (line.equals("MAY-CLOSE")) {
            return new Step.MayClose(number, line);
        }
        if (line.equals("C:") || line.startsWith("C: ")) {
            String text = line.length() > 3 ? line.substring(3) : "";
            return new Step.Send(number, line, (text + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (line.startsWith("C#: ")) {
            return new Step.Send(number, line, RawBytes.decode(where, line.substring(4)));
        }
        for (Step.Timing timing : Step.Timing.values()) {
            if (line.startsWith(timing.prefix)) {
                try {
                    Pattern regex = Pattern.compile(line.substring(timing.prefix.length()));
                    return new Step.Expect(number, line, regex, timing);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(where + ": bad regex: " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalArgumentException(where + ": not a directive (C:, C#:, S:, S:~, S:*, CLOSED, MAY-CLOSE): "
                + line);
    }

    /** The {@code C#:} escape language. */
    static final class RawBytes {

        private RawBytes() {
        }

        static byte[] decode(String where, String text) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\\') {
                    out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                if (++i >= text.length()) {
                    throw new IllegalArgumentException(where + ": lone backslash at the end");
                }
                char escape = text.charAt(i);
                switch (escape) {
                    case 'r' -> out.write('\r');
                    case 'n' -> out.write('\n');
                    case 't' -> out.write('\t');
                    case '0' -> out.write(0);
                    case '\\' -> out.write('\\');
                    case 'x' -> {
                        out.write(hexByte(where, text, i + 1));
                        i += 2;
                    }
                    case '{' -> {
                        int close = text.indexOf('}', i);
                        int colon = text.indexOf(':', i);
                        if (close < 0 || colon < 0 || colon > close) {
                            throw new IllegalArgumentException(where + ": repetition must read \\{N:text}");
                        }
                        int count = number(where, text.substring(i + 1, colon));
                        byte[] unit = text.substring(colon + 1, close).getBytes(StandardCharsets.UTF_8);
                        for (int n = 0; n < count; n++) {
                            out.writeBytes(unit);
                        }
                        i = close;
                    }
                    default -> throw new IllegalArgumentException(where + ": unknown escape \\" + escape);
                }
            }
            return out.toByteArray();
        }

        private static int hexByte(String where, String text, int at) {
            if (at + 2 > text.length()) {
                throw new IllegalArgumentException(where + ": \\x needs two hex digits");
            }
            try {
                return Integer.parseInt(text.substring(at, at + 2), 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": \\x needs two hex digits, not "
                        + text.substring(at, at + 2), e);
            }
        }

        private static int number(String where, String digits) {
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": repetition count is not a number: " + digits, e);
            }
        }
    }
}
