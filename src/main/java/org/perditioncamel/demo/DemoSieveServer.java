package org.perditioncamel.demo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The demo's ManageSieve backend (RFC 5804): one user, SASL PLAIN, scripts kept in memory. GreenMail has no
 * ManageSieve server, and the demo must run with nothing installed; a real deployment points at Dovecot or Cyrus.
 */
final class DemoSieveServer implements AutoCloseable {
    private static final int MAX_LINE = 64 * 1024;
    private static final String CAPABILITIES = "\"IMPLEMENTATION\" \"perdition-camel demo\"\r\n"
            + "\"SASL\" \"PLAIN\"\r\n\"SIEVE\" \"fileinto reject envelope\"\r\n\"VERSION\" \"1.0\"\r\n";

    private final ServerSocket server;
    private final String user;
    private final String password;
    private final Map<String, String> scripts = new ConcurrentSkipListMap<>();
    private volatile String active;

    DemoSieveServer(int port, String user, String password) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.user = user;
        this.password = password;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Accepts on a daemon thread, one thread per connection: a demo, not a server to run mail on. */
    DemoSieveServer start() {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread session = new Thread(() -> serve(client), "demo-sieve-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    return;   // closed
                }
            }
        }, "demo-sieve-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(300_000);
            write(out, CAPABILITIES + "OK \"Demo ManageSieve ready.\"\r\n");
            boolean loggedIn = false;
            List<String> command;
            while ((command = readCommand(in)) != null) {
                String verb = command.isEmpty() ? "" : command.get(0).toUpperCase(Locale.ROOT);
                if (verb.equals("LOGOUT")) {
                    write(out, "OK \"Bye.\"\r\n");
                    return;
                }
                if (verb.equals("AUTHENTICATE") && !loggedIn) {
                    loggedIn = authenticate(command, in, out);
                } else if (verb.equals("CAPABILITY")) {
                    write(out, CAPABILITIES + "OK \"Capability completed.\"\r\n");
                } else if (verb.equals("NOOP")) {
                    write(out, "OK \"NOOP completed.\"\r\n");
                } else if (!loggedIn) {
                    write(out, "NO \"Log in first.\"\r\n");
                } else {
                    write(out, scriptCommand(verb, command));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent something this demo does not parse; its connection ends
        }
    }

    private boolean authenticate(List<String> command, InputStream in, OutputStream out) throws IOException {
        if (command.size() < 2 || !command.get(1).equalsIgnoreCase("PLAIN")) {
            write(out, "NO \"Only PLAIN is offered.\"\r\n");
            return false;
        }
        String response;
        if (command.size() > 2) {
            response = command.get(2);
        } else {
            write(out, "\"\"\r\n");
            List<String> line = readCommand(in);
            response = line == null || line.isEmpty() ? "" : line.get(0);
        }
        String[] parts = new String(decode(response), StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length == 3 && parts[1].equals(user) && parts[2].equals(password)) {
            write(out, "OK \"Logged in.\"\r\n");
            return true;
        }
        write(out, "NO \"Authentication failed.\"\r\n");
        return false;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private String scriptCommand(String verb, List<String> args) {
        String name = args.size() > 1 ? args.get(1) : "";
        switch (verb) {
            case "LISTSCRIPTS":
                StringBuilder list = new StringBuilder();
                scripts.keySet().forEach(s -> list.append(quoted(s)).append(s.equals(active) ? " ACTIVE" : "").append("\r\n"));
                return list + "OK \"Listscripts completed.\"\r\n";
            case "HAVESPACE":
            case "CHECKSCRIPT":
                return "OK\r\n";
            case "PUTSCRIPT":
                if (args.size() < 3) {
                    return "NO \"PUTSCRIPT needs a name and a script.\"\r\n";
                }
                scripts.put(name, args.get(2));
                return "OK \"PUTSCRIPT completed.\"\r\n";
            case "GETSCRIPT":
                String script = scripts.get(name);
                if (script == null) {
                    return "NO (NONEXISTENT) \"There is no script by that name.\"\r\n";
                }
                return "{" + script.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + script
                        + "\r\nOK \"GETSCRIPT completed.\"\r\n";
            case "SETACTIVE":
                if (!name.isEmpty() && !scripts.containsKey(name)) {
                    return "NO (NONEXISTENT) \"There is no script by that name.\"\r\n";
                }
                active = name.isEmpty() ? null : name;
                return "OK \"SETACTIVE completed.\"\r\n";
            case "DELETESCRIPT":
                if (name.equals(active)) {
                    return "NO (ACTIVE) \"The active script cannot be deleted.\"\r\n";
                }
                return scripts.remove(name) == null ? "NO (NONEXISTENT) \"There is no script by that name.\"\r\n"
                        : "OK \"DELETESCRIPT completed.\"\r\n";
            default:
                return "NO \"Unknown command.\"\r\n";
        }
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * One command: atoms, quoted strings and literals ({n+} or {n}, RFC 5804 §4), up to CRLF; null at the end of
     * the stream. A literal's bytes are read whole, so a script may hold line breaks.
     */
    static List<String> readCommand(InputStream in) throws IOException {
        List<String> tokens = new ArrayList<>();
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                StringBuilder s = new StringBuilder();
                for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
                    if (line.charAt(i) == '\\' && i + 1 < line.length()) {
                        i++;
                    }
                    s.append(line.charAt(i));
                }
                tokens.add(s.toString());
                i++;
            } else if (c == '{' && line.endsWith("}")) {
                String size = line.substring(i + 1, line.length() - 1).replace("+", "");
                int length = Integer.parseInt(size);
                if (length < 0 || length > MAX_LINE) {
                    throw new IOException("literal too large");
                }
                tokens.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                line = readLine(in);
                if (line == null) {
                    return tokens;
                }
                i = 0;
            } else {
                int end = line.indexOf(' ', i);
                end = end < 0 ? line.length() : end;
                tokens.add(line.substring(i, end));
                i = end;
            }
        }
        return tokens;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("line too long");
            }
            line.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
