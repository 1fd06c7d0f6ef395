package org.perditioncamel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A core-protocol consumer of the event hub that lives for the whole benchmark run: bench/run starts it once, and
 * each load generator asks it for its count over loopback ({@link RemoteEventCounter}). A consumer opened by every
 * generator's new JVM spent about 3 CPU-seconds of class loading and compiling in each storm, on the core that the
 * backend and the generator share, which slowed the backend during our storms only.
 * Usage: EventCounterServer hubHost:hubPort listenPort. Each line received is answered with the count so far.
 */
public final class EventCounterServer {
    private EventCounterServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Running running = start(args[0], Integer.parseInt(args[1]));
        System.out.println("event counter: subscribed to " + args[0] + ", answering on " + running.port());
        Thread.currentThread().join();   // until bench/run kills it
    }

    /** A started counter: its port, and close to end the subscription and the answering. */
    record Running(int port, ServerSocket server, CoreEventCounter events) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            server.close();
            events.close();
        }
    }

    /** Subscribes, then answers on 127.0.0.1:port (0: any) from a thread of its own. */
    static Running start(String hub, int port) throws IOException {
        int colon = hub.lastIndexOf(':');
        CoreEventCounter events = CoreEventCounter.open(hub.substring(0, colon), Integer.parseInt(hub.substring(colon + 1)));
        ServerSocket server = new ServerSocket(port, 16, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(() -> {
            try (server) {
                while (true) {
                    Socket client = server.accept();
                    Thread answering = new Thread(() -> answer(client, events), "bench-events-answer");
                    answering.setDaemon(true);
                    answering.start();
                }
            } catch (IOException e) {
                // closed
            }
        }, "bench-events-accept");
        accepting.setDaemon(true);
        accepting.start();
        return new Running(server.getLocalPort(), server, events);
    }

    private static void answer(Socket client, CoreEventCounter events) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = client.getOutputStream();
            while (in.readLine() != null) {
                out.write((events.received() + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the generator is done
        }
    }
}
