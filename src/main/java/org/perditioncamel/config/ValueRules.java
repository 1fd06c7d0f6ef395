package org.perditioncamel.config;

import java.util.List;
import java.util.Locale;

import org.perditioncamel.session.Protocol;

/** Checks one option value as perdition does and returns it in canonical form. */
final class ValueRules {
    private static final List<String> LOG_PASSWD = List.of("never", "fail", "ok", "always");
    // perdition 2.2's names and tlsv1.3; those below tlsv1.2 are refused later, only by a side that speaks TLS.
    private static final List<String> PROTO_VERSIONS = List.of("sslv3", "tlsv1", "tlsv1.1", "tlsv1.2", "tlsv1.3");

    private ValueRules() {
    }

    static String normalise(PerditionOption option, String value, String origin) throws UsageException {
        switch (option.kind()) {
            case FLAG:
                return "true";
            case INTEGER:
                return integer(option, value, origin);
            case STATE_LIST:
                return option == PerditionOption.SSL_MODE
                        ? SslModes.normalise(value, origin)
                        : UsernameStates.normalise(option, value, origin);
            default:
                break;
        }
        switch (option) {
            case PROTOCOL:
                return Protocol.fromOption(value).map(Protocol::name).orElseThrow(() -> UsageException.usage(origin,
                        "unknown protocol: " + value + " (use POP3, POP3S, IMAP4, IMAP4S or MANAGESIEVE)"));
            case LOG_PASSWD:
                String state = value.trim().toLowerCase(Locale.ROOT);
                if (!LOG_PASSWD.contains(state)) {
                    throw UsageException.usage(origin, "Parameter to --log_passwd must be never, fail, ok or always: "
                            + value);
                }
                return state;
            case SSL_LISTEN_MIN_PROTO_VERSION:
            case SSL_OUTGOING_MIN_PROTO_VERSION:
            case SSL_LISTEN_MAX_PROTO_VERSION:
            case SSL_OUTGOING_MAX_PROTO_VERSION:
                return protoVersion(option, value, origin);
            case PID_FILE:
                if (!value.isEmpty() && !value.startsWith("/")) {
                    throw UsageException.usage(origin, "Parameter to --pid_file must be an absolute path or empty: "
                            + value);
                }
                return value;
            default:
                return value;
        }
    }

    /** Repeats within one source: state lists are OR-ed, everything else is replaced. */
    static String combine(PerditionOption option, String earlier, String later) {
        if (option.kind() != OptionKind.STATE_LIST) {
            return later;
        }
        return option == PerditionOption.SSL_MODE
                ? SslModes.union(earlier, later)
                : UsernameStates.union(earlier, later);
    }

    /**
     * Checked at start even without TLS, as perdition 2.2 does ("Unknown ssl_listen_min_proto_version"). An empty
     * maximum means none; an empty minimum is refused.
     */
    private static String protoVersion(PerditionOption option, String value, String origin) throws UsageException {
        boolean emptyMax = value.isEmpty() && option.longName().contains("_max_");
        if (!emptyMax && !PROTO_VERSIONS.contains(value.trim().toLowerCase(Locale.ROOT))) {
            throw UsageException.usage(origin, "unknown " + option.longName() + ": " + value
                    + " (use tlsv1.2 or tlsv1.3)");
        }
        return value;
    }

    /** perdition: all digits, "" counting as digits and giving 0. */
    private static String integer(PerditionOption option, String value, String origin) throws UsageException {
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw UsageException.usage(origin, "Parameter to " + option.display() + " must be a positive integer");
        }
        if (value.isEmpty()) {
            return "0";
        }
        try {
            return String.valueOf(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw UsageException.usage(origin, "Parameter to " + option.display() + " is too large: " + value);
        }
    }
}
