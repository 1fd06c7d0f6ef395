package org.perditioncamel.policy;

import java.util.Optional;
import java.util.function.LongSupplier;

import org.perditioncamel.log.ThrottledError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of policy-postfix.camel.yaml: answers one policy request. Only a well-formed smtpd_access_policy request
 * whose client_address holds a grant gets OK; anything else is DUNNO (never a grant), and an unreadable request is
 * logged (at most once a minute, with a count, so garbage cannot flood the log).
 */
public final class PolicyDelegation {
    private static final Logger LOG = LoggerFactory.getLogger("perdition.policy");
    static final String REQUEST = "smtpd_access_policy";

    private final RelayGrants grants;
    private final ClientNetwork network;
    private final LongSupplier clock;
    private final ThrottledError refused = new ThrottledError(LOG::warn, 60_000);

    public PolicyDelegation(RelayGrants grants, ClientNetwork network, LongSupplier clock) {
        this.grants = grants;
        this.network = network;
        this.clock = clock;
    }

    public PolicyAnswer answer(PolicyRequest request) {
        Optional<String> problem = request.malformed();
        if (problem.isEmpty() && !request.attribute("request").filter(REQUEST::equals).isPresent()) {
            problem = Optional.of("not request=" + REQUEST);
        }
        Optional<String> key = Optional.empty();
        if (problem.isEmpty()) {
            key = request.attribute("client_address").flatMap(network::keyOf);
            if (key.isEmpty()) {
                problem = Optional.of("no numeric client_address");
            }
        }
        if (problem.isPresent()) {
            String why = problem.get();
            refused.occurred(n -> "POP-before-SMTP policy: DUNNO to a request that could not be read: " + why + " ("
                    + n + " such requests so far)");
            return request.oversized() ? PolicyAnswer.DUNNO_AND_CLOSE : PolicyAnswer.DUNNO;
        }
        return grants.granted(key.get(), clock.getAsLong()) ? PolicyAnswer.OK : PolicyAnswer.DUNNO;
    }

    /** Requests answered DUNNO because they could not be read. */
    public long unreadable() {
        return refused.count();
    }
}
