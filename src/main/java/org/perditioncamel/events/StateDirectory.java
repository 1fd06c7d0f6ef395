package org.perditioncamel.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.perditioncamel.config.Settings;

/**
 * Where one instance keeps its state: {@code <state_directory>/<instance>/} (its outbox journal) and, shared by
 * every instance of the host, {@code <state_directory>/hub/} (the hub broker's journal) and the bridge secret.
 * The instance directory is locked for the life of the process, so a second instance with the same name fails at
 * once with one line instead of waiting for a journal lock (the hang of issue 12).
 */
public final class StateDirectory implements AutoCloseable {
    /** perdition-like default, used when it is (or can be made) writable. */
    public static final Path SYSTEM_ROOT = Path.of("/var/lib/perdition-camel");
    /** Fallback for an unprivileged run from a source tree: under the working directory, as var/artemis was. */
    public static final Path FALLBACK_ROOT = Path.of("var/state");
    static final String SECRET_FILE = "bridge.secret";
    /** inetd_mode outboxes: systemd's default MaxConnections= for a socket with Accept=yes. */
    static final int INETD_SLOTS = 64;

    private final Path root;
    private final String instance;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StateDirectory(Path root, String instance, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.instance = instance;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates and locks {@code <root>/<instance>}; an instance that holds it already makes this throw
     * IllegalArgumentException (the launcher's exit status 2) with a message that says what to change.
     */
    public static StateDirectory open(Path root, String instance) {
        Path dir = root.resolve(instance);
        FileChannel channel = null;
        try {
            // journals hold user names and client addresses: only the proxies' user reads them; others may reach
            // the root's public files (hub-cert.pem) by name
            createPrivate(root, "rwx--x--x");
            createPrivate(dir, "rwx------");
            createPrivate(root.resolve("hub"), "rwx------");
            channel = FileChannel.open(dir.resolve("instance.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new IllegalArgumentException("state directory " + dir.toAbsolutePath() + " is in use by another"
                        + " perdition-camel instance; give this one its own name with instance_name, or its own"
                        + " state_directory");
            }
            return new StateDirectory(root, instance, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalArgumentException("cannot use state directory " + dir.toAbsolutePath() + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Locks a directory an instance was given for itself outside its state directory (events.data_dir) for the life
     * of the process: a second instance given the same one stops at once, as with a shared instance name. Returns what
     * releases it.
     */
    public static Runnable lockOwn(Path dir, String key) {
        FileChannel channel = null;
        try {
            createPrivate(dir, "rwx------");
            channel = FileChannel.open(dir.resolve("instance.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new IllegalArgumentException(key + " " + dir.toAbsolutePath() + " is in use by another"
                        + " perdition-camel instance; give each instance its own");
            }
            FileChannel held = channel;
            return () -> closeQuietly(held);   // closing the channel releases its lock
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalArgumentException("cannot use " + key + " " + dir.toAbsolutePath() + ": " + reason(e), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** What went wrong with a directory, as an operator reads it (a file in the way says which). */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null
                && Files.exists(Path.of(fs.getFile())) && !Files.isDirectory(Path.of(fs.getFile()))) {
            return fs.getFile() + " is not a directory";
        }
        return e.toString();
    }

    /** Made with these permissions when missing (its parents as the umask says); an existing one is left as it is. */
    private static void createPrivate(Path dir, String permissions) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir);
            permit(dir, permissions);   // set, not asked of mkdir: the umask would take bits off
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) {
                throw raced;
            }
        }
    }

    /**
     * inetd_mode starts one process per connection, all with the same instance name: each takes the first free
     * {@code <instance>.inetd-N}, so a later process reuses the outbox of an ended one (and delivers what it left).
     */
    public static StateDirectory openInetdSlot(Path root, String instance) {
        IllegalArgumentException busy = null;
        for (int n = 1; n <= INETD_SLOTS; n++) {
            try {
                return open(root, instance + ".inetd-" + n);
            } catch (IllegalArgumentException e) {
                if (e.getCause() != null) {
                    throw e;            // not a lock held by another process: a directory we cannot use
                }
                busy = e;
            }
        }
        throw new IllegalArgumentException("all " + INETD_SLOTS + " inetd_mode state directories " + instance
                + ".inetd-N are in use: limit the sessions at once in inetd (or the socket unit's MaxConnections=)",
                busy);
    }

    /** The root: state_directory, else /var/lib/perdition-camel where writable, else var/state. */
    public static Path root(Settings settings) {
        return settings.nonEmpty("state_directory").map(Path::of).orElseGet(StateDirectory::defaultRoot);
    }

    static Path defaultRoot() {
        if (Files.isDirectory(SYSTEM_ROOT) ? Files.isWritable(SYSTEM_ROOT) : Files.isWritable(SYSTEM_ROOT.getParent())) {
            return SYSTEM_ROOT;
        }
        return FALLBACK_ROOT;
    }

    /**
     * instance_name, else the name perdition was invoked as (perdition.pop3, perdition.imaps, …); a bare
     * "perdition" gets its protocols appended, so {@code perdition -P IMAP4} and {@code perdition -P POP3} differ.
     */
    public static String instanceName(Settings settings, String invokedAs) {
        String name = settings.nonEmpty("instance_name").orElseGet(() -> {
            String base = Path.of(invokedAs.isBlank() ? "perdition" : invokedAs.trim()).getFileName().toString();
            if (base.contains(".")) {
                return base;
            }
            List<String> listeners = settings.list("listeners");
            String protocols = listeners.isEmpty() ? settings.string("protocol", "pop3") : String.join("+", listeners);
            return base + "." + protocols.toLowerCase(Locale.ROOT);
        });
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._+-]*") || name.equals("hub")) {
            throw new IllegalArgumentException("instance_name must be letters, digits, '.', '_', '+' or '-' and not"
                    + " \"hub\": " + name);
        }
        return name;
    }

    public Path root() {
        return root;
    }

    public String instance() {
        return instance;
    }

    /** This instance's own directory. */
    public Path instanceDir() {
        return root.resolve(instance);
    }

    /** The hub broker's journal, shared by the instances of this state directory. */
    public Path hubDir() {
        return root.resolve("hub");
    }

    /**
     * The password the bridges use towards the hub: random, made by the first instance, read by the others (same
     * user, mode 600), so no operator has to configure it.
     */
    public String bridgeSecret() {
        Path file = root.resolve(SECRET_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                Path temp = Files.createTempFile(root, ".secret", ".tmp");
                try {
                    restrict(temp);
                    try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(temp,
                            java.nio.file.StandardOpenOption.WRITE)) {
                        out.write(java.nio.ByteBuffer.wrap((HexFormat.of().formatHex(random) + "\n")
                                .getBytes(StandardCharsets.US_ASCII)));
                        out.force(true);   // on disk before it is linked: a power loss must not leave it empty
                    }
                    // link, not move: of two instances starting together, the first one's secret stays
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException raced) {
                    // another instance was quicker; its secret is the one
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (secret.length() < 16) {
                // an empty or cut secret would let a client with that password publish events as a bridge
                throw new IllegalStateException(file + " holds no usable secret (" + secret.length() + " characters);"
                        + " stop every instance of this state directory, remove the file and start them again");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close below releases it too
        }
        closeQuietly(lockChannel);
    }

    /** The lock, or null when another process holds it (or, in tests, another instance in this JVM). */
    static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        }
    }

    /** Owner-only on POSIX file systems; elsewhere the file system's own permissions apply. */
    static void restrict(Path file) throws IOException {
        permit(file, "rw-------");
    }

    static void permit(Path file, String permissions) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
