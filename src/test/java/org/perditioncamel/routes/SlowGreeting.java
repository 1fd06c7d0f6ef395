package org.perditioncamel.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP relay in front of a real backend that holds the backend's first bytes (its greeting) for a while, as a slow
 * server does: a login through it stays in flight in the login route for that long.
 */
final class SlowGreeting implements AutoCloseable {
    private final ServerSocket listener;

    private SlowGreeting(ServerSocket listener) {
        this.listener = listener;
    }

    static SlowGreeting to(int backendPort, long delayMillis) throws IOException {
        SlowGreeting relay = new SlowGreeting(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread acceptor = new Thread(() -> relay.accept(backendPort, delayMillis), "slow-greeting");
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept(int backendPort, long delayMillis) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                pump(client.getInputStream(), backend.getOutputStream(), 0, backend);
                pump(backend.getInputStream(), client.getOutputStream(), delayMillis, client);
            } catch (IOException e) {
                return;     // closed
            }
        }
    }

    private static void pump(InputStream from, OutputStream to, long firstDelayMillis, Socket closeAtEnd) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (closeAtEnd) {
                Thread.sleep(firstDelayMillis);
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side went away: the other is closed with it
            }
        }, "slow-greeting-pump");
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
