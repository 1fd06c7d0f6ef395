package org.perditioncamel.login;

import org.apache.camel.CamelContext;
import org.perditioncamel.backend.LoginResult;
import org.perditioncamel.protocol.Answer;
import org.perditioncamel.protocol.LoginRequest;
import org.perditioncamel.protocol.Reply;

import static org.perditioncamel.config.RouteConditions.expression;
import static org.perditioncamel.config.RouteConditions.predicate;

/**
 * The branches of session.camel.yaml and login.camel.yaml that call a method, as typed conditions ({@code ref: <name>},
 * see {@link org.perditioncamel.config.RouteConditions}), and the null checks every login makes ({@code refused}, as
 * {@code ${variable.refusal} != null} would be in Simple). Simple stays where it only hands a value on
 * ({@code ${variable.refusal}}). An operator's own route may use either.
 */
public final class LoginConditions {
    private LoginConditions() {
    }

    /** Registers every predicate and expression under its name (the names the YAML uses). */
    public static void bind(CamelContext context) {
        // session-dialogue: the dialect's answer is a LoginRequest (credentials given), and its credentials
        predicate(context, "startsLogin", e -> e.getMessage().getBody() instanceof Answer a && a.startsLogin());
        expression(context, "requestCredentials",
                e -> e.getMessage().getBody() instanceof LoginRequest r ? r.credentials() : null);
        // reply: perdition's error delay before this reply; the session ends after it
        predicate(context, "replyDelayed", e -> e.getMessage().getBody() instanceof Reply r && r.delayed());
        predicate(context, "replyCloses", e -> e.getMessage().getBody() instanceof Reply r && r.close());
        // login: the throttling's verdict, and the outcome of the attempt
        expression(context, "throttleRefusal",
                e -> e.getMessage().getBody() instanceof LoginSteps.ThrottleVerdict v ? v.refusal() : null);
        predicate(context, "loggedIn", e -> e.getVariable("loginResult") instanceof LoginResult.LoggedIn);
        // login: something refused the attempt (variable refusal), or a popmap source failed (variable popmapFailure)
        predicate(context, "refused", e -> e.getVariable("refusal") != null);
        predicate(context, "popmapFailed", e -> e.getVariable("popmapFailure") != null);
    }
}
