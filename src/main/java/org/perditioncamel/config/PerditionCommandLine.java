package org.perditioncamel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perditioncamel.session.Protocol;

/** Resolves perdition 2.2's command line and perdition.conf into {@link LaunchOptions}, command line first. */
public final class PerditionCommandLine {
    static final String CONFIG_DIR_ENV = "PERDITION_CONFIG_DIR";
    static final Path DEFAULT_CONFIG_DIR = Path.of("/etc/perdition");

    private PerditionCommandLine() {
    }

    /**
     * @param invokedAs the program name (argv[0]); only its last path element counts
     * @param argv      the arguments after the program name
     * @param configDir where perdition.conf and friends are searched (perdition's SYSCONFDIR)
     */
    public static LaunchOptions parse(String invokedAs, String[] argv, Path configDir) throws UsageException {
        String basename = basename(invokedAs);
        List<OptionSetting> commandLine = ArgvOptions.parse(argv);
        boolean help = commandLine.stream().anyMatch(s -> s.option() == PerditionOption.HELP);
        boolean version = commandLine.stream().anyMatch(s -> s.option() == PerditionOption.VERSION);
        List<String> warnings = new ArrayList<>();

        // With --help or --version nothing is started, so a broken config file must not stand in their way.
        Optional<Path> configFile = help || version ? Optional.empty()
                : configFile(commandLine, basename, configDir, warnings);
        List<OptionSetting> fromFile = List.of();
        if (configFile.isPresent()) {
            ConfFileOptions file = ConfFileOptions.of(PerditionConfFile.read(configFile.get()));
            warnings.addAll(file.warnings());
            fromFile = file.settings();
        }

        SourceValues cli = SourceValues.of(commandLine.stream()
                .filter(s -> s.option() != PerditionOption.HELP && s.option() != PerditionOption.VERSION
                        && s.option() != PerditionOption.CONFIG_FILE)
                .toList());
        SourceValues file = SourceValues.of(fromFile);
        warnings.addAll(Perdition22Differences.warnings(cli, file));

        Protocol protocol = Optional.ofNullable(cli.get(PerditionOption.PROTOCOL))
                .or(() -> Optional.ofNullable(file.get(PerditionOption.PROTOCOL)))
                .map(Protocol::valueOf)
                .orElseGet(() -> Protocol.fromInvocationName(basename));

        Map<String, String> values = new LinkedHashMap<>();
        values.put(PerditionOption.PROTOCOL.longName(), protocol.name());
        file.values().forEach((option, value) -> values.put(option.longName(), value));
        cli.values().forEach((option, value) -> values.put(option.longName(), value));

        warnings.addAll(RunAsCheck.current().warnings(values));
        return new LaunchOptions(protocol, values, configFile, help, version, warnings);
    }

    /** $PERDITION_CONFIG_DIR if set and not empty, else /etc/perdition. */
    public static Path defaultConfigDir() {
        String dir = System.getenv(CONFIG_DIR_ENV);
        return dir == null || dir.isEmpty() ? DEFAULT_CONFIG_DIR : Path.of(dir);
    }

    /** Usage line and every supported option; perdition 2.2's own --help crashes. */
    public static String help() {
        return HelpText.render();
    }

    /** -f wins (the last one; "" means none); otherwise the search of perdition's config_file.c. */
    private static Optional<Path> configFile(List<OptionSetting> commandLine, String basename, Path configDir,
                                             List<String> warnings) {
        Optional<String> explicit = commandLine.stream()
                .filter(s -> s.option() == PerditionOption.CONFIG_FILE)
                .map(OptionSetting::value)
                .reduce((first, second) -> second);
        if (explicit.isPresent()) {
            return explicit.get().isEmpty() ? Optional.empty() : Optional.of(Path.of(explicit.get()));
        }
        return ConfigFileLocator.find(basename, configDir, warnings);
    }

    private static String basename(String invokedAs) {
        if (invokedAs == null || invokedAs.isEmpty()) {
            return "perdition";
        }
        String trimmed = invokedAs.endsWith("/") ? invokedAs.substring(0, invokedAs.length() - 1) : invokedAs;
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }
}
