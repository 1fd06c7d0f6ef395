package org.perditioncamel.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.perditioncamel.config.Settings;
import org.perditioncamel.throttle.ThrottleSettings;

/**
 * The routes, templates and route configuration every login needs, each with the file that defines it in the
 * distribution's config/routes. A routes directory without one of them stops the start with their names, instead of
 * a proxy that listens and then fails every session. The popmap sources' templates are checked where they are used.
 * A setting that needs a step of the login route (throttle.enabled) finds it there, or the start stops too.
 */
final class RequiredRoutes {
    private static final Map<String, String> ROUTES = Map.of(
            "session-dialogue", "session.camel.yaml",
            "reply", "session.camel.yaml",
            "login", "login.camel.yaml",
            "popmap-lookup", "popmap.camel.yaml",
            "popmap-query", "popmap.camel.yaml",
            "events-publish", "events.camel.yaml");
    private static final Map<String, String> TEMPLATES = Map.of(
            "listener", "listeners.camel.yaml",
            "popmap-guard", "popmap-guard.camel.yaml");
    /** The login route's throttling step (docs/operations.md, Throttling). */
    static final String THROTTLE_STEP = "login-throttle";
    private static final Map<String, String> CONFIGURATIONS = Map.of(
            "session-errors", "route-configuration.camel.yaml");

    private RequiredRoutes() {
    }

    /** The missing ones, e.g. "route login (login.camel.yaml)"; empty when all are loaded. */
    static List<String> missing(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        List<String> missing = new ArrayList<>();
        ROUTES.forEach((id, file) -> {
            if (context.getRoute(id) == null) {
                missing.add("route " + id + " (" + file + ")");
            }
        });
        TEMPLATES.forEach((id, file) -> {
            if (model.getRouteTemplateDefinition(id) == null) {
                missing.add("route template " + id + " (" + file + ")");
            }
        });
        CONFIGURATIONS.forEach((id, file) -> {
            if (model.getRouteConfigurationDefinition(id) == null) {
                missing.add("route configuration " + id + " (" + file + ")");
            }
        });
        missingSteps(context, missing);
        missing.sort(null);
        return missing;
    }

    /** Steps a setting relies on: without them the setting would be ignored, so the start stops instead. */
    private static void missingSteps(CamelContext context, List<String> missing) {
        Route login = context.getRoute("login");
        if (login != null && ThrottleSettings.from(Settings.of(context)).enabled()
                && login.filter(THROTTLE_STEP).isEmpty()) {
            missing.add("step " + THROTTLE_STEP + " in route login (login.camel.yaml), which throttle.enabled needs");
        }
    }
}
