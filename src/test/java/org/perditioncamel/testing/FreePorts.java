package org.perditioncamel.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for the servers tests start. They come from below the kernel's ephemeral range (32768 and up on
 * Linux): a port the kernel picked with bind(0) can be taken a moment later by any outgoing connection of the
 * tests themselves, which is how "Address already in use" happened. Within one JVM no port is handed out twice.
 */
public final class FreePorts {
    private static final int FIRST = 20000;
    private static final int LAST = 32000;
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST));

    private FreePorts() {
    }

    /** One port nobody listens on now, on 127.0.0.1 and on the wildcard address. */
    public static int one() {
        for (int tries = 0; tries < LAST - FIRST; tries++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement() - FIRST, LAST - FIRST);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }

    /** {@code count} distinct ports. */
    public static int[] some(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = one();
        }
        return ports;
    }

    private static boolean bindable(int port) {
        try (ServerSocket loopback = new ServerSocket()) {
            loopback.setReuseAddress(false);
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket any = new ServerSocket()) {
            any.setReuseAddress(false);
            any.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
