package org.perditioncamel.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.perditioncamel.config.Settings;

/** Which CA certificates each side trusts, from ssl_ca_file, ssl_ca_path and ssl_ca_chain_file. */
final class TrustAnchors {
    static final Path DEFAULT_CA_PATH = Path.of("/etc/perdition/perdition.ca/");

    private TrustAnchors() {
    }

    /** ssl_ca_file and ssl_ca_path; the JDK's trust store when they give no certificate (perdition failed then). */
    static List<X509Certificate> forBackends(Settings settings) {
        List<X509Certificate> configured = configured(settings);
        return configured.isEmpty() ? CertificateFiles.jdkDefaults() : configured;
    }

    /**
     * The CAs for client certificates, the ssl_ca_chain_file certificates included. Empty when nothing is configured:
     * then no client certificate is requested, since none could verify.
     */
    static List<X509Certificate> forClients(Settings settings, List<X509Certificate> caChain) {
        List<X509Certificate> out = new ArrayList<>(configured(settings));
        out.addAll(caChain);
        return out;
    }

    /** The certificates of ssl_ca_chain_file, or none. */
    static List<X509Certificate> caChain(Settings settings) {
        return caChainFile(settings).map(f -> CertificateFiles.read(f, "ssl_ca_chain_file")).orElse(List.of());
    }

    static Optional<Path> caFile(Settings settings) {
        return settings.nonEmpty("ssl_ca_file").map(Path::of);
    }

    /** The configured directory ("" for none); the default /etc/perdition/perdition.ca/ only when it exists. */
    static Optional<Path> caPath(Settings settings) {
        Optional<String> value = settings.get("ssl_ca_path");
        if (value.isEmpty()) {
            return Files.isDirectory(DEFAULT_CA_PATH) ? Optional.of(DEFAULT_CA_PATH) : Optional.empty();
        }
        return value.filter(v -> !v.isEmpty()).map(Path::of);
    }

    static Optional<Path> caChainFile(Settings settings) {
        return settings.nonEmpty("ssl_ca_chain_file").map(Path::of);
    }

    private static List<X509Certificate> configured(Settings settings) {
        List<X509Certificate> out = new ArrayList<>();
        caFile(settings).ifPresent(f -> out.addAll(CertificateFiles.read(f, "ssl_ca_file")));
        caPath(settings).ifPresent(d -> out.addAll(CertificateFiles.readDirectory(d, "ssl_ca_path")));
        return out;
    }
}
