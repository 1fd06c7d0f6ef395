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

    /**
     * ssl_ca_file and ssl_ca_path; the JDK's trust store when neither is configured (perdition failed then). An
     * ssl_ca_path the operator set that holds no PEM certificate (DER files, say) stops the start: falling back to
     * the public CAs would trust any backend with a public certificate for its name, not the private CA meant.
     */
    static List<X509Certificate> forBackends(TlsSettings settings) {
        List<X509Certificate> configured = configured(settings);
        if (configured.isEmpty() && !settings.caPath().isDefault()) {
            settings.caPath().configured().ifPresent(dir -> {
                throw new IllegalArgumentException("ssl_ca_path " + dir + ": no PEM certificate (files must be PEM:"
                        + " openssl x509 -inform DER -in ca.cer -out ca.pem); the backends could not be verified");
            });
        }
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
