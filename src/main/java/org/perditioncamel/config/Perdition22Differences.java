package org.perditioncamel.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Warns where perdition 2.2's option mask bugs would give another result than "command line beats file". */
final class Perdition22Differences {
    private static final List<PerditionOption> FILE_WINS = List.of(PerditionOption.BIND_ADDRESS,
            PerditionOption.OUTGOING_SERVER, PerditionOption.QUERY_KEY);
    private static final List<PerditionOption> MASKED_BY_BIND_ADDRESS = List.of(PerditionOption.ADD_DOMAIN,
            PerditionOption.AUTHENTICATE_IN, PerditionOption.CONNECTION_LIMIT);

    private Perdition22Differences() {
    }

    static List<String> warnings(SourceValues commandLine, SourceValues file) {
        List<String> warnings = new ArrayList<>();
        for (PerditionOption option : FILE_WINS) {
            if (commandLine.has(option) && file.has(option)
                    && !Objects.equals(commandLine.get(option), file.get(option))) {
                warnings.add(option.display() + " from the command line is used; perdition 2.2 would use the"
                        + " config file's value " + file.get(option));
            }
        }
        if (commandLine.has(PerditionOption.BIND_ADDRESS)) {
            for (PerditionOption option : MASKED_BY_BIND_ADDRESS) {
                if (file.has(option) && !commandLine.has(option)) {
                    warnings.add(option.longName() + " from the config file is used; perdition 2.2 ignores it"
                            + " when --bind_address is on the command line");
                }
            }
        }
        sharedBit(commandLine, file, PerditionOption.DEBUG, PerditionOption.CONNECTION_LOGGING, warnings);
        sharedBit(commandLine, file, PerditionOption.CONNECTION_LOGGING, PerditionOption.DEBUG, warnings);
        // ssl_mask: the two cipher lists share 0x800; ssl_no_client_cert_verify's 0x3000 holds no_cert_verify's 0x1000.
        sharedBit(commandLine, file, PerditionOption.SSL_LISTEN_CIPHERS, PerditionOption.SSL_OUTGOING_CIPHERS,
                warnings);
        sharedBit(commandLine, file, PerditionOption.SSL_OUTGOING_CIPHERS, PerditionOption.SSL_LISTEN_CIPHERS,
                warnings);
        sharedBit(commandLine, file, PerditionOption.SSL_NO_CLIENT_CERT_VERIFY, PerditionOption.SSL_NO_CERT_VERIFY,
                warnings);
        sharedBit(commandLine, file, PerditionOption.SSL_NO_CERT_VERIFY, PerditionOption.SSL_NO_CLIENT_CERT_VERIFY,
                warnings);
        addDomain(commandLine, file, warnings);
        return warnings;
    }

    /**
     * 2.2 sets add_domain's strip depth with no mask check, and only a state item sets the mask: the file's depth
     * beats the command line's, and a command-line add_domain that names no state leaves the file's states in force
     * (unless -b on the command line hides them, see MASKED_BY_BIND_ADDRESS).
     */
    private static void addDomain(SourceValues commandLine, SourceValues file, List<String> warnings) {
        String cli = commandLine.get(PerditionOption.ADD_DOMAIN);
        String conf = file.get(PerditionOption.ADD_DOMAIN);
        if (cli == null || conf == null) {
            return;
        }
        List<String> theirStates = UsernameStates.states(cli);
        if (theirStates.isEmpty() && !commandLine.has(PerditionOption.BIND_ADDRESS)) {
            theirStates = UsernameStates.states(conf);
        }
        String theirDepth = UsernameStates.depth(conf).or(() -> UsernameStates.depth(cli))
                .orElse(UsernameStates.DEFAULT_DEPTH);
        String ours = addDomainEffect(UsernameStates.states(cli),
                UsernameStates.depth(cli).orElse(UsernameStates.DEFAULT_DEPTH));
        String theirs = addDomainEffect(theirStates, theirDepth);
        if (!ours.equals(theirs)) {
            warnings.add("add_domain from the command line is used (" + ours + "); perdition 2.2 would use " + theirs
                    + ": it takes the strip depth from the config file's add_domain, and the file's states when the"
                    + " command line names none");
        }
    }

    private static String addDomainEffect(List<String> states, String depth) {
        return states.isEmpty() ? "no state" : String.join(",", states) + ", depth " + depth;
    }

    private static void sharedBit(SourceValues commandLine, SourceValues file, PerditionOption onCommandLine,
                                  PerditionOption inFile, List<String> warnings) {
        if (commandLine.has(onCommandLine) && file.has(inFile) && !commandLine.has(inFile)) {
            warnings.add(inFile.longName() + " from the config file is used; perdition 2.2 ignores it when "
                    + onCommandLine.display() + " is on the command line");
        }
    }
}
