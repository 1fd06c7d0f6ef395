package org.perditioncamel.config;

/** A start-up failure whose message says what is wrong in one line, for the launcher to print as it is. */
public final class StartupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The deepest cause's message (its class name when it has none): what a one-line start-up error quotes. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
