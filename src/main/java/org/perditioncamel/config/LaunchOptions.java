package org.perditioncamel.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perditioncamel.session.Protocol;

/** What the launcher was asked for: protocol, options set on the command line or in the file, warnings. */
public record LaunchOptions(Protocol protocol, Map<String, String> values, Optional<Path> configFile, boolean help,
                            List<String> warnings) {

    /**
     * @param values     perdition long name to final value for every option set on the command line or in the
     *                   config file (flags "true", defaults not filled in), in first-seen order. protocol is always
     *                   there, as the enum name; config_file and help are not (see configFile and help);
     *                   capability (-I) appears as the three capability options, server_ok_line as server_resp_line
     * @param configFile the config file that was read, if any
     * @param help       --help was given; the config file is then not read
     * @param warnings   one line each, for stderr
     */
    public LaunchOptions {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        warnings = List.copyOf(warnings);
    }

    /** Refuses the first option that is set but not supported yet, e.g. inetd_mode. */
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
