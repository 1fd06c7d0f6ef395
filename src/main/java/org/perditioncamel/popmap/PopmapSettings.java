package org.perditioncamel.popmap;

import org.perditioncamel.config.ServicePorts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;

/**
 * perdition's server-selection options, read once: username munging (-S, -A, --lower_case, -D, -e, -c), the popmap
 * (-M, -m, --query_key) and the fallback backends (-s, -p, -U, -n), plus the per-protocol outgoing_server and
 * outgoing_port beyond perdition. The one place their defaults are written in code.
 *
 * @param mapLibrary    -M as given: empty means unset (perdition's default library), "" means no popmap
 * @param queryKeys     the query_key formats in order; empty means the key is the lookup name itself
 * @param outgoingPort  -p as given (a number or a service name), trimmed; validated by {@link ServerSelection}
 */
public record PopmapSettings(Set<State> stripDomain, Set<State> addDomain, int addDomainDepth, Set<State> lowerCase,
                             String domainDelimiter, Optional<String> explicitDomain, boolean clientServerSpecification,
                             List<String> queryKeys, Optional<String> mapLibrary, Optional<String> mapLibraryOpt,
                             List<OutgoingServer> outgoingServers, Optional<String> outgoingPort, boolean noLookup,
                             boolean usernameFromDatabase, Map<Protocol, List<OutgoingServer>> protocolOutgoingServers,
                             Map<Protocol, String> protocolOutgoingPorts) {

    static final String DEFAULT_DELIMITER = "@";
    static final int DEFAULT_ADD_DOMAIN_DEPTH = 1;

    public PopmapSettings {
        stripDomain = copy(stripDomain);
        addDomain = copy(addDomain);
        lowerCase = copy(lowerCase);
        queryKeys = List.copyOf(queryKeys);
        outgoingServers = List.copyOf(outgoingServers);
        protocolOutgoingServers = Map.copyOf(protocolOutgoingServers);
        protocolOutgoingPorts = Map.copyOf(protocolOutgoingPorts);
    }

    public static PopmapSettings from(Settings s) {
        Set<State> addDomain = EnumSet.noneOf(State.class);
        int depth = DEFAULT_ADD_DOMAIN_DEPTH;
        for (String item : s.list("add_domain")) {
            if (item.chars().allMatch(c -> c >= '0' && c <= '9')) {
                depth = depth(item);    // perdition: any all-digit item is the depth, the last one wins
            } else {
                addDomain.addAll(State.named(item, "add_domain"));
            }
        }
        String delimiter = s.nonEmpty("domain_delimiter").orElse(DEFAULT_DELIMITER);
        return new PopmapSettings(
                states(s, "strip_domain"),
                addDomain,
                depth,
                states(s, "lower_case"),
                delimiter,
                s.nonEmpty("explicit_domain"),
                s.flag("client_server_specification"),
                queryKeys(s.nonEmpty("query_key").orElse("")),
                s.get("map_library"),
                s.nonEmpty("map_library_opt"),
                OutgoingServer.parseList(s.get("outgoing_server").orElse(""), delimiter),
                s.nonEmpty("outgoing_port").map(String::trim),
                s.flag("no_lookup"),
                s.flag("username_from_database"),
                protocolOutgoingServers(s, delimiter),
                protocolOutgoingPorts(s));
    }

    private static Map<Protocol, List<OutgoingServer>> protocolOutgoingServers(Settings s, String delimiter) {
        Map<Protocol, List<OutgoingServer>> servers = new EnumMap<>(Protocol.class);
        for (Protocol p : Protocol.values()) {
            s.nonEmpty(p.configName() + ".outgoing_server").ifPresent(list ->
                    servers.put(p, OutgoingServer.parseList(list, delimiter)));
        }
        return servers;
    }

    private static Map<Protocol, String> protocolOutgoingPorts(Settings s) {
        Map<Protocol, String> ports = new EnumMap<>(Protocol.class);
        for (Protocol p : Protocol.values()) {
            s.nonEmpty(p.configName() + ".outgoing_port").map(String::trim).ifPresent(port -> {
                ServicePorts.parse(port);
                ports.put(p, port);
            });
        }
        return ports;
    }

    private static int depth(String item) {
        try {
            return Integer.parseInt(item);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("add_domain depth too large: " + item, e);
        }
    }

    private static Set<State> states(Settings s, String option) {
        Set<State> states = EnumSet.noneOf(State.class);
        for (String item : s.list(option)) {
            states.addAll(State.named(item, option));
        }
        return states;
    }

    /**
     * Formats are split on commas only: perdition keeps spaces, so they are part of the key. Empty formats are
     * dropped, and an empty query_key counts as unset.
     */
    private static List<String> queryKeys(String queryKey) {
        List<String> formats = new ArrayList<>();
        for (String format : queryKey.split(",")) {
            if (!format.isEmpty()) {
                formats.add(format);
            }
        }
        return formats;
    }

    private static Set<State> copy(Set<State> states) {
        return Collections.unmodifiableSet(states.isEmpty() ? EnumSet.noneOf(State.class) : EnumSet.copyOf(states));
    }
}
