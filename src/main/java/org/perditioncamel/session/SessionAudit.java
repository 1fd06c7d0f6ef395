package org.perditioncamel.session;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;


/**
 * Turns what happens to a session into perdition's Connect, Auth and Close events and hands them to the
 * event stream (log line + JMS), without blocking: called from event loops and Camel worker threads.
 */
public final class SessionAudit {
    /** Where free-text log lines go (perdition's ERR/INFO/DEBUG lines that are not session events). */
    public interface LogLines {
        void err(String line);

        void info(String line);

        void debug(String line);
    }

    private final Consumer<SessionEvent> events;
    private final LogLines log;
    private final boolean mayLogPassword;

    /**
     * @param mayLogPassword whether any Auth line may show the password (debug on and log_passwd not never); the
     *                       log sink decides per outcome, so the password is not even carried otherwise
     */
    public SessionAudit(Consumer<SessionEvent> events, LogLines log, boolean mayLogPassword) {
        this.events = events;
        this.log = log;
        this.mayLogPassword = mayLogPassword;
    }

    public void connected(ProxySession s) {
        events.accept(event(SessionEvent.Type.CONNECT, s, null, null, null, null, Optional.empty()));
    }

    /**
     * One login attempt; status is "ok" or "failed: reason" (reference §7.5). With a SASL authorisation id the login
     * name is that id (logged as authorisation_id) and authentication_id is the client's own (§15 case 33).
     */
    public void auth(ProxySession s, Credentials c, String logUser, String serverForLog, String status) {
        Optional<String> passwd = mayLogPassword ? Optional.of(c.password()) : Optional.empty();
        events.accept(event(SessionEvent.Type.AUTH, s, logAuthorisationId(c, logUser), logAuthenticationId(c, logUser),
                serverForLog, status, passwd));
    }

    /** authorisation_id of the log and events: the login name when the client sent an authorisation id, else none. */
    public static String logAuthorisationId(Credentials c, String logUser) {
        return c.authorisationId().isPresent() ? logUser : null;
    }

    /** authentication_id of the log and events: the client's own with an authorisation id, else the login name. */
    public static String logAuthenticationId(Credentials c, String logUser) {
        return c.authorisationId().isPresent() ? c.user() : logUser;
    }

    /** connect_relog: the Auth line again while the session is spliced, for POP-before-SMTP. */
    public void relog(ProxySession s) {
        events.accept(event(SessionEvent.Type.AUTH, s, s.authorisationId(), s.logUser(), s.server(), "ok", Optional.empty()));
    }

    /** The session is over; logged once, as "Closing session:" after a login, "Closing NULL session:" before. */
    public void closed(ProxySession s) {
        if (!s.markClosed()) {
            return;
        }
        if (s.loggedIn()) {
            events.accept(event(SessionEvent.Type.CLOSE, s, s.authorisationId(), s.logUser(), s.server(), null, Optional.empty()));
        } else {
            events.accept(event(SessionEvent.Type.CLOSE_NULL, s, null, null, null, null, Optional.empty()));
        }
    }

    /** Names (and a logged password) as text: a client's octets are UTF-8 decoded when they are UTF-8. */
    private static SessionEvent event(SessionEvent.Type type, ProxySession s, String authzid, String user, String server,
                                      String status, Optional<String> passwd) {
        Protocol protocol = s.protocol();
        return new SessionEvent(type, Instant.now(), s.id(), protocol, s.client(), s.local(), s.clientSecure().logName(),
                ClientText.of(authzid), ClientText.of(user), server, s.serverSecure().logName(),
                status, s.received().get(), s.sent().get(), passwd.map(ClientText::of));
    }

    public void error(String line) {
        log.err(line);
    }

    public void info(String line) {
        log.info(line);
    }

    public void debug(String line) {
        log.debug(line);
    }
}
