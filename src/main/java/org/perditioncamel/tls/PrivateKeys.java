package org.perditioncamel.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** Reads a PEM private key (PKCS#8, PKCS#1 or SEC1, plain or encrypted) with the JDK alone. */
final class PrivateKeys {
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PrivateKeys() {
    }

    static PrivateKey read(Path file, Passphrase passphrase) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("ssl_key_file " + file + ": cannot read: " + e);
        }
        PemBlock block = PemBlock.parse(bytes).stream().filter(b -> b.label().endsWith("PRIVATE KEY")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("ssl_key_file " + file + ": no PEM private key"));
        Arrays.fill(bytes, (byte) 0);
        try {
            switch (block.label()) {
                case "PRIVATE KEY":
                    return pkcs8(file, block.der());
                case "ENCRYPTED PRIVATE KEY":
                    return pkcs8(file, decryptPkcs8(file, block.der(), passphrase));
                case "RSA PRIVATE KEY":
                    return pkcs8(file, Der.pkcs8FromPkcs1(traditional(file, block, passphrase)));
                case "EC PRIVATE KEY":
                    return pkcs8(file, sec1(file, traditional(file, block, passphrase)));
                default:
                    throw new IllegalArgumentException("ssl_key_file " + file + ": unsupported key type "
                            + block.label());
            }
        } finally {
            Arrays.fill(block.der(), (byte) 0);
        }
    }

    private static byte[] sec1(Path file, byte[] der) {
        try {
            return Der.pkcs8FromSec1(der);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ssl_key_file " + file + ": " + e.getMessage());
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException | RuntimeException e) {
                // not this algorithm: try the next one
            }
        }
        throw new IllegalArgumentException("ssl_key_file " + file + ": not an RSA, EC or EdDSA private key");
    }

    private static byte[] decryptPkcs8(Path file, byte[] der, Passphrase passphrase) {
        char[] secret = passphrase.get(file);
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // for PBES2 the JDK names the real scheme (PBEWithHmacSHA256AndAES_256) only in the parameters
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString()
                    : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(secret)), info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("ssl_key_file " + file + ": unsupported key encryption: "
                    + e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            throw wrongPassphrase(file, passphrase);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** OpenSSL's traditional encryption: key = EVP_BytesToKey(MD5, passphrase, first 8 IV bytes), CBC mode. */
    private static byte[] traditional(Path file, PemBlock block, Passphrase passphrase) {
        if (!block.encrypted()) {
            return block.der();
        }
        String[] dek = block.headers().getOrDefault("DEK-Info", "").split(",");
        if (dek.length != 2) {
            throw new IllegalArgumentException("ssl_key_file " + file + ": bad DEK-Info header");
        }
        String transformation;
        String keyAlgorithm;
        int keyLength;
        switch (dek[0].trim().toUpperCase(Locale.ROOT)) {
            case "AES-128-CBC":
                transformation = "AES/CBC/PKCS5Padding";
                keyAlgorithm = "AES";
                keyLength = 16;
                break;
            case "AES-192-CBC":
                transformation = "AES/CBC/PKCS5Padding";
                keyAlgorithm = "AES";
                keyLength = 24;
                break;
            case "AES-256-CBC":
                transformation = "AES/CBC/PKCS5Padding";
                keyAlgorithm = "AES";
                keyLength = 32;
                break;
            case "DES-EDE3-CBC":
                transformation = "DESede/CBC/PKCS5Padding";
                keyAlgorithm = "DESede";
                keyLength = 24;
                break;
            default:
                throw new IllegalArgumentException("ssl_key_file " + file + ": unsupported key encryption "
                        + dek[0].trim() + "; convert the key with openssl pkcs8 -topk8");
        }
        byte[] iv;
        try {
            iv = HexFormat.of().parseHex(dek[1].trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ssl_key_file " + file + ": bad DEK-Info header");
        }
        char[] secret = passphrase.get(file);
        byte[] password = new String(secret).getBytes(StandardCharsets.UTF_8);
        byte[] key = null;
        try {
            key = bytesToKey(password, Arrays.copyOf(iv, 8), keyLength);
            Cipher cipher = Cipher.getInstance(transformation);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, keyAlgorithm), new IvParameterSpec(iv));
            byte[] plain = cipher.doFinal(block.der());
            if (plain.length == 0 || plain[0] != Der.SEQUENCE) {
                throw wrongPassphrase(file, passphrase);
            }
            return plain;
        } catch (GeneralSecurityException e) {
            throw wrongPassphrase(file, passphrase);
        } finally {
            Arrays.fill(secret, '\0');
            Arrays.fill(password, (byte) 0);
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static byte[] bytesToKey(byte[] password, byte[] salt, int length) throws GeneralSecurityException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        int filled = 0;
        while (filled < length) {
            md5.update(previous);
            md5.update(password);
            md5.update(salt);
            previous = md5.digest();
            int n = Math.min(previous.length, length - filled);
            System.arraycopy(previous, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    private static IllegalArgumentException wrongPassphrase(Path file, Passphrase passphrase) {
        return new IllegalArgumentException("ssl_key_file " + file + ": cannot decrypt the key, wrong passphrase"
                + " (from " + passphrase.source() + ")");
    }
}
