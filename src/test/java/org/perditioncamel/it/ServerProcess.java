package org.perditioncamel.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A foreground server child process: started, awaited on its ports, and stopped with its whole process tree. */
final class ServerProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int OUTPUT_TAIL_CHARS = 4000;

    private final String name;
    private final Process process;
    private final Path output;
    private final Thread shutdownHook;

    private ServerProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
        // A crashed or killed test JVM must not leave private servers running on the machine.
        this.shutdownHook = new Thread(this::stop, name + "-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code command} with stdout and stderr going to {@code output}, then waits until every
     * port listens; fails with the process output if it exits or the ports stay closed.
     */
    static ServerProcess start(String name, List<String> command, Path output, Duration startTimeout, int... ports) {
        return start(name, command, null, Map.of(), output, startTimeout, ports);
    }

    /** As above, in {@code directory} (null: ours) with {@code environment} added to ours. */
    static ServerProcess start(String name, List<String> command, Path directory, Map<String, String> environment,
            Path output, Duration startTimeout, int... ports) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + String.join(" ", command), e);
        }
        ServerProcess server = new ServerProcess(name, process, output);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!allListening(ports)) {
            if (!process.isAlive()) {
                server.close();
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " before listening: " + String.join(" ", command) + "\n" + server.outputTail());
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException(name + " did not listen on " + portList(ports) + " within "
                        + startTimeout.toSeconds() + " s: " + String.join(" ", command) + "\n" + server.outputTail());
            }
            sleep(50);
        }
        return server;
    }

    /** The process's combined stdout and stderr so far. */
    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last few thousand characters of the output, for failure messages. */
    String outputTail() {
        String all = output();
        return all.length() <= OUTPUT_TAIL_CHARS ? all : "…" + all.substring(all.length() - OUTPUT_TAIL_CHARS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as systemd's stop, without waiting: the caller watches what the process does next. */
    void terminate() {
        process.destroy();
    }

    /** Waits up to {@code limit} for the process to exit; true when it has. */
    boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, as a crash: no shutdown hook of the child runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing left to unregister
        }
    }

    private void stop() {
        // Collect the tree first: once the parent is gone its children are re-parented and lost to us.
        List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : tree) {
            child.destroyForcibly();
        }
    }

    private static boolean allListening(int[] ports) {
        for (int port : ports) {
            if (!LocalPorts.isListening(port)) {
                return false;
            }
        }
        return true;
    }

    private static String portList(int[] ports) {
        StringBuilder list = new StringBuilder();
        for (int port : ports) {
            list.append(list.length() == 0 ? "" : ", ").append(port);
        }
        return list.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server to start", e);
        }
    }
}
