package org.perditioncamel.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns perdition.conf lines into checked option settings, as perdition hands them to popt. */
final class ConfFileOptions {
    private final List<OptionSetting> settings = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfFileOptions() {
    }

    static ConfFileOptions of(PerditionConfFile file) throws UsageException {
        ConfFileOptions result = new ConfFileOptions();
        result.warnings.addAll(file.warnings());
        List<ConfEntry> entries = file.entries();
        for (int i = 0; i < entries.size(); i++) {
            ConfEntry entry = entries.get(i);
            String origin = file.sourceName() + ":" + entry.line();
            if (entry.bare()) {
                throw UsageException.usage(origin, "trailing argument: " + entry.value().orElse("")
                        + " (a line that starts with a blank is not an option but the value of the option before it,"
                        + " as in perdition 2.2)");
            }
            Optional<ConfEntry> next = i + 1 < entries.size() && entries.get(i + 1).bare()
                    ? Optional.of(entries.get(i + 1)) : Optional.empty();
            if (result.add(entry, next, origin)) {
                i++;
            }
        }
        return result;
    }

    List<OptionSetting> settings() {
        return settings;
    }

    List<String> warnings() {
        return warnings;
    }

    /**
     * @param next the bare word after this line, if any: popt takes it as the value of an option that has none
     * @return true if the option took that word
     */
    private boolean add(ConfEntry entry, Optional<ConfEntry> next, String origin) throws UsageException {
        String name = entry.key();
        Optional<String> value = entry.value();
        int equals = name.indexOf('=');
        if (equals > 0) {
            // popt reads "--ok_line=x", so key=value works; a value after it would be a stray argument.
            if (value.isPresent()) {
                throw UsageException.usage(origin, "trailing argument: " + value.get());
            }
            value = Optional.of(name.substring(equals + 1));
            name = name.substring(0, equals);
        }
        boolean inline = equals > 0;
        String shown = name.length() == 1 ? "-" + name : "--" + name;
        PerditionOption option = (name.length() == 1
                ? PerditionOption.byShortName(name.charAt(0))
                : PerditionOption.byLongName(name))
                .orElseThrow(() -> UsageException.usage(origin, "unknown option " + shown));
        boolean tookNext = option.takesArgument() && value.isEmpty() && next.isPresent();
        if (tookNext) {
            value = next.get().value();
        }
        if (option == PerditionOption.HELP || option == PerditionOption.VERSION || option == PerditionOption.CONFIG_FILE) {
            warnings.add(origin + ": " + option.longName() + " is ignored in a config file");
            return tookNext;
        }
        if (!option.takesArgument()) {
            if (value.isPresent()) {
                throw UsageException.usage(origin, inline
                        ? "option " + shown + " does not take an argument"
                        : "trailing argument: " + value.get());
            }
            settings.add(new OptionSetting(option, "true", origin));
            return false;
        }
        if (value.isEmpty()) {
            throw UsageException.usage(origin, "option " + shown + " requires an argument");
        }
        settings.add(new OptionSetting(option, ValueRules.normalise(option, value.get(), origin), origin));
        return tookNext;
    }
}
