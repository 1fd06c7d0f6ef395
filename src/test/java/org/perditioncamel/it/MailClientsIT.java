package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.RunningProxy;

/**
 * The mail clients our users run (fetchmail, getmail6, offlineimap) fetching through the proxy from a real Dovecot
 * into their own local store, configured as an operator would for a proxy without TLS.
 *
 * <p>neomutt is left out: it reads mail only in its full-screen UI, so driving it means a pseudo-terminal and pushed
 * keystrokes, which is not a robust test.
 */
class MailClientsIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    static RunningProxy pop3;
    static RunningProxy imap;

    /** Each test's rc file, client state and local store; JUnit deletes it afterwards. */
    @TempDir
    Path dir;

    @BeforeAll
    static void startProxies() throws Exception {
        pop3 = RunningProxy.start(Map.of("outgoing_server", DOVECOT.host() + ":" + DOVECOT.pop3Port()));
        imap = RunningProxy.start(Map.of("protocol", "IMAP4",
                "outgoing_server", DOVECOT.host() + ":" + DOVECOT.imapPort()));
    }

    @AfterAll
    static void stopProxies() {
        pop3.close();
        imap.close();
    }

    @Test
    void fetchmailOverPop3ShouldDeliverTheMessage() throws Exception {
        String body = deliver("bob", "fetchmail POP3");
        assertThat(read(fetchmail("POP3", pop3.port(), "bob"))).contains(body);
    }

    @Test
    void fetchmailOverImapShouldDeliverTheMessage() throws Exception {
        String body = deliver("bob", "fetchmail IMAP");
        assertThat(read(fetchmail("IMAP", imap.port(), "bob"))).contains(body);
    }

    @Test
    void getmailOverPop3ShouldDeliverTheMessage() throws Exception {
        String body = deliver("carol@example.com", "getmail POP3");
        assertThat(read(getmail("SimplePOP3Retriever", pop3.port(), "carol@example.com"))).contains(body);
    }

    @Test
    void getmailOverImapShouldDeliverTheMessage() throws Exception {
        String body = deliver("carol@example.com", "getmail IMAP");
        assertThat(read(getmail("SimpleIMAPRetriever", imap.port(), "carol@example.com"))).contains(body);
    }

    @Test
    void offlineimapShouldSyncTheInboxIntoAMaildir() throws Exception {
        String body = deliver("alice", "offlineimap");
        Path mail = dir.resolve("mail");
        Path rc = write("offlineimaprc",
                "[general]", "accounts = proxy", "metadata = " + dir.resolve("metadata"), "",
                "[Account proxy]", "localrepository = local", "remoterepository = remote", "",
                "[Repository local]", "type = Maildir", "localfolders = " + mail, "",
                "[Repository remote]", "type = IMAP", "remotehost = 127.0.0.1", "remoteport = " + imap.port(),
                "remoteuser = alice", "remotepass = " + password("alice"),
                // offlineimap's default is IMAPS, and it refuses that without a CA or fingerprint
                "ssl = no", "readonly = true", "folderfilter = lambda folder: folder == 'INBOX'");
        run("offlineimap", "-c", rc.toString(), "-o", "-u", "basic");
        assertThat(read(mail.resolve("INBOX"))).contains(body);
    }

    /** Polls once with fetchall (POP3 RETR elsewhere may have set \Seen) and keep; returns the mbox the MDA wrote. */
    private Path fetchmail(String protocol, int port, String user) throws IOException {
        Path mbox = dir.resolve("mbox");
        Path rc = write("fetchmailrc",
                "poll 127.0.0.1 service " + port + " protocol " + protocol + " auth password",
                "  user \"" + user + "\" password \"" + password(user) + "\"",
                // fetchmail 6.4 sends STLS/STARTTLS even unadvertised and gives up when refused (by Dovecot
                // without TLS too); '' turns STARTTLS off, as an operator must for a plaintext proxy
                "  sslproto ''",
                "  fetchall keep mda \"cat >> " + mbox + "\"");
        // fetchmail refuses an rc file others can read
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        // its own id and pid files: the defaults are in $HOME (or /var/run as root), shared with a real fetchmail
        run("fetchmail", "-v", "-f", rc.toString(), "-i", dir.resolve("fetchids").toString(),
                "--pidfile", dir.resolve("fetchmail.pid").toString());
        return mbox;
    }

    /** Runs getmail once with read_all and no delete; returns the Maildir it delivered to. */
    private Path getmail(String retriever, int port, String user) throws IOException {
        Path maildir = dir.resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        // getmail refuses to deliver as root (CI runs as root): there it delivers as nobody, into a tree nobody owns
        String deliverAs = "";
        if ("root".equals(System.getProperty("user.name"))) {
            deliverAs = "user = nobody";
            UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            for (Path path : List.of(dir, maildir, maildir.resolve("cur"), maildir.resolve("new"), maildir.resolve("tmp"))) {
                Files.setOwner(path, nobody);
            }
        }
        write("getmailrc",
                "[retriever]", "type = " + retriever, "server = 127.0.0.1", "port = " + port,
                "username = " + user, "password = " + password(user), "",
                "[destination]", "type = Maildir", "path = " + maildir + "/", deliverAs, "",
                "[options]", "read_all = true", "delete = false");
        run("getmail", "--getmaildir", dir.toString(), "--rcfile", "getmailrc");
        return maildir;
    }

    /** Delivers a message whose body line is unique to this test, and returns that line. */
    private static String deliver(String user, String client) {
        String body = "for " + client + " through the proxy " + UUID.randomUUID();
        DOVECOT.deliver(user, ("From: it@example.com\r\nTo: " + user + "\r\nSubject: " + client + "\r\n\r\n" + body
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return body;
    }

    private static String password(String user) {
        return DOVECOT.users().get(user);
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static void run(String... command) {
        RealClients.Result r = RealClients.run(List.of(command), RealClients.TIMEOUT, null);
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    /** A file, or every file under a directory (a Maildir), as one string; empty if nothing was written. */
    private static String read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(path)) {
            StringBuilder all = new StringBuilder();
            files.filter(Files::isRegularFile).sorted().forEach(file -> {
                try {
                    all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return all.toString();
        }
    }
}
