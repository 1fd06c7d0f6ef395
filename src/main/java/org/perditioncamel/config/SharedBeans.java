package org.perditioncamel.config;

import java.util.function.Supplier;

import org.apache.camel.CamelContext;

/**
 * One instance per Camel context of a bean several configuration classes need: Camel Main runs those classes in an
 * order of its choosing, so whichever asks first creates and binds it.
 */
public final class SharedBeans {
    private SharedBeans() {
    }

    public static <T> T of(CamelContext context, String name, Class<T> type, Supplier<T> create) {
        synchronized (context) {
            T known = context.getRegistry().lookupByNameAndType(name, type);
            if (known != null) {
                return known;
            }
            T created = create.get();
            context.getRegistry().bind(name, created);
            return created;
        }
    }
}
