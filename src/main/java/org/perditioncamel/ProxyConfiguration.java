package org.perditioncamel;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.perditioncamel.backend.BackendDialogue;
import org.perditioncamel.backend.BackendDialogues;
import org.perditioncamel.backend.BackendLogin;
import org.perditioncamel.backend.BackendProxyProtocol;
import org.perditioncamel.backend.BackendSsl;
import org.perditioncamel.log.LogWriter;
import org.perditioncamel.config.Settings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import org.perditioncamel.listener.ClientTls;
import org.perditioncamel.listener.Drain;
import org.perditioncamel.listener.ListenerContext;
import org.perditioncamel.listener.ListenerSettings;
import org.perditioncamel.listener.ListenerSockets;
import org.perditioncamel.listener.Listeners;
import org.perditioncamel.listener.ProtocolInitializerFactory;
import org.perditioncamel.listener.ProxyProtocolSettings;
import org.perditioncamel.listener.RestartSettings;
import org.perditioncamel.localauth.LocalAuthSettings;
import org.perditioncamel.localauth.LocalAuthentication;
import org.perditioncamel.popmap.State;
import org.perditioncamel.popmap.UsernameRules;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.DialectSettings;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.relay.RelaySettings;
import org.perditioncamel.relay.Splice;
import org.perditioncamel.login.Dialogue;
import org.perditioncamel.login.LoginCalls;
import org.perditioncamel.login.LoginConditions;
import org.perditioncamel.login.LoginSettings;
import org.perditioncamel.login.LoginSteps;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.tls.BackendTls;
import org.perditioncamel.tls.SslMode;
import org.perditioncamel.tls.Tls;
import org.perditioncamel.tls.TlsSettings;
import org.perditioncamel.log.LogSettings;
import org.perditioncamel.log.ConnectionLogging;
import org.perditioncamel.metrics.ProxyMetrics;
import org.perditioncamel.throttle.LoginThrottle;
import org.perditioncamel.throttle.ThrottleSettings;

/** Builds the session, backend and relay beans from the configuration (perdition's option names). */
@Configuration
public class ProxyConfiguration implements CamelConfiguration {
    /** Registry name of what ends the process when the inetd_mode session is over. */
    static final String SESSION_ENDED = "inetdSessionEnded";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        ListenerSettings listeners = ListenerSettings.from(s);
        LogSettings logSettings = LogSettings.from(s);
        LoginSettings login = LoginSettings.from(s);
        DialectSettings dialectSettings = DialectSettings.from(s);
        TlsSettings tlsSettings = TlsSettings.from(s);
        // routes/session.camel.yaml reads {{error_delay}}; an initial property is consulted last, so a configured
        // value still wins and the default stays written once, in LoginSettings
        context.getPropertiesComponent().addInitialProperty(LoginSettings.ERROR_DELAY_KEY,
                Long.toString(login.errorDelayMillis()));

        LogWriter logWriter = new LogWriter(logSettings.queueSize());
        context.addService(closing(logWriter), true, true);
        ProxyMetrics metrics = ProxyMetrics.of(context);
        SessionAudit audit = SessionAudits.create(context, logSettings, logWriter, metrics.sessions());
        Greeting greeting = new Greeting(dialectSettings.noLookup(), dialectSettings.noBindBanner(),
                configurationDump(context));
        Map<Protocol, Tls> tls = new EnumMap<>(Protocol.class);
        Map<Protocol, Dialect> dialects = new EnumMap<>(Protocol.class);
        for (Protocol p : listeners.protocols()) {
            Tls t = Tls.from(tlsSettings, p);
            t.startReloading();
            context.addService(closing(t), true, true);
            tls.put(p, t);
            dialects.put(p, Dialects.create(p, dialectSettings, greeting, login.loginDisabled(),
                    t.mode().listenStartTls(), t.mode().listenForce()));
        }
        Dialogue dialogue = new Dialogue(dialects);

