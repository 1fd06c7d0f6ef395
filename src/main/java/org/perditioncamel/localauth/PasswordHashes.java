package org.perditioncamel.localauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.apache.commons.codec.digest.Crypt;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Checks a password against a stored hash in the crypt(3) and PHC formats mail systems keep: bcrypt
 * ({@code $2a$ $2b$ $2y$}, Bouncy Castle), SHA-512-crypt and SHA-256-crypt ({@code $6$ $5$}, Drepper's spec, commons
 * codec) and argon2id ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}, Bouncy Castle). Every comparison takes the
 * same time whatever the bytes. Dovecot's scheme prefix ({@code {SHA512-CRYPT}}, {@code {BLF-CRYPT}},
 * {@code {ARGON2ID}}, {@code {CRYPT}}) is read past, so a Dovecot password table works as it is.
 */
public final class PasswordHashes {
    /** A stored argon2 hash may not ask for more heap than this per check (KiB): a bad row must not stop the JVM. */
    static final int ARGON2_MAX_MEMORY_KIB = 1 << 20;
    /*
     * Nor more work than a few seconds of one check thread: a row asking for more (a typo, or a hostile row) would hold
     * one of authenticate_in.pool_size threads for hours at each login of its user, and with a few logins every thread.
     * The bounds are far above what password hashing guides and Dovecot's doveadm pw use.
     */
    /** bcrypt's cost (2^cost rounds): 12 is usual, each step doubles the time. */
    static final int BCRYPT_MAX_COST = 16;
    /** SHA-crypt's rounds= (5000 by default; passlib uses 535 000–656 000). */
    static final long SHA_CRYPT_MAX_ROUNDS = 2_000_000;
    /** argon2's memory (KiB) times its passes: 4 GiB of memory filled, e.g. 64 MiB 64 times or 1 GiB 4 times. */
    static final long ARGON2_MAX_WORK_KIB = 1L << 22;

    /** crypt(3) schemes not checked here (MD5, yescrypt, gost-yescrypt, scrypt, SunMD5, NTHASH, argon2i/d...). */
    private static final java.util.Set<String> OTHER_CRYPT_IDS = java.util.Set.of("$1$", "$y$", "$gy$", "$7$", "$md5$",
            "$sha1$", "$3$", "$2$", "$2x$", "$argon2i$", "$argon2d$");

    private PasswordHashes() {
    }

    /** IllegalArgumentException for a hash in no format known here, or a malformed one. */
    public static boolean matches(String stored, String password) {
        String hash = withoutScheme(stored);
        if (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$")) {
            return bcrypt(hash, password);
        }
        if (hash.startsWith("$6$") || hash.startsWith("$5$")) {
            return shaCrypt(hash, password);
        }
        if (hash.startsWith("$argon2id$")) {
            return argon2id(hash, password);
        }
        int end = hash.indexOf('$', 1);
        // only crypt(3)'s own ids are named: a stored cleartext such as "$uper$ecret" must not reach the WARN line
        String id = hash.startsWith("$") && end > 0 ? hash.substring(0, end + 1) : "";
        throw new IllegalArgumentException("unknown hash scheme "
                + (OTHER_CRYPT_IDS.contains(id) ? id : id.isEmpty() ? "(no $id$ prefix)" : "(unknown format)"));
    }

    /** "{SCHEME}hash" as Dovecot stores it: the scheme is implied by the hash's own $id$. */
    private static String withoutScheme(String stored) {
        int end = stored.indexOf('}');
        return stored.startsWith("{") && end > 0 ? stored.substring(end + 1) : stored;
    }

    /**
     * commons-codec's crypt(3); its errors are about the salt. The messages thrown here name the hash's form only,
     * never the password, since SqlHashCheck logs them.
     */
    private static boolean shaCrypt(String hash, String password) {
        if (hash.startsWith("rounds=", 3)) {
            int end = hash.indexOf('$', 3);
            long rounds = end < 0 ? -1 : longNumber(hash.substring(10, end));
            if (rounds > SHA_CRYPT_MAX_ROUNDS) {
                throw new IllegalArgumentException("SHA-crypt rounds " + rounds + " above " + SHA_CRYPT_MAX_ROUNDS);
            }
        }
        byte[] computed;
        try {
            computed = Crypt.crypt(password.getBytes(StandardCharsets.UTF_8), hash).getBytes(StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed SHA-crypt hash", e);
        }
        return MessageDigest.isEqual(computed, hash.getBytes(StandardCharsets.US_ASCII));
    }

    /** Bouncy Castle compares in constant time; bcrypt reads at most 72 bytes of the password, as OpenBSD's. */
    private static boolean bcrypt(String hash, String password) {
        int cost = hash.length() > 6 && hash.charAt(6) == '$' ? number(hash.substring(4, 6)) : -1;
        if (cost > BCRYPT_MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost " + cost + " above " + BCRYPT_MAX_COST);
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 72) {
            bytes = java.util.Arrays.copyOf(bytes, 72);
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, bytes);
        } catch (RuntimeException e) {
            // the library's own message is not passed on: only our words about the hash reach the log
            throw new IllegalArgumentException("malformed bcrypt hash", e);
        }
    }

    /** The PHC string format: $argon2id$v=19$m=65536,t=3,p=4$salt$hash, salt and hash in unpadded base64. */
    private static boolean argon2id(String hash, String password) {
        String[] parts = hash.split("\\$", -1);
        // "", "argon2id", ["v=19",] "m=..,t=..,p=..", salt, hash
        int at = parts.length == 6 ? 3 : 2;
        if (parts.length != 5 && parts.length != 6) {
            throw new IllegalArgumentException("malformed argon2id hash");
        }
        int version = Argon2Parameters.ARGON2_VERSION_10;
        if (parts.length == 6) {
            if (!parts[2].equals("v=19")) {
                throw new IllegalArgumentException("argon2id version " + parts[2] + " (only v=19)");
            }
            version = Argon2Parameters.ARGON2_VERSION_13;
        }
        int memory = -1;
        int iterations = -1;
        int parallelism = -1;
        for (String parameter : parts[at].split(",")) {
            String[] kv = parameter.split("=", 2);
            int value = kv.length == 2 ? number(kv[1]) : -1;
            switch (kv[0]) {
                case "m" -> memory = value;
                case "t" -> iterations = value;
                case "p" -> parallelism = value;
                default -> throw new IllegalArgumentException("argon2id parameter " + kv[0]);
            }
        }
        if (memory < 8 || iterations < 1 || parallelism < 1 || memory > ARGON2_MAX_MEMORY_KIB
                || (long) memory * iterations > ARGON2_MAX_WORK_KIB || parallelism > 255) {
            throw new IllegalArgumentException("argon2id parameters out of range: " + parts[at]);
        }
        byte[] salt = base64(parts[at + 1]);
        byte[] expected = base64(parts[at + 2]);
        if (expected.length < 4 || salt.length < 8) {
            throw new IllegalArgumentException("argon2id salt or hash too short");
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(version)
                .withMemoryAsKB(memory).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
        byte[] computed = new byte[expected.length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), computed);
        return MessageDigest.isEqual(computed, expected);
    }

    private static int number(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long longNumber(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("argon2id salt or hash is not base64", e);
        }
    }
}
