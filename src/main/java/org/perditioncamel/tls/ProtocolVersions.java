package org.perditioncamel.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** ssl_*_min_proto_version and ssl_*_max_proto_version as JSSE protocol names; TLS 1.2 and 1.3 only. */
final class ProtocolVersions {
    private static final List<String> SUPPORTED = List.of("TLSv1.2", "TLSv1.3");

    private ProtocolVersions() {
    }

    /** @return the enabled protocols, lowest first */
    static String[] from(TlsSettings.Side side) {
        String minKey = side.key("min_proto_version");
        String maxKey = side.key("max_proto_version");
        Optional<String> min = side.minProtoVersion();
        Optional<String> max = side.maxProtoVersion();
        if (min.isPresent() && min.get().trim().isEmpty()) {
            throw new IllegalArgumentException(minKey + " must not be empty");
        }
        int low = min.map(v -> index(minKey, v)).orElse(0);
        int high = max.map(v -> index(maxKey, v)).orElse(SUPPORTED.size() - 1);
        if (low > high) {
            throw new IllegalArgumentException(minKey + " " + min.get().trim() + " is above " + maxKey + " "
                    + max.get().trim());
        }
        List<String> out = new ArrayList<>(SUPPORTED.subList(low, high + 1));
        return out.toArray(new String[0]);
    }

    private static int index(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "tlsv1.2":
                return 0;
            case "tlsv1.3":
                return 1;
            case "sslv3":
            case "tlsv1":
            case "tlsv1.1":
                throw new IllegalArgumentException(key + " " + value.trim()
                        + " is refused: perdition-camel speaks TLS 1.2 and TLS 1.3 only (use tlsv1.2 or tlsv1.3)");
            default:
                throw new IllegalArgumentException(key + " must be tlsv1.2 or tlsv1.3, not " + value.trim());
        }
    }
}
