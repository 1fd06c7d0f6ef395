package org.perditioncamel.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake backend on loopback that never offers TLS and records every byte it receives: POP3 (greets {@code +OK hi},
 * CAPA without STLS), IMAP (CAPABILITY without STARTTLS) or ManageSieve (capabilities without "STARTTLS"). POP3 USER
 * gets +OK (so a proxy that goes on in plaintext also shows its PASS); anything else gets a refusal. Used to prove
 * on the wire that a forced-TLS proxy never sends the credentials.
 */
final class RecordingBackend implements AutoCloseable {
    enum Kind { POP3, IMAP, SIEVE }

    private static final String SIEVE_CAPABILITIES = "\"IMPLEMENTATION\" \"recording fake\"\r\n\"SASL\" \"PLAIN\"\r\n"
            + "\"SIEVE\" \"fileinto\"\r\n\"VERSION\" \"1.0\"\r\n";

    private final Kind kind;
    private final ServerSocket server;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();

    RecordingBackend(Kind kind) throws IOException {
        this.kind = kind;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(TlsFixtures.HOST), 0));
        Thread acceptor = new Thread(this::accept, "recording-" + kind);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** Everything received on every connection so far, as ISO-8859-1 text. */
    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Waits until every accepted connection ended (the proxy hung up), so {@link #received()} is complete. */
    void awaitConnectionsClosed() {
        long end = System.nanoTime() + TlsFixtures.WAIT.toNanos();
        while ((connections.get() == 0 || finished.get() < connections.get()) && System.nanoTime() < end) {
            TlsFixtures.sleep(50);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(socket), "recording-" + kind + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) TlsFixtures.WAIT.toMillis());
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            write(out, greeting());
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                synchronized (received) {
                    received.write(b);
                }
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
                line.reset();
                String reply = answer(text);
                if (reply == null) {
                    return;
                }
                write(out, reply);
            }
        } catch (SocketException e) {
            // the proxy reset the connection
        } catch (IOException e) {
            // timed out: the recorded bytes tell the story
        } finally {
            finished.incrementAndGet();
        }
    }

    private String greeting() {
        switch (kind) {
            case POP3:
                return "+OK hi\r\n";
            case IMAP:
                return "* OK hi\r\n";
            default:
                return SIEVE_CAPABILITIES + "OK \"hi\"\r\n";
        }
    }

    /** The reply to one line; null to hang up after a logout. */
    private String answer(String line) {
        String upper = line.toUpperCase(Locale.ROOT);
        switch (kind) {
            case POP3:
                if (upper.equals("CAPA")) {
                    return "+OK\r\nUSER\r\nUIDL\r\n.\r\n";
                }
                if (upper.startsWith("USER ")) {
                    return "+OK\r\n";   // so a proxy that goes on in plaintext shows its PASS
                }
                return upper.equals("QUIT") ? null : "-ERR no\r\n";
            case IMAP: {
                int space = line.indexOf(' ');
                String tag = space < 0 ? "*" : line.substring(0, space);
                String command = space < 0 ? "" : upper.substring(space + 1);
                if (command.equals("CAPABILITY")) {
                    return "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + " OK done\r\n";
                }
                if (command.equals("LOGOUT")) {
                    return null;
                }
                return line.endsWith("}") ? "+ go on\r\n" : tag + " NO no\r\n";
            }
            default:
                if (upper.equals("CAPABILITY")) {
                    return SIEVE_CAPABILITIES + "OK \"done\"\r\n";
                }
                return upper.equals("LOGOUT") ? null : "NO \"no\"\r\n";
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
