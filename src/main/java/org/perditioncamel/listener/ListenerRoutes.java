package org.perditioncamel.listener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.perditioncamel.config.SharedBeans;

/**
 * The listener routes this configuration asked for (one per bind_address entry and protocol), so the management
 * port's /health can tell whether every one of them is bound and accepting.
 */
public final class ListenerRoutes {
    static final String BEAN = "listenerRoutes";

    private final List<String> expected = new CopyOnWriteArrayList<>();

    public static ListenerRoutes of(CamelContext context) {
        return SharedBeans.of(context, BEAN, ListenerRoutes.class, ListenerRoutes::new);
    }

    void expect(List<String> routeIds) {
        expected.addAll(routeIds);
    }

    /** The listener routes that are not started (not added yet, failed, stopped); empty when all listen. */
    public List<String> notListening(CamelContext context) {
        return expected.stream().filter(id -> {
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            return status == null || !status.isStarted();
        }).toList();
    }

    public boolean any() {
        return !expected.isEmpty();
    }
}
