package org.perditioncamel.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every command-line and perdition.conf option of perdition 2.2, with what perdition-camel makes of it, and the few
 * of perdition-camel's own that an operator needs on the command line too (routes_directory, routes_reload).
 */
public enum PerditionOption {
    // Listening and process
    PROTOCOL('P', OptionKind.STRING, "PROTOCOL", "from the invocation name, else POP3",
            "Protocol spoken on both sides: POP3, POP3S, IMAP4, IMAP4S or MANAGESIEVE.", true),
    LISTEN_PORT('l', OptionKind.STRING, "PORT",
            "protocol dependent (pop3 110, pop3s 995, imap 143, imaps 993, sieve 4190)",
            "Port to listen on, for bind addresses that give none.", true),
    BIND_ADDRESS('b', OptionKind.REPLACE_LIST, "ADDR[:PORT][,ADDR[:PORT]...]", "\"\" (0.0.0.0 only)",
            "Listen only on these addresses, one listener per entry; IPv6 as [addr]:port.", true),
    NO_BIND_BANNER('B', OptionKind.FLAG, null, "off",
            "Greet with the host name (uname) instead of the reverse lookup of the local address.", true),
    NO_LOOKUP('n', OptionKind.FLAG, null, "off",
            "No host or port name lookups: numeric default ports, numeric greeting host.", true),
    INETD_MODE('i', OptionKind.FLAG, null, "off",
            "Serve one session on the connection inetd passed on stdin/stdout, then exit.", true),
    NO_DAEMON(null, OptionKind.FLAG, null, "off",
            "Do not detach; accepted and ignored, the JVM always runs in the foreground.", true),
    PID_FILE(null, OptionKind.STRING, "FILENAME", "none (perdition 2.2: /var/run/<basename>/<basename>.pid)",
            "Write the process id to this absolute path; \"\" for no pid file.", true),
    USERNAME('u', OptionKind.STRING, "USERNAME", "nobody",
            "User to run as; perdition-camel does not switch user, it warns if this is not the running user.", true),
    GROUP('g', OptionKind.STRING, "GROUP", "nogroup",
            "Group to run as; perdition-camel does not switch group, it warns if this is not the running group.",
            true),
    CONNECTION_LIMIT('L', OptionKind.INTEGER, "LIMIT", "0",
            "Maximum number of simultaneous connections; 0 for no limit.", true),
    TCP_KEEPALIVE(null, OptionKind.FLAG, null, "off",
            "Set SO_KEEPALIVE on client and backend connections.", true),
    CONFIG_FILE('f', OptionKind.STRING, "FILENAME", "searched, see docs/configuration.md",
            "Read options from this file; \"\" for no file.", true),
    HELP('h', OptionKind.FLAG, null, "off",
            "Print this help and exit.", true),
    VERSION(null, OptionKind.FLAG, null, "off",
            "Print the version and exit (beyond perdition 2.2, which has no such option).", true),

    // Backend and popmap lookup
    OUTGOING_SERVER('s', OptionKind.REPLACE_LIST, "SERVER[:PORT][,SERVER[:PORT]...]", "\"\"",
            "Default backend server(s), used when the popmap gives none.", true),
    OUTGOING_PORT('p', OptionKind.STRING, "PORT", "protocol dependent, as listen_port",
            "Backend port when neither the popmap nor outgoing_server gives one.", true),
    MAP_LIBRARY('M', OptionKind.STRING, "FILENAME", "/usr/lib/x86_64-linux-gnu/libperditiondb_gdbm.so.0 (Debian)",
            "Popmap to look users up in, named as perdition's library; \"\" for no popmap.", true),
    MAP_LIBRARY_OPT('m', OptionKind.STRING, "STRING", "\"\"",
            "Option string for the popmap, in the format of that map.", true),
    QUERY_KEY(null, OptionKind.REPLACE_LIST, "FORMAT[,FORMAT...]", "unset (the key is the username)",
            "Popmap keys to try in order, with \\u \\U \\d \\D \\i \\I \\p \\P substitutions.", true),
    CLIENT_SERVER_SPECIFICATION('c', OptionKind.FLAG, null, "off",
            "Let the client choose the backend with user<delimiter>host[:port].", true),
    USERNAME_FROM_DATABASE('U', OptionKind.FLAG, null, "off",
            "Log in to the backend as the user the popmap gives (user@host).", true),
    DOMAIN_DELIMITER('D', OptionKind.STRING, "STRING", "@",
            "Delimiter between username and domain.", true),
    EXPLICIT_DOMAIN('e', OptionKind.STRING, "STRING", "unset",
            "Domain add_domain appends, instead of the reverse lookup of the local address.", true),

