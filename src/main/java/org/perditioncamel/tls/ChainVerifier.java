package org.perditioncamel.tls;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

/** Checks a peer certificate chain as perdition does: PKIX to a trusted CA, tolerating exactly the accepted errors. */
final class ChainVerifier {
    /** Which extended key usage the leaf must allow when it names any. */
    enum Purpose {
        SERVER("1.3.6.1.5.5.7.3.1"), CLIENT("1.3.6.1.5.5.7.3.2");

        private final String oid;

        Purpose(String oid) {
            this.oid = oid;
        }
    }

    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final Map<X500Principal, List<X509Certificate>> anchorsBySubject = new HashMap<>();
    private final X509Certificate[] anchors;
    private final VerifyPolicy policy;
    private final Clock clock;

    ChainVerifier(Collection<X509Certificate> anchors, VerifyPolicy policy, Clock clock) {
        this.anchors = anchors.toArray(new X509Certificate[0]);
        this.policy = policy;
        this.clock = clock;
        for (X509Certificate anchor : anchors) {
            anchorsBySubject.computeIfAbsent(anchor.getSubjectX500Principal(), k -> new ArrayList<>()).add(anchor);
        }
    }

    X509Certificate[] anchors() {
        return anchors.clone();
    }

    VerifyPolicy policy() {
        return policy;
    }

    void verify(X509Certificate[] chain, Purpose purpose) throws TlsVerificationException {
        if (chain == null || chain.length == 0) {
            throw new TlsVerificationException("no certificate");
        }
        if (policy.noCertVerify()) {
            return;
        }
        X509Certificate leaf = chain[0];
        checkPurpose(leaf, purpose);
        LinkedList<X509Certificate> path = orderedPath(chain);
        X509Certificate top = path.getLast();
        X509Certificate anchor;
        if (isAnchor(top)) {
            anchor = path.removeLast();
        } else if (selfSigned(top)) {
            if (path.size() == 1) {
                if (!policy.acceptSelfSigned()) {
                    throw new TlsVerificationException("self-signed certificate");
                }
                checkValidity(path, leaf);
                return;   // nothing above it to validate against
            }
            X509Certificate trusted = trustedTwin(top);
            if (trusted == null && !policy.acceptCaSelfSigned()) {
                throw new TlsVerificationException("self-signed certificate in chain");
            }
            path.removeLast();
            anchor = trusted != null ? trusted : top;
        } else {
            anchor = issuerAnchor(top);
            if (anchor == null) {
                throw new TlsVerificationException("unable to get local issuer certificate");
            }
        }
        // the anchor sits at depth path.size(), as in OpenSSL's numbering (leaf 0)
        if (path.size() > policy.depth()) {
            throw new TlsVerificationException("certificate chain too long: depth " + path.size()
                    + " > ssl_cert_verify_depth " + policy.depth());
        }
        checkValidity(path, anchor);
        if (!path.isEmpty()) {
            pkix(path, anchor);
        }
    }

