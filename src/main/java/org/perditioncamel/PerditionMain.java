package org.perditioncamel;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.main.Main;

/** The launcher: perdition's command line and config file become Camel Main override properties. */
public final class PerditionMain {
    private PerditionMain() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    values.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                    values.put(name, argv[++i]);
                } else {
                    values.put(name, "true");
                }
            }
        }
        run(values);
    }

    /** Starts Camel Main with these perdition options; blocks until the proxy stops. */
    public static void run(Map<String, String> values) throws Exception {
        // Camel Main's own argv parser is not used: its -d/-t/-e mean other things than perdition's
        newMain(values).run();
    }

    /** The application with these perdition options on top of config/application.properties and the defaults. */
    public static Main newMain(Map<String, String> values) {
        Main main = new Main(PerditionMain.class);
        main.setPropertyPlaceholderLocations("file:config/application.properties;optional=true,classpath:application.properties");
        values.forEach(main::addOverrideProperty);
        return main;
    }
}
