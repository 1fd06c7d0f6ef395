package org.perditioncamel.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;
import org.perditioncamel.backend.BackendDialogue;
import org.perditioncamel.backend.BackendLogin;
import org.perditioncamel.backend.LoginResult;
import org.perditioncamel.popmap.Destination;
import org.perditioncamel.popmap.OutgoingServer;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.relay.Splice;

/**
 * The steps of the login route (routes/login.camel.yaml), each reading the exchange variables the route set:
 * session, credentials, destination (from the popmap lookup) and loginResult.
 */
public final class LoginSteps {
    private final Dialogue dialogue;
    private final BackendLogin backendLogin;
    private final SessionAudit audit;
    private final Splice splice;
    private final String okLine;
    private final boolean serverRespLine;

    public LoginSteps(Dialogue dialogue, BackendLogin backendLogin, SessionAudit audit, Splice splice, String okLine,
                      boolean serverRespLine) {
        this.dialogue = dialogue;
        this.backendLogin = backendLogin;
        this.audit = audit;
        this.splice = splice;
        this.okLine = okLine;
        this.serverRespLine = serverRespLine;
    }

    private final java.util.Set<org.perditioncamel.protocol.Protocol> tlsForced =
            java.util.EnumSet.noneOf(org.perditioncamel.protocol.Protocol.class);
    private boolean loginDisabled;
    private final java.util.Map<org.perditioncamel.protocol.Protocol, BackendDialogue.OutgoingTls> outgoingTls =
            new java.util.EnumMap<>(org.perditioncamel.protocol.Protocol.class);

    /** tls_outgoing(_force) per protocol: STARTTLS/STLS with the backend before the credentials. */
    public LoginSteps outgoingTls(org.perditioncamel.protocol.Protocol protocol, BackendDialogue.OutgoingTls mode) {
        outgoingTls.put(protocol, mode);
        return this;
    }

    /** login_disabled, and the protocols whose listener has tls_listen_force. */
    public LoginSteps refusing(boolean loginDisabled, java.util.Set<org.perditioncamel.protocol.Protocol> tlsForced) {
        this.loginDisabled = loginDisabled;
        this.tlsForced.addAll(tlsForced);
        return this;
    }

    /**
     * perdition's main loop, step 2: login_disabled refuses every attempt, tls_listen_force every attempt made
     * before the client started TLS; no lookup and no backend connection happen then.
     */
    public boolean refused(Exchange exchange) {
        ProxySession session = session(exchange);
        return loginDisabled || (tlsForced.contains(session.protocol()) && "plaintext".equals(session.clientSecure()));
    }

    /** The attempt refused by {@link #refused}: "Login Disabled". */
    public LoginResult disabled() {
        return new LoginResult.Failed(BackendDialogue.LOGIN_DISABLED, null);
    }

    /** Connect to the server the lookup chose and log in there; "Could not determine server" when it chose none. */
    public CompletionStage<LoginResult> backend(Exchange exchange) {
        ProxySession session = session(exchange);
        Destination destination = exchange.getVariable("destination", Destination.class);
        Credentials credentials = exchange.getVariable("credentials", Credentials.class);
        if (destination == null || destination.server().isEmpty()) {
            return CompletableFuture.completedFuture(new LoginResult.Failed(BackendDialogue.COULD_NOT_DETERMINE_SERVER, null));
        }
        OutgoingServer server = destination.server().get();
        Dialect dialect = dialogue.dialect(session);
        BackendDialogue conversation = dialect.backendDialogue(session, destination.remoteUser(), credentials)
                .withTls(outgoingTls.getOrDefault(session.protocol(), BackendDialogue.OutgoingTls.NONE));
        return onControlPlane(session, backendLogin.login(session, conversation, server.host(), server.port()));
    }

    /**
     * The backend login completes on the client's event loop; the rest of the login route (audit, reply, whatever
     * an operator adds) continues on the session's camel-netty executor instead, in order with its other commands.
     */
    private static CompletionStage<LoginResult> onControlPlane(ProxySession session, CompletionStage<LoginResult> login) {
        io.netty.channel.ChannelHandlerContext camel = session.channel() == null ? null
                : session.channel().pipeline().context("handler");
        return camel == null ? login : login.thenApplyAsync(r -> r, camel.executor());
    }

    /** perdition's Auth: line and event for this attempt. */
    public void audit(Exchange exchange) {
        ProxySession session = session(exchange);
        LoginResult result = exchange.getVariable("loginResult", LoginResult.class);
        Credentials credentials = exchange.getVariable("credentials", Credentials.class);
        Destination destination = exchange.getVariable("destination", Destination.class);
        String logUser = destination != null ? destination.logUser() : credentials.user();
        String server = destination != null ? destination.serverForLog() : "(null):" + session.protocol().serviceName();
        String status = result instanceof LoginResult.Failed f ? "failed: " + f.reason() : "ok";
        audit.auth(session, credentials, logUser, server, status);
    }

    /** Success: the client gets ok_line (or the backend's line with server_resp_line); then Netty splices. */
    public void splice(Exchange exchange) {
        ProxySession session = session(exchange);
        LoginResult.LoggedIn ok = exchange.getVariable("loginResult", LoginResult.LoggedIn.class);
        Credentials credentials = exchange.getVariable("credentials", Credentials.class);
        Destination destination = exchange.getVariable("destination", Destination.class);
        Dialect dialect = dialogue.dialect(session);
        Reply success = serverRespLine ? dialect.backendLine(session, ok.finalLine()) : dialect.loggedIn(session, okLine);
        Reply reply = ok.toClient().isEmpty() ? success
                : new Reply(String.join("\r\n", ok.toClient()) + "\r\n" + success.text(), false, false);
        session.loggedIn(destination.logUser(), credentials.authorisationId().orElse(null), destination.serverForLog());
        splice.handOver(session, ok.backend(), reply, dialect.pipeTimeout(session));
        exchange.getMessage().setBody(null);   // nothing more for camel-netty to write: the splice wrote the reply
    }

    /** Failure: "failed: reason" (or the backend's refusal with server_resp_line); the client may try again. */
    public Reply failed(Exchange exchange) {
        ProxySession session = session(exchange);
        LoginResult.Failed failed = exchange.getVariable("loginResult", LoginResult.Failed.class);
        Dialect dialect = dialogue.dialect(session);
        if (serverRespLine && failed.finalLine() != null) {
            return dialect.backendLine(session, failed.finalLine()).withDelay();
        }
        return dialect.loginFailed(session, failed.reason());
    }

    private static ProxySession session(Exchange exchange) {
        return exchange.getVariable("session", ProxySession.class);
    }
}
