package org.perditioncamel.listener;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelFuture;

/**
 * Waits, bounded, for a channel handed to us (systemd's socket, inetd's connection) to be registered with its own
 * new event loop. Only ever called on the thread starting the listener route, never on an event loop.
 */
final class Registration {
    private static final long TIMEOUT_SECONDS = 10;

    private Registration() {
    }

    static void await(ChannelFuture registering, String what) throws InterruptedException {
        if (!registering.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            registering.channel().close();
            throw new IllegalStateException(what + ": not registered within " + TIMEOUT_SECONDS + " s");
        }
        if (!registering.isSuccess()) {
            throw new IllegalStateException(what + ": " + registering.cause().getMessage(), registering.cause());
        }
    }
}
