package org.perditioncamel.popmap;

import org.apache.camel.CamelContext;
import org.perditioncamel.config.Settings;

/**
 * A popmap source perdition-camel builds itself: the map_library files it stands for, and how it is set up. Its
 * lookups are the route popmap-&lt;name&gt; (from direct:popmap-&lt;name&gt;, in
 * routes/popmap-&lt;name&gt;.camel.yaml), which reads variable queryKey and leaves variable popmapAnswer, a
 * {@link LookupResult}; an operator's own source is just such a route, with no Java.
 * <p>
 * A source in a sub-package (popmap.sql, popmap.ldap) implements this interface, has a public no-argument
 * constructor, and is listed by its class name in META-INF/services/org.perditioncamel.popmap.PopmapSource.
 */
public interface PopmapSource {
    /** The name in popmap.source, and in the route id popmap-&lt;name&gt;. */
    String name();

    /**
     * Whether a lookup may block (a database, a directory, a remote call): then the guard route runs it on the
     * source's own pool (popmap.&lt;name&gt;.pool_size). A source that answers from memory runs on the client's event
     * loop instead, with no thread hop. An operator's own source (a route, no Java) always gets the pool.
     */
    default boolean mayBlock() {
        return true;
    }

    /** Whether map_library selects this source; the file name is lower case, without its directory. */
    boolean servesLibrary(String libraryFileName);

    /**
     * At start-up, when selected: check the configuration (a mistake is an IllegalArgumentException that stops the
     * start), bind the beans the route needs and add the route, e.g. with {@link PopmapRoutes#fromTemplate}.
     */
    void install(CamelContext context, Settings settings, PopmapSettings popmap);
}
