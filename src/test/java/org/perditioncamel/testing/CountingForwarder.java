package org.perditioncamel.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of a real backend (GreenMail, Dovecot) that counts the connections made to it,
 * so a test can prove the proxy never contacted the backend. The bytes pass through untouched.
 */
public final class CountingForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final AtomicInteger connections = new AtomicInteger();

    public CountingForwarder(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Relays.daemon(this::accept, "forwarder-" + targetPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), target);
                Relays.pump(client, backend, "forwarder-up");
                Relays.pump(backend, client, "forwarder-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
