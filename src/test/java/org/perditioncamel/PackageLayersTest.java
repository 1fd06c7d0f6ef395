package org.perditioncamel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages form layers, as docs/architecture.md's table lists them: each package uses only packages listed
 * before it, so imports follow the login and no package cycle can come back unnoticed.
 */
class PackageLayersTest {
    /** From the leaves up; "" is the composition root (ProxyConfiguration, PerditionMain). */
    private static final List<String> LAYERS = List.of(
            "session", "config", "metrics", "throttle", "log", "events", "tls",
            "protocol", "protocol.sasl", "protocol.pop3", "protocol.imap", "protocol.managesieve",
            "popmap", "popmap.sql", "popmap.ldap", "backend", "localauth", "relay", "listener", "login", "management",
            "routes", "policy", "", "demo");
    private static final Path SOURCES = Path.of("src/main/java/org/perditioncamel");
    private static final Pattern REFERENCE = Pattern.compile("org\\.perditioncamel\\.((?:[a-z]+\\.)*)[A-Z]\\w*");

    @Test
    void everyPackageShouldUseOnlyThePackagesBelowIt() throws IOException {
        Map<String, TreeSet<String>> violations = new TreeMap<>();
        for (Map.Entry<String, TreeSet<String>> uses : packageUses().entrySet()) {
            String from = uses.getKey();
            assertThat(LAYERS).as("package %s must have a place in LAYERS and in docs/architecture.md", from).contains(from);
            for (String to : uses.getValue()) {
                assertThat(LAYERS).as("package %s", to).contains(to);
                if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                    violations.computeIfAbsent(display(from), k -> new TreeSet<>()).add(display(to));
                }
            }
        }
        assertThat(violations).as("packages using a package above them").isEmpty();
    }

    @Test
    void sessionShouldBeALeafAndProtocolShouldNotKnowTheBackend() throws IOException {
        Map<String, TreeSet<String>> uses = packageUses();
        assertThat(uses.getOrDefault("session", new TreeSet<>())).isEmpty();
        for (String protocol : List.of("protocol", "protocol.pop3", "protocol.imap", "protocol.managesieve")) {
            assertThat(uses.getOrDefault(protocol, new TreeSet<>())).doesNotContain("backend", "login", "listener");
        }
    }

    /** Package → the other packages of ours its sources name (imports and qualified names, comments excluded). */
    private static Map<String, TreeSet<String>> packageUses() throws IOException {
        Map<String, TreeSet<String>> uses = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(50);
        for (Path file : files) {
            String from = packageOf(SOURCES.relativize(file.getParent()).toString());
            String code = withoutComments(Files.readString(file));
            Matcher m = REFERENCE.matcher(code);
            TreeSet<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
            while (m.find()) {
                String to = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
                if (!to.equals(from)) {
                    targets.add(to);
                }
            }
        }
        return uses;
    }

    private static String packageOf(String relativeDirectory) {
        return relativeDirectory.replace('/', '.').replace('\\', '.');
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }

    private static String display(String pkg) {
        return pkg.isEmpty() ? "org.perditioncamel" : pkg;
    }
}
