package org.perditioncamel.popmap;

/** A map from a lookup key to {@code [user<delim>]host[:port]} (perditiondb(5) dbserver_get). */
public interface Popmap {
    /** Called on a Camel worker thread: may block on files or network. Never throws for a missing entry. */
    LookupResult lookup(String key);
}
