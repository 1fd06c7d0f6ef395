package org.perditioncamel.protocol;

/**
 * What a dialect makes of one client input before login: a {@link Reply} the proxy gives itself, or a
 * {@link LoginRequest} that starts a login attempt. The session-dialogue route branches on {@link #startsLogin()}.
 */
public sealed interface Answer permits Reply, LoginRequest {

    /** True for a login request; the route then sends its credentials down the login route. */
    boolean startsLogin();
}
