package org.perditioncamel.popmap;

import java.util.Deque;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

import static org.perditioncamel.config.RouteConditions.expression;
import static org.perditioncamel.config.RouteConditions.predicate;

/**
 * The loops of popmap.camel.yaml as typed conditions ({@code ref: <name>}, see
 * {@link org.perditioncamel.config.RouteConditions}): no reflection per key and source tried.
 */
final class PopmapConditions {
    private PopmapConditions() {
    }

    static void bind(CamelContext context, SourceChain chain) {
        // -c named no server, and there is a popmap to ask (not map_library ""): without one, logins skip the keys,
        // the loops and the guard, which could only answer not-found
        boolean noPopmap = chain.noPopmap();
        predicate(context, "popmapConsulted", e -> !noPopmap && e.getVariable("clientServer") == null);
        // go on while nothing was found (yet) and a query key, or a source for this key, is left to ask
        predicate(context, "popmapKeysLeft", e -> notFoundYet(e) && left(e, "queryKeys"));
        predicate(context, "popmapSourcesLeft", e -> notFoundYet(e) && left(e, "popmapSources"));
        // the next query key, the next source: taken off the front of their lists
        expression(context, "nextQueryKey", e -> next(e, "queryKeys"));
        expression(context, "nextPopmapSource", e -> next(e, "popmapSources"));
        // popmap-none's answer for every key: a typed expression, as the answer is asked for on every login when
        // map_library is empty (a beanType method call looked its type up in the whole registry each time)
        expression(context, "popmapNotFound", e -> LookupResult.notFound());
        // found, not-found or failed: the source's answer
        expression(context, "popmapAnswerStatus",
                e -> e.getVariable("popmapAnswer") instanceof LookupResult r ? r.status() : null);
    }

    private static boolean notFoundYet(Exchange e) {
        return LookupResult.NOT_FOUND.equals(e.getVariable("popmapStatus"));
    }

    private static boolean left(Exchange e, String list) {
        return e.getVariable(list) instanceof Deque<?> d && !d.isEmpty();
    }

    private static Object next(Exchange e, String list) {
        return e.getVariable(list) instanceof Deque<?> d ? d.poll() : null;
    }
}
