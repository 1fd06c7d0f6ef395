package org.perditioncamel.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which CA certificates each side trusts, from ssl_ca_file, ssl_ca_path and ssl_ca_chain_file. */
final class TrustAnchors {
    private TrustAnchors() {
    }

    /** ssl_ca_file and ssl_ca_path; the JDK's trust store when they give no certificate (perdition failed then). */
    static List<X509Certificate> forBackends(TlsSettings settings) {
        List<X509Certificate> configured = configured(settings);
        return configured.isEmpty() ? CertificateFiles.jdkDefaults() : configured;
    }

    /**
     * The CAs for client certificates, the ssl_ca_chain_file certificates included. Empty when nothing is configured:
     * then no client certificate is requested, since none could verify.
     */
    static List<X509Certificate> forClients(TlsSettings settings, List<X509Certificate> caChain) {
        List<X509Certificate> out = new ArrayList<>(configured(settings));
        out.addAll(caChain);
        return out;
    }

    /** The certificates of ssl_ca_chain_file, or none. */
    static List<X509Certificate> caChain(TlsSettings settings) {
        return settings.caChainFile().map(f -> CertificateFiles.read(f, "ssl_ca_chain_file")).orElse(List.of());
    }

    private static List<X509Certificate> configured(TlsSettings settings) {
        List<X509Certificate> out = new ArrayList<>();
        settings.caFile().ifPresent(f -> out.addAll(CertificateFiles.read(f, "ssl_ca_file")));
        settings.caPath().directory().ifPresent(d -> out.addAll(CertificateFiles.readDirectory(d, "ssl_ca_path")));
        return out;
    }
}
