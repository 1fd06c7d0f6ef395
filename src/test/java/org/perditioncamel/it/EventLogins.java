package org.perditioncamel.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.perditioncamel.testing.LineClient;

/** One successful login through the proxy per call, in each protocol's words; false when it did not succeed. */
final class EventLogins {
    private static final int TIMEOUT_MILLIS = 15_000;

    private EventLogins() {
    }

    static boolean login(String protocol, int port, String user, String password) {
        try (LineClient c = connect(protocol, port)) {
            c.timeout(TIMEOUT_MILLIS);
            switch (protocol) {
                case "pop3":
                    c.readLine();
                    c.send("USER " + user).readLine();
                    boolean ok = c.send("PASS " + password).readLine().startsWith("+OK");
                    c.send("QUIT").readLine();
                    return ok;
                case "imap4":
                case "imap4s":
                    c.readLine();
                    String line = c.send("a1 LOGIN " + user + " " + password).readLine();
                    while (line.startsWith("* ")) {
                        line = c.readLine();
                    }
                    c.send("a2 LOGOUT");
                    return line.startsWith("a1 OK");
                case "managesieve":
                    String greeting;
                    do {
                        greeting = c.readLine();
                    } while (!greeting.startsWith("OK"));
                    String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                            .getBytes(StandardCharsets.UTF_8));
                    boolean in = c.send("AUTHENTICATE \"PLAIN\" \"" + plain + "\"").readLine().startsWith("OK");
                    c.send("LOGOUT");
                    return in;
                default:
                    throw new IllegalArgumentException(protocol);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static LineClient connect(String protocol, int port) throws IOException {
        if (!protocol.equals("imap4s")) {
            return new LineClient("127.0.0.1", port);
        }
        SSLSocket socket = (SSLSocket) trustingContext().getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return new LineClient(socket);
    }

    /** The test's self-signed certificate is the proxy's; what is tested here is the events, not the chain. */
    static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
