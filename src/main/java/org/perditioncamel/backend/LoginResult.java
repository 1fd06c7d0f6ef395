package org.perditioncamel.backend;

import io.netty.channel.Channel;

/** The outcome of one backend login attempt, for the login route to branch on (${body.kind}). */
public sealed interface LoginResult permits LoginResult.LoggedIn, LoginResult.Failed {

    String kind();

    /** The backend accepted; its channel is connected, paused (autoRead off) and ready to be spliced. */
    record LoggedIn(Channel backend, String finalLine, java.util.List<String> toClient) implements LoginResult {
        @Override
        public String kind() {
            return "LOGGED_IN";
        }
    }

    /** What the client is told about a failed attempt; the Auth line always gives the reason. */
    enum ClientAnswer {
        /** perdition's "failed: reason" (reference §7.5), or the backend's refusal with server_resp_line. */
        REASON,
        /** A popmap source or the local authentication service could not be asked: try again later. */
        TEMPORARY_FAILURE,
        /** authenticate_in refused the password: perdition's "Authentication failure" (reference §5.1, §5.2). */
        AUTHENTICATION_FAILURE
    }

    /**
     * perdition's failure reason (reference §7.5), the backend's refusal line if there was one, and what the client is
     * told: the reason, a temporary failure, or the local authentication failure.
     */
    record Failed(String reason, String finalLine, ClientAnswer answer) implements LoginResult {
        public Failed(String reason, String finalLine) {
            this(reason, finalLine, ClientAnswer.REASON);
        }

        @Override
        public String kind() {
            return "FAILED";
        }
    }
}
