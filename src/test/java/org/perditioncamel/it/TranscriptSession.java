package org.perditioncamel.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One run of a {@link Transcript} over one TCP connection, keeping what was said for failure messages. */
final class TranscriptSession implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MIN_READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_LINE = 64 * 1024;
    private static final int SHOWN_CHARS = 200;

    private final String name;
    private final Duration delayed;
    private final Duration fast;
    private final Duration readTimeout;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ExecutorService writer;
    private final StringBuilder dialogue = new StringBuilder();
    private boolean sentCommand;
    private boolean mayClose;
    private long lastEvent;

    TranscriptSession(String name, String host, int port, Duration errorDelayThreshold) {
        this.name = name;
        this.delayed = errorDelayThreshold;
        this.fast = errorDelayThreshold.compareTo(Transcript.FAST_REPLY) < 0 ? errorDelayThreshold
                : Transcript.FAST_REPLY;
        Duration scaled = errorDelayThreshold.multipliedBy(3);
        this.readTimeout = scaled.compareTo(MIN_READ_TIMEOUT) > 0 ? scaled : MIN_READ_TIMEOUT;
        this.socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            close();
            throw new AssertionError(name + ": cannot connect to " + host + ":" + port + ": " + e, e);
        }
        writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "transcript-writer");
            thread.setDaemon(true);
            return thread;
        });
        lastEvent = System.nanoTime();
    }

    /** Performs one step; false when the server closed after {@code MAY-CLOSE} and the run is over. */
    boolean perform(Step step) {
        if (step instanceof Step.Send send) {
            return send(send);
        }
        if (step instanceof Step.Expect expect) {
            return expect(expect);
        }
        if (step instanceof Step.Closed closed) {
            expectClosed(closed);
            return true;
        }
        mayClose = true;
        return true;
    }

    private boolean send(Step.Send send) {
        Future<?> write = writer.submit(() -> {
            out.write(send.bytes());
            out.flush();
            return null;
        });
        try {
            // A server that stops reading would block a plain write forever.
            write.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (mayClose) {
                return false;
            }
            throw fail(send, "could not send (" + e.getCause() + ")");
        } catch (TimeoutException e) {
            throw fail(send, "could not send within " + seconds(WRITE_TIMEOUT) + ": the server stopped reading");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(send, "interrupted while sending");
        }
        dialogue.append("  ").append(shown(send.source())).append('\n');
        sentCommand = true;
        lastEvent = System.nanoTime();
        return true;
    }

    private boolean expect(Step.Expect expect) {
        long since = lastEvent;
        byte[] reply;
        try {
            reply = readLine(expect);
        } catch (IOException e) {
            if (mayClose) {
                return false;
            }
            throw fail(expect, "connection failed while reading: " + e);
        }
        long took = System.nanoTime() - since;
        lastEvent = System.nanoTime();
        if (reply == null) {
            if (mayClose) {
                return false;
            }
            throw fail(expect, "the server closed the connection after " + seconds(took));
        }
        String line = new String(reply, StandardCharsets.ISO_8859_1);
        dialogue.append("  S: ").append(shown(line)).append('\n');
        if (!expect.regex().matcher(line).matches()) {
            throw fail(expect, "got \"" + shown(line) + "\" after " + seconds(took));
        }
        checkTiming(expect, took, line);
        return true;
    }

    private void checkTiming(Step.Expect expect, long took, String line) {
        if (!sentCommand || delayed.isZero()) {
            return;
        }
        if (expect.timing() == Step.Timing.DELAYED && took < delayed.toNanos()) {
            throw fail(expect, "the reply \"" + shown(line) + "\" came after " + seconds(took)
                    + "; an error reply must be delayed by at least " + seconds(delayed));
        }
        if (expect.timing() == Step.Timing.FAST && took >= fast.toNanos()) {
            throw fail(expect, "the reply \"" + shown(line) + "\" came after " + seconds(took)
                    + "; it must come within " + seconds(fast) + " (write S:~ for a delayed reply)");
        }
    }

    private void expectClosed(Step.Closed closed) {
        try {
            byte[] reply = readLine(closed);
            if (reply != null) {
                String line = new String(reply, StandardCharsets.ISO_8859_1);
                dialogue.append("  S: ").append(shown(line)).append('\n');
                throw fail(closed, "the server sent \"" + shown(line) + "\" instead of closing");
            }
        } catch (IOException e) {
            throw fail(closed, "the connection failed instead of closing cleanly: " + e);
        }
        dialogue.append("  (closed)\n");
    }

    /** Reads one CRLF-terminated line without its CRLF; null on EOF before any byte. */
    private byte[] readLine(Step step) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + readTimeout.toNanos();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw timeout(step, line);
            }
            socket.setSoTimeout((int) left);
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw timeout(step, line);
            }
            if (b < 0) {
                if (line.size() > 0) {
                    throw fail(step, "the server closed the connection in the middle of a line: \""
                            + shown(line.toString(StandardCharsets.ISO_8859_1)) + "\"");
                }
                return null;
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
                    throw fail(step, "reply line ends in a bare LF, not CRLF: \""
                            + shown(new String(bytes, StandardCharsets.ISO_8859_1)) + "\"");
                }
                return Arrays.copyOf(bytes, bytes.length - 1);
            }
            line.write(b);
            if (line.size() > MAX_LINE) {
                throw fail(step, "reply line longer than " + MAX_LINE + " bytes without CRLF: \""
                        + shown(line.toString(StandardCharsets.ISO_8859_1)) + "\"");
            }
        }
    }

    private AssertionError timeout(Step step, ByteArrayOutputStream partial) {
        String got = partial.size() == 0 ? "nothing" : "only \"" + shown(partial.toString(StandardCharsets.ISO_8859_1))
                + "\" without CRLF";
        return fail(step, "got " + got + " within " + seconds(readTimeout));
    }

    private AssertionError fail(Step step, String problem) {
        return new AssertionError(name + ":" + step.line() + ": expected " + shown(step.source()) + "\n  but "
                + problem + "\n  dialogue so far:\n" + dialogue);
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.shutdownNow();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // the run's outcome is already decided
        }
    }

    /** Printable form: control and 8-bit bytes as \xHH, long text cut. */
    static String shown(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && shown.length() < SHOWN_CHARS; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e && c <= 0xff) {
                shown.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                shown.append(c);
            }
        }
        if (shown.length() >= SHOWN_CHARS) {
            shown.append("… (").append(text.length()).append(" chars)");
        }
        return shown.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    private static String seconds(Duration duration) {
        return seconds(duration.toNanos());
    }
}
