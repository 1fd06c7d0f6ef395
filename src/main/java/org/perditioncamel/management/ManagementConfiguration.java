package org.perditioncamel.management;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.support.service.ServiceHelper;
import org.perditioncamel.config.Settings;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.metrics.ProxyMetrics;

/**
 * Opens the management port when management_port is set: /metrics, /health, /health/live. It binds while the
 * proxy starts, so /health answers (not ready) before the listeners are bound and while Camel stops.
 */
@Configuration
public class ManagementConfiguration implements CamelConfiguration {
    /** Registry name of the server, for tests and an operator's route. */
    public static final String BEAN = "managementServer";

    @Override
    public void configure(CamelContext context) throws Exception {
        ManagementSettings settings = ManagementSettings.from(Settings.of(context));
        if (!settings.enabled()) {
            return;
        }
        ProxyMetrics metrics = ProxyMetrics.of(context);
        jvm(metrics.registry());
        ManagementServer server = new ManagementServer(settings, new ManagementHandler(metrics, new Health(context)));
        ServiceHelper.startService(server);
        context.addService(server, true, false);
        context.getRegistry().bind(BEAN, server);
        context.addStartupListener((ctx, alreadyStarted) -> {
            PerditionLog log = ctx.getRegistry().lookupByNameAndType("perditionLog", PerditionLog.class);
            if (log != null) {
                log.info("management port listening on " + server.describe() + " (/metrics, /health, /health/live)");
            }
        });
    }

    /** The JVM's own meters, for the same dashboards: memory, threads, CPU, uptime. */
    private static void jvm(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }
}
