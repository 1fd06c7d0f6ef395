package org.perditioncamel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What --version prints: our version, the Camel it was built with and the Java it runs on. */
final class Version {
    private Version() {
    }

    static String text() {
        Properties built = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                built.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "perdition-camel " + built.getProperty("version", "unknown")
                + " (perdition 2.2 compatible; Apache Camel " + built.getProperty("camel.version", "unknown")
                + "; Java " + Runtime.version() + ")\n";
    }
}
