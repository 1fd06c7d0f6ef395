package org.perditioncamel.protocol;

import org.perditioncamel.session.Credentials;

/** Test helper: a dialect's answer as tests compare it, a login request unwrapped to its credentials. */
public final class DialectAnswers {
    private DialectAnswers() {
    }

    public static Object credentialsOrReply(Answer answer) {
        return answer instanceof LoginRequest login ? login.credentials() : answer;
    }

    /** The credentials of an answer that must be a login request. */
    public static Credentials credentials(Answer answer) {
        return ((LoginRequest) answer).credentials();
    }
}
