package org.perditioncamel.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real perdition 2.2 binary, in the foreground on a free 127.0.0.1 port, logging to a captured file,
 * with no config file and no popmap, so every login goes to one backend (normally a {@link DovecotServer}).
 *
 * <p>Register it after the backend: {@code @RegisterExtension @Order(2) static PerditionReference perdition =
 * PerditionReference.pop3(dovecot);}. The backend port is read when perdition starts.
 */
public final class PerditionReference implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final Path SBIN = Path.of("/usr/sbin");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final String binary;
    private final IntSupplier backendPort;
    private final List<String> extraArgs;
    private Path logFile;
    private int port;
    private List<String> command;
    private ServerProcess process;

    private PerditionReference(String binary, IntSupplier backendPort, List<String> extraArgs) {
        this.binary = binary;
        this.backendPort = backendPort;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** {@code perdition.pop3} in front of the backend's POP3 port; extra options are appended as given. */
    public static PerditionReference pop3(DovecotServer backend, String... extraArgs) {
        return new PerditionReference("perdition.pop3", backend::pop3Port, List.of(extraArgs));
    }

    /** {@code perdition.imap4} in front of the backend's IMAP port. */
    public static PerditionReference imap4(DovecotServer backend, String... extraArgs) {
        return new PerditionReference("perdition.imap4", backend::imapPort, List.of(extraArgs));
    }

    /** {@code perdition.managesieve} in front of the backend's ManageSieve port. */
    public static PerditionReference manageSieve(DovecotServer backend, String... extraArgs) {
        return new PerditionReference("perdition.managesieve", backend::sievePort, List.of(extraArgs));
    }

    /** Any invocation name (the protocol follows from it) in front of an arbitrary backend port. */
    public static PerditionReference of(String binary, IntSupplier backendPort, String... extraArgs) {
        return new PerditionReference(binary, backendPort, List.of(extraArgs));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts perdition and waits (bounded) until it listens; fails with its output if it does not. */
    public synchronized PerditionReference start() {
        if (process != null) {
            return this;
        }
        Path executable = SBIN.resolve(binary);
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is not installed: install the Debian package perdition "
                    + "(.ci/run does this)");
        }
        try {
            Path dir = Files.createDirectories(Path.of("target").toAbsolutePath()
                    .resolve("perdition-" + UUID.randomUUID().toString().substring(0, 8)));
            logFile = dir.resolve(binary + ".log");
            port = LocalPorts.free(1)[0];
            command = command(executable);
            process = ServerProcess.start(binary, command, logFile, START_TIMEOUT, port);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare perdition's directory", e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    public String host() {
        return LocalPorts.HOST;
    }

    public int port() {
        return port;
    }

    /** The command line perdition was started with, for failure messages. */
    public List<String> command() {
        return command;
    }

    /** Where perdition's log lines (stderr, {@code -F +}) go. */
    public Path logFile() {
        return logFile;
    }

    /** perdition's log so far. */
    public String log() {
        return process == null ? readLog() : process.output();
    }

    private String readLog() {
        try {
            return logFile != null && Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> command(Path executable) throws IOException {
        List<String> args = new ArrayList<>(List.of(executable.toString(),
                "--no_daemon",
                // "+" is stderr, which also keeps perdition from detaching.
                "-F", "+",
                // No config file, no popmap and no pid file: only this command line counts.
                "-f", "",
                "-M", "",
                "--pid_file", "",
                "--bind_address", LocalPorts.HOST,
                "--listen_port", Integer.toString(port),
                "--outgoing_server", LocalPorts.HOST + ":" + backendPort.getAsInt()));
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0) {
            // perdition setuids to nobody/nogroup by default, which only root may do.
            int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            args.addAll(List.of("-u", Integer.toString(uid), "-g", Integer.toString(gid)));
        }
        args.addAll(extraArgs);
        return args;
    }
}
