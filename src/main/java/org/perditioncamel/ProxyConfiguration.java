package org.perditioncamel;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.perditioncamel.backend.BackendDialogue;
import org.perditioncamel.backend.BackendDialogues;
import org.perditioncamel.backend.BackendLogin;
import org.perditioncamel.log.LogWriter;
import org.perditioncamel.config.Settings;
import org.perditioncamel.listener.ListenerContext;
import org.perditioncamel.listener.Listeners;
import org.perditioncamel.listener.ProtocolInitializerFactory;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.relay.Splice;
import org.perditioncamel.login.Dialogue;
import org.perditioncamel.login.LoginSteps;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.tls.SslMode;
import org.perditioncamel.tls.Tls;
import org.perditioncamel.log.LogSettings;
import org.perditioncamel.log.ConnectionLogging;

/** Builds the session, backend and relay beans from the configuration (perdition's option names). */
@Configuration
public class ProxyConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        List<Protocol> protocols = protocols(s);
        LogSettings logSettings = LogSettings.from(s);
        LogWriter logWriter = new LogWriter(logSettings.queueSize());
        context.addService(closing(logWriter), true, true);
        SessionAudit audit = SessionAudits.create(context, logSettings, logWriter);
        Greeting greeting = new Greeting(s.flag("no_lookup"), s.flag("no_bind_banner"), configurationDump(context));
        Map<Protocol, Tls> tls = new EnumMap<>(Protocol.class);
        Map<Protocol, Dialect> dialects = new EnumMap<>(Protocol.class);
        for (Protocol p : protocols) {
            Tls t = Tls.from(s, p);
            t.startReloading();
            context.addService(closing(t), true, true);
            tls.put(p, t);
            dialects.put(p, Dialects.create(p, s, greeting, t.mode().listenStartTls(), t.mode().listenForce()));
        }
        Dialogue dialogue = new Dialogue(dialects);

        ConnectionLogging connectionLogging = logSettings.connectionLogging();
        BackendLogin backendLogin = new BackendLogin(audit, s.integer("connect_timeout", 10) * 1000,
                s.integer("backend_login_timeout", 30), s.flag("tcp_keepalive")).connectionLogging(connectionLogging);
        Splice splice = new Splice(audit, s.integer("timeout", 1800), s.integer("connect_relog", 300))
                .errorDelay(s.longValue("error_delay", 3000));
        bind(context, "sessionAudit", audit);
        bind(context, "dialogue", dialogue);
        Set<Protocol> tlsForced = EnumSet.noneOf(Protocol.class);
        Map<Protocol, BackendDialogue.OutgoingTls> outgoingTls = new EnumMap<>(Protocol.class);
        for (Protocol p : protocols) {
            SslMode mode = tls.get(p).mode();
            if (mode.listenForce()) {
                tlsForced.add(p);
            }
            outgoingTls.put(p, !mode.outgoingStartTls() ? BackendDialogue.OutgoingTls.NONE
                    : mode.outgoingForce() ? BackendDialogue.OutgoingTls.STARTTLS_FORCE : BackendDialogue.OutgoingTls.STARTTLS);
            tls.get(p).backend().ifPresent(b -> backendLogin.tls(p, b::newHandler, mode.outgoingImplicit()));
        }
        BackendDialogues backendDialogues = new BackendDialogues(s.flag("imap_id_forward"), outgoingTls);
        bind(context, "login", new LoginSteps(dialogue, backendDialogues, backendLogin, audit, splice,
                s.string("ok_line", "You are so in"), s.flag("server_resp_line"), s.flag("login_disabled"), tlsForced));

        Protocol primary = primary(s);
        for (Protocol p : protocols) {
            ListenerContext listener = new ListenerContext(p, dialects.get(p), audit,
                    s.integer("connection_limit", 0), s.integer("authenticate_timeout", 1800),
                    s.integer("login_deadline", 300), s.integer("max_line_length", 8192), s.flag("tcp_keepalive"))
                    .connectionLogging(connectionLogging);
            SslMode mode = tls.get(p).mode();
            tls.get(p).server().ifPresent(server -> {
                if (mode.listenImplicit()) {
                    listener.implicitTls(server::newHandler);
                } else if (mode.listenStartTls()) {
                    listener.startTls(server::newHandler);
                }
            });
            String initializer = p.configName() + "Initializer";
            bind(context, initializer, new ProtocolInitializerFactory(listener));
            Listeners.add(context, p, initializer, bindAddresses(s, p), listenPort(s, p, primary));
        }
    }

    /** perdition's single protocol, or several with the key "listeners" (beyond perdition), e.g. POP3,IMAP4. */
    static List<Protocol> protocols(Settings s) {
        List<String> names = s.list("listeners");
        if (names.isEmpty()) {
            return List.of(primary(s));
        }
        List<Protocol> out = new java.util.ArrayList<>();
        for (String name : names) {
            out.add(Protocol.fromOption(name).orElseThrow(() -> new IllegalArgumentException("listeners: unknown protocol " + name)));
        }
        return out;
    }

    private static Protocol primary(Settings s) {
        return Protocol.fromOption(s.string("protocol", "POP3"))
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol " + s.string("protocol", "")));
    }

    /** &lt;proto&gt;.bind_address, else perdition's bind_address (shared by every listener). */
    private static List<String> bindAddresses(Settings s, Protocol p) {
        List<String> own = s.list(p.configName() + ".bind_address");
        return own.isEmpty() ? s.list("bind_address") : own;
    }

    /** &lt;proto&gt;.listen_port, else listen_port for perdition's own protocol, else the protocol's default port. */
    private static String listenPort(Settings s, Protocol p, Protocol primary) {
        java.util.Optional<String> own = s.nonEmpty(p.configName() + ".listen_port");
        if (own.isPresent()) {
            return own.get().trim();
        }
        if (p == primary) {
            java.util.Optional<String> port = s.nonEmpty("listen_port");
            if (port.isPresent()) {
                return port.get().trim();
            }
        }
        return Integer.toString(p.defaultPort());
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
