package org.perditioncamel.popmap;

import java.util.Optional;

/** Interim: replaced by the popmap package's own Destination. */
public record Destination(Optional<OutgoingServer> server, String remoteUser, String logUser, String serverForLog) {
}
