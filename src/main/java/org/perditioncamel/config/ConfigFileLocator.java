package org.perditioncamel.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.perditioncamel.protocol.Protocol;

/**
 * perdition's config file search: &lt;basename&gt;.conf (unless the basename is exactly "perdition"),
 * then perdition.&lt;proto&gt;.conf with the protocol of the invocation name, then perdition.conf.
 */
final class ConfigFileLocator {
    private ConfigFileLocator() {
    }

    /** The files tried, in order. -P does not count: perdition computes the name before parsing the command line. */
    static List<Path> candidates(String basename, Path configDir) {
        List<Path> candidates = new ArrayList<>();
        if (!basename.equals("perdition")) {
            candidates.add(configDir.resolve(basename + ".conf"));
        }
        Path byProtocol = configDir.resolve("perdition." + Protocol.fromInvocationName(basename).configName() + ".conf");
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
