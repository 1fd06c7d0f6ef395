package org.perditioncamel.config;

import java.util.ArrayList;
import java.util.List;

/** Reads argv as perdition's popt does: --name value, --name=value, -x value, -xvalue, -x=value, -dn. */
final class ArgvOptions {
    static final String ORIGIN = "";

    private final String[] argv;
    private final List<OptionSetting> settings = new ArrayList<>();
    private int next;

    private ArgvOptions(String[] argv) {
        this.argv = argv;
    }

    /** A value option takes the next word even if it starts with '-', as popt does. */
    static List<OptionSetting> parse(String[] argv) throws UsageException {
        ArgvOptions parser = new ArgvOptions(argv);
        parser.run();
        return parser.settings;
    }

    private void run() throws UsageException {
        while (next < argv.length) {
            String word = argv[next++];
            if (word.equals("--")) {
                if (next < argv.length) {
                    throw trailing(argv[next]);
                }
                return;
            }
            if (word.startsWith("--")) {
                longOption(word.substring(2));
            } else if (word.startsWith("-") && word.length() > 1) {
                shortOptions(word.substring(1));
            } else {
                throw trailing(word);
            }
        }
    }

    private void longOption(String body) throws UsageException {
        int equals = body.indexOf('=');
        String name = equals < 0 ? body : body.substring(0, equals);
        PerditionOption option = PerditionOption.byLongName(name)
                .orElseThrow(() -> UsageException.usage(ORIGIN, "unknown option --" + name));
        if (!option.takesArgument()) {
            if (equals >= 0) {
                throw UsageException.usage(ORIGIN, "option --" + name + " does not take an argument");
            }
            add(option, "true");
        } else if (equals >= 0) {
            add(option, body.substring(equals + 1));
        } else {
            add(option, nextArgument("--" + name));
        }
    }

    private void shortOptions(String cluster) throws UsageException {
        for (int i = 0; i < cluster.length(); i++) {
            char c = cluster.charAt(i);
            PerditionOption option = PerditionOption.byShortName(c)
                    .orElseThrow(() -> UsageException.usage(ORIGIN, "unknown option -" + c));
            if (!option.takesArgument()) {
                if (i + 1 < cluster.length() && cluster.charAt(i + 1) == '=') {
                    throw UsageException.usage(ORIGIN, "option -" + c + " does not take an argument");
                }
                add(option, "true");
                continue;
            }
            String rest = cluster.substring(i + 1);
            if (rest.startsWith("=")) {
                rest = rest.substring(1);
            } else if (rest.isEmpty()) {
                rest = nextArgument("-" + c);
            }
            add(option, rest);
            return;
        }
    }

    private String nextArgument(String shown) throws UsageException {
        if (next >= argv.length) {
            throw UsageException.usage(ORIGIN, "option " + shown + " requires an argument");
        }
        return argv[next++];
    }

    private void add(PerditionOption option, String value) throws UsageException {
        settings.add(new OptionSetting(option, ValueRules.normalise(option, value, ORIGIN), ORIGIN));
    }

    private static UsageException trailing(String word) {
        return UsageException.usage(ORIGIN, "trailing argument: " + word);
    }
}
