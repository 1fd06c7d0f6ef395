package org.perditioncamel.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The listening certificate chain and its private key, checked to belong together. */
record ServerCredentials(PrivateKey key, List<X509Certificate> chain) {

    static ServerCredentials load(Path certFile, Path keyFile, Passphrase passphrase, List<X509Certificate> extras) {
        List<X509Certificate> chain = new ArrayList<>(CertificateFiles.read(certFile, "ssl_cert_file"));
        complete(chain, extras);
        PrivateKey key = PrivateKeys.read(keyFile, passphrase);
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException("ssl_key_file " + keyFile + " does not match the certificate in "
                    + "ssl_cert_file " + certFile);
        }
        return new ServerCredentials(key, List.copyOf(chain));
    }

    /**
     * Appends each missing issuer from extras, up to (not including) a self-signed root. perdition 2.2 only trusted
     * ssl_ca_chain_file; sending the intermediates is what its documentation promised.
     */
    private static void complete(List<X509Certificate> chain, List<X509Certificate> extras) {
        boolean added = true;
        while (added) {
            added = false;
            X509Certificate last = chain.get(chain.size() - 1);
            if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                return;
            }
            for (X509Certificate extra : extras) {
                boolean root = extra.getSubjectX500Principal().equals(extra.getIssuerX500Principal());
                if (!root && !chain.contains(extra)
                        && extra.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                    chain.add(extra);
                    added = true;
                    break;
                }
            }
        }
    }

    /** Signs a probe with the key and checks it with the certificate's public key. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm;
        switch (key.getAlgorithm()) {
            case "RSA":
                algorithm = "SHA256withRSA";
                break;
            case "EC":
                algorithm = "SHA256withECDSA";
                break;
            case "Ed25519":
            case "Ed448":
            case "EdDSA":
                algorithm = key.getAlgorithm();
                break;
            default:
                return key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm());
        }
        try {
            byte[] probe = "perdition-camel key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;   // e.g. an RSA key against an EC certificate
        }
    }
}
