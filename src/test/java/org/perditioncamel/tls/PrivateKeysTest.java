package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perditioncamel.config.Settings;

class PrivateKeysTest {
    private static TestCertificates certs;
    private static PrivateKey expected;

    @TempDir
    Path tmp;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.get();
        expected = PrivateKeys.read(certs.serverKey, new Passphrase(Optional.empty(), 0));
    }

    static Stream<String> keyFiles() {
        return Stream.of("server.key", "server-pkcs1.key", "server-trad-aes.key", "server-trad-des3.key",
                "server-pkcs8-enc.key");
    }

    @ParameterizedTest
    @MethodSource("keyFiles")
    void everyPemFlavourShouldGiveTheSameKey(String name) {
        PrivateKey key = PrivateKeys.read(certs.dir.resolve(name),
                new Passphrase(Optional.of(certs.passphraseFile), 0));
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        assertThat(key.getEncoded()).isEqualTo(expected.getEncoded());
    }

    @Test
    void sec1EcKeyShouldBeRead() {
        PrivateKey key = PrivateKeys.read(certs.ecKey, new Passphrase(Optional.empty(), 0));
        assertThat(key.getAlgorithm()).isEqualTo("EC");
    }

    static Stream<String> encryptedKeyFiles() {
        return keyFiles().filter(name -> name.contains("enc") || name.contains("trad"));
    }

    @ParameterizedTest
    @MethodSource("encryptedKeyFiles")
    void wrongPassphraseShouldNameTheKeyFileButNotThePassphrase(String name) throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "not the passphrase\n");
        Path key = certs.dir.resolve(name);
        assertThatThrownBy(() -> PrivateKeys.read(key, new Passphrase(Optional.of(wrong), 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ssl_key_file " + key + ": cannot decrypt the key, wrong passphrase (from "
                        + "ssl_passphrase_file " + wrong + ")")
                .message().doesNotContain("not the passphrase");
    }

    /** Each test reads its descriptors afresh, as a new process would. */
    @AfterEach
    void forgetDescriptors() {
        Passphrase.forgetDescriptors();
    }

    @Test
    void passphraseShouldBeReadFromStandardInputWhenFdIsZero() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((TestCertificates.PASSPHRASE + "\r\nrest")
                    .getBytes(StandardCharsets.UTF_8)));
            Passphrase passphrase = Passphrase.from(TlsSettings.from(Settings.of(Map.of())));
            assertThat(PrivateKeys.read(certs.encryptedPkcs8Key, passphrase).getEncoded())
                    .isEqualTo(expected.getEncoded());
            // a descriptor is read once; reloads reuse the line
            assertThat(PrivateKeys.read(certs.traditionalAesKey, passphrase).getEncoded())
                    .isEqualTo(expected.getEncoded());
        } finally {
            System.setIn(stdin);
        }
    }

    /** Each protocol's listener has its own Passphrase; a piped line is there once, for all of them. */
    @Test
    void aDescriptorsLineShouldServeEveryListenerOfTheProcess() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((TestCertificates.PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8)));
            TlsSettings settings = TlsSettings.from(Settings.of(Map.of()));
            for (String listener : new String[] {"POP3S", "IMAP4S"}) {
                assertThat(PrivateKeys.read(certs.encryptedPkcs8Key, Passphrase.from(settings)).getEncoded())
                        .as(listener).isEqualTo(expected.getEncoded());
            }
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void passphraseShouldBeReadFromAnotherFileDescriptor() throws Exception {
        try (FileInputStream open = new FileInputStream(certs.passphraseFile.toFile())) {
            int fd = descriptorOf(certs.passphraseFile);
            Passphrase passphrase = Passphrase.from(
                    TlsSettings.from(Settings.of(Map.of("ssl_passphrase_fd", String.valueOf(fd)))));
            assertThat(passphrase.source()).isEqualTo("ssl_passphrase_fd " + fd);
            assertThat(PrivateKeys.read(certs.encryptedPkcs8Key, passphrase).getEncoded())
                    .isEqualTo(expected.getEncoded());
        }
    }

    @Test
    void passphraseFileAndFdShouldBeMutuallyExclusive() {
        assertThatThrownBy(() -> Passphrase.from(TlsSettings.from(Settings.of(Map.of("ssl_passphrase_fd", "3",
                "ssl_passphrase_file", "/etc/passphrase")))))
                .hasMessage("ssl_passphrase_fd and ssl_passphrase_file are mutually exclusive");
        assertThat(Passphrase.from(TlsSettings.from(Settings.of(Map.of("ssl_passphrase_fd", "0", "ssl_passphrase_file",
                "/etc/passphrase")))).source()).isEqualTo("ssl_passphrase_file /etc/passphrase");
    }

    @Test
    void fileWithoutKeyShouldBeAnErrorNamingIt() {
        assertThatThrownBy(() -> PrivateKeys.read(certs.serverCert, new Passphrase(Optional.empty(), 0)))
                .hasMessage("ssl_key_file " + certs.serverCert + ": no PEM private key");
        Path missing = tmp.resolve("missing.key");
        assertThatThrownBy(() -> PrivateKeys.read(missing, new Passphrase(Optional.empty(), 0)))
                .hasMessageStartingWith("ssl_key_file " + missing + ": cannot read");
    }

    private static int descriptorOf(Path file) throws Exception {
        Path real = file.toRealPath();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (java.io.IOException e) {
                    // closed meanwhile
                }
            }
        }
        throw new AssertionError("no descriptor open on " + file);
    }
}
