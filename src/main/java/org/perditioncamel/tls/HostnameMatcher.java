package org.perditioncamel.tls;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import io.netty.util.NetUtil;

/** The backend name check: CN or DNS subjectAltName with a one-label wildcard, and IP subjectAltNames. */
final class HostnameMatcher {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostnameMatcher() {
    }

    static void verify(String host, X509Certificate certificate) throws TlsVerificationException {
        if (host == null || host.isEmpty()) {
            throw new TlsVerificationException("no host name to check the certificate against");
        }
        if (!matches(host, certificate)) {
            List<String> names = names(certificate);
            String shown = names.size() > 3 ? String.join(", ", names.subList(0, 3)) + ", …" : String.join(", ", names);
            throw new TlsVerificationException("host name mismatch: expected " + host
                    + (names.isEmpty() ? "" : ", certificate is for " + shown));
        }
    }

    static boolean matches(String host, X509Certificate certificate) {
        String bare = stripBrackets(host);
        byte[] address = NetUtil.createByteArrayFromIpAddressString(bare);
        if (address != null) {
            for (String ip : sans(certificate, SAN_IP)) {
                if (Arrays.equals(address, NetUtil.createByteArrayFromIpAddressString(ip))) {
                    return true;
                }
            }
            // perdition's text comparison, kept for certificates that name the address as a CN or DNS name
            return sans(certificate, SAN_DNS).contains(bare) || bare.equals(commonName(certificate));
        }
        String name = normalise(bare);
        if (name == null) {
            return false;
        }
        String cn = commonName(certificate);
        if (cn != null && dnsMatch(name, cn)) {
            return true;
        }
        for (String dns : sans(certificate, SAN_DNS)) {
            if (dnsMatch(name, dns)) {
                return true;
            }
        }
        return false;
    }

    /** True for literal IPv4 and IPv6 addresses (with or without brackets), which get no SNI. */
    static boolean isIpAddress(String host) {
        return NetUtil.createByteArrayFromIpAddressString(stripBrackets(host)) != null;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** ASCII (A-label) lower case without a trailing dot; null if the name cannot be converted. */
    static String normalise(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        try {
            return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean dnsMatch(String host, String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.startsWith("*.")) {
            String domain = p.substring(1);                       // ".example.com"
            int firstDot = host.indexOf('.');
            // one whole label, and not a wildcard for a whole top-level domain (*.com)
            return domain.indexOf('.', 1) > 0 && firstDot > 0 && host.substring(firstDot).equals(domain);
        }
        return host.equals(p);
    }

    private static List<String> sans(X509Certificate certificate, int type) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> entry : names) {
                    if (entry.size() >= 2 && entry.get(0) instanceof Integer && (Integer) entry.get(0) == type
                            && entry.get(1) instanceof String) {
                        out.add((String) entry.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable SAN extension names nothing
        }
        return out;
    }

    /** The most specific CN (the first one in RFC 2253 order), or null. */
    static String commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdns.get(i).getValue());
                }
            }
        } catch (InvalidNameException e) {
            // no usable subject
        }
        return null;
    }

    private static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        String cn = commonName(certificate);
        if (cn != null) {
            names.add(cn);
        }
        for (String n : sans(certificate, SAN_DNS)) {
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        names.addAll(sans(certificate, SAN_IP));
        return names;
    }
}
