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

    /**
     * perdition's failure reason (reference §7.5) and the backend's refusal line if there was one. A temporary failure
     * (a popmap source that cannot be asked) is logged as any failure, but the client is told to try again later.
     */
    record Failed(String reason, String finalLine, boolean temporary) implements LoginResult {
        public Failed(String reason, String finalLine) {
            this(reason, finalLine, false);
        }

        @Override
        public String kind() {
            return "FAILED";
        }
    }
}
