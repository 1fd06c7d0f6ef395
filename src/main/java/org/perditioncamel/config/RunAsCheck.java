package org.perditioncamel.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Warns when -u/-g name another user or group than the one running: perdition-camel never switches. */
final class RunAsCheck {
    private final Optional<String> user;
    private final Optional<String> uid;
    private final Optional<String> group;
    private final Optional<String> gid;

    RunAsCheck(Optional<String> user, Optional<String> uid, Optional<String> group, Optional<String> gid) {
        this.user = user;
        this.uid = uid;
        this.group = group;
        this.gid = gid;
    }

    /**
     * The running identity, read once: it cannot change while Java runs, and reading it (names from the user and
     * group databases) was most of what parsing a command line cost.
     */
    static RunAsCheck current() {
        return Running.IDENTITY;
    }

    private static final class Running {
        static final RunAsCheck IDENTITY = read();
    }

    /** On Linux /proc/self is owned by the process's effective user and group. */
    private static RunAsCheck read() {
        Optional<String> user = Optional.ofNullable(System.getProperty("user.name"));
        Path self = Path.of("/proc/self");
        // outside Linux there is no unix attribute view (and no /proc): only the user name is compared
        if (!self.getFileSystem().supportedFileAttributeViews().containsAll(java.util.Set.of("posix", "unix"))) {
            return new RunAsCheck(user, Optional.empty(), Optional.empty(), Optional.empty());
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(self, PosixFileAttributes.class);
            return new RunAsCheck(Optional.of(attributes.owner().getName()),
                    Optional.of(String.valueOf(Files.getAttribute(self, "unix:uid"))),
                    Optional.of(attributes.group().getName()),
                    Optional.of(String.valueOf(Files.getAttribute(self, "unix:gid"))));
        } catch (IOException | IllegalArgumentException e) {
            return new RunAsCheck(user, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    List<String> warnings(Map<String, String> values) {
        List<String> warnings = new ArrayList<>();
        check(PerditionOption.USERNAME, values, user, uid, "user")
                .ifPresent(warnings::add);
        check(PerditionOption.GROUP, values, group, gid, "group")
                .ifPresent(warnings::add);
        return warnings;
    }

    private static Optional<String> check(PerditionOption option, Map<String, String> values, Optional<String> name,
                                          Optional<String> id, String what) {
        String wanted = values.get(option.longName());
        if (wanted == null || name.isEmpty()) {
            return Optional.empty();
        }
        if (wanted.equals(name.get()) || id.map(wanted::equals).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(option.display() + " " + wanted + " is ignored: perdition-camel does not change " + what
                + " and keeps running as " + name.get() + "; start it as " + wanted
                + " instead (systemd User=/Group=)");
    }
}
