package org.perditioncamel;

import org.apache.camel.CamelContext;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.SessionAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the session audit to the event stream. */
final class SessionAudits {
    private static final Logger LOG = LoggerFactory.getLogger("perdition");

    private SessionAudits() {
    }

    static SessionAudit create(CamelContext context, Settings s) {
        SessionAudit.LogLines lines = new SessionAudit.LogLines() {
            @Override public void err(String line) { LOG.error(line); }
            @Override public void info(String line) { LOG.info(line); }
            @Override public void debug(String line) { LOG.debug(line); }
        };
        return new SessionAudit(e -> LOG.info("{}", e), lines, s.string("log_passwd", "never"), s.flag("debug"));
    }
}
