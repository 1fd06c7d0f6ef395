package org.perditioncamel.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private Dovecot 2.3 (POP3, IMAP, ManageSieve) on 127.0.0.1 free ports, with the reference test users,
 * started from a generated config under {@code target/dovecot-<random>/}.
 *
 * <p>Use as {@code @RegisterExtension static DovecotServer dovecot = new DovecotServer();} or with
 * {@link #start()} and {@link #close()}.
 */
public final class DovecotServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    // Unix socket paths are limited to 107 bytes; Dovecot's longest socket name under base_dir is about 30.
    private static final int MAX_BASE_DIR_LENGTH = 70;
    private static final int LARGE_MESSAGE_LINE = 76;
    private static final Map<String, String> USERS = users("alice", "secret", "bob", "pa ss word",
            "carol@example.com", "cpw", "dave", "dpw");
    /** A master user (Dovecot's "master = yes" passdb): SASL PLAIN with authzid X, authcid admin logs in as X. */
    static final String MASTER_USER = "admin";
    static final String MASTER_PASSWORD = "adminpw";

    private final AtomicLong deliveries = new AtomicLong();
    private final StringBuilder extraConfig = new StringBuilder();
    private Path dir;
    private Path logFile;
    private int pop3Port;
    private int imapPort;
    private int sievePort;
    private MailOwner owner;
    private ServerProcess process;

    /**
     * Appends Dovecot settings after the generated ones (later settings win in Dovecot), for example
     * {@code ssl = yes} with {@code ssl_cert}/{@code ssl_key} for TLS tests. Call before start.
     */
    public DovecotServer withExtraConfig(String settings) {
        extraConfig.append(settings).append('\n');
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Writes the config and maildirs, starts {@code dovecot -F} and waits until all three ports listen. */
    public synchronized DovecotServer start() {
        if (process != null) {
            return this;
        }
        if (!Files.isExecutable(DOVECOT)) {
            throw new IllegalStateException(DOVECOT + " is not installed: install dovecot-imapd dovecot-pop3d "
                    + "dovecot-managesieved dovecot-sieve (.ci/run does this)");
        }
        try {
            dir = Files.createDirectories(Path.of("target").toAbsolutePath()
                    .resolve("dovecot-" + UUID.randomUUID().toString().substring(0, 8)));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            logFile = dir.resolve("dovecot.log");
            owner = MailOwner.forCurrentUser(dir);
            int[] ports = LocalPorts.free(3);
            pop3Port = ports[0];
            imapPort = ports[1];
            sievePort = ports[2];
            Path passwd = dir.resolve("users");
            Files.writeString(passwd, passwdFile(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("master-users"), MASTER_USER + ":{PLAIN}" + MASTER_PASSWORD + ":::::\n",
                    StandardCharsets.UTF_8);
            for (String user : USERS.keySet()) {
                createMaildir(user);
            }
            Path config = dir.resolve("dovecot.conf");
            Files.writeString(config, config(passwd, baseDir()), StandardCharsets.UTF_8);
            process = ServerProcess.start("dovecot", List.of(DOVECOT.toString(), "-F", "-c", config.toString()),
                    dir.resolve("dovecot.out"), START_TIMEOUT, pop3Port, imapPort, sievePort);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the private Dovecot under " + dir, e);
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

    public int pop3Port() {
        return pop3Port;
    }

    public int imapPort() {
        return imapPort;
    }

    public int sievePort() {
        return sievePort;
    }

    /** Dovecot's log file (logins, auth failures, errors). */
    public Path logFile() {
        return logFile;
    }

    /** The log so far, or an empty string before the first line. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's directory (config, passwd file, homes). */
    public Path directory() {
        return dir;
    }

    /** User name to password, in the order alice, bob, carol@example.com. */
    public Map<String, String> users() {
        return USERS;
    }

    /** The user's home; the mailbox is its {@code Maildir}. */
    public Path home(String user) {
        requireUser(user);
        return dir.resolve("home").resolve(user);
    }

    /**
     * Puts a message into the user's Maildir/new atomically (written in tmp, then renamed), so a
     * concurrent POP3 session never sees half a message. Returns the delivered file.
     */
    public Path deliver(String user, byte[] rfc822) {
        Path maildir = home(user).resolve("Maildir");
        String name = System.currentTimeMillis() / 1000 + ".M" + System.nanoTime() / 1000 + "Q"
                + deliveries.incrementAndGet() + ".perdition-it";
        try {
            Path tmp = Files.write(maildir.resolve("tmp").resolve(name), rfc822);
            owner.own(tmp);
            return Files.move(tmp, maildir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deliver to " + maildir, e);
        }
    }

    /**
     * Delivers a message of exactly {@code bytes} bytes with CRLF lines of at most 77 bytes (python's
     * poplib refuses lines over 2048) and some lines starting with a dot (POP3 dot-stuffing), and
     * returns the bytes written, which a POP3 RETR must reproduce.
     */
    public byte[] deliverLargeMessage(String user, int bytes) {
        String header = "From: it@example.com\r\nTo: " + user + "\r\nSubject: large message of " + bytes
                + " bytes\r\nMessage-ID: <" + UUID.randomUUID() + "@perdition-it>\r\n\r\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        int body = bytes - head.length;
        int lines = body / LARGE_MESSAGE_LINE;
        int rest = body % LARGE_MESSAGE_LINE;
        if (body < 2 || lines == 0 && rest < 2) {
            throw new IllegalArgumentException("a large message needs more than " + (head.length + 1) + " bytes");
        }
        byte[] message = new byte[bytes];
        System.arraycopy(head, 0, message, 0, head.length);
        int at = head.length;
        for (int i = 0; i < lines; i++) {
            // A remainder of one byte cannot form a line of its own, so the first line takes it.
            int length = LARGE_MESSAGE_LINE - 2 + (i == 0 && rest == 1 ? 1 : 0);
            at = fillLine(message, at, length, i);
        }
        if (rest >= 2) {
            at = fillLine(message, at, rest - 2, lines);
        }
        if (at != bytes) {
            throw new IllegalStateException("large message is " + at + " bytes, not " + bytes);
        }
        deliver(user, message);
        return message;
    }

    private static int fillLine(byte[] message, int at, int length, int lineNumber) {
        String prefix = lineNumber % 1000 == 7 ? "." : "";
        String number = prefix + lineNumber + " ";
        for (int i = 0; i < length; i++) {
            message[at + i] = i < number.length() ? (byte) number.charAt(i) : (byte) ('a' + (lineNumber + i) % 26);
        }
        message[at + length] = '\r';
        message[at + length + 1] = '\n';
        return at + length + 2;
    }

    private void createMaildir(String user) throws IOException {
        Path home = dir.resolve("home").resolve(user);
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(home.resolve("Maildir").resolve(sub));
        }
        try (Stream<Path> paths = Files.walk(dir.resolve("home"))) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                owner.own(path);
            }
        }
    }

    private Path baseDir() throws IOException {
        Path run = dir.resolve("run");
        if (run.toString().length() <= MAX_BASE_DIR_LENGTH) {
            return run;
        }
        return Files.createTempDirectory("dovecot-run-");
    }

    private String passwdFile() {
        StringBuilder passwd = new StringBuilder();
        // passwd-file fields are colon separated; spaces in a password are taken literally.
        USERS.forEach((user, password) -> passwd.append(user).append(":{PLAIN}").append(password)
                .append(":::::\n"));
        return passwd.toString();
    }

    private String config(Path passwd, Path baseDir) {
        return String.join("\n",
                "# Generated by DovecotServer for one test class; nothing here is system-wide.",
                "base_dir = " + baseDir,
                "state_dir = " + dir.resolve("state"),
                "instance_name = " + dir.getFileName(),
                "log_path = " + logFile,
                "protocols = pop3 imap sieve",
                "listen = 127.0.0.1",
                "ssl = no",
                "disable_plaintext_auth = no",
                "auth_mechanisms = plain login",
                "auth_verbose = yes",
                // Dovecot's own failure delay and anvil's per-IP penalty would add seconds to perdition's
                // 3-second delay and slow later successful logins from 127.0.0.1; timing tests need neither.
                "auth_failure_delay = 0",
                "login_trusted_networks = 127.0.0.0/8",
                "mail_location = maildir:~/Maildir",
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN " + dir.resolve("master-users"),
                "  master = yes",
                "}",
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN " + passwd,
                "}",
                "userdb {",
                "  driver = passwd-file",
                "  args = " + passwd,
                "  default_fields = home=" + dir.resolve("home") + "/%u",
                "}",
                // Without this socket the auth process skips the penalty (a stale socket file would make it
                // retry for 5 s instead, which is one reason every instance gets a fresh directory).
                "service anvil {",
                "  unix_listener anvil-auth-penalty {",
                "    mode = 0",
                "  }",
                "}",
                "service pop3-login {",
                "  inet_listener pop3 {",
                "    address = 127.0.0.1",
                "    port = " + pop3Port,
                "  }",
                "  inet_listener pop3s {",
                "    port = 0",
                "  }",
                "}",
                "service imap-login {",
                "  inet_listener imap {",
                "    address = 127.0.0.1",
                "    port = " + imapPort,
                "  }",
                "  inet_listener imaps {",
                "    port = 0",
                "  }",
                "}",
                "service managesieve-login {",
                "  inet_listener sieve {",
                "    address = 127.0.0.1",
                "    port = " + sievePort,
                "  }",
                "}",
                "plugin {",
                "  sieve = file:~/sieve;active=~/.dovecot.sieve",
                "}",
                owner.settings(),
                extraConfig.toString());
    }

    private static void requireUser(String user) {
        if (!USERS.containsKey(user)) {
            throw new IllegalArgumentException("no such test user: " + user + " (have " + USERS.keySet() + ")");
        }
    }

    private static Map<String, String> users(String... userPasswordPairs) {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < userPasswordPairs.length; i += 2) {
            users.put(userPasswordPairs[i], userPasswordPairs[i + 1]);
        }
        return Collections.unmodifiableMap(users);
    }

    /** Who owns the mail: Dovecot refuses uid 0 for mail access, so a root run hands the homes to nobody. */
    private static final class MailOwner {

        private final UserPrincipal user;
        private final GroupPrincipal group;
        private final String settings;

        private MailOwner(UserPrincipal user, GroupPrincipal group, String settings) {
            this.user = user;
            this.group = group;
            this.settings = settings;
        }

        static MailOwner forCurrentUser(Path ownDirectory) throws IOException {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (uid != 0) {
                // Unprivileged: every Dovecot process and the mail belong to whoever runs the tests, and
                // nothing may chroot. Checked by hand with runuser -u nobody, not in CI (which runs as root).
                String user = System.getProperty("user.name");
                String group = Files.readAttributes(ownDirectory, PosixFileAttributes.class).group().getName();
                return new MailOwner(null, null, String.join("\n",
                        "default_internal_user = " + user,
                        "default_login_user = " + user,
                        "default_internal_group = " + group,
                        "service anvil {\n  chroot =\n}",
                        "service pop3-login {\n  chroot =\n}",
                        "service imap-login {\n  chroot =\n}",
                        "service managesieve-login {\n  chroot =\n}"));
            }
            UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
            return new MailOwner(lookup.lookupPrincipalByName("nobody"),
                    lookup.lookupPrincipalByGroupName("nogroup"), "mail_uid = nobody\nmail_gid = nogroup");
        }

        String settings() {
            return settings;
        }

        void own(Path path) throws IOException {
            if (user != null) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }
}
