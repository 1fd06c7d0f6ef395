package org.perditioncamel.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Certificates and keys made with the openssl command at test time (no private key is committed): a root CA, an
 * intermediate, server certificates that are good, expired, not yet valid, self-signed, for the wrong name or from
 * an untrusted self-signed CA, an EC key, client certificates, and the same key in every PEM flavour.
 */
final class TestCertificates {
    static final String PASSPHRASE = "correct horse battery";

    private static TestCertificates instance;

    final Path dir;
    final Path caKey;
    final Path caCert;
    final Path interCert;
    final Path serverKey;
    final Path serverCert;
    /** localhost, O=Reloaded: the replacement in reload tests, same key as serverCert. */
    final Path reloadCert;
    /** Leaf signed by the intermediate (alone), and leaf + intermediate. */
    final Path viaInterLeaf;
    final Path viaInterChain;
    final Path expiredCert;
    final Path notYetValidCert;
    final Path selfSignedCert;
    final Path wrongNameCert;
    final Path wildcardCert;
    final Path cnOnlyCert;
    final Path rogueCaCert;
    /** Leaf from the untrusted rogue CA, followed by the rogue CA itself. */
    final Path rogueChain;
    final Path ecKey;
    final Path ecCert;
    final Path clientKey;
    final Path clientCert;
    final Path rogueClientCert;
    /** serverKey as PKCS#1, as traditional AES-256 and 3DES encrypted PEM, and as encrypted PKCS#8. */
    final Path pkcs1Key;
    final Path traditionalAesKey;
    final Path traditionalDes3Key;
    final Path encryptedPkcs8Key;
    final Path passphraseFile;

    private TestCertificates(Path dir) {
        this.dir = dir;
        caKey = dir.resolve("ca.key");
        caCert = dir.resolve("ca.pem");
        interCert = dir.resolve("inter.pem");
        serverKey = dir.resolve("server.key");
        serverCert = dir.resolve("server.pem");
        reloadCert = dir.resolve("reload.pem");
        viaInterLeaf = dir.resolve("via-inter-leaf.pem");
        viaInterChain = dir.resolve("via-inter-chain.pem");
        expiredCert = dir.resolve("expired.pem");
        notYetValidCert = dir.resolve("not-yet-valid.pem");
        selfSignedCert = dir.resolve("self-signed.pem");
        wrongNameCert = dir.resolve("wrong-name.pem");
        wildcardCert = dir.resolve("wildcard.pem");
        cnOnlyCert = dir.resolve("cn-only.pem");
        rogueCaCert = dir.resolve("rogue-ca.pem");
        rogueChain = dir.resolve("rogue-chain.pem");
        ecKey = dir.resolve("ec.key");
        ecCert = dir.resolve("ec.pem");
        clientKey = dir.resolve("client.key");
        clientCert = dir.resolve("client.pem");
        rogueClientCert = dir.resolve("rogue-client.pem");
        pkcs1Key = dir.resolve("server-pkcs1.key");
        traditionalAesKey = dir.resolve("server-trad-aes.key");
        traditionalDes3Key = dir.resolve("server-trad-des3.key");
        encryptedPkcs8Key = dir.resolve("server-pkcs8-enc.key");
        passphraseFile = dir.resolve("passphrase.txt");
    }

