package org.perditioncamel.popmap;

import java.util.Optional;

/**
 * Where one login attempt goes and as whom: the outcome of the popmap lookup (variable {@code destination}).
 *
 * @param server       the backend, port always filled; empty means "Could not determine server"
 * @param remoteUser   the name to send to the backend (after -c, -U and remote_login munging); it replaces the
 *                     authorisation id when the client sent one, else the user
 * @param logUser      the login name from here on (the client's, the short name with -c, the map's with -U);
 *                     perdition logs it as authentication_id, or as authorisation_id when the client sent one
 * @param serverForLog perdition's {@code server="…"} text, e.g. {@code 10.0.0.1:110} or {@code (null):pop3}
 */
public record Destination(Optional<OutgoingServer> server, String remoteUser, String logUser, String serverForLog) {
}
