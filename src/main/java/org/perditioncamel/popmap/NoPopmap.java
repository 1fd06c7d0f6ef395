package org.perditioncamel.popmap;

/** map_library "": no map, so no key is ever found and only -c and outgoing_server choose the server. */
public final class NoPopmap implements Popmap {
    @Override
    public LookupResult lookup(String key) {
        return new LookupResult.NotFound();
    }

    @Override
    public String toString() {
        return "no popmap";
    }
}
