package org.perditioncamel;

import org.apache.camel.CamelContext;
import org.perditioncamel.config.Settings;
import org.perditioncamel.events.LogWriter;
import org.perditioncamel.events.PerditionLog;
import org.perditioncamel.events.SessionEvents;
import org.perditioncamel.session.SessionAudit;

/**
 * Wires the session audit to the event stream (EventsConfiguration's beans). The beans are looked up on first
 * use, so the order in which Camel Main runs the configuration classes does not matter.
 */
final class SessionAudits {
    private SessionAudits() {
    }

    static SessionAudit create(CamelContext context, Settings s, LogWriter writer) {
        SessionAudit.LogLines lines = new SessionAudit.LogLines() {
            @Override public void err(String line) { writer.write(l -> log(context).err(l), line); }
            @Override public void info(String line) { writer.write(l -> log(context).info(l), line); }
            @Override public void debug(String line) { writer.write(l -> log(context).debug(l), line); }
        };
        boolean mayLogPassword = s.flag("debug") && !"never".equals(s.string("log_passwd", "never"));
        return new SessionAudit(e -> events(context).publish(e), lines, mayLogPassword);
    }

    private static PerditionLog log(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("perditionLog", PerditionLog.class);
    }

    private static SessionEvents events(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("sessionEvents", SessionEvents.class);
    }
}
