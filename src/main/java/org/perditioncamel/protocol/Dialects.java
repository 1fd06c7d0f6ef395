package org.perditioncamel.protocol;

import org.perditioncamel.config.Settings;
import org.perditioncamel.protocol.pop3.Pop3Dialect;

/** Builds the dialect of each protocol from its perdition options. */
public final class Dialects {
    private Dialects() {
    }

    public static Dialect create(Protocol protocol, Settings s, Greeting greeting) {
        switch (protocol) {
            case POP3:
                return new Pop3Dialect(greeting, s.string("pop_capability", "UIDL.USER"));
            default:
                throw new IllegalArgumentException("protocol " + protocol + " is not supported yet by perdition-camel");
        }
    }
}
