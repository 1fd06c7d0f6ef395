package org.perditioncamel.login;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import org.apache.camel.Variable;
import org.perditioncamel.backend.BackendDialogue;
import org.perditioncamel.backend.BackendDialogues;
import org.perditioncamel.backend.BackendLogin;
import org.perditioncamel.backend.LoginResult;
import org.perditioncamel.localauth.LocalAuthentication;
import org.perditioncamel.metrics.ProxyMetrics;
import org.perditioncamel.popmap.Destination;
import org.perditioncamel.popmap.OutgoingServer;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.relay.Splice;
import org.perditioncamel.session.ClientText;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.NumericAddress;
import org.perditioncamel.session.PipelineNames;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.throttle.LoginThrottle;
import org.perditioncamel.throttle.ThrottleKey;

/**
 * The steps of the login route (routes/login.camel.yaml). Each declares the exchange variables it reads as
 * parameters: session, credentials, destination (from the popmap lookup) and loginResult.
 */
public final class LoginSteps {
    /** perdition's reason when neither -c, the popmap nor outgoing_server names a server (reference §7.5). */
    public static final String COULD_NOT_DETERMINE_SERVER = "Could not determine server";
    /** Our reason when a popmap source is down: the Auth line says "failed: popmap unavailable: …". */
    public static final String POPMAP_UNAVAILABLE = "popmap unavailable";
    /** Our reason when brute-force throttling refused the attempt: "failed: throttled (client address)". */
    public static final String THROTTLED = "throttled";

    private final Dialogue dialogue;
    private final BackendDialogues backendDialogues;
    private final BackendLogin backendLogin;
    private final SessionAudit audit;
    private final Splice splice;
    private final String okLine;
    private final boolean serverRespLine;
    private final boolean loginDisabled;
    private final Set<Protocol> tlsForced;
    private final LoginThrottle throttle;
    private final ProxyMetrics metrics;

    /**
     * @param loginDisabled login_disabled: every attempt is refused
     * @param tlsForced     the protocols whose listener has tls_listen_force: no login before STARTTLS
     * @param throttle      brute-force throttling (throttle.*), possibly disabled
     */
    private final java.util.function.BiFunction<String, java.net.InetSocketAddress, String> mailboxName;

    /**
     * @param mailboxName the name the backend gets for a login name as text (strip_domain, add_domain, lower_case for
     *                    remote_login): failures count against it too, so that alice@a, alice@b... are one mailbox
     */
    public LoginSteps(Dialogue dialogue, BackendDialogues backendDialogues, BackendLogin backendLogin, SessionAudit audit,
                      Splice splice, String okLine, boolean serverRespLine, boolean loginDisabled, Set<Protocol> tlsForced,
                      LoginThrottle throttle, ProxyMetrics metrics,
                      java.util.function.BiFunction<String, java.net.InetSocketAddress, String> mailboxName) {
        this.mailboxName = mailboxName;
        this.dialogue = dialogue;
        this.backendDialogues = backendDialogues;
        this.backendLogin = backendLogin;
        this.audit = audit;
        this.splice = splice;
        this.okLine = okLine;
        this.serverRespLine = serverRespLine;
        this.loginDisabled = loginDisabled;
        this.tlsForced = tlsForced.isEmpty() ? EnumSet.noneOf(Protocol.class) : EnumSet.copyOf(tlsForced);
        this.throttle = throttle;
        this.metrics = metrics;
    }

    /** When the attempt started, for the login latency histogram: variable loginStarted. */
    public long started() {
        return metrics.now();
    }

    /** The throttling step's answer; never null, as Camel keeps the old body when a bean's stage completes with null. */
    public record ThrottleVerdict(LoginResult.Failed refusal) {
        static final ThrottleVerdict GO_ON = new ThrottleVerdict(null);
    }

    /** throttle.enabled: without it the throttling step is skipped, as it could only let every attempt go on. */
    public boolean throttling() {
        return throttle.enabled();
    }

