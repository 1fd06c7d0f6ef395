package org.perditioncamel.listener;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners' exception handler for what camel-netty cannot hand to a route (a reply that could not be written, an
 * exception in the pipeline). A client that went away (a reset, a broken pipe, a closed channel) is how sessions end
 * on the Internet: one DEBUG line. camel-netty's own handler said it at WARN with a stack trace, so a mobile client
 * dropping its connection while its reply was on the way filled the log. Anything else stays a WARN with its stack.
 */
public final class ListenerExceptions implements ExceptionHandler {
    public static final String BEAN = "listenerExceptions";
    private static final Logger LOG = LoggerFactory.getLogger(ListenerExceptions.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String text = CamelExchangeException.createExceptionMessage(message, exchange, exception);
        if (clientWentAway(exception)) {
            LOG.debug("{} (the client went away)", text);
        } else {
            LOG.warn(text, exception);
        }
    }

    /**
     * A reset or a broken pipe, by the system's words (Netty's native transport says "sendAddress(..) failed with
     * error(-32): Broken pipe", the JDK "Connection reset by peer"), or a channel already closed. Not by Netty's errno
     * constants: their class loads the native transport, which a JVM on the NIO fallback does not have.
     */
    static boolean clientWentAway(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null) {
                String m = t.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("connection reset") || m.contains("broken pipe")) {
                    return true;
                }
            }
        }
        return false;
    }
}
