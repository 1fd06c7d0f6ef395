package org.perditioncamel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The count of an {@link EventCounterServer} (--events-protocol remote, --events its host:port). */
final class RemoteEventCounter implements EventCounter {
    private final Socket socket = new Socket();
    private final BufferedReader in;
    private final OutputStream out;

    RemoteEventCounter(String host, int port) throws IOException {
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = socket.getOutputStream();
        received();   // the server answers once subscribed
    }

    @Override
    public long received() {
        try {
            out.write('\n');
            out.flush();
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the event counter closed the connection");
            }
            return Long.parseLong(line.trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
