package org.perditioncamel.popmap.sql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.perditioncamel.testing.Relays;

/**
 * A TCP relay in front of the real database that can be cut (listener closed, every relayed connection reset,
 * so the pool's connections die as they do when the server goes away) and restored on the same port.
 */
final class Outage implements AutoCloseable {
    private final int target;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    Outage(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    int port() {
        return port;
    }

    /** The database "goes away": nothing accepts on the port, and the relayed connections are reset. */
    void cut() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);   // a reset, as when the server's host goes away
                s.close();
            } catch (IOException alreadyClosed) {
                // its relay thread closed it first
            }
        }
        open.clear();
    }

    /** The database is back on the same address. */
    void restore() throws IOException {
        server = listen(port);
        accept(server);
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket listening) {
        Relays.daemon(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket backend = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(backend);
                    Relays.pump(client, backend, "outage-up");
                    Relays.pump(backend, client, "outage-down");
                } catch (IOException e) {
                    return;
                }
            }
        }, "outage-accept");
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
