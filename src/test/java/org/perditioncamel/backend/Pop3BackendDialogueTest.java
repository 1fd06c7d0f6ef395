package org.perditioncamel.backend;

import org.junit.jupiter.api.Test;
import org.perditioncamel.backend.BackendDialogue.Failed;
import org.perditioncamel.backend.BackendDialogue.LoggedIn;
import org.perditioncamel.backend.BackendDialogue.Send;

import static org.assertj.core.api.Assertions.assertThat;

/** perdition's POP3 conversation with the real server (reference §7.1). */
class Pop3BackendDialogueTest {
    private static final String OWN = "POP3 perditon ready on proxy.example 0000abcd";

    @Test
    void loginShouldSendUserThenPassVerbatim() {
        Pop3BackendDialogue d = new Pop3BackendDialogue(OWN, "alice", " pa ss ");
        assertThat(((Send) d.onLine("+OK Dovecot ready.")).lines()).containsExactly("USER alice");
        assertThat(((Send) d.onLine("+OK")).lines()).containsExactly("PASS  pa ss ");
        assertThat(((LoggedIn) d.onLine("+OK Logged in.")).finalLine()).isEqualTo("+OK Logged in.");
    }

    @Test
    void refusedPasswordShouldBeReAuthenticationFailureWithTheBackendLine() {
        Pop3BackendDialogue d = new Pop3BackendDialogue(OWN, "alice", "wrong");
        d.onLine("+ok hello");
        d.onLine("+OK");
        Failed f = (Failed) d.onLine("-ERR [AUTH] Authentication failed.");
        assertThat(f.reason()).isEqualTo("Re-Authentication Failure");
        assertThat(f.finalLine()).isEqualTo("-ERR [AUTH] Authentication failed.");
        assertThat(f.goodbye()).isEqualTo("QUIT");
    }

    @Test
    void badGreetingShouldBeConnectionNegotiationFailure() {
        Failed f = (Failed) new Pop3BackendDialogue(OWN, "a", "b").onLine("-ERR go away");
        assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
    }

    @Test
    void ownGreetingShouldBeDetectedAsALoop() {
        Failed f = (Failed) new Pop3BackendDialogue(OWN, "a", "b").onLine("+OK POP3  perditon ready on proxy.example 0000abcd");
        assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
        assertThat(f.logDetail()).isEqualTo("Loop detected, abandoning connection");
    }

    @Test
    void stepsShouldNeverPrintThePassword() {
        Pop3BackendDialogue d = new Pop3BackendDialogue(OWN, "alice", "secret");
        d.onLine("+OK");
        assertThat(d.onLine("+OK").toString()).doesNotContain("secret");
        assertThat(d.toString()).doesNotContain("secret");
    }
}
