package org.perditioncamel.popmap;

import java.util.ArrayDeque;
import java.util.List;

/** The sources popmap-query asks for each key, in order (popmap.source); bean popmapSources. */
public final class SourceChain {
    private final List<String> names;

    public SourceChain(List<String> names) {
        this.names = List.copyOf(names);
    }

    /** A fresh queue of the source names for one key; popmap-query takes them off in order. */
    public ArrayDeque<String> names() {
        return new ArrayDeque<>(names);
    }

    public List<String> list() {
        return names;
    }

    /** map_library "": source none alone, which answers not-found for every key, so there is nothing to ask. */
    public boolean noPopmap() {
        return names.equals(List.of(PopmapLibrary.NONE));
    }

    @Override
    public String toString() {
        return String.join(" then ", names);
    }
}
