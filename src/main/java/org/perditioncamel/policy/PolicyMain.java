package org.perditioncamel.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.main.Main;

/**
 * bin/perdition-policy: the POP-before-SMTP consumer alone, for an SMTP host. Camel Main scans only this package,
 * so no proxy listener, outbox or hub starts, and loads only the policy-*.camel.yaml routes. Options are
 * {@code --key value} or {@code --key=value} over config/application.properties.
 */
public final class PolicyMain {
    static final String INSTANCE_NAME = "perdition-policy";

    private PolicyMain() {
    }

    public static void main(String[] argv) {
        Map<String, String> values;
        try {
            values = options(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(INSTANCE_NAME + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            Main main = newMain(values);
            main.run();
            if (main.getExitCode() != 0) {
                System.exit(main.getExitCode());
            }
        } catch (Exception e) {
            System.err.println(INSTANCE_NAME + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** The consumer with these options on top of config/application.properties and the defaults. */
    public static Main newMain(Map<String, String> values) {
        Main main = new Main(PolicyMain.class);
        main.setPropertyPlaceholderLocations("file:config/application.properties;optional=true,classpath:application.properties");
        main.addOverrideProperty("camel.main.name", INSTANCE_NAME);
        main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:routes/policy-*.camel.yaml");
        main.addOverrideProperty(PolicySettings.ENABLED_KEY, "true");
        main.addInitialProperty("instance_name", INSTANCE_NAME);   // a configured instance_name wins
        values.forEach(main::addOverrideProperty);
        return main;
    }

    static Map<String, String> options(String[] argv) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("options are --key value or --key=value (docs/pop-before-smtp.md): " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                values.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < argv.length) {
                values.put(arg.substring(2), argv[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return values;
    }
}
