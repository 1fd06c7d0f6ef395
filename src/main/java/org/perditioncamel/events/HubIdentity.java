package org.perditioncamel.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;

/**
 * The hub's own TLS identity: a self-signed key and certificate made by the first instance of a state directory
 * ({@code hub-identity.p12}, mode 600, protected by the bridge secret), read by the others. The hub presents it on
 * events.bridge_port, and the bridges and the policy consumer trust that one certificate and nothing else: a program
 * that takes the port first gets neither the bridge secret nor a consumer that believes its events.
 * {@code hub-trust.p12} (password {@value #TRUST_PASSWORD}) and {@code hub-cert.pem} hold the certificate alone, for
 * clients to pin: Java ones (the bridges, the policy consumer) and those of other programs.
 */
public final class HubIdentity {
    static final String KEYSTORE_FILE = "hub-identity.p12";
    static final String CERTIFICATE_FILE = "hub-cert.pem";
    static final String TRUST_FILE = "hub-trust.p12";
    /** Not a secret: a PKCS#12 file needs a password, and this one holds only the public certificate. */
    static final String TRUST_PASSWORD = "hub-certificate";
    private static final String KEY_ALIAS = "hub";

    private final Path keyStore;
    private final Path trustStore;
    private final String password;
    private final X509Certificate certificate;

    private HubIdentity(Path keyStore, Path trustStore, String password, X509Certificate certificate) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.password = password;
        this.certificate = certificate;
    }

    /** The identity of the state directory {@code root}, made first when there is none; {@code secret} protects it. */
    public static HubIdentity open(Path root, String secret) {
        Path file = root.resolve(KEYSTORE_FILE);
        Path trust = root.resolve(TRUST_FILE);
        Path pem = root.resolve(CERTIFICATE_FILE);
        try {
            boolean made = !Files.exists(file) && create(root, file, secret);
            if (!made && Files.exists(trust) && Files.exists(pem)) {
                // the usual start: the public files cost no key derivation (the key store's PBKDF2 rounds cost about
                // 150 ms of a cold start); the hub checks them against the key before it serves (confirm)
                return new HubIdentity(file, trust, secret, readPem(pem));
            }
            HubIdentity identity = new HubIdentity(file, trust, secret, certificateOf(file, secret));
            identity.publish();
            return identity;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        } catch (GeneralSecurityException e) {
            throw unusable(file, e);
        }
    }

    /**
     * True when the public files name the key's certificate; otherwise they are written again from the key and this is
     * false (clients that loaded them before need a restart). The hub calls it on its own thread before it serves.
     */
    boolean confirm() {
        try {
            X509Certificate actual = certificateOf(keyStore, password);
            if (actual.equals(certificate)) {
                return true;
            }
            new HubIdentity(keyStore, trustStore, password, actual).publish();
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + keyStore + " and the hub's certificate files", e);
        } catch (GeneralSecurityException e) {
            throw unusable(keyStore, e);
        }
    }

    private static X509Certificate certificateOf(Path file, String secret) throws IOException, GeneralSecurityException {
        KeyStore store;
        try {
            store = load(file, secret);
        } catch (IOException unreadable) {
            // a secret replaced since (or a file cut short): the key cannot be read with the secret of now
            throw unusable(file, unreadable);
        }
        Certificate certificate = store.getCertificate(KEY_ALIAS);
        if (!(certificate instanceof X509Certificate x509) || !store.isKeyEntry(KEY_ALIAS)) {
            throw unusable(file, new GeneralSecurityException("no hub key in it"));
        }
        return x509;
    }

    private static X509Certificate readPem(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /**
     * Artemis decodes URL options twice (java.net.URI's query, then URLDecoder): a path with a space, '+' or '%' is
     * encoded twice to arrive whole.
     */
    private static String encoded(String value) {
        return URLEncoder.encode(URLEncoder.encode(value, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static IllegalStateException unusable(Path file, Exception e) {
        return new IllegalStateException("cannot use " + file + " (" + e.getMessage() + "); stop every instance of"
                + " this state directory, remove it and start them again", e);
    }

    /**
     * The trust store of the hub of state directory {@code root}, for a client (the policy consumer): only read, never
     * made, so a consumer (perhaps another user, perhaps root) leaves the secret and the key to the proxies.
     */
    public static Path trustStoreOf(Path root) {
        Path trust = root.resolve(TRUST_FILE);
        if (Files.exists(trust) && !Files.isReadable(trust)) {
            throw new IllegalArgumentException("the events hub's certificate " + trust.toAbsolutePath() + " cannot be"
                    + " read by this user: make it readable (mode 644, as the proxies write it), or name the broker"
                    + " with policy.broker_url");
        }
        if (!Files.exists(trust)) {
            throw new IllegalArgumentException("the events hub's certificate " + trust.toAbsolutePath() + " is not"
                    + " there: start a proxy instance of state_directory " + root.toAbsolutePath() + " first (it makes"
                    + " it; with events.broker_url no hub runs), or name the broker with policy.broker_url");
        }
        return trust;
    }

    /** The core URL of the TLS port of the hub of state directory {@code root}, trusting that hub only. */
    public static String clientUrl(Path root, String host, int bridgePort) {
        return "tcp://" + HubBroker.bracketed(host) + ":" + bridgePort + "?" + clientOptions(trustStoreOf(root));
    }

    /** Artemis transport options for a client that trusts only the hub whose trust store this is. */
    static String clientOptions(Path trustStore) {
        return "sslEnabled=true&trustStoreType=PKCS12&trustStorePath=" + encoded(trustStore.toAbsolutePath().toString())
                + "&trustStorePassword=" + TRUST_PASSWORD + "&verifyHost=false";
    }

    /** The PKCS#12 file of the key, protected by the bridge secret: the hub's acceptor presents it. */
    Path keyStore() {
        return keyStore;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Artemis transport options for a client that trusts this hub only (core URL query, '&'-separated). */
    String clientOptions() {
        return clientOptions(trustStore);
    }

    /** Artemis acceptor options presenting this identity. */
    String acceptorOptions() {
        return "sslEnabled=true&keyStoreType=PKCS12&keyStorePath=" + encoded(keyStore.toAbsolutePath().toString())
                + "&keyStorePassword=" + encoded(password);
    }

    /** True when this call's key is the one (false: another instance linked its own first). */
    private static boolean create(Path root, Path file, String secret) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X509Certificate certificate = SelfSignedCertificate.of(keys, Instant.now());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(KEY_ALIAS, keys.getPrivate(), secret.toCharArray(), new Certificate[] {certificate});
        Path temp = Files.createTempFile(root, ".hub-identity", ".tmp");
        try {
            StateDirectory.restrict(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                store.store(out, secret.toCharArray());
                channel.force(true);   // whole before it is linked, as the bridge secret
            }
            // link, not move: of two instances starting together, the first one's identity stays
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;   // another instance was quicker; its identity is the one
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static KeyStore load(Path file, String secret) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, secret.toCharArray());
        }
        return store;
    }

    /** The trust store and the PEM file, from this certificate. */
    private void publish() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry(KEY_ALIAS, certificate);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, TRUST_PASSWORD.toCharArray());
        replace(trustStore, bytes.toByteArray());
        String text = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        replace(trustStore.resolveSibling(CERTIFICATE_FILE), text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Public files (consumers of other users pin them), replaced whole so a reader never sees half of one. */
    private static void replace(Path file, byte[] content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(temp, content);
            StateDirectory.permit(temp, "rw-r--r--");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
