package org.perditioncamel.protocol.managesieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * managesieve_capability: capability lines given as quoted pairs separated by two spaces, one line each
 * (perdition's managesieve_mangle_capability). {@code "STARTTLS"} is managed (reference §6): it is listed
 * only while STARTTLS is on offer, wherever the configuration put it.
 */
final class ManageSieveCapabilities {
    /** perdition's MANAGESIEVE_DEFAULT_CAPA, the capabilities of Dovecot 1.2 with its Sieve plugin. */
    static final String DEFAULT = "\"IMPLEMENTATION\" \"perdition\"  "
            + "\"SIEVE\" \"comparator-i;octet comparator-i;ascii-casemap fileinto reject envelope encoded-character "
            + "vacation subaddress comparator-i;ascii-numeric relational regex imap4flags copy include variables body "
            + "enotify environment mailbox date\"  "
            + "\"SASL\" \"PLAIN\"  "
            + "\"NOTIFY\" \"mailto\"  "
            + "\"VERSION\" \"1.0\"";

    private static final String DELIMITER = "  ";
    private static final String STARTTLS = "\"STARTTLS\"";
    /** RFC 5804 section 1.7: an empty mechanism list says no authentication is possible (yet). */
    private static final String NO_SASL = "\"SASL\" \"\"";

    private final List<String> lines = new ArrayList<>();

    /**
     * @param option        the configured string, or null for perdition's default
     * @param loginDisabled login_disabled: every login will be refused, so no SASL mechanism is advertised
     *                      (the ManageSieve counterpart of IMAP's LOGINDISABLED)
     */
    ManageSieveCapabilities(String option, boolean loginDisabled) {
        for (String pair : (option == null ? DEFAULT : option).split(DELIMITER)) {
            if (pair.isEmpty() || isStartTls(pair)) {
                continue;
            }
            lines.add(loginDisabled && isSasl(pair) ? NO_SASL : pair);
        }
    }

    /** The lines to send, {@code "STARTTLS"} last when it is offered (perdition appends it). */
    List<String> lines(boolean offerStartTls) {
        List<String> out = new ArrayList<>(lines);
        if (offerStartTls) {
            out.add(STARTTLS);
        }
        return out;
    }

    /** Capability names are case-insensitive (RFC 5804 section 1.7). */
    private static boolean isStartTls(String pair) {
        return pair.trim().equalsIgnoreCase(STARTTLS);
    }

    private static boolean isSasl(String pair) {
        String p = pair.trim().toUpperCase(Locale.ROOT);
        return p.equals("\"SASL\"") || p.startsWith("\"SASL\" ");
    }
}
