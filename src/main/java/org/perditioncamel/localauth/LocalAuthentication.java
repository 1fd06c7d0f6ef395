package org.perditioncamel.localauth;

import org.apache.camel.Variable;
import org.perditioncamel.backend.LoginResult;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.ClientText;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.NumericAddress;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;

/**
 * The bean of routes/local-authentication.camel.yaml and of the login route's filter in front of it: authenticate_in
 * (perdition's -a) checks the password before the popmap lookup and before any backend connection.
 *
 * <p>A wrong password is perdition's refusal: the INFO line "Local authentication failure for client: Allowing
 * retry.", the Auth line with status "failed: local authentication failure", and "Authentication failure" to the
 * client after the error delay. A service that cannot answer (PAM module missing, directory or database down) is an
 * ERR line and a temporary failure, so the client neither reaches a backend nor asks the user for a new password.
 */
public final class LocalAuthentication implements AutoCloseable {
    /** perdition's Auth status text, without "failed: ". */
    public static final String FAILURE = "local authentication failure";
    /** Our Auth status text when the service could not answer. */
    public static final String UNAVAILABLE = "local authentication unavailable";
    /** Our Auth status text when the client left while its check waited for a thread. */
    public static final String CLIENT_GONE = "client closed the connection before local authentication";

    private final boolean enabled;
    private final PasswordCheck check;
    private final SessionAudit audit;

    LocalAuthentication(boolean enabled, PasswordCheck check, SessionAudit audit) {
        this.enabled = enabled;
        this.check = check;
        this.audit = audit;
    }

    /** Off unless authenticate_in is set; then the method's check, with its pool or connections open. */
    public static LocalAuthentication from(Settings s, SessionAudit audit) {
        LocalAuthSettings settings = LocalAuthSettings.from(s);
        if (!settings.enabled()) {
            return new LocalAuthentication(false, null, audit);
        }
        PasswordCheck check = switch (settings.method()) {
            case PAM -> new PamCheck(settings.pamService());
            case LDAP -> new LdapBindCheck(LdapBindCheck.settings(s, settings));
            case SQL -> new SqlHashCheck(SqlHashSettings.from(s), settings.poolSize());
        };
        return new LocalAuthentication(true, check, audit);
    }

    /** The login route's filter: authenticate_in is on and the pre-check did not refuse the attempt already. */
    public boolean wanted(@Variable("refusal") LoginResult.Failed refusal) {
        return enabled && refusal == null;
    }

    /**
     * Checks the password for the name munged for local_authentication; null lets the login go on, a failure is the
     * attempt's refusal. Runs on the route's own pool: the check may block.
     */
    public LoginResult.Failed authenticate(@Variable("session") ProxySession session,
                                           @Variable("credentials") Credentials credentials,
                                           @Variable("localAuthenticationName") String name) {
        if (session.channel() != null && !session.channel().isActive()) {
            // a slow directory or database backs the checks up; the queue drains sooner without those nobody waits for
            return new LoginResult.Failed(CLIENT_GONE, null, LoginResult.ClientAnswer.TEMPORARY_FAILURE);
        }
        String host = NumericAddress.hostOf(session.client());
        try {
            // the name is text already (UsernameRules.localAuthenticationName); the password is the client's octets
            if (check.check(name, ClientText.of(credentials.password()), host)) {
                return null;
            }
            audit.info("Local authentication failure for client: Allowing retry.");
            return new LoginResult.Failed(FAILURE, null, LoginResult.ClientAnswer.AUTHENTICATION_FAILURE);
        } catch (CheckUnavailableException e) {
            audit.error("Local authentication unavailable: " + e.getMessage());
            return new LoginResult.Failed(UNAVAILABLE + ": " + e.getMessage(), null,
                    LoginResult.ClientAnswer.TEMPORARY_FAILURE);
        }
    }

    @Override
    public void close() {
        if (check != null) {
            check.close();
        }
    }

    @Override
    public String toString() {
        return enabled ? "authenticate_in: " + check : "authenticate_in: off";
    }
}
