package org.perditioncamel.config;

/** A start-up failure whose message says what is wrong in one line, for the launcher to print as it is. */
public final class StartupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