    // Username munging
    STRIP_DOMAIN('S', OptionKind.STATE_LIST, "STATE[,STATE...]", "\"\"",
            "Strip the domain from the username in these states.", true),
    ADD_DOMAIN('A', OptionKind.STATE_LIST, "STATE[,STATE...][,DEPTH]", "\"\", depth 1",
            "Append a domain to usernames without one in these states.", true),
    LOWER_CASE(null, OptionKind.STATE_LIST, "STATE[,STATE...]", "\"\"",
            "Lower-case the username (ASCII) in these states.", true),

    // TLS/SSL (org.perditioncamel.tls, docs/tls.md)
    SSL_MODE(null, OptionKind.STATE_LIST, "MODE[,MODE...]", "\"\" (ssl_all for POP3S and IMAP4S)",
            "Use SSL and/or TLS on the listening and/or outgoing side.", true),
    SSL_CERT_FILE(null, OptionKind.STRING, "FILENAME", "/etc/perdition/perdition.crt.pem",
            "Certificate chain for the listening side (PEM); reloaded when it changes.", true),
    SSL_KEY_FILE(null, OptionKind.STRING, "FILENAME", "/etc/perdition/perdition.key.pem",
            "Private key for the listening side (PEM: RSA or EC, PKCS#8, PKCS#1 or SEC1, optionally encrypted).",
            true),
    SSL_CA_FILE(null, OptionKind.STRING, "FILENAME", "unset",
            "CA certificates to verify backend and client certificates with.", true),
    SSL_CA_PATH(null, OptionKind.STRING, "DIRECTORY", "/etc/perdition/perdition.ca/",
            "Hashed directory of CA certificates, used for both sides.", true),
    SSL_CA_CHAIN_FILE(null, OptionKind.STRING, "FILENAME", "unset",
            "Intermediate CAs: sent to clients after ssl_cert_file, and trusted for client certificates.", true),
    SSL_DH_PARAMS_FILE(null, OptionKind.STRING, "FILENAME", "unset (read from ssl_cert_file)",
            "Accepted and ignored with a warning: DHE uses the RFC 7919 groups (JDK) or is not offered (OpenSSL).",
            true),
    SSL_LISTEN_CIPHERS(null, OptionKind.STRING, "STRING", "unset (library default)",
            "TLS 1.2 cipher list for the listening side (OpenSSL syntax); TLS 1.3 suites stay on.", true),
    SSL_OUTGOING_CIPHERS(null, OptionKind.STRING, "STRING", "unset (library default)",
            "TLS 1.2 cipher list for the outgoing side (OpenSSL syntax); TLS 1.3 suites stay on.", true),
    SSL_LISTEN_MIN_PROTO_VERSION(null, OptionKind.STRING, "VERSION", "tlsv1.2 (perdition 2.2: tlsv1)",
            "Lowest protocol version accepted from clients: tlsv1.2 or tlsv1.3; older versions are refused.", true),
    SSL_OUTGOING_MIN_PROTO_VERSION(null, OptionKind.STRING, "VERSION", "tlsv1.2 (perdition 2.2: tlsv1)",
            "Lowest protocol version used towards backends: tlsv1.2 or tlsv1.3.", true),
    SSL_LISTEN_MAX_PROTO_VERSION(null, OptionKind.STRING, "VERSION", "unset (highest available)",
            "Highest protocol version accepted from clients: tlsv1.2 or tlsv1.3.", true),
    SSL_OUTGOING_MAX_PROTO_VERSION(null, OptionKind.STRING, "VERSION", "unset (highest available)",
            "Highest protocol version used towards backends: tlsv1.2 or tlsv1.3.", true),
    SSL_LISTEN_COMPRESSION(null, OptionKind.FLAG, null, "off",
            "Accepted and ignored: TLS compression is never used (nor by perdition 2.2 with OpenSSL 3).", true),
    SSL_OUTGOING_COMPRESSION(null, OptionKind.FLAG, null, "off",
            "Accepted and ignored: TLS compression is never used (nor by perdition 2.2 with OpenSSL 3).", true),
    SSL_NO_CIPHER_SERVER_PREFERENCE(null, OptionKind.FLAG, null, "off",
            "Let the client's cipher order win on the listening side.", true),
    SSL_NO_CERT_VERIFY(null, OptionKind.FLAG, null, "off",
            "Do not verify the backend certificate chain (the name is still checked), nor request client"
                    + " certificates.", true),
    SSL_NO_CLIENT_CERT_VERIFY(null, OptionKind.FLAG, null, "off",
            "Do not request a client certificate.", true),
    SSL_NO_CN_VERIFY(null, OptionKind.FLAG, null, "off",
            "Do not check the backend certificate's name against the server name.", true),
    SSL_CERT_ACCEPT_SELF_SIGNED(null, OptionKind.FLAG, null, "off",
            "Accept a self-signed backend certificate.", true),
    SSL_CA_ACCEPT_SELF_SIGNED(null, OptionKind.FLAG, null, "off",
            "Accept a self-signed CA in the backend chain.", true),
    SSL_CERT_ACCEPT_EXPIRED(null, OptionKind.FLAG, null, "off",
            "Accept expired certificates.", true),
    SSL_CERT_ACCEPT_NOT_YET_VALID(null, OptionKind.FLAG, null, "off",
            "Accept certificates that are not valid yet.", true),
    SSL_CERT_VERIFY_DEPTH(null, OptionKind.STRING, "DEPTH", "9",
            "Longest certificate chain accepted.", true),
    SSL_PASSPHRASE_FD(null, OptionKind.INTEGER, "N", "0",
            "Read the private key passphrase (first line) from this file descriptor, if the key is encrypted.",
            true),
    SSL_PASSPHRASE_FILE(null, OptionKind.STRING, "FILENAME", "unset",
            "Read the private key passphrase (first line) from this file, if the key is encrypted.", true),

