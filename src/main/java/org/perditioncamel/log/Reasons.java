package org.perditioncamel.log;

/** The words a log line quotes for a failure. */
public final class Reasons {
    private Reasons() {
    }

    /**
     * The exception's message, or its class name when it has none: Netty's ClosedChannelException and a bare
     * IOException carry no message, and "during login: null" tells an operator nothing.
     */
    public static String of(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
