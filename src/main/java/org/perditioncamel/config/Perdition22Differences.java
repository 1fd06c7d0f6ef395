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
        return warnings;
    }

    private static void sharedBit(SourceValues commandLine, SourceValues file, PerditionOption onCommandLine,
                                  PerditionOption inFile, List<String> warnings) {
        if (commandLine.has(onCommandLine) && file.has(inFile) && !commandLine.has(inFile)) {
            warnings.add(inFile.longName() + " from the config file is used; perdition 2.2 ignores it when "
                    + onCommandLine.display() + " is on the command line");
        }
    }
}