    // Timeouts
    AUTHENTICATE_TIMEOUT(null, OptionKind.INTEGER, "SECONDS", "1800",
            "Idle timeout per read before the session is authenticated; 0 for none.", true),
    TIMEOUT('t', OptionKind.INTEGER, "SECONDS", "1800",
            "Idle timeout while relaying after login (no bytes either way); 0 for none.", true),
    CONNECT_RELOG(null, OptionKind.INTEGER, "SECONDS", "300",
            "Log the Auth: line again every SECONDS while relaying; 0 to disable.", true),

    // Logging
    LOG_FACILITY('F', OptionKind.STRING, "FACILITY", "mail",
            "Syslog facility; /path for a log file, - for stdout, + for stderr.", true),
    DEBUG('d', OptionKind.FLAG, null, "off",
            "Log at debug level.", true),
    QUIET('q', OptionKind.FLAG, null, "off",
            "Log errors only (this hides the Connect, Auth and Closing lines); overridden by debug.", true),
    CONNECTION_LOGGING('C', OptionKind.FLAG, null, "off",
            "Log every line read and written; needs debug.", true),
    LOG_PASSWD(null, OptionKind.STRING, "never|fail|ok|always", "never",
            "When to log the password on the Auth: line (debug only).", true),

    // Capabilities, greeting and responses
    POP_CAPABILITY(null, OptionKind.STRING, "STRING", "UIDL.USER",
            "POP3 CAPA lines, separated by . (or by two spaces if there is no .).", true),
    IMAP_CAPABILITY(null, OptionKind.STRING, "STRING", "IMAP4 IMAP4REV1",
            "IMAP CAPABILITY list.", true),
    MANAGESIEVE_CAPABILITY(null, OptionKind.STRING, "STRING", "\"IMPLEMENTATION\" \"perdition\" ... (see docs)",
            "ManageSieve capability lines: quoted pairs separated by two spaces.", true),
    CAPABILITY('I', OptionKind.STRING, "STRING", "unset",
            "Deprecated: sets pop_capability, imap_capability and managesieve_capability at once.", true),
    OK_LINE('O', OptionKind.STRING, "STRING", "You are so in",
            "Text of the reply to a successful login.", true),
    SERVER_RESP_LINE('o', OptionKind.FLAG, null, "off",
            "Relay the backend's final login reply instead of generating one.", true),
    SERVER_OK_LINE(null, OptionKind.FLAG, null, "off",
            "Deprecated alias of server_resp_line.", true),
    LOGIN_DISABLED(null, OptionKind.FLAG, null, "off",
            "Refuse every login.", true),
    AUTHENTICATE_IN('a', OptionKind.FLAG, null, "off",
            "Check the password locally (PAM, or authenticate_in.method) before the popmap and the backend.", true),

