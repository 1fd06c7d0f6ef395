package org.perditioncamel.backend;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perditioncamel.backend.BackendDialogue.Await;
import org.perditioncamel.backend.BackendDialogue.Failed;
import org.perditioncamel.backend.BackendDialogue.LoggedIn;
import org.perditioncamel.backend.BackendDialogue.Send;
import org.perditioncamel.backend.BackendDialogue.Step;

import static org.assertj.core.api.Assertions.assertThat;

/** perdition's ManageSieve conversation with the real server (reference §7.3), against Dovecot-like lines. */
class ManageSieveBackendDialogueTest {
    private static final String OWN = "perdition ready on proxy.example 0000abcd";
    /** What Dovecot 2.3 with Pigeonhole greets with (managesieve-login). */
    private static final String[] DOVECOT = {
        "\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"",
        "\"SIEVE\" \"fileinto reject envelope encoded-character vacation subaddress comparator-i;ascii-numeric "
                + "relational regex imap4flags copy include variables body enotify environment mailbox date index "
                + "ihave duplicate mime foreverypart extracttext\"",
        "\"NOTIFY\" \"mailto\"",
        "\"SASL\" \"PLAIN LOGIN\"",
        "\"STARTTLS\"",
        "\"VERSION\" \"1.0\"",
    };

    private static ManageSieveBackendDialogue alice() {
        return new ManageSieveBackendDialogue(OWN, "alice", Optional.empty(), "secret");
    }

