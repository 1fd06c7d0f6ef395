package org.perditioncamel.config;

/** A command-line or perdition.conf error: one line for stderr and the exit status to leave with. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Unknown or unsupported option, bad value, bad config file syntax. */
    public static final int USAGE = 2;
    /** The config file could not be read. */
    public static final int IO = 1;

    private final int exitStatus;

    public UsageException(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public UsageException(String message, int exitStatus, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    /** A usage error (status 2); the message gets the "perdition: " prefix and, when known, the file position. */
    public static UsageException usage(String origin, String message) {
        return new UsageException(prefix(origin) + message, USAGE);
    }

    static String prefix(String origin) {
        return origin == null || origin.isEmpty() ? "perdition: " : "perdition: " + origin + ": ";
    }

    public int exitStatus() {
        return exitStatus;
    }
}
