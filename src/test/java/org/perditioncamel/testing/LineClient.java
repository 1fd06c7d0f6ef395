package org.perditioncamel.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw socket client for protocol tests: exact bytes out, CRLF lines in, bounded waits. */
public final class LineClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public LineClient(int port) throws IOException {
        this("127.0.0.1", port);
    }

    public LineClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A client on an already connected socket (e.g. an SSLSocket for implicit TLS). */
    public LineClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** STARTTLS/STLS: the handshake on this connection; reads and writes go through TLS from here on. */
    public LineClient startTls(javax.net.ssl.SSLSocketFactory factory) throws IOException {
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) factory.createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        return this;
    }

    public LineClient timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    public LineClient send(String line) throws IOException {
        return sendRaw((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    public LineClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One line without its CRLF; null at EOF. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** A POP3 multi-line body after its +OK line, un-byte-stuffed, as the exact bytes of the message. */
    public byte[] readMultiLine() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine();
            if (line == null || line.equals(".")) {
                return body.toByteArray();
            }
            if (line.startsWith(".")) {
                line = line.substring(1);
            }
            body.write(line.getBytes(StandardCharsets.ISO_8859_1));
            body.write('\r');
            body.write('\n');
        }
    }

    /** True if the server closed the connection within the socket timeout (EOF or reset). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** True if nothing at all arrives for {@code millis} (no byte, no EOF); the socket timeout is restored. */
    public boolean silentFor(int millis) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            in.read();   // a byte or EOF: something happened
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(before);
        }
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
