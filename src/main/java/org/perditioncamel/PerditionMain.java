package org.perditioncamel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainShutdownStrategy;
import org.perditioncamel.config.LaunchOptions;
import org.perditioncamel.config.PerditionCommandLine;
import org.perditioncamel.config.Settings;
import org.perditioncamel.config.StartupFailure;
import org.perditioncamel.config.UsageException;
import org.perditioncamel.events.EventsConfiguration;
import org.perditioncamel.listener.Drain;
import org.perditioncamel.listener.ListenerSettings;
import org.perditioncamel.management.ManagementConfiguration;
import org.perditioncamel.policy.PolicyConfiguration;
import org.perditioncamel.popmap.PopmapConfiguration;
import org.perditioncamel.routes.RoutesConfiguration;
import org.perditioncamel.routes.RouteFileError;
import org.perditioncamel.routes.RoutesDirectory;

/**
 * The launcher: perdition's command line and perdition.conf become Camel Main override properties under
 * perdition's own option names. Camel Main's argv parser is not used: its -d/-t/-e mean other things.
 */
public final class PerditionMain {
    private PerditionMain() {
    }

    public static void main(String[] argv) {
        String invokedAs = System.getProperty("perdition.invoked_as", "perdition");
        LaunchOptions options;
        boolean inetdMode;
        try {
            options = PerditionCommandLine.parse(invokedAs, argv, PerditionCommandLine.defaultConfigDir());
            if (options.help()) {
                System.out.print(PerditionCommandLine.help());
                System.exit(0);
            }
            if (options.version()) {
                System.out.print(Version.text());
                System.exit(0);
            }
            options.rejectUnsupported();
            inetdMode = InetdMode.check(options.values());
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(e.exitStatus());
            return;
        }
        options.warnings().forEach(w -> System.err.println(invokedAs + ": warning: " + w));
        // Camel lets Java system properties override everything; as system properties the command line and
        // perdition.conf win over an operator's -Dkey=value, which still beats the properties files
        options.values().forEach(System::setProperty);
        if (options.values().containsKey("debug")) {
            System.setProperty("perdition.camel_main_level", "INFO");
        }
        try {
            // where to listen is checked before anything starts: a typo costs no broker start-up
            ListenerSettings.from(Settings.of(options.values()));
        } catch (IllegalArgumentException e) {
            System.err.println(invokedAs + ": " + e.getMessage());
            System.exit(UsageException.USAGE);
            return;
        }
        ignoreSignals(invokedAs);
        // perdition writes no pid file in inetd mode (reference §2.2): processes of concurrent sessions would refuse
        // each other's, and the first to end would remove it
        try (PidFile pid = PidFile.create(inetdMode ? null : options.values().get("pid_file"))) {
            run(options.values());
        } catch (Exception e) {
            System.err.println(invokedAs + ": " + startupMessage(e, routeFiles(options.values())));
            System.exit(isConfigurationError(e) ? 2 : 1);
        }
        if (inetdMode) {
            // the session is over and Camel has stopped; a library's leftover non-daemon thread must not keep the
            // process (and so inetd's slot) alive
            System.exit(0);
        }
    }

    /**
     * perdition re-reads its map on SIGHUP; here the popmap and the log file are re-read when they change, so a
     * HUP from an old logrotate or init script must not stop the JVM (its default action).
     */
    private static void ignoreSignals(String invokedAs) {
        ignore("HUP", invokedAs + ": SIGHUP ignored: the popmap and the log file are re-read when they change");
        // perdition ignores USR1 and USR2 (reference §12); the JVM's default for USR1 ends the process at once, with
        // no drain, no Closing lines and the pid file left behind. USR2 is the JVM's own on Linux: it stays the JVM's.
        ignore("USR1", invokedAs + ": SIGUSR1 ignored, as perdition does");
        ignore("USR2", invokedAs + ": SIGUSR2 ignored, as perdition does");
    }

    private static void ignore(String signal, String line) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> System.err.println(line));
        } catch (IllegalArgumentException e) {
            // not on this platform, or the JVM's own
        }
    }

    /** Starts Camel Main with these perdition options; blocks until the proxy stops. */
    public static void run(Map<String, String> values) throws Exception {
        Main main = newMain(values);
        main.run();
        if (main.getExitCode() != 0 && main.getCamelContext() == null) {
            throw new IllegalStateException("perdition-camel did not start; see the log above");
        }
    }

    /** The application with these perdition options on top of config/application.properties and the defaults. */
    public static Main newMain(Map<String, String> values) {
        // the configuration classes named, not found by scanning every class of the jar at each start
        Main main = new Main();
        main.configure().addConfiguration(EventsConfiguration.class);
        main.configure().addConfiguration(PopmapConfiguration.class);
        main.configure().addConfiguration(ProxyConfiguration.class);
        main.configure().addConfiguration(PolicyConfiguration.class);
        main.configure().addConfiguration(RoutesConfiguration.class);
        main.configure().addConfiguration(ManagementConfiguration.class);
        main.setPropertyPlaceholderLocations("file:config/application.properties;optional=true,classpath:application.properties");
        values.forEach(main::addOverrideProperty);
        // inetd_mode ends the process with its session: Main then stops Camel as on SIGTERM, and run() returns
        main.bind(ProxyConfiguration.SESSION_ENDED, (Runnable) main::completed);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                waitForTheDrain(main);
            }
        });
        // without routes_directory, camel.main.routes-include-pattern stays as the properties files say
        RoutesDirectory.of(values, System::getProperty).ifPresent(dir -> {
            main.addOverrideProperty("camel.main.routes-include-pattern", RoutesDirectory.includePattern(dir));
            main.addOverrideProperty(RoutesDirectory.KEY, dir.toString());
        });
        return main;
    }

    /**
     * Camel Main's SIGTERM hook waits camel.main.extra-shutdown-timeout (15 s) plus the routes' shutdown-timeout for
     * the stop, then lets the JVM halt: a drain_timeout of 60 s was cut at about 20 s, its sessions dropped without
     * their Closing lines. With a drain the hook waits for it too, then as long as before for the rest of the stop.
     */
    static void waitForTheDrain(Main main) {
        Drain drain = main.getCamelContext().getRegistry().lookupByNameAndType(Drain.BEAN, Drain.class);
        MainShutdownStrategy shutdown = main.getShutdownStrategy();
        if (shutdown == null) {
            return;
        }
        if (drain != null && drain.timeoutSeconds() > 0) {
            int afterTheDrain = shutdown.getExtraShutdownTimeout();
            shutdown.setExtraShutdownTimeout(drain.timeoutSeconds() + afterTheDrain);
        }
        // the pid file's exit hook waits as long as Camel's, and a little more for run() to return
        PidFile.holdExitFor(shutdown.getExtraShutdownTimeout() + main.getCamelContext().getShutdownStrategy().getTimeout() + 10);
    }

    /** A bad value found while building the beans (unknown map library, bad state list, …) is a usage error. */
    private static boolean isConfigurationError(Throwable e) {
        if (RouteFileError.describe(e, List.of()).isPresent()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    /** The route files, to name the file and line of a route that could not be built. */
    private static List<Path> routeFiles(Map<String, String> values) {
        try {
            return RoutesDirectory.files(RoutesDirectory.of(values, System::getProperty));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static String startupMessage(Throwable e, List<Path> routeFiles) {
        Optional<String> routeFile = RouteFileError.describe(e, routeFiles);
        if (routeFile.isPresent()) {
            return routeFile.get();
        }
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof IllegalArgumentException || t instanceof StartupFailure) {
                return t.getMessage();
            }
        }
        return root.getMessage();
    }
}
