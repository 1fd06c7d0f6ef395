package org.perditioncamel.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perditioncamel.protocol.Protocol;

/**
 * What the launcher was asked for: the protocol, every option set on the command line or in the config file
 * (perdition long name to final value; flags "true"; defaults not filled in), the file read, and warnings.
 * {@code protocol} is always in {@code values}, as the enum name; config_file and help are not (see the fields);
 * capability (-I) appears as the three capability options and server_ok_line as server_resp_line.
 */
public record LaunchOptions(Protocol protocol, Map<String, String> values, Optional<Path> configFile, boolean help,
                            List<String> warnings) {

    public LaunchOptions {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        warnings = List.copyOf(warnings);
    }

    /** Refuses the first option that is set but not implemented yet, e.g. any ssl_* option or inetd_mode. */
    public void rejectUnsupported() throws UsageException {
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Optional<PerditionOption> option = PerditionOption.byLongName(entry.getKey());
            if (option.isPresent() && !option.get().supportsValue(entry.getValue())) {
                throw new UsageException(message(option.get(), entry.getValue()), UsageException.USAGE);
            }
        }
    }

    private static String message(PerditionOption option, String value) {
        if (option == PerditionOption.SSL_MODE) {
            return "perdition: option --ssl_mode " + value
                    + " is not supported yet by perdition-camel (only none is accepted)";
        }
        return "perdition: option " + option.display() + " is not supported yet by perdition-camel";
    }
}
