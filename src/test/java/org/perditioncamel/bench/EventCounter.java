package org.perditioncamel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A consumer of the proxy's event hub over STOMP (a plain subscription to perdition.connect, perdition.auth and
 * perdition.close, anonymous from loopback as docs/events.md allows), counting the MESSAGE frames it receives.
 * Its own thread; the counts are read by the scenarios.
 */
final class EventCounter implements AutoCloseable {
    private static final List<String> TOPICS = List.of("perdition.connect", "perdition.auth", "perdition.close");

    private final Socket socket = new Socket();
    private final AtomicLong messages = new AtomicLong();
    private final Thread reader;
    private volatile boolean connected;

    EventCounter(String host, int port) throws IOException {
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(0);
        OutputStream out = socket.getOutputStream();
        StringBuilder frames = new StringBuilder("CONNECT\naccept-version:1.2\nhost:" + host + "\n\n\0");
        for (int i = 0; i < TOPICS.size(); i++) {
            frames.append("SUBSCRIBE\nid:").append(i).append("\ndestination:").append(TOPICS.get(i))
                    .append("\nsubscription-type:MULTICAST\nack:auto\n\n\0");
        }
        out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        reader = new Thread(this::count, "bench-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Events received so far. */
    long received() {
        return messages.get();
    }

    boolean connected() {
        return connected;
    }

    private void count() {
        byte[] buffer = new byte[65536];
        // a frame starts after a NUL (and optional heart-beat newlines); its first line is the command
        StringBuilder command = new StringBuilder();
        boolean atFrameStart = true;
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == 0) {
                        atFrameStart = true;
                        command.setLength(0);
                    } else if (atFrameStart) {
                        if (b == '\n') {
                            if (command.length() > 0) {
                                frame(command.toString().trim());
                                atFrameStart = false;
                            }
                        } else if (command.length() < 16) {
                            command.append((char) b);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the socket is closed when the run ends
        }
    }

    private void frame(String command) {
        if (command.equals("MESSAGE")) {
            messages.incrementAndGet();
        } else if (command.equals("CONNECTED")) {
            connected = true;
        } else if (command.equals("ERROR")) {
            System.err.println("bench: the event hub refused the STOMP subscription (ERROR frame)");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.getOutputStream().write("DISCONNECT\n\n\0".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the hub is gone already; closing is all that is left
        }
        socket.close();
    }
}