    static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Made once per test JVM, in a temporary directory removed at exit. */
    static synchronized TestCertificates get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("perdition-tls-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                instance = new TestCertificates(dir);
                instance.generate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    X509Certificate certificate(Path file) {
        return CertificateFiles.read(file, "test").get(0);
    }

    /** A fresh copy of a file in a new directory, for tests that rewrite it. */
    Path copy(Path file, Path toDir) throws IOException {
        Path target = toDir.resolve(file.getFileName());
        Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private void generate() throws IOException {
        Files.writeString(dir.resolve("req.cnf"), "[ req ]\ndistinguished_name = dn\n[ dn ]\n"
                + "[ root ]\nbasicConstraints = critical,CA:true\nkeyUsage = critical,keyCertSign,cRLSign\n"
                + "subjectKeyIdentifier = hash\n"
                + "[ self ]\nbasicConstraints = critical,CA:false\n"
                + "keyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\n"
                + "subjectAltName = DNS:localhost,IP:127.0.0.1\n");
        Files.writeString(passphraseFile, PASSPHRASE + "\nsecond line is ignored\n");
        rsaKey(caKey);
        rsaKey(serverKey);
        rsaKey(clientKey);
        Path interKey = dir.resolve("inter.key");
        rsaKey(interKey);
        Path rogueKey = dir.resolve("rogue.key");
        rsaKey(rogueKey);
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ecKey.toString());

        root(caKey, "/CN=perdition-camel Test Root CA", caCert);
        root(rogueKey, "/CN=Rogue Root CA", rogueCaCert);
        String now = date(ZonedDateTime.now(ZoneOffset.UTC).minusDays(1));
        String inAYear = date(ZonedDateTime.now(ZoneOffset.UTC).plusDays(365));
        String leaf = "basicConstraints = critical,CA:false\nkeyUsage = critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage = serverAuth\n";
        String localhost = leaf + "subjectAltName = DNS:localhost,IP:127.0.0.1\n";
        sign(caCert, caKey, interKey, "/CN=perdition-camel Test Intermediate CA",
                "basicConstraints = critical,CA:true,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\n",
                now, inAYear, interCert);
        sign(caCert, caKey, serverKey, "/CN=localhost", localhost, now, inAYear, serverCert);
        sign(caCert, caKey, serverKey, "/O=Reloaded/CN=localhost", localhost, now, inAYear, reloadCert);
        sign(interCert, interKey, serverKey, "/CN=localhost", localhost, now, inAYear, viaInterLeaf);
        concat(viaInterChain, viaInterLeaf, interCert);
        sign(caCert, caKey, serverKey, "/CN=localhost", localhost, "20200101000000Z", "20210101000000Z",
                expiredCert);
        sign(caCert, caKey, serverKey, "/CN=localhost", localhost, "20990101000000Z", "21000101000000Z",
                notYetValidCert);
        sign(caCert, caKey, serverKey, "/CN=other.example", leaf + "subjectAltName = DNS:other.example\n", now,
                inAYear, wrongNameCert);
        sign(caCert, caKey, serverKey, "/CN=wildcard",
                leaf + "subjectAltName = DNS:*.example.test,DNS:xn--bcher-kva.example.org,IP:::1\n", now, inAYear,
                wildcardCert);
        sign(caCert, caKey, serverKey, "/CN=cn-only.example", leaf, now, inAYear, cnOnlyCert);
        Path rogueLeaf = dir.resolve("rogue-leaf.pem");
        sign(rogueCaCert, rogueKey, serverKey, "/CN=localhost", localhost, now, inAYear, rogueLeaf);
        concat(rogueChain, rogueLeaf, rogueCaCert);
        sign(caCert, caKey, ecKey, "/CN=localhost", "basicConstraints = critical,CA:false\n"
                + "keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n"
                + "subjectAltName = DNS:localhost,IP:127.0.0.1\n", now, inAYear, ecCert);
        String client = "basicConstraints = critical,CA:false\nkeyUsage = critical,digitalSignature\n"
                + "extendedKeyUsage = clientAuth\n";
        sign(caCert, caKey, clientKey, "/CN=client", client, now, inAYear, clientCert);
        sign(rogueCaCert, rogueKey, clientKey, "/CN=rogue client", client, now, inAYear, rogueClientCert);
        openssl("req", "-x509", "-new", "-config", dir.resolve("req.cnf").toString(), "-extensions", "self",
                "-key", serverKey.toString(), "-subj", "/CN=localhost", "-days", "365", "-sha256",
                "-out", selfSignedCert.toString());

        openssl("rsa", "-in", serverKey.toString(), "-traditional", "-out", pkcs1Key.toString());
        openssl("rsa", "-in", serverKey.toString(), "-traditional", "-aes256", "-passout",
                "file:" + passphraseFile, "-out", traditionalAesKey.toString());
        openssl("rsa", "-in", serverKey.toString(), "-traditional", "-des3", "-passout",
                "file:" + passphraseFile, "-out", traditionalDes3Key.toString());
        openssl("pkcs8", "-topk8", "-in", serverKey.toString(), "-passout", "file:" + passphraseFile,
                "-out", encryptedPkcs8Key.toString());
    }

    private void rsaKey(Path out) {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", out.toString());
    }

    private void root(Path key, String subject, Path out) {
        openssl("req", "-x509", "-new", "-config", dir.resolve("req.cnf").toString(), "-extensions", "root",
                "-key", key.toString(), "-subj", subject, "-days", "3650", "-sha256", "-out", out.toString());
    }

    /** openssl ca, which (unlike openssl x509) takes any start and end date. */
    private void sign(Path issuerCert, Path issuerKey, Path subjectKey, String subject, String extensions,
                      String start, String end, Path out) throws IOException {
        String name = out.getFileName().toString();
        Path work = Files.createDirectories(dir.resolve("ca-work").resolve(name));
        Files.writeString(work.resolve("index.txt"), "");
        // openssl wants an even number of hex digits
        long serial = System.nanoTime() & 0x0fffffffffffffffL | 0x1000000000000000L;
        Files.writeString(work.resolve("serial"), String.format("%016X%n", serial));
        Files.writeString(work.resolve("ca.cnf"), "[ ca ]\ndefault_ca = test\n[ test ]\n"
                + "database = " + work.resolve("index.txt") + "\nnew_certs_dir = " + work + "\n"
                + "serial = " + work.resolve("serial") + "\ndefault_md = sha256\npolicy = any\n"
                + "unique_subject = no\n[ any ]\norganizationName = optional\ncommonName = supplied\n"
                + "[ ext ]\n" + extensions);
        Path csr = work.resolve("req.csr");
        openssl("req", "-new", "-config", dir.resolve("req.cnf").toString(), "-key", subjectKey.toString(),
                "-subj", subject, "-out", csr.toString());
        openssl("ca", "-batch", "-config", work.resolve("ca.cnf").toString(), "-cert", issuerCert.toString(),
                "-keyfile", issuerKey.toString(), "-in", csr.toString(), "-startdate", start, "-enddate", end,
                "-extensions", "ext", "-notext", "-out", out.toString());
    }

    private static void concat(Path out, Path... parts) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path part : parts) {
            text.append(Files.readString(part));
        }
        Files.writeString(out, text.toString());
    }

    private static String date(ZonedDateTime time) {
        return time.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "Z";
    }

    static String openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