    // perdition-camel's own: the routes an operator edits (docs/routes.md)
    ROUTES_DIRECTORY(null, OptionKind.STRING, "DIRECTORY", "unset (the built-in routes)",
            "Load the routes from DIRECTORY/*.camel.yaml instead of the built-in ones.", true),
    ROUTES_RELOAD(null, OptionKind.FLAG, null, "off",
            "Apply an edited route file of routes_directory while running, without dropping sessions.", true);

    private static final Map<String, PerditionOption> BY_LONG_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(PerditionOption::longName, Function.identity()));

    private final String longName;
    private final Character shortName;
    private final OptionKind kind;
    private final String argumentName;
    private final String defaultText;
    private final String description;
    private final boolean supported;

    PerditionOption(Character shortName, OptionKind kind, String argumentName, String defaultText,
                    String description, boolean supported) {
        this.longName = name().toLowerCase(Locale.ROOT);
        this.shortName = shortName;
        this.kind = kind;
        this.argumentName = argumentName;
        this.defaultText = defaultText;
        this.description = description;
        this.supported = supported;
    }

    /** perdition's long name, also the configuration key: outgoing_server, query_key, … */
    public String longName() {
        return longName;
    }

    public Optional<Character> shortName() {
        return Optional.ofNullable(shortName);
    }

    public OptionKind kind() {
        return kind;
    }

    public boolean takesArgument() {
        return kind.takesArgument();
    }

    /** The placeholder shown in help, e.g. PORT; empty for flags. */
    public String argumentName() {
        return argumentName == null ? "" : argumentName;
    }

    /** perdition 2.2's default, as text for help and docs. */
    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    /** Whether perdition-camel implements the option; an unsupported option that is set is refused at start. */
    public boolean supported() {
        return supported;
    }

    /** An unsupported ssl_mode would still be accepted when it asks for no TLS at all. */
    public boolean supportsValue(String value) {
        if (supported) {
            return true;
        }
        return this == SSL_MODE && SslModes.asksForNoTls(value);
    }

    /** "--long_name", as perdition names the option in messages. */
    public String display() {
        return "--" + longName;
    }

    public static Optional<PerditionOption> byLongName(String name) {
        return Optional.ofNullable(BY_LONG_NAME.get(name));
    }

    public static Optional<PerditionOption> byShortName(char c) {
        for (PerditionOption option : values()) {
            if (option.shortName != null && option.shortName == c) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }
}
