package org.perditioncamel.it;

import java.util.regex.Pattern;

/** One directive of a {@link Transcript}, with its line number and source text for error messages. */
sealed interface Step {

    int line();

    String source();

    /** How an {@code S:} reply is timed. */
    enum Timing {
        DELAYED("S:~ "),
        ANY("S:* "),
        FAST("S: ");

        final String prefix;

        Timing(String prefix) {
            this.prefix = prefix;
        }
    }

    /** {@code C:} or {@code C#:}: bytes to write. */
    record Send(int line, String source, byte[] bytes) implements Step {
    }

    /** {@code S:}, {@code S:~} or {@code S:*}: one reply line that must match. */
    record Expect(int line, String source, Pattern regex, Timing timing) implements Step {
    }

    /** {@code CLOSED}: the server must close the connection. */
    record Closed(int line, String source) implements Step {
    }

    /** {@code MAY-CLOSE}: from here on a close by the server ends the transcript successfully. */
    record MayClose(int line, String source) implements Step {
    }
}
