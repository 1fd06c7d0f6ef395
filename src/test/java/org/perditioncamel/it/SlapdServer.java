package org.perditioncamel.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private OpenLDAP slapd (Debian's slapd package) in the foreground on free 127.0.0.1 ports: plain LDAP (with
 * StartTLS) and LDAPS, a generated slapd.conf with perdition.schema (from Debian's perdition-ldap), an mdb database
 * under target/ loaded with slapadd from an LDIF, rootdn {@link #ROOT_DN}/{@link #ROOT_PASSWORD}, anonymous read,
 * LDAPv2 binds allowed (perdition 2.2 speaks version 2 unless told otherwise), and a test CA made with openssl.
 */
public final class SlapdServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    static final Path SLAPD = Path.of("/usr/sbin/slapd");
    public static final String ROOT_DN = "cn=admin,dc=nodomain";
    public static final String ROOT_PASSWORD = "Slapd Secret";
    private static final Path PERDITION_SCHEMA = Path.of("/usr/share/doc/perdition-ldap/perdition.schema.gz");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Supplier<String> ldif;
    private final int[] ports = LocalPorts.free(2);
    private Path dir;
    private ServerProcess process;

    /** The LDIF is asked for at start, so it may name ports of servers started before. */
    public SlapdServer(Supplier<String> ldif) {
        this.ldif = ldif;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public synchronized SlapdServer start() {
        if (process != null) {
            return this;
        }
        for (Path required : List.of(SLAPD, PERDITION_SCHEMA)) {
            if (!Files.exists(required)) {
                throw new IllegalStateException(required + " is missing: install the Debian packages slapd and "
                        + "perdition-ldap (.ci/run does this)");
            }
        }
        try {
            dir = Files.createDirectories(Path.of("target").toAbsolutePath()
                    .resolve("slapd-" + UUID.randomUUID().toString().substring(0, 8)));
            Files.createDirectories(dir.resolve("db"));
            try (InputStream in = new GZIPInputStream(Files.newInputStream(PERDITION_SCHEMA))) {
                Files.write(dir.resolve("perdition.schema"), in.readAllBytes());
            }
            certificates();
            Files.writeString(dir.resolve("slapd.conf"), String.join("\n",
                    "include /etc/ldap/schema/core.schema",
                    "include " + dir.resolve("perdition.schema"),
                    "pidfile " + dir.resolve("slapd.pid"),
                    "argsfile " + dir.resolve("slapd.args"),
                    "modulepath /usr/lib/ldap",
                    "moduleload back_mdb",
                    "allow bind_v2",
                    "TLSCACertificateFile " + caFile(),
                    "TLSCertificateFile " + dir.resolve("server.pem"),
                    "TLSCertificateKeyFile " + dir.resolve("server.key"),
                    "database mdb",
                    "suffix \"dc=nodomain\"",
                    "rootdn \"" + ROOT_DN + "\"",
                    "rootpw \"" + ROOT_PASSWORD + "\"",
                    "directory " + dir.resolve("db"),
                    "maxsize 10485760",
                    ""));
            Files.writeString(dir.resolve("data.ldif"), ldif.get());
            run(List.of("/usr/sbin/slapadd", "-f", dir.resolve("slapd.conf").toString(),
                    "-l", dir.resolve("data.ldif").toString()));
            List<String> command = List.of(SLAPD.toString(), "-f", dir.resolve("slapd.conf").toString(),
                    "-h", "ldap://127.0.0.1:" + ports[0] + "/ ldaps://127.0.0.1:" + ports[1] + "/",
                    // -d keeps slapd in the foreground; level 0 logs only what fails
                    "-d", "0");
            process = ServerProcess.start("slapd", command, dir.resolve("slapd.log"), START_TIMEOUT, ports);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare slapd's directory", e);
        }
    }

    /** A CA and a server certificate for 127.0.0.1 and localhost; no key is committed. */
    private void certificates() {
        String ca = dir.resolve("ca.pem").toString();
        String caKey = dir.resolve("ca.key").toString();
        String key = dir.resolve("server.key").toString();
        String csr = dir.resolve("server.csr").toString();
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", ca,
                "-subj", "/CN=perdition-camel slapd test CA", "-days", "2",
                "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign"));
        run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
                "-subj", "/CN=localhost"));
        Path ext = dir.resolve("server.ext");
        try {
            Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial",
                "-days", "2", "-extfile", ext.toString(), "-out", dir.resolve("server.pem").toString()));
    }

    private void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                        + out.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /** ldap:// (and StartTLS). */
    public int port() {
        return ports[0];
    }

    public int ldapsPort() {
        return ports[1];
    }

    /** The CA that signed slapd's certificate, PEM. */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** One LDIF entry from attribute lines, for tests that build their directory. */
    public static String entry(String dn, String... attributeLines) {
        List<String> lines = new ArrayList<>(List.of("dn: " + dn));
        lines.addAll(List.of(attributeLines));
        return String.join("\n", lines) + "\n\n";
    }
}
