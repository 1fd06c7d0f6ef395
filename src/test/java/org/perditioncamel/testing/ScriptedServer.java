package org.perditioncamel.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server whose every connection runs a script of its own thread: for backend behaviour no real server
 * shows on demand (a refusal, last words with the FIN). Closed with its connections.
 */
public final class ScriptedServer implements AutoCloseable {
    /** One connection's conversation. */
    public interface Script {
        void converse(BufferedReader in, OutputStream out, Socket socket) throws IOException;
    }

    private final ServerSocket listener;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    public ScriptedServer(Script script) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    connections.add(s);
                    Thread conversation = new Thread(() -> {
                        try (s) {
                            script.converse(new BufferedReader(new InputStreamReader(s.getInputStream(),
                                    StandardCharsets.US_ASCII)), s.getOutputStream(), s);
                        } catch (IOException e) {
                            // the peer closed it
                        }
                    }, "scripted-conversation");
                    conversation.setDaemon(true);
                    conversation.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Writes the text as given (its CR LFs included) and flushes. */
    public static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
