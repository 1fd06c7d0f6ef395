package org.perditioncamel.localauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Hashes made by other implementations (Dovecot 2.3's doveadm pw, and Drepper's own test vectors for SHA-crypt) are
 * checked with the right password and refused with a wrong one.
 */
class PasswordHashesTest {
    static final String PASSWORD = "Correct Horse";
    /** doveadm pw -s BLF-CRYPT -p 'Correct Horse' */
    static final String BCRYPT = "$2y$05$4uaTqynoqjWGg.MFvp/nDuO68vD8hHLQuhyQyfWRUmBC5x4Q88DYa";
    /** doveadm pw -s SHA512-CRYPT -p 'Correct Horse' */
    static final String SHA512_CRYPT = "$6$qxSr8lPmfMCMxE3a$Y9/YJipAiRRmbGBLWvIGt7SjKPY.mo.9cZ/yVeR/Qo58fOXhI2.uDQPir"
            + "fDn5C32711cVwtAadCTGSovLwMpS0";
    /** doveadm pw -s SHA256-CRYPT -p 'Correct Horse' */
    static final String SHA256_CRYPT = "$5$JClFjFKVDyYqCqLO$wNMwqiMTag5Y13AZkCZ5zxswuUOnYqpuEuZyP.IfFI7";
    /** doveadm pw -s ARGON2ID -p 'Correct Horse' (libsodium) */
    static final String ARGON2ID = "$argon2id$v=19$m=65536,t=3,p=1$FnN7GFD7ktlslVmO46lnPQ$Z9NF7NUpJWhDihrfBMkoRVBj+73q8"
            + "q92hGvBEjmzA6o";
    /** doveadm pw -s ARGON2ID -p 'pässwörd': the password is hashed as UTF-8 */
    static final String ARGON2ID_UTF8 = "$argon2id$v=19$m=65536,t=3,p=1$vrD7zHXEk/QBMhdC1ymYyA$yDl2edfMGg8lYlT1Xktpw2/jAv"
            + "okh03dcR+y7u9UivQ";

    @Test
    void bcryptShouldAcceptTheRightPasswordOnly() {
        assertThat(PasswordHashes.matches(BCRYPT, PASSWORD)).isTrue();
        assertThat(PasswordHashes.matches(BCRYPT, "correct horse")).isFalse();
        assertThat(PasswordHashes.matches(BCRYPT.replace("$2y$", "$2b$"), PASSWORD)).isTrue();
    }

    @Test
    void sha512CryptShouldAcceptTheRightPasswordOnly() {
        assertThat(PasswordHashes.matches(SHA512_CRYPT, PASSWORD)).isTrue();
        assertThat(PasswordHashes.matches(SHA512_CRYPT, PASSWORD + " ")).isFalse();
        assertThat(PasswordHashes.matches(SHA256_CRYPT, PASSWORD)).isTrue();
        assertThat(PasswordHashes.matches(SHA256_CRYPT, "")).isFalse();
    }

    /** Drepper's "Unix crypt using SHA-256 and SHA-512", test vectors 1 and 2 for SHA-512. */
    @Test
    void sha512CryptShouldMatchDreppersVectors() {
        assertThat(PasswordHashes.matches("$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4"
                + "OTLiBFdcbYEdFCoEOfaS35inz1", "Hello world!")).isTrue();
        assertThat(PasswordHashes.matches("$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNS"
                + "nCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.", "Hello world!")).isTrue();
    }

    @Test
    void argon2idShouldAcceptTheRightPasswordOnly() {
        assertThat(PasswordHashes.matches(ARGON2ID, PASSWORD)).isTrue();
        assertThat(PasswordHashes.matches(ARGON2ID, "Correct Hors")).isFalse();
        assertThat(PasswordHashes.matches(ARGON2ID_UTF8, "pässwörd")).isTrue();
        assertThat(PasswordHashes.matches(ARGON2ID_UTF8, "passwort")).isFalse();
    }

    @Test
    void dovecotSchemePrefixShouldBeReadPast() {
        assertThat(PasswordHashes.matches("{SHA512-CRYPT}" + SHA512_CRYPT, PASSWORD)).isTrue();
        assertThat(PasswordHashes.matches("{BLF-CRYPT}" + BCRYPT, "wrong")).isFalse();
        assertThat(PasswordHashes.matches("{ARGON2ID}" + ARGON2ID, PASSWORD)).isTrue();
    }

    @Test
    void unknownOrBrokenHashesShouldBeAnErrorNotAMatch() {
        assertThatThrownBy(() -> PasswordHashes.matches("$1$abcdefgh$0123456789", PASSWORD))
                .hasMessageContaining("unknown hash scheme $1$");
        assertThatThrownBy(() -> PasswordHashes.matches(PASSWORD, PASSWORD))
                .hasMessageContaining("no $id$ prefix");
        // a cleartext that looks like a prefix is not quoted: the message goes to a WARN line
        assertThatThrownBy(() -> PasswordHashes.matches("$uper$ecret", PASSWORD))
                .hasMessageContaining("(unknown format)").hasMessageNotContaining("uper");
        assertThatThrownBy(() -> PasswordHashes.matches("$2y$05$short", PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHashes.matches("$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHQ$AAAAAAAA", PASSWORD))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> PasswordHashes.matches("$argon2id$v=16$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAA", PASSWORD))
                .hasMessageContaining("version");
    }

    /** A row asking for hours of work is refused at once: it would hold a check thread at each login of its user. */
    @Test
    void hashesAskingForHoursOfWorkShouldBeRefusedAtOnce() {
        // preemptive: without the bounds each of these hashes for hours
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> PasswordHashes.matches(BCRYPT.replace("$2y$05$", "$2y$31$"), PASSWORD))
                    .hasMessageContaining("bcrypt cost 31 above 16");
            assertThatThrownBy(() -> PasswordHashes.matches("$6$rounds=999999999$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8i"
                    + "KwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1", PASSWORD))
                    .hasMessageContaining("SHA-crypt rounds 999999999 above");
            assertThatThrownBy(() -> PasswordHashes.matches("$argon2id$v=19$m=65536,t=2000000000,p=1$c29tZXNhbHQ$AAAAAAAA",
                    PASSWORD)).hasMessageContaining("out of range");
        });
        // the usual costs still check
        assertThat(PasswordHashes.matches("$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNS"
                + "nCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.", "Hello world!")).isTrue();
    }
}
