package org.perditioncamel.policy;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.perditioncamel.config.Settings;
import org.perditioncamel.events.StateDirectory;
import org.perditioncamel.popmap.sql.JdbcPools;

/**
 * The POP-before-SMTP consumer (docs/pop-before-smtp.md), in the proxy's process or alone (PolicyMain). This is the
 * one place that decides whether it runs: it normalises policy.enabled, which the policy-*.camel.yaml routes read as
 * their precondition, and binds their beans only then.
 */
@Configuration
public class PolicyConfiguration implements CamelConfiguration {
    private static final long EXPIRY_INTERVAL_SECONDS = 60;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings all = Settings.of(context);
        PolicySettings settings = new PolicySettings(all);
        PropertiesComponent properties = context.getPropertiesComponent();
        boolean enabled = settings.enabled();
        if (!enabled && all.flag(PolicySqlSettings.ENABLED_KEY)) {
            throw new IllegalArgumentException(PolicySqlSettings.ENABLED_KEY + " needs " + PolicySettings.ENABLED_KEY
                    + ": the SQL access table is written by the POP-before-SMTP consumer (docs/pop-before-smtp.md)");
        }
        if (enabled && all.flag("inetd_mode")) {
            // one process per connection: each would open the grants' journal and the Postfix listener, the second
            // would find both taken and lose its client's session, and between sessions Postfix would find no one
            throw new IllegalArgumentException(PolicySettings.ENABLED_KEY + " cannot be used with inetd_mode (one "
                    + "process per connection); run the consumer as its own service (bin/perdition-policy)");
        }
        PolicySqlSettings sql = enabled ? PolicySqlSettings.from(all) : PolicySqlSettings.DISABLED;
        properties.addOverrideProperty(PolicySettings.ENABLED_KEY, Boolean.toString(enabled));
        properties.addOverrideProperty(PolicySqlSettings.ENABLED_KEY, Boolean.toString(sql.enabled()));
        if (!enabled) {
            return;
        }
        // the YAML reads these; an initial property is consulted last, so configured values win and the defaults
        // stay written once, in PolicySettings
        properties.addOverrideProperty(PolicySettings.HOST_KEY, PolicySettings.hostForUrl(settings.listenHost()));
        properties.addInitialProperty(PolicySettings.PORT_KEY, Integer.toString(settings.listenPort()));
        properties.addInitialProperty(PolicySettings.SUBSCRIPTION_KEY, settings.subscription());
        properties.addInitialProperty(PolicySettings.TOPIC_AUTH_KEY, settings.topicAuth());
        properties.addInitialProperty(PolicySettings.TOPIC_CLOSE_KEY, settings.topicClose());

        ClientNetwork network = new ClientNetwork(settings.ipv4Prefix(), settings.ipv6Prefix());
        RelayGrants grants = new RelayGrants();
        Path instanceDir = StateDirectory.root(all).resolve(
                StateDirectory.instanceName(all, System.getProperty("perdition.invoked_as", "perdition")));
        long now = System.currentTimeMillis();
        GrantJournal journal = GrantJournal.open(settings.stateFile(instanceDir), grants, now);
        // the journal may come from other prefixes, or from a clock that was ahead: neither widens or lengthens a grant
        grants.retain(network::isCurrentKey, now + settings.window().toMillis());
        journal.compact(grants);
        context.addService(closing(journal), true, true);

        bind(context, "relayGrants", grants);
        bind(context, "eventGrants", new EventGrants(grants, journal, network, settings.window(), System::currentTimeMillis));
        bind(context, "policyDelegation", new PolicyDelegation(grants, network, System::currentTimeMillis));
        bind(context, "policyInitializer",
                new PolicyInitializerFactory(settings.maxRequestBytes(), settings.idleTimeoutSeconds()));
        bind(context, "policyConnectionFactory", new ActiveMQConnectionFactory(settings.brokerUrl(),
                settings.brokerUser().orElse(null), settings.brokerPassword().orElse(null)));

        if (sql.enabled()) {
            bindSqlTable(context, sql, settings, grants);
        }

        ScheduledExecutorService expiry = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "policy-expiry");
        long windowMillis = settings.window().toMillis();
        expiry.scheduleWithFixedDelay(() -> {
            long at = System.currentTimeMillis();
            grants.expire(at, at + windowMillis);   // a clock set back lengthens no grant past the window for long
        }, EXPIRY_INTERVAL_SECONDS, EXPIRY_INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    /** The SQL access table (policy-sql.camel.yaml): its pool, its bean and the statements its routes run. */
    private static void bindSqlTable(CamelContext context, PolicySqlSettings sql, PolicySettings settings,
                                     RelayGrants grants) throws Exception {
        PolicySqlSettings.checkPrefixes(settings.ipv4Prefix(), settings.ipv6Prefix());
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.addOverrideProperty(PolicySqlSettings.UPSERT_KEY, sql.upsert());
        properties.addOverrideProperty(PolicySqlSettings.EXPIRE_KEY, sql.expire());
        properties.addOverrideProperty(PolicySqlSettings.PERIOD_KEY, Long.toString(sql.interval() * 1000L));
        HikariDataSource pool = JdbcPools.open("policy-sql", sql.url(), sql.user(), sql.password(), sql.poolSize(),
                sql.connectTimeout(), sql.readTimeout());
        context.addService(closing(pool), true, true);
        bind(context, "policySqlDataSource", pool);
        bind(context, "policySqlTable", new SqlRelayTable(grants, System::currentTimeMillis));
    }

    private static void bind(CamelContext context, String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    private static ServiceSupport closing(AutoCloseable resource) {
        return new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        };
    }
}
