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

    static Optional<Path> find(String basename, Path configDir) {
        return candidates(basename, configDir).stream().filter(Files::exists).findFirst();
    }
}
