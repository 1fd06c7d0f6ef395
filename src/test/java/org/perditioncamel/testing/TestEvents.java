package org.perditioncamel.testing;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.SessionEvent;

/** Events as the session layer builds them, for tests. */
public final class TestEvents {
    public static final Instant TIME = Instant.parse("2026-11-25T09:03:07.123Z");
    public static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 40000);
    public static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 110);

    private TestEvents() {
    }

    public static SessionEvent connect(String sessionId) {
        return new SessionEvent(SessionEvent.Type.CONNECT, TIME, sessionId, Protocol.POP3, CLIENT, LOCAL,
                "plaintext", null, null, null, null, null, 0, 0, Optional.empty());
    }

    public static SessionEvent auth(String sessionId, String user, String status, String password) {
        return new SessionEvent(SessionEvent.Type.AUTH, TIME, sessionId, Protocol.POP3, CLIENT, LOCAL,
                "plaintext", null, user, "127.0.0.1:110", "plaintext", status, 0, 0, Optional.ofNullable(password));
    }

    public static SessionEvent close(String sessionId, String user, long received, long sent) {
        return new SessionEvent(SessionEvent.Type.CLOSE, TIME, sessionId, Protocol.POP3, CLIENT, LOCAL,
                "plaintext", null, user, "127.0.0.1:110", "plaintext", "ok", received, sent, Optional.empty());
    }

    public static SessionEvent closeNull(String sessionId) {
        return new SessionEvent(SessionEvent.Type.CLOSE_NULL, TIME, sessionId, Protocol.POP3, CLIENT, LOCAL,
                "plaintext", null, null, null, "plaintext", null, 0, 0, Optional.empty());
    }
}