    /** Leaf first, then each certificate's issuer among the ones the peer sent, as far as they go. */
    private LinkedList<X509Certificate> orderedPath(X509Certificate[] chain) {
        LinkedList<X509Certificate> path = new LinkedList<>();
        List<X509Certificate> pool = new ArrayList<>(Arrays.asList(chain).subList(1, chain.length));
        path.add(chain[0]);
        while (true) {
            X509Certificate current = path.getLast();
            if (isAnchor(current) || selfSigned(current)) {
                return path;
            }
            X509Certificate issuer = null;
            for (X509Certificate candidate : pool) {
                if (candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())
                        && signedBy(current, candidate.getPublicKey())) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                return path;
            }
            pool.remove(issuer);
            path.add(issuer);
        }
    }

    private boolean isAnchor(X509Certificate certificate) {
        for (X509Certificate anchor : anchorsBySubject.getOrDefault(certificate.getSubjectX500Principal(),
                List.of())) {
            if (anchor.equals(certificate)) {
                return true;
            }
        }
        return false;
    }

    /** A trusted certificate with the same subject and key as a self-signed CA the peer sent (a re-issued root). */
    private X509Certificate trustedTwin(X509Certificate selfSigned) {
        for (X509Certificate anchor : anchorsBySubject.getOrDefault(selfSigned.getSubjectX500Principal(),
                List.of())) {
            if (anchor.getPublicKey().equals(selfSigned.getPublicKey())) {
                return anchor;
            }
        }
        return null;
    }

    private X509Certificate issuerAnchor(X509Certificate certificate) {
        for (X509Certificate anchor : anchorsBySubject.getOrDefault(certificate.getIssuerX500Principal(),
                List.of())) {
            if (signedBy(certificate, anchor.getPublicKey())) {
                return anchor;
            }
        }
        return null;
    }

    private static boolean selfSigned(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                && signedBy(certificate, certificate.getPublicKey());
    }

    private static boolean signedBy(X509Certificate certificate, PublicKey key) {
        try {
            certificate.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void checkPurpose(X509Certificate leaf, Purpose purpose) throws TlsVerificationException {
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new TlsVerificationException("unreadable extended key usage");
        }
        if (usages != null && !usages.contains(purpose.oid) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new TlsVerificationException("unsupported certificate purpose: not for TLS "
                    + purpose.name().toLowerCase(java.util.Locale.ROOT) + "s");
        }
    }

    /** perdition checks every certificate of the chain, the trusted CA included. */
    private void checkValidity(List<X509Certificate> path, X509Certificate anchor) throws TlsVerificationException {
        Date now = Date.from(clock.instant());
        List<X509Certificate> all = new ArrayList<>(path);
        if (!all.contains(anchor)) {
            all.add(anchor);
        }
        for (int depth = 0; depth < all.size(); depth++) {
            X509Certificate certificate = all.get(depth);
            if (now.after(certificate.getNotAfter()) && !policy.acceptExpired()) {
                throw new TlsVerificationException("certificate expired" + at(depth, certificate));
            }
            if (now.before(certificate.getNotBefore()) && !policy.acceptNotYetValid()) {
                throw new TlsVerificationException("certificate not yet valid" + at(depth, certificate));
            }
        }
    }

    private static String at(int depth, X509Certificate certificate) {
        return depth == 0 ? "" : " at depth " + depth + " (" + certificate.getSubjectX500Principal().getName() + ")";
    }

    private void pkix(List<X509Certificate> path, X509Certificate anchor) throws TlsVerificationException {
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(validationDate(path));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            throw new TlsVerificationException(reason(e), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new TlsVerificationException("certificate verify failed: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsVerificationException("certificate verify failed: " + e.getMessage(), e);
        }
    }

    /** Now, unless an accepted expired or early certificate needs a date inside every validity window. */
    private Date validationDate(List<X509Certificate> path) throws TlsVerificationException {
        Date now = Date.from(clock.instant());
        Date latestStart = null;
        Date earliestEnd = null;
        boolean allValidNow = true;
        for (X509Certificate certificate : path) {
            allValidNow &= !now.before(certificate.getNotBefore()) && !now.after(certificate.getNotAfter());
            latestStart = latestStart == null || certificate.getNotBefore().after(latestStart)
                    ? certificate.getNotBefore() : latestStart;
            earliestEnd = earliestEnd == null || certificate.getNotAfter().before(earliestEnd)
                    ? certificate.getNotAfter() : earliestEnd;
        }
        if (allValidNow) {
            return now;
        }
        if (latestStart.after(earliestEnd)) {
            throw new TlsVerificationException("certificate validity periods do not overlap");
        }
        return latestStart;
    }

    private static String reason(CertPathValidatorException e) {
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == BasicReason.EXPIRED) {
            return "certificate expired";
        }
        if (reason == BasicReason.NOT_YET_VALID) {
            return "certificate not yet valid";
        }
        if (reason == BasicReason.INVALID_SIGNATURE) {
            return "certificate signature failure";
        }
        if (reason == BasicReason.ALGORITHM_CONSTRAINED) {
            return "certificate uses a disallowed algorithm";
        }
        if (reason == BasicReason.REVOKED) {
            return "certificate revoked";
        }
        if (reason == PKIXReason.NOT_CA_CERT) {
            return "invalid CA certificate";
        }
        if (reason == PKIXReason.PATH_TOO_LONG) {
            return "path length constraint exceeded";
        }
        if (reason == PKIXReason.INVALID_KEY_USAGE) {
            return "key usage does not include certificate signing";
        }
        if (reason == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return "unrecognised critical extension";
        }
        if (reason == PKIXReason.INVALID_NAME) {
            return "name constraints violated";
        }
        if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            return "unable to get local issuer certificate";
        }
        return "certificate verify failed: " + e.getMessage();
    }
}
