package org.perditioncamel.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads X.509 certificates from PEM files and from OpenSSL-style hashed CA directories. */
final class CertificateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateFiles.class);
    /** c_rehash names (8 hex digits, a dot, a number) and the usual certificate file suffixes. */
    private static final Pattern CA_FILE_NAME = Pattern.compile("[0-9a-fA-F]{8}\\.[0-9]+|.*\\.(pem|crt|cer)");

    private CertificateFiles() {
    }

    /** Every certificate in a PEM file, in order. */
    static List<X509Certificate> read(Path file, String option) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read: " + e);
        }
        List<X509Certificate> certificates;
        try {
            certificates = parse(bytes);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(option + " " + file + ": bad certificate: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(option + " " + file + ": no PEM certificate");
        }
        return certificates;
    }

    /**
     * The certificates of a CA directory (ssl_ca_path): hash-named files as made by c_rehash or openssl rehash,
     * and *.pem, *.crt, *.cer. Files that hold no certificate (keys, CRLs) are skipped; duplicates (a hash link
     * next to its target) count once.
     */
    static List<X509Certificate> readDirectory(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": not a directory");
        }
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (CA_FILE_NAME.matcher(entry.getFileName().toString()).matches() && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + dir + ": cannot list: " + e);
        }
        Map<ByteBuffer, X509Certificate> unique = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                for (X509Certificate certificate : parse(Files.readAllBytes(file))) {
                    unique.putIfAbsent(ByteBuffer.wrap(certificate.getEncoded()), certificate);
                }
            } catch (IOException | CertificateException e) {
                LOG.warn("{} {}: skipping {}: {}", option, dir, file.getFileName(), e.getMessage());
            }
        }
        return new ArrayList<>(unique.values());
    }

    /** The JDK's default trust store (cacerts, or javax.net.ssl.trustStore if set). */
    static List<X509Certificate> jdkDefaults() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    return List.of(((X509TrustManager) manager).getAcceptedIssuers());
                }
            }
            return List.of();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JDK's default trust store", e);
        }
    }

    private static List<X509Certificate> parse(byte[] bytes) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (PemBlock block : PemBlock.parse(bytes)) {
            if (block.label().equals("CERTIFICATE") || block.label().equals("X509 CERTIFICATE")) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        return out;
    }
}
