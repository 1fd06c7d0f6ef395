package org.perditioncamel.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.perditioncamel.session.Protocol;

/** perdition's config file search (perdition/config_file.c). */
final class ConfigFileLocator {
    private ConfigFileLocator() {
    }

    /**
     * The files tried, in order: &lt;basename&gt;.conf unless the basename is exactly "perdition", then
     * perdition.&lt;proto&gt;.conf with the protocol of the invocation name, then perdition.conf.
     * -P does not count: perdition computes the name before it parses the command line.
     */
    static List<Path> candidates(String basename, Path configDir) {
        List<Path> candidates = new ArrayList<>();
        if (!basename.equals("perdition")) {
            candidates.add(configDir.resolve(basename + ".conf"));
        }
        String proto = Protocol.fromInvocationName(basename).configName();
        Path byProtocol = configDir.resolve("perdition." + proto + ".conf");
        if (!candidates.contains(byProtocol)) {
            candidates.add(byProtocol);
        }
        candidates.add(configDir.resolve("perdition.conf"));
        return candidates;
    }

    /**
     * The first candidate that is a regular file (links followed) and can be read, as perdition 2.2's
     * vanessa_config_file_check_exits opens each and checks it; one that exists but fails is skipped with a warning.
     */
    static Optional<Path> find(String basename, Path configDir, List<String> warnings) {
        for (Path candidate : candidates(basename, configDir)) {
            if (Files.isRegularFile(candidate) && Files.isReadable(candidate)) {
                return Optional.of(candidate);
            }
            if (Files.exists(candidate)) {
                warnings.add(candidate + ": not a readable regular file; skipped, as perdition 2.2 does");
            }
        }
        return Optional.empty();
    }
}
