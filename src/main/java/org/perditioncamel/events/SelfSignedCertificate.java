package org.perditioncamel.events;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
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
 * The hub's certificate, signed by its own EC key. A class of its own so that an ordinary start, which only reads the
 * certificate, never loads Bouncy Castle's signed jar (verifying it costs tens of milliseconds).
 */
final class SelfSignedCertificate {
    /** It is pinned, not checked against a CA or a clock that may be wrong: its validity is not what protects it. */
    private static final Duration VALIDITY = Duration.ofDays(100 * 365L);

    private SelfSignedCertificate() {
    }

    static X509Certificate of(KeyPair keys, Instant now) throws GeneralSecurityException, IOException {
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
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
