package org.perditioncamel.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options one source (command line or config file) sets, after repeats and aliases are resolved. */
final class SourceValues {
    private static final List<PerditionOption> CAPABILITIES = List.of(PerditionOption.POP_CAPABILITY,
            PerditionOption.IMAP_CAPABILITY, PerditionOption.MANAGESIEVE_CAPABILITY);

    private final Map<PerditionOption, String> values = new LinkedHashMap<>();
    private final Map<PerditionOption, String> origins = new LinkedHashMap<>();

    static SourceValues of(List<OptionSetting> settings) throws UsageException {
        SourceValues source = new SourceValues();
        for (OptionSetting setting : settings) {
            source.apply(setting);
        }
        String sslMode = source.values.get(PerditionOption.SSL_MODE);
        if (sslMode != null) {
            SslModes.checkCombination(sslMode, source.origins.get(PerditionOption.SSL_MODE));
        }
        return source;
    }

    private void apply(OptionSetting setting) {
        PerditionOption option = setting.option();
        if (option == PerditionOption.CAPABILITY) {
            for (PerditionOption target : CAPABILITIES) {
                put(target, setting.value(), setting.origin());
            }
            return;
        }
        if (option == PerditionOption.SERVER_OK_LINE) {
            option = PerditionOption.SERVER_RESP_LINE;
        }
        String earlier = values.get(option);
        put(option, earlier == null ? setting.value() : ValueRules.combine(option, earlier, setting.value()),
                setting.origin());
    }

    private void put(PerditionOption option, String value, String origin) {
        values.put(option, value);
        origins.put(option, origin);
    }

    /** Option to final value, in the order the options first appeared. */
    Map<PerditionOption, String> values() {
        return Collections.unmodifiableMap(values);
    }

    boolean has(PerditionOption option) {
        return values.containsKey(option);
    }

    String get(PerditionOption option) {
        return values.get(option);
    }
}

