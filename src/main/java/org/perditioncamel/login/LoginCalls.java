package org.perditioncamel.login;

import io.netty.channel.ChannelHandlerContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;
import org.perditioncamel.backend.LoginResult;
import org.perditioncamel.localauth.LocalAuthentication;
import org.perditioncamel.popmap.Destination;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

import static org.perditioncamel.config.RouteConditions.expression;
import static org.perditioncamel.config.RouteConditions.predicate;
import static org.perditioncamel.config.RouteConditions.processor;

/**
 * The synchronous steps of session.camel.yaml and login.camel.yaml as typed calls, bound as {@code <bean>.<method>}
 * ({@link org.perditioncamel.config.RouteConditions}): each reads the variables its method names, as Camel's bean
 * binding would, without reflection or a copy of the exchange per call. The asynchronous steps (throttle, backend)
 * stay bean calls: Camel waits for their CompletionStage.
 */
public final class LoginCalls {
    private LoginCalls() {
    }

    public static void bind(CamelContext context, Dialogue dialogue, LoginSteps login,
            LocalAuthentication localAuthentication) {
        expression(context, "dialogue.session", e -> dialogue.session(
                e.getMessage().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ChannelHandlerContext.class)));
        processor(context, "dialogue.handle",
                e -> e.getMessage().setBody(dialogue.handle(session(e), e.getMessage().getBody(ClientCommand.class))));

        expression(context, "login.started", e -> login.started());
        expression(context, "login.precheck", e -> login.precheck(session(e), credentials(e)));
        predicate(context, "login.throttleWanted", e -> e.getVariable("refusal") == null && login.throttling());
        predicate(context, "localAuthentication.wanted",
                e -> localAuthentication.wanted((LoginResult.Failed) e.getVariable("refusal")));
        processor(context, "login.audit", e -> login.audit(session(e), result(e), credentials(e), destination(e)));
        processor(context, "login.counted",
                e -> login.counted(session(e), result(e), credentials(e), (Long) e.getVariable("loginStarted")));
        processor(context, "login.splice",
                e -> login.splice(session(e), (LoginResult.LoggedIn) result(e), credentials(e), destination(e)));
        processor(context, "login.failed",
                e -> e.getMessage().setBody(login.failed(session(e), (LoginResult.Failed) result(e))));
    }

    private static ProxySession session(Exchange e) {
        return (ProxySession) e.getVariable("session");
    }

    private static Credentials credentials(Exchange e) {
        return (Credentials) e.getVariable("credentials");
    }

    private static LoginResult result(Exchange e) {
        return (LoginResult) e.getVariable("loginResult");
    }

    private static Destination destination(Exchange e) {
        return (Destination) e.getVariable("destination");
    }
}
