package org.perditioncamel.bench;

/** The shape of the reply a step waits for: how its end is recognised and what counts as success. */
enum Expect {
    /** One POP3 line; {@code +OK} succeeds. */
    POP3_LINE,
    /** A POP3 multi-line reply (RETR): {@code +OK}, dot-stuffed data, a line with a single dot. */
    POP3_DATA,
    /** The IMAP greeting: one untagged line; {@code * OK} succeeds. */
    IMAP_GREETING,
    /** Lines (and literals) up to the line with the step's tag; {@code <tag> OK} succeeds. */
    IMAP_TAGGED,
    /** ManageSieve: lines (and literals) up to one starting with OK, NO or BYE; OK succeeds. */
    SIEVE
}
