package org.perditioncamel.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;

/**
 * perdition's ssl_mode and ssl_* options plus ssl_provider and ssl_reload_interval, read once. The one place their
 * defaults are written in code.
 * <p>
 * Values are only converted here. What perdition checks only when a side speaks TLS (protocol versions, the
 * provider, the passphrase source, the verify depth) is still checked by the class that uses it, so an unused bad
 * value does not stop a proxy without TLS from starting.
 *
 * @param sslMode        ssl_mode as given; its meaning depends on the protocol, see {@link #mode(Protocol)}
 * @param provider       ssl_provider, trimmed and lower-cased: auto, openssl or jdk (checked by TlsProviders)
 * @param caPath         ssl_ca_path; unset means the default directory, used only when it exists
 * @param passphraseFd   ssl_passphrase_fd; 0 is the terminal or standard input
 */
public record TlsSettings(String sslMode, long reloadInterval, String provider, Path certFile, Path keyFile,
                          Optional<Path> passphraseFile, int passphraseFd, Optional<Path> caFile, CaPath caPath,
                          Optional<Path> caChainFile, Optional<String> dhParamsFile, Side listen, Side outgoing,
                          boolean noCipherServerPreference, boolean noCertVerify, boolean noClientCertVerify,
                          boolean noCnVerify, boolean certAcceptSelfSigned, boolean caAcceptSelfSigned,
                          boolean certAcceptExpired, boolean certAcceptNotYetValid, int certVerifyDepth) {

    /** Seconds between checks of the listening certificate files (beyond perdition); 0 turns reloading off. */
    static final String RELOAD_INTERVAL_KEY = "ssl_reload_interval";
    static final long DEFAULT_RELOAD_INTERVAL = 60;
    static final String PROVIDER_KEY = "ssl_provider";
    static final Path DEFAULT_CERT_FILE = Path.of("/etc/perdition/perdition.crt.pem");
    static final Path DEFAULT_KEY_FILE = Path.of("/etc/perdition/perdition.key.pem");
    static final Path DEFAULT_CA_PATH = Path.of("/etc/perdition/perdition.ca/");
    static final int DEFAULT_VERIFY_DEPTH = 9;

    /**
     * One side's ssl_&lt;side&gt;_ciphers and protocol version bounds.
     *
     * @param name             "listen" or "outgoing", as in the option names
     * @param minProtoVersion  as given; present but blank is refused when the side is used
     */
    public record Side(String name, Optional<String> ciphers, Optional<String> minProtoVersion,
                       Optional<String> maxProtoVersion) {

        static Side from(Settings s, String name) {
            return new Side(name, s.nonEmpty(key(name, "ciphers")), s.get(key(name, "min_proto_version")),
                    s.nonEmpty(key(name, "max_proto_version")));
        }

        String key(String option) {
            return key(name, option);
        }

        private static String key(String side, String option) {
            return "ssl_" + side + "_" + option;
        }
    }

    /** ssl_ca_path: a configured directory ("" for none), or perdition's default when it exists at the time. */
    public record CaPath(Optional<Path> configured, boolean isDefault) {

        static CaPath from(Optional<String> value) {
            return value.isEmpty() ? new CaPath(Optional.of(DEFAULT_CA_PATH), true)
                    : new CaPath(value.filter(v -> !v.isEmpty()).map(Path::of), false);
        }

        /** The directory to read, if any; the default only while it exists, as perdition skips it otherwise. */
        Optional<Path> directory() {
            return isDefault ? configured.filter(Files::isDirectory) : configured;
        }
    }

    public static TlsSettings from(Settings s) {
        long interval = s.longValue(RELOAD_INTERVAL_KEY, DEFAULT_RELOAD_INTERVAL);
        if (interval < 0) {
            throw new IllegalArgumentException(RELOAD_INTERVAL_KEY + " must not be negative: " + interval);
        }
        return new TlsSettings(
                s.string("ssl_mode", ""),
                interval,
                s.nonEmpty(PROVIDER_KEY).orElse("auto").trim().toLowerCase(Locale.ROOT),
                s.nonEmpty("ssl_cert_file").map(Path::of).orElse(DEFAULT_CERT_FILE),
                s.nonEmpty("ssl_key_file").map(Path::of).orElse(DEFAULT_KEY_FILE),
                s.nonEmpty("ssl_passphrase_file").map(Path::of),
                s.integer("ssl_passphrase_fd", 0),
                s.nonEmpty("ssl_ca_file").map(Path::of),
                CaPath.from(s.get("ssl_ca_path")),
                s.nonEmpty("ssl_ca_chain_file").map(Path::of),
                s.nonEmpty("ssl_dh_params_file"),
                Side.from(s, "listen"),
                Side.from(s, "outgoing"),
                s.flag("ssl_no_cipher_server_preference"),
                s.flag("ssl_no_cert_verify"),
                s.flag("ssl_no_client_cert_verify"),
                s.flag("ssl_no_cn_verify"),
                s.flag("ssl_cert_accept_self_signed"),
                s.flag("ssl_ca_accept_self_signed"),
                s.flag("ssl_cert_accept_expired"),
                s.flag("ssl_cert_accept_not_yet_valid"),
                s.integer("ssl_cert_verify_depth", DEFAULT_VERIFY_DEPTH));
    }

    /** ssl_mode for this protocol: empty means ssl_all for POP3S and IMAP4S. */
    public SslMode mode(Protocol protocol) {
        return SslMode.parse(sslMode, protocol);
    }
}
