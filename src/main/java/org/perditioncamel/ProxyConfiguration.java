package org.perditioncamel;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.perditioncamel.backend.BackendLogin;
import org.perditioncamel.config.Settings;
import org.perditioncamel.listener.ListenerContext;
import org.perditioncamel.listener.Listeners;
import org.perditioncamel.listener.ProtocolInitializerFactory;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.protocol.Protocol;
import org.perditioncamel.protocol.pop3.Pop3Dialect;
import org.perditioncamel.relay.Splice;
import org.perditioncamel.session.Dialogue;
import org.perditioncamel.session.LoginSteps;
import org.perditioncamel.session.SessionAudit;

/** Builds the session, backend and relay beans from the configuration (perdition's option names). */
@Configuration
public class ProxyConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        Protocol protocol = Protocol.fromOption(s.string("protocol", "POP3"))
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol " + s.string("protocol", "")));
        if (protocol != Protocol.POP3) {
            throw new IllegalArgumentException("protocol " + protocol + " is not supported yet by perdition-camel");
        }
        SessionAudit audit = SessionAudits.create(context, s);
        Greeting greeting = new Greeting(s.flag("no_lookup"), s.flag("no_bind_banner"), configurationDump(context));
        Map<Protocol, Dialect> dialects = new EnumMap<>(Protocol.class);
        dialects.put(Protocol.POP3, new Pop3Dialect(greeting, s.string("pop_capability", "UIDL.USER")));
        Dialogue dialogue = new Dialogue(dialects);

        ListenerContext.ConnectionLogging connectionLogging = new ListenerContext.ConnectionLogging(
                s.flag("connection_logging") && s.flag("debug"), "always".equals(s.string("log_passwd", "never")));
        BackendLogin backendLogin = new BackendLogin(audit, s.integer("connect_timeout", 10) * 1000,
                s.integer("backend_login_timeout", 30), s.flag("tcp_keepalive")).connectionLogging(connectionLogging);
        Splice splice = new Splice(audit, s.integer("timeout", 1800), s.integer("connect_relog", 300));
        bind(context, "sessionAudit", audit);
        bind(context, "dialogue", dialogue);
        bind(context, "login", new LoginSteps(dialogue, backendLogin, audit, splice, s.string("ok_line", "You are so in"),
                s.flag("server_resp_line")));

        ListenerContext listener = new ListenerContext(protocol, dialects.get(protocol), audit,
                s.integer("connection_limit", 0), s.integer("authenticate_timeout", 1800),
                s.integer("login_deadline", 300), s.integer("max_line_length", 8192), s.flag("tcp_keepalive"))
                .connectionLogging(connectionLogging);
        String initializer = protocol.configName() + "Initializer";
        bind(context, initializer, new ProtocolInitializerFactory(listener));
        Listeners.add(context, protocol, initializer, s.list("bind_address"), s.get("listen_port").filter(p -> !p.isBlank())
                .orElse(Integer.toString(protocol.defaultPort())));
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

    /** Kept for Camel Main's scan: the class must expose at least its configure method. */
    @BindToRegistry("configurationKeys")
    public List<String> configurationKeys() {
        return List.of("protocol", "bind_address", "listen_port");
    }
}
