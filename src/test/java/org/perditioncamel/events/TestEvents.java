package org.perditioncamel.events;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

import org.perditioncamel.protocol.Protocol;

/** Events as the session layer builds them, for tests. */
final class TestEvents {
    static final Instant TIME = Instant.parse("2026-11-25T09:03:07.123Z");
    static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 40000);
    static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 110);

    private TestEvents() {
    }

    static SessionEvent connect(String sessionId) {
        return new SessionEvent(SessionEvent.Type.CONNECT, TIME, sessionId, Protocol.POP3, CLIENT, LOCAL,
                "plaintext", null, null, null, null, null, 0, 0, Optional.empty());
    }

    static SessionEvent auth(String sessionId, String user, String status, String password) {
        return new SessionEvent(SessionEvent.Type.AUTH, TIME, sessionId, Protocol.POP3, CLIENT, LOCAL,
                "plaintext", null, user, "127.0.0.1:110", "plaintext", status, 0, 0, Optional.ofNullable(password));
    }

    static SessionEvent close(String sessionId, String user, long received, long sent) {
        return new SessionEvent(SessionEvent.Type.CLOSE, TIME, sessionId, Protocol.POP3, CLIENT, LOCAL,
                "plaintext", null, user, "127.0.0.1:110", "plaintext", "ok", received, sent, Optional.empty());
    }

    static SessionEvent closeNull(String sessionId) {
        return new SessionEvent(SessionEvent.Type.CLOSE_NULL, TIME, sessionId, Protocol.POP3, CLIENT, LOCAL,
                "plaintext", null, null, null, "plaintext", null, 0, 0, Optional.empty());
    }
}
