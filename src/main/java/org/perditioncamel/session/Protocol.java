package org.perditioncamel.session;

import java.util.Locale;
import java.util.Optional;

/** The protocols perdition speaks, with its names, default ports and implicit-TLS flag (perdition(8) -P). */
public enum Protocol {
    POP3("pop3", 110, false),
    POP3S("pop3s", 995, true),
    IMAP4("imap4", 143, false),
    IMAP4S("imap4s", 993, true),
    MANAGESIEVE("managesieve", 4190, false);

    private final String configName;
    private final int defaultPort;
    private final boolean implicitTls;

    Protocol(String configName, int defaultPort, boolean implicitTls) {
        this.configName = configName;
        this.defaultPort = defaultPort;
        this.implicitTls = implicitTls;
    }

    /** The lower-case name used in perdition.&lt;proto&gt;.conf and in our per-listener keys. */
    public String configName() {
        return configName;
    }

    /** Port used when neither listen_port/outgoing_port nor the popmap give one. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The service name perdition prints where it has no port number, e.g. server="(null):pop3". */
    public String serviceName() {
        switch (this) {
            case IMAP4: return "imap";
            case IMAP4S: return "imaps";
            case MANAGESIEVE: return "sieve";
            default: return configName;
        }
    }

    public boolean implicitTls() {
        return implicitTls;
    }

    /** -P/--protocol accepts these names case-insensitively; there is no IMAP alias in perdition 2.2. */
    public static Optional<Protocol> fromOption(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Protocol.valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** perdition picks the protocol from its invocation name: perdition.pop3, perdition.imaps, … */
    public static Protocol fromInvocationName(String basename) {
        if (basename == null) {
            return POP3;
        }
        switch (basename) {
            case "perdition.pop3s": return POP3S;
            case "perdition.imap4": return IMAP4;
            case "perdition.imap4s":
            case "perdition.imaps": return IMAP4S;
            case "perdition.managesieve": return MANAGESIEVE;
            default: return POP3;
        }
    }
}
