package org.perditioncamel.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One client connection driven by the {@link Driver}: the step it waits on and what its plan keeps. */
final class Session {
    final int slot;
    final Plan plan;
    final ReplyReader reader = new ReplyReader();
    SocketChannel channel;
    SelectionKey key;
    Step current;
    ByteBuffer pendingWrite;
    long connectStarted;
    long stepStarted;
    long deadline;
    boolean connected;
    boolean closed;
    // what the plan remembers between steps
    int phase;
    boolean loggingOut;
    java.util.List<Step> script;

    /** The next step of the script (greeting and login, and what a scenario adds), or null after its last. */
    Step nextScripted() {
        return phase < script.size() ? script.get(phase++) : null;
    }

    /** Logout the first time, then null (close) once its reply is in. */
    Step logoutThenClose(Dialogue dialogue) {
        if (loggingOut) {
            return null;
        }
        loggingOut = true;
        return dialogue.logout();
    }

    Session(int slot, Plan plan) {
        this.slot = slot;
        this.plan = plan;
    }

    /** What a scenario does with each session: the next step after a reply, and what an end means. */
    interface Plan {
        /** The step after {@code done} has been answered; {@link Driver#HOLD} to wait, null to close. */
        default Step after(Session session, Step done, long now) {
            Step scripted = session.nextScripted();
            return scripted != null ? scripted : afterScript(session, done, now);
        }

        /** The step after {@code done} once the script is through (the login storm's plan has none). */
        default Step afterScript(Session session, Step done, long now) {
            return null;
        }

        /** The session is gone: cleanly ({@code error} null) or not. */
        void closed(Session session, String error, long now);
    }
}
