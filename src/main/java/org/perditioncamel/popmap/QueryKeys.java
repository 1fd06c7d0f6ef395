package org.perditioncamel.popmap;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Variable;
import org.perditioncamel.session.ProxySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.perditioncamel.session.NumericAddress;

/** The popmap keys to try, in order: each --query_key format expanded over the servername_lookup name. */
public final class QueryKeys {
    private static final Logger LOG = LoggerFactory.getLogger(QueryKeys.class);

    /** Empty means no query_key: the key is the name itself. */
    private final List<String> formats;
    private final String delimiter;

    public QueryKeys(List<String> formats, String delimiter) {
        this.formats = List.copyOf(formats);
        this.delimiter = delimiter;
        for (String format : this.formats) {
            if (expand(format, "", "", "", "", "").isEmpty()) {
                LOG.warn("query_key format \"{}\" has an unknown escape: lookups stop there and use outgoing_server",
                        format);
            }
        }
    }

    public static QueryKeys from(PopmapSettings settings) {
        return new QueryKeys(settings.queryKeys(), settings.domainDelimiter());
    }

    /** For the route: the keys for this session's lookup name, as a queue the popmap-query route takes from. */
    public Deque<String> expand(@Variable("lookupName") String lookupName, @Variable("session") ProxySession session) {
        return new ArrayDeque<>(keys(lookupName, session.client(), session.local()));
    }

    /**
     * The keys in order. perdition expands each format just before its lookup and gives up at an unknown escape;
     * since the next format is only reached after a "not found", stopping the list there behaves the same.
     */
    public List<String> keys(String name, InetSocketAddress client, InetSocketAddress local) {
        if (formats.isEmpty()) {
            return List.of(name);
        }
        String clientHost = NumericAddress.hostOf(client);
        String localHost = NumericAddress.hostOf(local);
        String clientPort = NumericAddress.portOf(client);
        String localPort = NumericAddress.portOf(local);
        List<String> keys = new ArrayList<>();
        for (String format : formats) {
            Optional<String> key = expand(format, name, clientHost, localHost, clientPort, localPort);
            if (key.isEmpty()) {
                LOG.debug("query_key format \"{}\": unknown escape, no further keys", format);
                break;
            }
            keys.add(key.get());
        }
        return keys;
    }

    /** One format; empty on an unknown escape. A trailing lone backslash is ignored. */
    Optional<String> expand(String format, String name, String clientHost, String localHost, String clientPort,
            String localPort) {
        StringBuilder key = new StringBuilder();
        boolean escape = false;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (!escape) {
                if (c == '\\') {
                    escape = true;
                } else {
                    key.append(c);
                }
                continue;
            }
            escape = false;
            switch (c) {
                case 'U': key.append(name); break;
                case 'u': key.append(userPart(name)); break;
                case 'D': key.append(delimiter); break;
                case 'd': key.append(domainPart(name)); break;
                case 'i': key.append(clientHost); break;
                case 'I': key.append(localHost); break;
                case 'p': key.append(clientPort); break;
                case 'P': key.append(localPort); break;
                case '\\': key.append('\\'); break;
                default: return Optional.empty();
            }
        }
        return Optional.of(key.toString());
    }

    private String userPart(String name) {
        int at = name.lastIndexOf(delimiter);
        return at < 0 ? name : name.substring(0, at);
    }

    /** perdition skips one character after the delimiter here; we skip the whole delimiter when -D is longer. */
    private String domainPart(String name) {
        int at = name.lastIndexOf(delimiter);
        return at < 0 ? "" : name.substring(at + delimiter.length());
    }

    @Override
    public String toString() {
        return formats.isEmpty() ? "QueryKeys[the lookup name]" : "QueryKeys" + formats;
    }
}