    private static Step greet(ManageSieveBackendDialogue d, String... capabilities) {
        for (String line : capabilities) {
            assertThat(d.onLine(line)).isInstanceOf(Await.class);
        }
        return d.onLine("OK \"Dovecot ready.\"");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void loginShouldSendAuthenticatePlainWithTheInitialResponseAfterTheGreeting() {
        ManageSieveBackendDialogue d = alice();
        Send send = (Send) greet(d, DOVECOT);
        assertThat(send.lines()).containsExactly("AUTHENTICATE \"PLAIN\" \"AGFsaWNlAHNlY3JldA==\"");
        LoggedIn ok = (LoggedIn) d.onLine("OK \"Logged in.\"");
        assertThat(ok.finalLine()).isEqualTo("OK \"Logged in.\"");
        assertThat(ok.toClient()).isEmpty();
    }

    @Test
    void authorisationIdShouldGoFirstInTheResponse() {
        ManageSieveBackendDialogue d = new ManageSieveBackendDialogue(OWN, "alice", Optional.of("bob"), "wrong");
        Send send = (Send) greet(d, DOVECOT);
        assertThat(send.lines()).containsExactly("AUTHENTICATE \"PLAIN\" \"" + b64("bob\0alice\0wrong") + "\"");
    }

    @Test
    void okWithAResponseCodeShouldBeASuccess() {
        ManageSieveBackendDialogue d = alice();
        greet(d, DOVECOT);
        LoggedIn ok = (LoggedIn) d.onLine("OK (SASL \"cnNwYXV0aD1lYTQw\") \"Logged in.\"");
        assertThat(ok.finalLine()).isEqualTo("OK (SASL \"cnNwYXV0aD1lYTQw\") \"Logged in.\"");
    }

    @Test
    void lowerCaseOkAndBareOkShouldBeSuccesses() {
        ManageSieveBackendDialogue lower = alice();
        assertThat(lower.onLine("\"sasl\" \"plain\"")).isInstanceOf(Await.class);
        assertThat(lower.onLine("ok")).isInstanceOf(Send.class);
        assertThat(lower.onLine("ok")).isInstanceOf(LoggedIn.class);
    }

    @Test
    void capabilityLinesBeforeTheOkShouldBeSkipped() {
        ManageSieveBackendDialogue d = alice();
        greet(d, DOVECOT);
        assertThat(d.onLine("\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"")).isInstanceOf(Await.class);
        assertThat(d.onLine("OK \"Logged in.\"")).isInstanceOf(LoggedIn.class);
    }

    @Test
    void refusalShouldBeReAuthenticationFailureWithTheBackendLineAndLogout() {
        ManageSieveBackendDialogue d = alice();
        greet(d, DOVECOT);
        Failed f = (Failed) d.onLine("NO \"Authentication failed.\"");
        assertThat(f.reason()).isEqualTo("Re-Authentication Failure");
        assertThat(f.finalLine()).isEqualTo("NO \"Authentication failed.\"");
        assertThat(f.goodbye()).isEqualTo("LOGOUT");
    }

    @Test
    void refusalWithAResponseCodeOrByeShouldBeReAuthenticationFailure() {
        ManageSieveBackendDialogue d = alice();
        greet(d, DOVECOT);
        assertThat(((Failed) d.onLine("NO (AUTH-TOO-WEAK) \"Use TLS.\"")).reason()).isEqualTo("Re-Authentication Failure");
        ManageSieveBackendDialogue bye = alice();
        greet(bye, DOVECOT);
        assertThat(((Failed) bye.onLine("BYE \"Too many failed attempts\"")).reason()).isEqualTo("Re-Authentication Failure");
    }

    @Test
    void refusalAsALiteralShouldBeKeptWholeForServerRespLine() {
        ManageSieveBackendDialogue d = alice();
        greet(d, DOVECOT);
        assertThat(d.onLine("NO {11}")).isInstanceOf(Await.class);
        assertThat(d.onLine("two")).isInstanceOf(Await.class);
        Failed f = (Failed) d.onLine("lines.");
        assertThat(f.finalLine()).isEqualTo("NO {11}\r\ntwo\r\nlines.");
    }

    @Test
    void greetingWithoutSaslShouldBeSaslMechanismUnavailable() {
        ManageSieveBackendDialogue d = alice();
        Failed f = (Failed) greet(d, "\"IMPLEMENTATION\" \"x\"", "\"SIEVE\" \"fileinto\"", "\"VERSION\" \"1.0\"");
        assertThat(f.reason()).isEqualTo("SASL mechanism unavailable").isEqualTo(ManageSieveBackendDialogue.SASL_MECHANISM_UNAVAILABLE);
        assertThat(f.finalLine()).isNull();
        assertThat(f.goodbye()).isEqualTo("LOGOUT");
    }

    @Test
    void saslWithoutPlainShouldBeSaslMechanismUnavailable() {
        assertThat(((Failed) greet(alice(), "\"SASL\" \"\"", "\"STARTTLS\"")).reason()).isEqualTo("SASL mechanism unavailable");
        assertThat(((Failed) greet(alice(), "\"SASL\" \"LOGIN SCRAM-SHA-1\"")).reason()).isEqualTo("SASL mechanism unavailable");
    }

    @Test
    void saslValueAsALiteralShouldBeRead() {
        ManageSieveBackendDialogue d = alice();
        assertThat(d.onLine("\"SASL\" {11}")).isInstanceOf(Await.class);
        assertThat(d.onLine("LOGIN PLAIN")).isInstanceOf(Await.class);
        assertThat(d.onLine("OK")).isInstanceOf(Send.class);
    }

    @Test
    void greetingThatIsNotOkShouldBeConnectionNegotiationFailure() {
        ManageSieveBackendDialogue d = alice();
        d.onLine("\"SASL\" \"PLAIN\"");
        Failed f = (Failed) d.onLine("BYE \"Too many connections\"");
        assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
        assertThat(f.goodbye()).isNull();
        assertThat(((Failed) alice().onLine("* OK IMAP4rev1 ready")).reason()).isEqualTo("Connection Negotiation Failure");
    }

    @Test
    void ownGreetingShouldBeDetectedAsALoop() {
        ManageSieveBackendDialogue d = alice();
        d.onLine("\"SASL\" \"PLAIN\"");
        Failed f = (Failed) d.onLine("OK \"" + OWN + "\"");
        assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
        assertThat(f.logDetail()).isEqualTo("Loop detected, abandoning connection");
    }

    @Test
    void responseTooLongForAQuotedStringShouldBeSentAsALiteral() {
        String password = "p".repeat(1000);
        ManageSieveBackendDialogue d = new ManageSieveBackendDialogue(OWN, "alice", Optional.empty(), password);
        Send send = (Send) greet(d, DOVECOT);
        String b64 = b64("\0alice\0" + password);
        assertThat(b64.length()).isGreaterThan(1024);
        assertThat(send.lines()).containsExactly("AUTHENTICATE \"PLAIN\" {" + b64.length() + "+}", b64);
    }

    @Test
    void hugeBackendLiteralShouldEndTheLogin() {
        ManageSieveBackendDialogue d = alice();
        Failed f = (Failed) d.onLine("\"IMPLEMENTATION\" {999999}");
        assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
    }

    @Test
    void stepsShouldNeverPrintThePassword() {
        ManageSieveBackendDialogue d = alice();
        Step send = greet(d, DOVECOT);
        assertThat(send.toString()).doesNotContain("AGFsaWNlAHNlY3JldA").doesNotContain("secret");
        assertThat(d.toString()).doesNotContain("secret");
    }
}
