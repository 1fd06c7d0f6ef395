package org.perditioncamel.popmap;

import org.perditioncamel.config.ServicePorts;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Variable;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ClientText;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the lookup steps of the popmap-lookup route into a backend: -c, the popmap answer, the
 * outgoing_server rotation and outgoing_port (perdition(8) steps 3 to 5).
 */
public final class ServerSelection {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSelection.class);

    private final UsernameRules usernameRules;
    private final List<OutgoingServer> outgoingServers;
    private final Optional<String> outgoingPortText;
    private final boolean noLookup;
    private final boolean usernameFromDatabase;
    /** Beyond perdition, for several listeners in one process: &lt;proto&gt;.outgoing_server and .outgoing_port. */
    private final java.util.Map<Protocol, List<OutgoingServer>> protocolServers = new java.util.EnumMap<>(Protocol.class);
    private final java.util.Map<Protocol, String> protocolPorts = new java.util.EnumMap<>(Protocol.class);

    public ServerSelection(UsernameRules usernameRules, List<OutgoingServer> outgoingServers,
            Optional<String> outgoingPortText, boolean noLookup, boolean usernameFromDatabase) {
        this.usernameRules = usernameRules;
        this.outgoingServers = List.copyOf(outgoingServers);
        this.outgoingPortText = outgoingPortText;
        this.noLookup = noLookup;
        this.usernameFromDatabase = usernameFromDatabase;
        outgoingPortText.ifPresent(port -> {
            try {
                ServicePorts.parse(port);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("outgoing_port: " + e.getMessage(), e);
            }
        });
    }

    public static ServerSelection from(PopmapSettings settings, UsernameRules usernameRules) {
        ServerSelection selection = new ServerSelection(usernameRules, settings.outgoingServers(),
                settings.outgoingPort(), settings.noLookup(), settings.usernameFromDatabase());
        selection.protocolServers.putAll(settings.protocolOutgoingServers());
        selection.protocolPorts.putAll(settings.protocolOutgoingPorts());
        return selection;
    }

    private List<OutgoingServer> outgoingServers(Protocol protocol) {
        return protocolServers.getOrDefault(protocol, outgoingServers);
    }

    private Optional<String> outgoingPortText(Protocol protocol) {
        return Optional.ofNullable(protocolPorts.get(protocol)).or(() -> outgoingPortText);
    }

    /**
     * -c: when the lookup name has the delimiter, the text after the last one is the server and the popmap is
     * not consulted. Null when -c is off or there is no delimiter; {@link UserServerPort#NONE} when the text
     * names no usable server (then outgoing_server applies, as in perdition).
     */
    public UserServerPort clientServerSpecification(@Variable("lookupName") String lookupName) {
        if (!usernameRules.clientServerSpecification()) {
            return null;
        }
        int at = lookupName.lastIndexOf(usernameRules.delimiter());
        if (at < 0) {
            return null;
        }
        String spec = lookupName.substring(at + usernameRules.delimiter().length());
        try {
            return new UserServerPort(Optional.empty(), UserServerPort.parse(spec, usernameRules.delimiter()).server());
        } catch (IllegalArgumentException e) {
            LOG.info("client server specification \"{}\" ignored: {}", spec, e.getMessage());
            return UserServerPort.NONE;
        }
    }

    /** The popmap answer taken apart; null unless it was found and not empty. */
    public UserServerPort popmapResult(@Variable("popmapAnswer") LookupResult answer) {
        if (!(answer instanceof LookupResult.Found)) {
            return null;
        }
        // without blanks around it, as the start-up check of a popmap file reads it: a CRLF file's CR or a padded
        // CHAR column must not send the user to outgoing_server
        String value = ((LookupResult.Found) answer).value().strip();
        if (value.isEmpty()) {
            return null;    // perdition: an empty result is no result
        }
        try {
            return UserServerPort.parse(value, usernameRules.delimiter());
        } catch (IllegalArgumentException e) {
            LOG.warn("popmap value \"{}\" ignored: {}; using outgoing_server", value, e.getMessage());
            return null;
        }
    }

    /**
     * The server of -c or the popmap, else the next outgoing_server entry: a random start per session, then one
     * entry further per attempt (§9.5). Null when there is none, or when a popmap source failed and the client gets a
     * temporary failure (popmapFailure). The port may still be missing.
     */
    public OutgoingServer server(@Variable("session") ProxySession session,
            @Variable("clientServer") UserServerPort clientServer,
            @Variable("popmapResult") UserServerPort popmapResult,
            @Variable("popmapFailure") String popmapFailure) {
        if (popmapFailure != null) {
            return null;
        }
        UserServerPort chosen = clientServer != null ? clientServer : popmapResult;
        if (chosen != null && chosen.server().isPresent()) {
            return chosen.server().get();
        }
        List<OutgoingServer> servers = outgoingServers(session.protocol());
        if (servers.isEmpty()) {
            return null;
        }
        return servers.get(session.nextOutgoingIndex(servers.size()));
    }

    /**
     * The destination: the port filled from outgoing_port or the protocol default, and the user names.
     * <p>
     * With -c perdition cuts the server part off the name in place, so the backend gets the short user unless a
     * servername_lookup munging had made a copy. We always use the short user: the login name up to its last
     * delimiter, which is what perdition does in the common case and the only useful name for a backend.
     */
    public Destination destination(@Variable("session") ProxySession session,
            @Variable("credentials") Credentials credentials,
            @Variable("clientServer") UserServerPort clientServer,
            @Variable("popmapResult") UserServerPort popmapResult,
            @Variable("server") OutgoingServer server) {
        String name = usernameRules.loginName(credentials);
        if (clientServer != null) {
            int at = name.lastIndexOf(usernameRules.delimiter());
            if (at >= 0) {
                name = name.substring(0, at);
            }
        } else if (usernameFromDatabase && popmapResult != null && popmapResult.user().isPresent()) {
            // the popmap's text, sent as the octets a client typing it would have sent
            name = ClientText.credential(popmapResult.user().get(), name);
        }
        // munged as text (a domain add_domain appends is text), then the client's octets again
        String remoteUser = ClientText.credential(usernameRules.mangle(ClientText.of(name), State.REMOTE_LOGIN,
                session.local()), name);
        Protocol protocol = session.protocol();
        if (server == null) {
            return new Destination(Optional.empty(), remoteUser, name, "(null):" + defaultPortForLog(protocol));
        }
        OutgoingServer withPort = server.hasPort() ? server : server.withPort(defaultPort(protocol));
        return new Destination(Optional.of(withPort), remoteUser, name, server.forLog(defaultPortForLog(protocol)));
    }

    private int defaultPort(Protocol protocol) {
        return outgoingPortText(protocol).map(ServicePorts::parse).orElse(protocol.defaultPort());
    }

    /** perdition logs the port text it would connect to: outgoing_port as given, else the service name. */
    private String defaultPortForLog(Protocol protocol) {
        return outgoingPortText(protocol).orElse(noLookup ? Integer.toString(protocol.defaultPort()) : protocol.serviceName());
    }

    @Override
    public String toString() {
        return "ServerSelection[outgoing_server=" + outgoingServers + outgoingPortText.map(p -> " outgoing_port=" + p).orElse("")
                + (usernameFromDatabase ? " username_from_database" : "") + "]";
    }
}
