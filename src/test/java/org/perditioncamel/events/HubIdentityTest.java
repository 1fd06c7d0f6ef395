package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubIdentityTest {
    private static final String SECRET = "0123456789abcdef0123";

    @TempDir
    Path root;

    @Test
    void theFirstOpenShouldMakeAKeyTheOthersRead() throws Exception {
        HubIdentity first = HubIdentity.open(root, SECRET);
        HubIdentity second = HubIdentity.open(root, SECRET);

        X509Certificate certificate = first.certificate();
        assertThat(second.certificate()).isEqualTo(certificate);
        certificate.verify(certificate.getPublicKey());   // self-signed, by the key it names
        certificate.checkValidity();
        assertThat(Files.getPosixFilePermissions(root.resolve(HubIdentity.KEYSTORE_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        KeyStore keys = load(root.resolve(HubIdentity.KEYSTORE_FILE), SECRET);
        assertThat(keys.isKeyEntry("hub")).isTrue();
        assertThat(keys.getKey("hub", SECRET.toCharArray()).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void theTrustStoreAndThePemShouldHoldThePublicCertificateOnly() throws Exception {
        HubIdentity identity = HubIdentity.open(root, SECRET);

        KeyStore trust = load(root.resolve(HubIdentity.TRUST_FILE), HubIdentity.TRUST_PASSWORD);
        assertThat(trust.size()).isEqualTo(1);
        assertThat(trust.isKeyEntry("hub")).isFalse();
        assertThat(trust.getCertificate("hub")).isEqualTo(identity.certificate());
        String pem = Files.readString(root.resolve(HubIdentity.CERTIFICATE_FILE));
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(identity.certificate());
        for (String file : List.of(HubIdentity.TRUST_FILE, HubIdentity.CERTIFICATE_FILE)) {
            assertThat(Files.getPosixFilePermissions(root.resolve(file)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void publicFilesOfAnotherKeyShouldBeWrittenBackBeforeTheHubServes() throws Exception {
        HubIdentity identity = HubIdentity.open(root, SECRET);
        HubIdentity.open(Files.createDirectories(root.resolve("other")), SECRET);
        for (String file : List.of(HubIdentity.TRUST_FILE, HubIdentity.CERTIFICATE_FILE)) {
            Files.copy(root.resolve("other").resolve(file), root.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        HubIdentity stale = HubIdentity.open(root, SECRET);   // a start reads the public files only
        assertThat(stale.certificate()).isNotEqualTo(identity.certificate());

        assertThat(stale.confirm()).isFalse();

        assertThat(load(root.resolve(HubIdentity.TRUST_FILE), HubIdentity.TRUST_PASSWORD).getCertificate("hub"))
                .isEqualTo(identity.certificate());
        assertThat(HubIdentity.open(root, SECRET).certificate()).isEqualTo(identity.certificate());
        assertThat(HubIdentity.open(root, SECRET).confirm()).isTrue();
    }

    @Test
    void missingPublicFilesShouldBeWrittenFromTheKey() throws Exception {
        HubIdentity identity = HubIdentity.open(root, SECRET);
        Files.delete(root.resolve(HubIdentity.TRUST_FILE));
        Files.delete(root.resolve(HubIdentity.CERTIFICATE_FILE));

        assertThat(HubIdentity.open(root, SECRET).certificate()).isEqualTo(identity.certificate());
        assertThat(load(root.resolve(HubIdentity.TRUST_FILE), HubIdentity.TRUST_PASSWORD).getCertificate("hub"))
                .isEqualTo(identity.certificate());
    }

    @Test
    void aConsumerShouldOnlyReadTheTrustStoreAndNeverMakeTheSecretOrTheKey() {
        assertThatThrownBy(() -> HubIdentity.trustStoreOf(root))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start a proxy instance of state_directory " + root.toAbsolutePath() + " first");
        assertThat(root.resolve(StateDirectory.SECRET_FILE)).doesNotExist();
        assertThat(root.resolve(HubIdentity.KEYSTORE_FILE)).doesNotExist();

        HubIdentity.open(root, SECRET);   // a proxy's start

        assertThat(HubIdentity.trustStoreOf(root)).isEqualTo(root.resolve(HubIdentity.TRUST_FILE));
    }

    @Test
    void instancesStartingTogetherShouldAgreeOnOneIdentity() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<X509Certificate>> opens = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                opens.add(() -> HubIdentity.open(root, SECRET).certificate());
            }
            List<X509Certificate> seen = new ArrayList<>();
            for (Future<X509Certificate> opened : pool.invokeAll(opens)) {
                seen.add(opened.get());
            }
            assertThat(seen).allMatch(c -> c.equals(seen.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyOfAnotherSecretShouldStopTheHubWithWhatToDo() {
        HubIdentity.open(root, SECRET);

        assertThatThrownBy(() -> HubIdentity.open(root, "another-secret-4567").confirm())
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining(root.resolve(HubIdentity.KEYSTORE_FILE).toString())
                .hasMessageContaining("remove it and start them again");
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
