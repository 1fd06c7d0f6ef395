package org.perditioncamel.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.main.Main;
import org.perditioncamel.PerditionMain;
import org.perditioncamel.events.HubBroker;

/** The real application (Camel Main, YAML routes, listeners) started in-process on a free loopback port. */
public final class RunningProxy implements AutoCloseable {
    private final Main main;
    private final int port;

    private RunningProxy(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    public static RunningProxy start(Map<String, String> options) throws Exception {
        int port = options.containsKey("listen_port") ? Integer.parseInt(options.get("listen_port")) : freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("bind_address", "127.0.0.1");
        all.put("listen_port", Integer.toString(port));
        all.put("error_delay", "0");
        all.put("log_facility", "-");
        // no popmap unless a test names one: /etc/perdition/popmap exists only where perdition is installed
        all.put("map_library", "");
        // each proxy gets its own hub port and state directory (outbox and hub journals), so tests never share state
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("perdition-test-");
        all.put("events.broker_port", Integer.toString(freePort()));
        all.put("events.bridge_port", Integer.toString(freePort()));
        all.put("state_directory", dir.toString());
        all.putAll(options);
        // a null value leaves the key unset, so the built-in default applies
        all.values().removeIf(java.util.Objects::isNull);
        Main main = PerditionMain.newMain(all);
        main.start();
        waitForPort(port);
        // the hub starts in the background; tests subscribe right after start
        HubBroker hub = main.getCamelContext().getRegistry().lookupByNameAndType("eventsHub", HubBroker.class);
        if (hub != null && !hub.awaitLive(20_000)) {
            throw new IllegalStateException("the events hub of the proxy on " + port + " did not start");
        }
        return new RunningProxy(main, port);
    }

    public int port() {
        return port;
    }

    public Main main() {
        return main;
    }

    public static int freePort() {
        return FreePorts.one();
    }

    public static void waitForPort(int port) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("proxy did not listen on " + port);
    }

    @Override
    public void close() {
        main.stop();
    }
}
