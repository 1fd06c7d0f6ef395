package org.perditioncamel.popmap;

/** What a popmap source answers for one key: perditiondb(5) return codes 0, -2 and -1/-3. */
public sealed interface LookupResult permits LookupResult.Found, LookupResult.NotFound, LookupResult.Failed {
    String FOUND = "found";
    String NOT_FOUND = "not-found";
    String FAILED = "failed";

    /** {@code found}, {@code not-found} or {@code failed}; only not-found lets the next query key be tried. */
    String status();

    /** The answer of a source that gives a value or nothing, e.g. a {@code sql:} step with outputType=SelectOne. */
    static LookupResult ofValue(Object value) {
        return value == null ? new NotFound() : new Found(value.toString());
    }

    /** The answer of a source that has no entries (popmap-none). */
    static LookupResult notFound() {
        return new NotFound();
    }

    /** The answer of a source that could not be asked (an operator's route says why). */
    static LookupResult failed(String reason) {
        return new Failed(reason);
    }

    /**
     * The answer of a source that works but cannot look this key up (a database that cannot compare its characters, a
     * directory that finds it no valid DN, a regular expression too costly for it): the login fails as for
     * {@link #failed}, but the source's circuit breaker does not count it, since the client chose the key.
     */
    static LookupResult failedForKey(String reason) {
        return new Failed(reason, false);
    }

    /** The key is in the map; the value is {@code [user<delim>]host[:port]}. */
    record Found(String value) implements LookupResult {
        @Override
        public String status() {
            return FOUND;
        }
    }

    /** The key is not in the map (-2). */
    record NotFound() implements LookupResult {
        @Override
        public String status() {
            return NOT_FOUND;
        }
    }

    /**
     * The source could not be asked (-1, -3): the lookup stops; the client gets a temporary failure, or with the
     * source's on_failure=outgoing_server the user goes to outgoing_server, as in perdition.
     */
    record Failed(String reason, boolean sourceFault) implements LookupResult {
        /** A failure of the source itself (down, slow, misconfigured): the circuit breaker counts it. */
        public Failed(String reason) {
            this(reason, true);
        }

        @Override
        public String status() {
            return FAILED;
        }
    }
}
