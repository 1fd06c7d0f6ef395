package org.perditioncamel.localauth;

/** The local authentication service could not answer; the message names the service and the reason, never a password. */
final class CheckUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    CheckUnavailableException(String message) {
        super(message);
    }
}
