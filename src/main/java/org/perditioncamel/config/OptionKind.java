package org.perditioncamel.config;

/** How a perdition option takes its value and how repeated values combine. */
public enum OptionKind {
    /** No argument; present means on. */
    FLAG,
    /** Free text; a repeat replaces the earlier value. */
    STRING,
    /** All digits, "" meaning 0; a repeat replaces the earlier value. */
    INTEGER,
    /** Comma-separated keywords; repeats within one source are OR-ed together. */
    STATE_LIST,
    /** Comma-separated list; a repeat replaces the whole earlier list. */
    REPLACE_LIST;

    public boolean takesArgument() {
        return this != FLAG;
    }
}