    /**
     * Brute-force throttling, before the popmap and any backend: a verdict whose refusal is null when the attempt may
     * go on; otherwise a temporary failure, handed back only after throttle.delay. The wait is a timer on the client's
     * event loop, so no thread sleeps; the route then continues there, as after a backend login.
     */
    public CompletionStage<ThrottleVerdict> throttle(@Variable("session") ProxySession session,
                                                     @Variable("credentials") Credentials credentials) {
        Optional<ThrottleKey> key = throttle.refuses(clientAddress(session), throttledNames(session, credentials));
        if (key.isEmpty()) {
            return CompletableFuture.completedFuture(ThrottleVerdict.GO_ON);
        }
        ThrottleVerdict refused = new ThrottleVerdict(new LoginResult.Failed(THROTTLED + " (" + key.get().description()
                + ")", null, LoginResult.ClientAnswer.TEMPORARY_FAILURE));
        if (session.channel() == null || throttle.delayMillis() == 0) {
            return CompletableFuture.completedFuture(refused);
        }
        CompletableFuture<ThrottleVerdict> later = new CompletableFuture<>();
        session.channel().eventLoop().schedule(() -> later.complete(refused), throttle.delayMillis(), TimeUnit.MILLISECONDS);
        return onControlPlane(session, later);
    }

    /**
     * The attempt is over: the login metrics (outcome, reason, latency) and the throttling counts. Only failures a
     * password guesser causes count (a wrong password, an unknown user), never a server that is down or the
     * throttling's own refusals; a success forgets the user's failures from this address.
     */
    public void counted(@Variable("session") ProxySession session, @Variable("loginResult") LoginResult result,
                        @Variable("credentials") Credentials credentials, @Variable("loginStarted") Long started) {
        String reason = result instanceof LoginResult.Failed f ? f.reason() : null;
        metrics.logins().finished(session.protocol(), started == null ? metrics.now() : started, reason);
        if (!throttle.enabled()) {
            return;
        }
        if (reason == null) {
            throttle.succeeded(clientAddress(session), throttledNames(session, credentials));
        } else if (guessed((LoginResult.Failed) result)) {
            throttle.failed(clientAddress(session), throttledNames(session, credentials));
        }
    }

    /**
     * The users an attempt's failures count against: the authentication id, and the authorisation id when SASL PLAIN
     * sent one, as authenticate_in checks that one's password; so a guesser cannot spread the guesses for one mailbox
     * over made-up authentication ids.
     */
    private List<String> throttledNames(ProxySession session, Credentials credentials) {
        // as text (ClientText), as authenticate_in checks them and the log lines name them; and as the mailbox the
        // backend is asked for, so that names strip_domain makes one (alice@a, alice@b) share one count
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        String user = ClientText.of(credentials.user());
        names.add(user);
        names.add(mailboxName.apply(user, session.local()));
        credentials.authorisationId().map(ClientText::of).ifPresent(id -> {
            names.add(id);
            names.add(mailboxName.apply(id, session.local()));
        });
        return names.size() == 1 ? Collections.singletonList(user) : List.copyOf(names);
    }

    private static boolean guessed(LoginResult.Failed failed) {
        return failed.answer() == LoginResult.ClientAnswer.AUTHENTICATION_FAILURE
                || BackendDialogue.RE_AUTHENTICATION_FAILURE.equals(failed.reason())
                || LocalAuthentication.FAILURE.equals(failed.reason())
                || COULD_NOT_DETERMINE_SERVER.equals(failed.reason());
    }

    private static String clientAddress(ProxySession session) {
        return session.client() == null || session.client().getAddress() == null ? ""
                : NumericAddress.of(session.client().getAddress());
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
        String backend = server.host() + ":" + server.port();
        long start = System.nanoTime();
        CompletionStage<LoginResult> login = backendLogin.login(session, conversation, server.host(), server.port())
                .whenComplete((r, e) -> metrics.backends().loginFinished(backend, r instanceof LoginResult.LoggedIn,
                        System.nanoTime() - start));
        return onControlPlane(session, login);
    }

    /**
     * The rest of the login route (audit, reply, whatever an operator adds) continues where camel-netty's handler
     * runs, the client's event loop, as a task of its own: in order with the session's other commands, and after the
     * handler that completed the stage (the backend conversation, the throttling's timer) has returned.
     */
    private static <T> CompletionStage<T> onControlPlane(ProxySession session, CompletionStage<T> login) {
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
        session.loggedIn(SessionAudit.logAuthenticationId(credentials, destination.logUser()),
                SessionAudit.logAuthorisationId(credentials, destination.logUser()), destination.serverForLog());
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
