package org.perditioncamel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.perditioncamel.config.UsageException;

/**
 * perdition's -i: standard input and output are the client's connection (inetd often makes standard error the
 * connection too), so nothing but the protocol may be written there.
 */
final class InetdMode {
    private InetdMode() {
    }

    /** Whether inetd_mode is set; if so, stray prints go to stderr from now on, or nowhere if stderr is the client. */
    static boolean check(Map<String, String> values) throws UsageException {
        if (!"true".equals(values.get("inetd_mode"))) {
            return false;
        }
        if ("-".equals(values.get("log_facility")) || "+".equals(values.get("log_facility")) && stderrIsTheClient()) {
            throw new UsageException("perdition: log_facility " + values.get("log_facility") + " writes to the"
                    + " client's connection in inetd_mode; use a file or a syslog facility", UsageException.USAGE);
        }
        // fail at once, not after Camel has started (InetdConnection takes the same channel then)
        if (!(inheritedChannel() instanceof SocketChannel socket) || !socket.isConnected()) {
            throw new UsageException("perdition: inetd_mode: standard input is not a connected TCP socket (start it"
                    + " from inetd, or from a systemd socket with Accept=yes)", UsageException.USAGE);
        }
        if (stderrIsTheClient()) {
            // before log4j starts, so that its console appender writes nowhere rather than into the session
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        }
        System.setOut(System.err);
        return true;
    }

    private static Channel inheritedChannel() {
        try {
            return System.inheritedChannel();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean stderrIsTheClient() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/2")).equals(Files.readSymbolicLink(Path.of("/proc/self/fd/0")));
        } catch (IOException e) {
            return false;
        }
    }
}
