package org.perditioncamel.events;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
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
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

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
    /** It is pinned, not checked against a CA or a clock that may be wrong: its validity is not what protects it. */
    private static final Duration VALIDITY = Duration.ofDays(100 * 365L);

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
        try {
            if (!Files.exists(file)) {
                create(root, file, secret);
            }
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
            HubIdentity identity = new HubIdentity(file, root.resolve(TRUST_FILE), secret, x509);
            identity.writeTrustStore();
            identity.writeCertificate(root.resolve(CERTIFICATE_FILE));
            return identity;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        } catch (GeneralSecurityException e) {
            throw unusable(file, e);
        }
    }

    private static IllegalStateException unusable(Path file, Exception e) {
        return new IllegalStateException("cannot use " + file + " (" + e.getMessage() + "); stop every instance of"
                + " this state directory, remove it and start them again", e);
    }

    /**
     * The trust store of the hub of state directory {@code root} for a client: the one there when this process may not
     * read the secret (a consumer running as another user), else made first when there is none.
     */
    public static Path trustStoreOf(Path root) {
        Path trust = root.resolve(TRUST_FILE);
        if (Files.isReadable(trust) && !Files.isReadable(root.resolve(StateDirectory.SECRET_FILE))) {
            return trust;
        }
        return open(root, StateDirectory.bridgeSecret(root)).trustStore;
    }

    /** The core URL of the TLS port of the hub of state directory {@code root}, trusting that hub only. */
    public static String clientUrl(Path root, String host, int bridgePort) {
        return "tcp://" + HubBroker.bracketed(host) + ":" + bridgePort + "?" + clientOptions(trustStoreOf(root));
    }

    /** Artemis transport options for a client that trusts only the hub whose trust store this is. */
    static String clientOptions(Path trustStore) {
        return "sslEnabled=true&trustStoreType=PKCS12&trustStorePath=" + trustStore.toAbsolutePath()
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
        return "sslEnabled=true&keyStoreType=PKCS12&keyStorePath=" + keyStore.toAbsolutePath()
                + "&keyStorePassword=" + password;
    }

    private static void create(Path root, Path file, String secret) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X509Certificate certificate = selfSigned(keys, Instant.now());
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
        } catch (FileAlreadyExistsException raced) {
            // another instance was quicker; its identity is the one
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static X509Certificate selfSigned(KeyPair keys, Instant now) throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=perdition-camel events hub");
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(new BigInteger(1, serial)));
        tbs.setIssuer(name);
        tbs.setSubject(name);
        tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
        tbs.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
        tbs.setSignature(algorithm);
        tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        TBSCertificate body = tbs.generateTBSCertificate();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(body.getEncoded("DER"));
        ASN1EncodableVector whole = new ASN1EncodableVector();
        whole.add(body);
        whole.add(algorithm);
        whole.add(new DERBitString(signer.sign()));
        byte[] der = new DERSequence(whole).getEncoded("DER");
        try (InputStream in = new ByteArrayInputStream(der)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static KeyStore load(Path file, String secret) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, secret.toCharArray());
        }
        return store;
    }

    /** The trust store, rewritten when it does not hold exactly the certificate the hub presents. */
    private void writeTrustStore() throws IOException, GeneralSecurityException {
        if (Files.exists(trustStore)) {
            try {
                KeyStore present = load(trustStore, TRUST_PASSWORD);
                if (present.size() == 1 && certificate.equals(present.getCertificate(KEY_ALIAS))) {
                    return;
                }
            } catch (IOException | GeneralSecurityException unreadable) {
                // written again below
            }
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry(KEY_ALIAS, certificate);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, TRUST_PASSWORD.toCharArray());
        replace(trustStore, bytes.toByteArray());
    }

    /** Rewritten at each start from the key store, so it always names the certificate the hub presents. */
    private void writeCertificate(Path pem) throws IOException, GeneralSecurityException {
        String text = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        if (Files.exists(pem) && Files.readString(pem, StandardCharsets.US_ASCII).equals(text)) {
            return;
        }
        replace(pem, text.getBytes(StandardCharsets.US_ASCII));
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
