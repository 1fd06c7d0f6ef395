package org.perditioncamel.popmap;

/** Interim: replaced by the popmap package's own OutgoingServer. */
public record OutgoingServer(String host, int port) {
}
