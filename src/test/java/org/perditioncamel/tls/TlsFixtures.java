package org.perditioncamel.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/** Shared bits of the TLS integration tests: ports, the test CA as a client trust store, proxy options, log waits. */
final class TlsFixtures {
    static final String HOST = "127.0.0.1";
    /** Bound for every wait on a server, a log line or a client program. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private TlsFixtures() {
    }

    /** {@code count} distinct loopback ports that are free (see FreePorts). */
    static int[] freePorts(int count) {
        return org.perditioncamel.testing.FreePorts.some(count);
    }

    /** Waits until something accepts connections on 127.0.0.1:port. */
    static void awaitListening(int port) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 500);
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        throw new IllegalStateException("nothing listens on " + HOST + ":" + port + " after " + WAIT.toSeconds() + " s");
    }

    /** A client socket factory that trusts only the test CA (and checks nothing else: the tests look at lines). */
    static SSLSocketFactory trustingTestCa() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(TestCertificates.get().caCert)) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the test CA", e);
        }
    }

    /** A new temporary file for the proxy's log_facility. */
    static Path newLog() {
        try {
            return Files.createTempFile("perdition-tlsit-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The listening certificate and key of the test CA's localhost certificate, and the log file. */
    static Map<String, String> listenOptions(String sslMode, Path log) {
        TestCertificates certs = TestCertificates.get();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("ssl_mode", sslMode);
        o.put("ssl_cert_file", certs.serverCert.toString());
        o.put("ssl_key_file", certs.serverKey.toString());
        o.put("log_facility", log.toString());
        return o;
    }

    /**
     * A proxy with one listener per entry of {@code backends} (protocol name to backend port on 127.0.0.1): the first
     * is perdition's {@code protocol} on the returned proxy's port, the others get their own ports via
     * {@code <proto>.listen_port} (the listeners key), each with {@code <proto>.outgoing_port}; outgoing_server
     * defaults to 127.0.0.1. Returns the proxy and each protocol's listening port.
     */
    static Proxy startProxy(Map<String, String> options, Map<String, Integer> backends) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(options);
        List<String> names = new ArrayList<>(backends.keySet());
        Map<String, Integer> ports = new LinkedHashMap<>();
        int[] free = freePorts(names.size());
        all.put("protocol", names.get(0));
        all.put("listen_port", Integer.toString(free[0]));
        if (names.size() > 1) {
            all.put("listeners", String.join(",", names));
        }
        all.putIfAbsent("outgoing_server", HOST);
        // -Dtlsit.ssl_provider=jdk runs the whole set on the JDK's TLS instead of netty-tcnative's BoringSSL
        String provider = System.getProperty("tlsit.ssl_provider", "");
        if (!provider.isEmpty()) {
            all.putIfAbsent("ssl_provider", provider);
        }
        for (int i = 0; i < names.size(); i++) {
            String key = names.get(i).toLowerCase(java.util.Locale.ROOT);
            ports.put(names.get(i), free[i]);
            all.put(key + ".outgoing_port", Integer.toString(backends.get(names.get(i))));
            if (i > 0) {
                all.put(key + ".listen_port", Integer.toString(free[i]));
            }
        }
        RunningProxy proxy = RunningProxy.start(all);
        try {
            for (int port : ports.values()) {
                awaitListening(port);
            }
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        return new Proxy(proxy, ports);
    }

    /** A started proxy and the port of each of its listeners. */
    record Proxy(RunningProxy proxy, Map<String, Integer> ports) implements AutoCloseable {
        int port(String protocol) {
            Integer port = ports.get(protocol);
            if (port == null) {
                throw new IllegalArgumentException("no " + protocol + " listener, only " + ports.keySet());
            }
            return port;
        }

        @Override
        public void close() {
            proxy.close();
        }
    }

    /**
     * Stops proxies side by side: each stop waits out Netty's graceful-shutdown quiet period (about 2 s), so stopping
     * them one after another would cost that much per proxy. Nulls are skipped; the wait is bounded.
     */
    static void closeAll(java.util.Collection<? extends AutoCloseable> resources) {
        List<Thread> threads = new ArrayList<>();
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            Thread t = new Thread(() -> {
                try {
                    resource.close();
                } catch (Exception e) {
                    // a proxy that fails to stop cleanly does not fail the tests that used it
                }
            }, "tlsit-close");
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        long end = System.nanoTime() + WAIT.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void closeAll(AutoCloseable... resources) {
        closeAll(java.util.Arrays.asList(resources));
    }

    /** Waits until the file contains {@code needle}; returns the whole text (which the caller asserts on). */
    /**
     * The log once it contains {@code needle} and has stopped growing for a moment: several tests share one proxy's
     * log, so the needle may stand there from an earlier test while this test's line is still on its way.
     */
    static String awaitLog(Path log, String needle) {
        long end = System.nanoTime() + WAIT.toNanos();
        String text = "";
        int stablePolls = 0;
        while (System.nanoTime() < end) {
            String now = read(log);
            stablePolls = now.length() == text.length() ? stablePolls + 1 : 0;
            text = now;
            if (text.contains(needle) && stablePolls >= 3) {
                return text;
            }
            sleep(100);
        }
        return text;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of the log that start an Auth: record, for assertions on one attempt. */
    static List<String> authLines(Path log) {
        List<String> out = new ArrayList<>();
        for (String line : read(log).split("\n")) {
            if (line.contains("Auth: ")) {
                out.add(line);
            }
        }
        return out;
    }

    /** Reads lines until one matches; returns it (untagged IMAP lines, capability lines… are skipped). */
    static String readUntil(LineClient c, Predicate<String> wanted) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (true) {
            String line = c.readLine();
            if (line == null) {
                throw new AssertionError("connection closed; lines so far:\n" + seen);
            }
            if (wanted.test(line)) {
                return line;
            }
            seen.append(line).append('\n');
        }
    }

    /** The IMAP tagged completion for {@code tag}, after any untagged lines. */
    static String tagged(LineClient c, String tag) throws IOException {
        return readUntil(c, l -> l.startsWith(tag + " "));
    }

    /** ManageSieve: the lines up to and including the first OK/NO/BYE line. */
    static List<String> sieveResponse(LineClient c) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = c.readLine();
            if (line == null) {
                throw new AssertionError("connection closed; lines so far: " + lines);
            }
            lines.add(line);
            if (line.startsWith("OK") || line.startsWith("NO") || line.startsWith("BYE")) {
                return lines;
            }
        }
    }

    /** SASL PLAIN initial response for ManageSieve and IMAP. */
    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
