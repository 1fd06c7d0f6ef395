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
    private volatile boolean frozen;

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

    /**
     * The database's host stops answering and says nothing (a black hole: a firewall that drops, a hung host): the
     * relayed connections stay open, what is sent is swallowed and nothing comes back.
     */
    void freeze() {
        frozen = true;
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
                    pump(client, backend, "outage-up");
                    pump(backend, client, "outage-down");
                } catch (IOException e) {
                    return;
                }
            }
        }, "outage-accept");
    }

    /** Relays.pump, but what arrives while frozen is dropped. */
    private void pump(Socket from, Socket to, String name) {
        Relays.daemon(() -> {
            byte[] buffer = new byte[8192];
            try (Socket in = from; Socket out = to) {
                for (int n; (n = in.getInputStream().read(buffer)) > 0; ) {
                    if (!frozen) {
                        out.getOutputStream().write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // either side hung up (or the test cut it): the relay of this connection is over
            }
        }, name);
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
