package org.perditioncamel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A consumer of the proxy's event hub over STOMP (--events-protocol stomp; JDK only) (a plain subscription to perdition.connect, perdition.auth and
 * perdition.close, anonymous from loopback as docs/events.md allows), counting the MESSAGE frames it receives.
 * Its own thread; the counts are read by the scenarios. It sends a STOMP heart-beat every {@link #HEART_BEAT_MILLIS}:
 * the hub closes a connection that stays silent for its TTL (60 s), and a warm-up storm can be longer than that.
 */
final class StompEventCounter extends SubscribedEventCounter {
    private static final List<String> TOPICS = List.of("perdition.connect", "perdition.auth", "perdition.close");
    static final long HEART_BEAT_MILLIS = 10_000;

    private final Socket socket = new Socket();
    private final Thread reader;
    private final Thread heartBeat;

    StompEventCounter(String host, int port) throws IOException {
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(0);
        // heart-beat: we send one every HEART_BEAT_MILLIS and want none from the hub
        StringBuilder frames = new StringBuilder("CONNECT\naccept-version:1.2\nhost:" + host + "\nheart-beat:"
                + HEART_BEAT_MILLIS + ",0\n\n\0");
        for (int i = 0; i < TOPICS.size(); i++) {
            frames.append("SUBSCRIBE\nid:").append(i).append("\ndestination:").append(TOPICS.get(i))
                    .append("\nsubscription-type:MULTICAST\nack:auto\n\n\0");
        }
        send(frames.toString());
        reader = new Thread(this::count, "bench-events");
        reader.setDaemon(true);
        reader.start();
        heartBeat = new Thread(this::beat, "bench-events-heart-beat");
        heartBeat.setDaemon(true);
        heartBeat.start();
    }

    private void send(String frames) throws IOException {
        synchronized (socket) {
            OutputStream out = socket.getOutputStream();
            out.write(frames.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** An end-of-line between frames is a STOMP heart-beat. */
    private void beat() {
        try {
            while (!socket.isClosed()) {
                Thread.sleep(HEART_BEAT_MILLIS);
                send("\n");
            }
        } catch (InterruptedException | IOException e) {
            // closed: the run is over
        }
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
        heartBeat.interrupt();
        try {
            send("DISCONNECT\n\n\0");
        } catch (IOException e) {
            // the hub is gone already; closing is all that is left
        }
        socket.close();
    }
}
