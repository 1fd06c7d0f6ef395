package org.perditioncamel.popmap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

import static org.perditioncamel.config.RouteConditions.expression;
import static org.perditioncamel.config.RouteConditions.processor;

/**
 * The steps of popmap.camel.yaml, popmap-guard.camel.yaml and the in-memory sources' routes as typed calls, bound as
 * {@code <bean>.<method>} ({@link org.perditioncamel.config.RouteConditions}): each reads the variables its method
 * names, without reflection or a copy of the exchange per call.
 */
final class PopmapCalls {
    private PopmapCalls() {
    }

    static void bind(CamelContext context, UsernameRules usernameRules, QueryKeys queryKeys, SourceChain sources,
            ServerSelection serverSelection) {
        expression(context, "usernameRules.servernameLookupName",
                e -> usernameRules.servernameLookupName(session(e), (Credentials) e.getVariable("credentials")));
        expression(context, "serverSelection.clientServerSpecification",
                e -> serverSelection.clientServerSpecification((String) e.getVariable("lookupName")));
        expression(context, "queryKeys.expand", e -> queryKeys.expand((String) e.getVariable("lookupName"), session(e)));
        expression(context, "popmapSources.names", e -> sources.names());
        expression(context, "serverSelection.popmapResult", e -> serverSelection.popmapResult(answer(e)));
        expression(context, "serverSelection.server", e -> serverSelection.server(session(e), clientServer(e),
                popmapResult(e), (String) e.getVariable("popmapFailure")));
        expression(context, "serverSelection.destination", e -> serverSelection.destination(session(e),
                (Credentials) e.getVariable("credentials"), clientServer(e), popmapResult(e),
                (OutgoingServer) e.getVariable("server")));
    }

    /** The guard route's steps for one source, as {@code <guard bean>.<method>}. */
    static void bindGuard(CamelContext context, String bean, SourceGuard guard) {
        expression(context, bean + ".started", e -> guard.started());
        expression(context, bean + ".cached", e -> guard.cached(queryKey(e)));
        processor(context, bean + ".check", e -> guard.check(queryKey(e), answer(e)));
        expression(context, bean + ".answered", e -> guard.answered(queryKey(e), answer(e)));
        expression(context, bean + ".failure", e -> guard.failure(answer(e)));
        processor(context, bean + ".measured", e -> guard.measured((Long) e.getVariable("popmapStarted"), answer(e)));
    }

    /** An in-memory source's lookup of the query key, as {@code <map bean>.lookup}. */
    static void bindLookup(CamelContext context, String bean, Popmap map) {
        expression(context, bean + ".lookup", e -> map.lookup(queryKey(e)));
    }

    private static ProxySession session(Exchange e) {
        return (ProxySession) e.getVariable("session");
    }

    private static String queryKey(Exchange e) {
        return (String) e.getVariable("queryKey");
    }

    private static LookupResult answer(Exchange e) {
        return (LookupResult) e.getVariable("popmapAnswer");
    }

    private static UserServerPort clientServer(Exchange e) {
        return (UserServerPort) e.getVariable("clientServer");
    }

    private static UserServerPort popmapResult(Exchange e) {
        return (UserServerPort) e.getVariable("popmapResult");
    }
}
