package org.perditioncamel.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.RunningProxy;

/**
 * A private Postfix (Debian's postfix package) on a loopback port, configured in a temporary directory: it relays
 * only what the policy service at policyPort answers OK for, and delivers everything to the discard transport.
 * Started with {@code postfix -c <dir> start} as root, stopped (and its directory removed) by close().
 */
final class PrivatePostfix implements AutoCloseable {
    private final Path dir;
    private final int smtpPort;

    private PrivatePostfix(Path dir, int smtpPort) {
        this.dir = dir;
        this.smtpPort = smtpPort;
    }

    static PrivatePostfix start(int policyPort) throws Exception {
        // what docs/pop-before-smtp.md tells an operator to write
        return start("check_policy_service inet:127.0.0.1:" + policyPort + ", reject", Map.of());
    }

    /**
     * A Postfix relaying what relayRestrictions permit; confFiles (name → content, e.g. a pgsql: table's .cf) are
     * written into its configuration directory, which {conf} in relayRestrictions names.
     */
    static PrivatePostfix start(String relayRestrictions, Map<String, String> confFiles) throws Exception {
        Path dir = Files.createTempDirectory("postfix-");
        // the postfix user walks these paths
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("queue"));
        run("chown", "postfix", data.toString());
        int smtpPort = FreePorts.one();
        Files.writeString(conf.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + dir.resolve("queue"),
                "data_directory = " + data,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = smtp.test.invalid",
                "mydestination =",
                "mynetworks = 127.0.0.1/32",
                "alias_maps =",
                "alias_database =",
                "default_transport = discard",
                "relay_transport = discard",
                "maillog_file = " + dir.resolve("maillog"),
                "maillog_file_prefixes = " + dir,
                "smtpd_relay_restrictions = " + relayRestrictions.replace("{conf}", conf.toString()),
                ""));
        for (Map.Entry<String, String> file : confFiles.entrySet()) {
            Files.writeString(conf.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(conf.resolve("master.cf"), String.join("\n",
                "127.0.0.1:" + smtpPort + " inet n - n - - smtpd",
                "pickup unix n - n 60 1 pickup",
                "cleanup unix n - n - 0 cleanup",
                "qmgr unix n - n 300 1 qmgr",
                "rewrite unix - - n - - trivial-rewrite",
                "bounce unix - - n - 0 bounce",
                "defer unix - - n - 0 bounce",
                "trace unix - - n - 0 bounce",
                "verify unix - - n - 1 verify",
                "flush unix n - n 1000 0 flush",
                "proxymap unix - - n - - proxymap",
                "smtp unix - - n - - smtp",
                "showq unix n - n - - showq",
                "error unix - - n - - error",
                "retry unix - - n - - error",
                "discard unix - - n - - discard",
                "anvil unix - - n - 1 anvil",
                "scache unix - - n - 1 scache",
                "postlog unix-dgram n - n - 1 postlogd",
                ""));
        PrivatePostfix postfix = new PrivatePostfix(dir, smtpPort);
        try {
            run("postfix", "-c", conf.toString(), "start");
            RunningProxy.waitForPort(smtpPort);
        } catch (Exception | AssertionError e) {
            postfix.close();
            throw new IllegalStateException("private Postfix did not start; its log:\n" + postfix.log(), e);
        }
        return postfix;
    }

    /**
     * One SMTP session from 127.0.0.1: EHLO, MAIL FROM, RCPT TO an outside domain; returns the RCPT reply line
     * (250 relayed, 554 Relay access denied).
     */
    String rcptToOutsideDomain() throws IOException {
        try (Socket s = new Socket("127.0.0.1", smtpPort)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            reply(in);
            command(out, "EHLO client.test.invalid");
            reply(in);
            command(out, "MAIL FROM:<alice@example.org>");
            reply(in);
            command(out, "RCPT TO:<bob@elsewhere.example>");
            String rcpt = reply(in);
            command(out, "QUIT");
            return rcpt;
        }
    }

    String log() {
        try {
            Path log = dir.resolve("maillog");
            return Files.exists(log) ? Files.readString(log) : "(no maillog)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The last line of a (multi-line) reply. */
    private static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("Postfix closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            run("postfix", "-c", dir.resolve("conf").toString(), "stop");
        } catch (IllegalStateException notRunning) {
            // not started, or already stopped
        }
        awaitMasterGone();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** postfix stop returns before the master has exited; its pid file says who it is. */
    private void awaitMasterGone() throws InterruptedException {
        Path pid = dir.resolve("queue/pid/master.pid");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            try {
                long master = Long.parseLong(Files.readString(pid).trim());
                if (ProcessHandle.of(master).map(ProcessHandle::isAlive).orElse(false)) {
                    Thread.sleep(100);
                    continue;
                }
            } catch (IOException | NumberFormatException gone) {
                // no pid file: stopped
            }
            return;
        }
        throw new IllegalStateException("private Postfix did not stop within 30 s");
    }
}
