package org.perditioncamel.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Free loopback ports for private server instances, and a check that one is being listened on. */
final class LocalPorts {

    static final String HOST = "127.0.0.1";

    private static final Path PROC_NET_TCP = Path.of("/proc/net/tcp");
    private static final Path PROC_NET_TCP6 = Path.of("/proc/net/tcp6");
    private static final String TCP_LISTEN = "0A";

    private LocalPorts() {
    }

    /** Returns {@code count} distinct ports that are free on 127.0.0.1 (see FreePorts). */
    static int[] free(int count) {
        return org.perditioncamel.testing.FreePorts.some(count);
    }

    /**
     * True if something listens on 127.0.0.1:port. Reads /proc/net/tcp rather than connecting,
     * because a probe connection would show up as a session in the server's log.
     */
    static boolean isListening(int port) {
        if (!Files.isReadable(PROC_NET_TCP)) {
            return canConnect(port);
        }
        String local = String.format(Locale.ROOT, ":%04X", port);
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(PROC_NET_TCP));
            // a JVM binds 127.0.0.1 as the IPv4-mapped ::ffff:127.0.0.1, which only tcp6 shows
            if (Files.isReadable(PROC_NET_TCP6)) {
                lines.addAll(Files.readAllLines(PROC_NET_TCP6));
            }
            for (String line : lines) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(local) && TCP_LISTEN.equals(fields[3])
                        && (fields[1].startsWith("0100007F:") || fields[1].startsWith("00000000:")
                        || fields[1].startsWith("0000000000000000FFFF00000100007F:"))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return canConnect(port);
        }
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
