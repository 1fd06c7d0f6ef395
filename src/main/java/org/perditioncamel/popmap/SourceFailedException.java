package org.perditioncamel.popmap;

/** A source answered "failed": thrown inside the circuit breaker so that it counts the failure. */
public final class SourceFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public SourceFailedException(String reason) {
        super(reason, null, false, false);
    }
}
