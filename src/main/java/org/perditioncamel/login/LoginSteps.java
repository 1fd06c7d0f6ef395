package org.perditioncamel.login;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.netty.channel.ChannelHandlerContext;
import org.apache.camel.Variable;
import org.perditioncamel.backend.BackendDialogue;
import org.perditioncamel.backend.BackendDialogues;
import org.perditioncamel.backend.BackendLogin;
import org.perditioncamel.backend.LoginResult;
import org.perditioncamel.popmap.Destination;
import org.perditioncamel.popmap.OutgoingServer;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.relay.Splice;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.PipelineNames;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;

/**
 * The steps of the login route (routes/login.camel.yaml). Each declares the exchange variables it reads as
 * parameters: session, credentials, destination (from the popmap lookup) and loginResult.
 */
public final class LoginSteps {
    /** perdition's reason when neither -c, the popmap nor outgoing_server names a server (reference §7.5). */
    public static final String COULD_NOT_DETERMINE_SERVER = "Could not determine server";
    /** Our reason when a popmap source is down: the Auth line says "failed: popmap unavailable: …". */
    public static final String POPMAP_UNAVAILABLE = "popmap unavailable";

    private final Dialogue dialogue;
    private final BackendDialogues backendDialogues;
    private final BackendLogin backendLogin;
    private final SessionAudit audit;
    private final Splice splice;
    private final String okLine;
    private final boolean serverRespLine;
    private final boolean loginDisabled;
    private final Set<Protocol> tlsForced;

    /**
     * @param loginDisabled login_disabled: every attempt is refused
     * @param tlsForced     the protocols whose listener has tls_listen_force: no login before STARTTLS
     */
    public LoginSteps(Dialogue dialogue, BackendDialogues backendDialogues, BackendLogin backendLogin, SessionAudit audit,
                      Splice splice, String okLine, boolean serverRespLine, boolean loginDisabled, Set<Protocol> tlsForced) {
        this.dialogue = dialogue;
        this.backendDialogues = backendDialogues;
        this.backendLogin = backendLogin;
        this.audit = audit;
        this.splice = splice;
        this.okLine = okLine;
        this.serverRespLine = serverRespLine;
        this.loginDisabled = loginDisabled;
        this.tlsForced = tlsForced.isEmpty() ? EnumSet.noneOf(Protocol.class) : EnumSet.copyOf(tlsForced);
    }

    /**
     * perdition's main loop, step 2, before the lookup: login_disabled refuses every attempt, tls_listen_force every
     * attempt made before the client started TLS. Null lets the attempt go on; a refusal is the attempt's result.
     */
    public LoginResult.Failed precheck(@Variable("session") ProxySession session,
                                       @Variable("credentials") Credentials credentials) {
        if (loginDisabled || (tlsForced.contains(session.protocol()) && session.clientSecure().plaintext())) {
            return new LoginResult.Failed(BackendDialogue.LOGIN_DISABLED, null);
        }
        return null;
    }

    /**
     * For an operator's route (docs/routes.md): refuses the attempt as login_disabled does, with this reason in the
     * Auth line, without a lookup or a backend connection.
     */
    public LoginResult.Failed refuse(String reason) {
        return new LoginResult.Failed(reason, null);
    }

    /**
     * A popmap source could not be asked (and its on_failure is tempfail): the attempt fails without a backend
     * connection, is logged as "failed: popmap unavailable: reason", and the client is told to try again later.
     */
    public LoginResult.Failed popmapUnavailable(@Variable("popmapFailure") String reason) {
        return new LoginResult.Failed(POPMAP_UNAVAILABLE + ": " + reason, null, LoginResult.ClientAnswer.TEMPORARY_FAILURE);
    }

    /** Connect to the server the lookup chose and log in there; "Could not determine server" when it chose none. */
    public CompletionStage<LoginResult> backend(@Variable("session") ProxySession session,
                                                @Variable("destination") Destination destination,
                                                @Variable("credentials") Credentials credentials) {
        if (destination == null || destination.server().isEmpty()) {
            return CompletableFuture.completedFuture(new LoginResult.Failed(COULD_NOT_DETERMINE_SERVER, null));
        }
        OutgoingServer server = destination.server().get();
        BackendDialogue conversation = backendDialogues.create(session, dialogue.dialect(session).greetingText(session),
                destination.remoteUser(), credentials);
        return onControlPlane(session, backendLogin.login(session, conversation, server.host(), server.port()));
    }

    /**
     * The backend login completes on the client's event loop; the rest of the login route (audit, reply, whatever
     * an operator adds) continues on the session's camel-netty executor instead, in order with its other commands.
     */
    private static CompletionStage<LoginResult> onControlPlane(ProxySession session, CompletionStage<LoginResult> login) {
        ChannelHandlerContext camel = session.channel() == null ? null : session.channel().pipeline().context(PipelineNames.CAMEL);
        return camel == null ? login : login.thenApplyAsync(r -> r, camel.executor());
    }

    /** perdition's Auth: line and event for this attempt. */
    public void audit(@Variable("session") ProxySession session, @Variable("loginResult") LoginResult result,
                      @Variable("credentials") Credentials credentials, @Variable("destination") Destination destination) {
        String logUser = destination != null ? destination.logUser() : credentials.user();
        String server = destination != null ? destination.serverForLog() : "(null):" + session.protocol().serviceName();
        String status = result instanceof LoginResult.Failed f ? "failed: " + f.reason() : "ok";
        audit.auth(session, credentials, logUser, server, status);
    }

    /** Success: the client gets ok_line (or the backend's line with server_resp_line); then Netty splices. */
    public void splice(@Variable("session") ProxySession session, @Variable("loginResult") LoginResult.LoggedIn ok,
                       @Variable("credentials") Credentials credentials, @Variable("destination") Destination destination) {
        Dialect dialect = dialogue.dialect(session);
        Reply success = serverRespLine ? dialect.backendLine(session, ok.finalLine()) : dialect.loggedIn(session, okLine);
        Reply reply = ok.toClient().isEmpty() ? success
                : new Reply(String.join("\r\n", ok.toClient()) + "\r\n" + success.text(), false, false);
        session.loggedIn(destination.logUser(), credentials.authorisationId().orElse(null), destination.serverForLog());
        splice.handOver(session, ok.backend(), reply, dialect.pipeTimeout(session));
    }

    /**
     * Failure: "failed: reason" (or the backend's refusal with server_resp_line), the protocol's temporary failure
     * when the popmap or the local authentication could not be asked, or perdition's "Authentication failure" when
     * authenticate_in refused the password; the client may try again.
     */
    public Reply failed(@Variable("session") ProxySession session, @Variable("loginResult") LoginResult.Failed failed) {
        Dialect dialect = dialogue.dialect(session);
        if (failed.answer() == LoginResult.ClientAnswer.TEMPORARY_FAILURE) {
            return dialect.temporaryFailure(session);
        }
        if (failed.answer() == LoginResult.ClientAnswer.AUTHENTICATION_FAILURE) {
            return dialect.authenticationFailure(session);
        }
        if (serverRespLine && failed.finalLine() != null) {
            return dialect.backendLine(session, failed.finalLine()).withDelay();
        }
        return dialect.loginFailed(session, failed.reason());
    }
}
