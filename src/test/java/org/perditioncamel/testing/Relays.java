package org.perditioncamel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** The byte pump of the test TCP relays: one direction of one connection, on a daemon thread. */
public final class Relays {
    private Relays() {
    }

    /** Copies from one socket to the other until either side ends, then closes both. */
    public static void pump(Socket from, Socket to, String name) {
        daemon(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // either side hung up (or the test cut it): the relay of this connection is over
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, name);
    }

    public static void daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }
}