        ConnectionLogging connectionLogging = logSettings.connectionLogging();
        BackendLogin backendLogin = new BackendLogin(audit, login.connectTimeoutSeconds() * 1000,
                login.backendLoginTimeoutSeconds(), login.tcpKeepalive()).connectionLogging(connectionLogging)
                .metrics(metrics);
        Splice splice = new Splice(audit, login.timeoutSeconds(), login.connectRelogSeconds(),
                login.errorDelayMillis(), RelaySettings.from(s).splice());
        bind(context, "sessionAudit", audit);
        bind(context, "dialogue", dialogue);
        LoginConditions.bind(context);
        Set<Protocol> tlsForced = EnumSet.noneOf(Protocol.class);
        Map<Protocol, BackendDialogue.OutgoingTls> outgoingTls = new EnumMap<>(Protocol.class);
        for (Protocol p : listeners.protocols()) {
            SslMode mode = tls.get(p).mode();
            if (mode.listenForce()) {
                tlsForced.add(p);
            }
            outgoingTls.put(p, !mode.outgoingStartTls() ? BackendDialogue.OutgoingTls.NONE
                    : mode.outgoingForce() ? BackendDialogue.OutgoingTls.STARTTLS_FORCE : BackendDialogue.OutgoingTls.STARTTLS);
            tls.get(p).backend().ifPresent(b -> backendLogin.tls(p, new BackendSsl() {
                @Override
                public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
                    return b.newHandler(alloc, host, port);
                }

                @Override
                public String describeFailure(Throwable cause) {
                    return BackendTls.describeFailure(cause);
                }
            }, mode.outgoingImplicit()));
            backendLogin.proxyProtocol(p, BackendProxyProtocol.from(s, p));
        }
        BackendDialogues backendDialogues = new BackendDialogues(login.imapIdForward(), outgoingTls);
        // routes/local-authentication.camel.yaml reads its pool size as placeholders, like {{error_delay}} above
        LocalAuthSettings localAuth = LocalAuthSettings.from(s);
        context.getPropertiesComponent().addInitialProperty(LocalAuthSettings.POOL_SIZE_KEY,
                Integer.toString(localAuth.poolSize()));
        context.getPropertiesComponent().addInitialProperty(LocalAuthSettings.QUEUE_SIZE_KEY,
                Integer.toString(localAuth.queueSize()));
        LocalAuthentication localAuthentication = LocalAuthentication.from(s, audit);
        context.addService(closing(localAuthentication), true, true);
        bind(context, "localAuthentication", localAuthentication);
        LoginThrottle throttle = new LoginThrottle(ThrottleSettings.from(s), audit::info);
        UsernameRules names = context.getRegistry().lookupByNameAndType("usernameRules", UsernameRules.class);
        LoginSteps loginSteps = new LoginSteps(dialogue, backendDialogues, backendLogin, audit, splice,
                login.okLine(), login.serverRespLine(), login.loginDisabled(), tlsForced, throttle, metrics,
                names == null ? (name, local) -> name : (name, local) -> names.mangle(name, State.REMOTE_LOGIN, local));
        bind(context, "login", loginSteps);
        LoginCalls.bind(context, dialogue, loginSteps, localAuthentication);

        RestartSettings restart = RestartSettings.from(s);
        Drain.install(context, restart.drainTimeoutSeconds());
        ListenerSockets sockets = ListenerSockets.of(listeners.inetdMode(), sessionEnded(context), System.getenv())
                .reusePort(restart.reusePort())
                .eventLoops(listeners.eventLoopsPerListener());
        // bound by PopmapConfiguration, which runs first
        UsernameRules usernameRules = context.getRegistry().lookupByNameAndType("usernameRules", UsernameRules.class);
        for (Protocol p : listeners.protocols()) {
            ListenerContext listener = new ListenerContext(p, dialects.get(p), audit,
                    listeners.connectionLimit(), listeners.authenticateTimeoutSeconds(),
                    listeners.loginDeadlineSeconds(), listeners.maxLineLength(), listeners.tcpKeepalive())
                    .connectionLogging(connectionLogging)
                    .greeting(greeting)
                    .localNames(usernameRules == null ? local -> CompletableFuture.completedFuture(null)
                            : usernameRules::localNamed)
                    .proxyProtocol(ProxyProtocolSettings.from(s, p));
            SslMode mode = tls.get(p).mode();
            tls.get(p).server().ifPresent(server -> {
                ClientTls counted = (alloc, startTls) -> {
                    SslHandler handler = server.newHandler(alloc, startTls);
                    handler.handshakeFuture().addListener(f -> metrics.tls().client(f.isSuccess()));
                    return handler;
                };
                if (mode.listenImplicit()) {
                    listener.implicitTls(counted);
                } else if (mode.listenStartTls()) {
                    listener.startTls(counted);
                }
            });
            String initializer = p.configName() + "Initializer";
            ProtocolInitializerFactory pipeline = new ProtocolInitializerFactory(listener);
            bind(context, initializer, pipeline);
            Listeners.add(context, p, pipeline, initializer, listeners.addresses(p), sockets);
        }
        sockets.checkAllTaken();
    }

    /**
     * inetd_mode: the process ends with its session. PerditionMain binds Camel Main's completion (Main then stops
     * the context as on SIGTERM, handing the queued events to the outbox first); without Main, the context stops.
     */
    private static Runnable sessionEnded(CamelContext context) {
        Runnable completed = context.getRegistry().lookupByNameAndType(SESSION_ENDED, Runnable.class);
        return completed != null ? completed : () -> new Thread(context::stop, "perdition-inetd-end").start();
    }

    private static org.apache.camel.support.service.ServiceSupport closing(AutoCloseable resource) {
        return new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        };
    }

    private static void bind(CamelContext context, String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    /** The configuration as the loop-detection checksum sees it: every resolved property, sorted. */
    private static SortedMap<String, String> configurationDump(CamelContext context) {
        Properties all = context.getPropertiesComponent().loadProperties();
        SortedMap<String, String> dump = new TreeMap<>();
        for (String key : all.stringPropertyNames()) {
            if (!key.startsWith("camel.")) {
                dump.put(key, all.getProperty(key));
            }
        }
        return dump;
    }
}
