package org.perditioncamel.backend;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perditioncamel.backend.BackendDialogue.Await;
import org.perditioncamel.backend.BackendDialogue.Failed;
import org.perditioncamel.backend.BackendDialogue.LoggedIn;
import org.perditioncamel.backend.BackendDialogue.Send;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

import static org.assertj.core.api.Assertions.assertThat;

/** perdition's IMAP conversation with the real server (reference §7.2, §15 cases 26-28), against Dovecot's lines. */
class ImapBackendDialogueTest {
    private static final String OWN = "[CAPABILITY IMAP4 IMAP4REV1] perdition ready on proxy.example 0000abcd";
    private static final String DOVECOT_GREETING = "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE "
            + "LITERAL+ STARTTLS AUTH=PLAIN] Dovecot ready.";
    private static final String DOVECOT_CAPABILITY = "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ "
            + "STARTTLS AUTH=PLAIN";
    private static final String POST_LOGIN_CAPABILITY = "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT "
            + "THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 LITERAL+";

    private final ProxySession session = new ProxySession(Protocol.IMAP4, new InetSocketAddress("192.0.2.7", 40123),
            new InetSocketAddress("198.51.100.1", 143));

    private static ImapBackendDialogue dialogue(Credentials credentials) {
        return new ImapBackendDialogue(OWN, credentials, false, null);
    }

    private static String[] sent(BackendDialogue.Step step) {
        assertThat(step).isInstanceOf(Send.class);
        return ((Send) step).lines();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void withGreetingCapabilitiesCapabilityAndLoginShouldGoInOneWrite() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice", "secret"));
        assertThat(sent(d.onLine(DOVECOT_GREETING)))
                .containsExactly("flim07 CAPABILITY", "flim08 LOGIN \"alice\" \"secret\"");
        // CAPABILITY's answer is not the client's; the post-login capabilities it makes Dovecot send are
        assertThat(d.onLine(DOVECOT_CAPABILITY)).isInstanceOf(Await.class);
        assertThat(d.onLine("flim07 OK Pre-login capabilities listed, post-login capabilities have more."))
                .isInstanceOf(Await.class);
        assertThat(d.onLine(POST_LOGIN_CAPABILITY)).isInstanceOf(Await.class);
        LoggedIn ok = (LoggedIn) d.onLine("flim08 OK [CAPABILITY IMAP4rev1 SORT] Logged in");
        assertThat(ok.finalLine()).isEqualTo("flim08 OK [CAPABILITY IMAP4rev1 SORT] Logged in");
        assertThat(ok.toClient()).containsExactly(POST_LOGIN_CAPABILITY);
    }

    @Test
    void aPipelinedCapabilityRefusedShouldBeConnectionNegotiationFailure() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice", "secret"));
        d.onLine(DOVECOT_GREETING);
        Failed f = (Failed) d.onLine("flim07 BAD what");
        assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
        assertThat(f.goodbye()).isEqualTo("flim09 LOGOUT");
    }

    @Test
    void aBackendListingCapabilitiesWithoutEndShouldBeConnectionNegotiationFailure() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice", "secret"));
        d.onLine("* OK ready");
        StringBuilder words = new StringBuilder("* CAPABILITY");
        for (int i = 0; i < 200; i++) {
            words.append(" X-WORD-").append(i);
        }
        for (int line = 1; line < ImapBackendDialogue.MAX_CAPABILITIES / 200; line++) {
            assertThat(d.onLine(words.toString().replace("X-WORD-", "X-" + line + "-"))).isInstanceOf(Await.class);
        }
        Failed f = (Failed) d.onLine(words.toString().replace("X-WORD-", "X-LAST-") + " X-ONE-MORE");
        assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
        assertThat(f.goodbye()).isEqualTo("flim08 LOGOUT");
    }

    @Test
    void aGreetingWithoutCapabilitiesShouldBeFollowedByCapability() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice", "secret"));
        assertThat(sent(d.onLine("* OK [ALERT] ready"))).containsExactly("flim07 CAPABILITY");
        assertThat(d.onLine(DOVECOT_CAPABILITY)).isInstanceOf(Await.class);
        assertThat(sent(d.onLine("flim07 OK Pre-login capabilities listed, post-login capabilities have more.")))
                .containsExactly("flim08 LOGIN \"alice\" \"secret\"");
        assertThat(((LoggedIn) d.onLine("flim08 OK Logged in")).toClient()).isEmpty();
    }

    @Test
    void aValueAQuotedStringCannotCarryShouldGoAsASynchronisingLiteralOfItsOctets() {
        ImapBackendDialogue d = dialogue(Credentials.of("bob", "pa\"ss\\word"));
        d.onLine("* OK ready");
        assertThat(sent(d.onLine("flim07 OK done"))).containsExactly("flim08 LOGIN \"bob\" {10}");
        assertThat(sent(d.onLine("+ go ahead"))).containsExactly("pa\"ss\\word");
        assertThat(d.onLine("flim08 OK Logged in")).isInstanceOf(LoggedIn.class);
    }

    @Test
    void withLiteralPlusTheLiteralsShouldGoWithoutWaiting() {
        String utf8User = new String("j\u00f6rg".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        ImapBackendDialogue d = dialogue(Credentials.of(utf8User, "pa\"ss"));
        assertThat(sent(d.onLine("* OK [CAPABILITY IMAP4rev1 LITERAL+] ready")))
                .containsExactly("flim07 CAPABILITY", "flim08 LOGIN {5+}", utf8User + " {5+}", "pa\"ss");
        d.onLine("flim07 OK done");
        assertThat(d.onLine("flim08 OK Logged in")).isInstanceOf(LoggedIn.class);
    }

    @Test
    void literalMinusShouldCarryOnlyShortLiteralsWithoutWaiting() {
        String longPassword = "\u00e9".repeat(4097);
        ImapBackendDialogue d = dialogue(Credentials.of("\u00e9", longPassword));
        assertThat(sent(d.onLine("* OK [CAPABILITY IMAP4rev2 LITERAL-] ready")))
                .containsExactly("flim07 CAPABILITY", "flim08 LOGIN {1+}", "\u00e9 {4097}");
        assertThat(d.onLine("* CAPABILITY IMAP4rev2 LITERAL-")).isInstanceOf(Await.class);
        assertThat(d.onLine("flim07 OK done")).isInstanceOf(Await.class);
        assertThat(sent(d.onLine("+ OK"))).containsExactly(longPassword);
        assertThat(d.onLine("flim08 OK Logged in")).isInstanceOf(LoggedIn.class);
    }

    @Test
    void literalSizesShouldCountOctets() {
        String utf8User = new String("j\u00f6rg".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        ImapBackendDialogue d = dialogue(Credentials.of(utf8User, "x"));
        d.onLine("* OK ready");
        assertThat(sent(d.onLine("flim07 OK done"))).containsExactly("flim08 LOGIN {5}");
        assertThat(sent(d.onLine("+ OK"))).containsExactly(utf8User + " \"x\"");
    }

    @Test
    void onlyPrintableAsciiWithoutQuotedSpecialsShouldBeQuoted() {
        assertThat(ImapBackendDialogue.quotable("")).isTrue();
        assertThat(ImapBackendDialogue.quotable("a b~!{}%*()")).isTrue();
        for (String value : new String[] {"a\"b", "a\\b", "a\rb", "a\nb", "a\0b", "tab\t", "\u00e9", "\u007f"}) {
            assertThat(ImapBackendDialogue.quotable(value)).as(value).isFalse();
        }
    }

    @Test
    void refusedPasswordShouldBeReAuthenticationFailureThenLogout() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice", "wrong"));
        d.onLine("* OK ready");
        d.onLine("flim07 OK done");
        Failed f = (Failed) d.onLine("flim08 NO [AUTHENTICATIONFAILED] Authentication failed.");
        assertThat(f.reason()).isEqualTo("Re-Authentication Failure");
        assertThat(f.finalLine()).isEqualTo("flim08 NO [AUTHENTICATIONFAILED] Authentication failed.");
        assertThat(f.goodbye()).isEqualTo("flim09 LOGOUT");
    }

    @Test
    void taggedNoInPlaceOfAContinuationShouldFailCleanly() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice\\", "secret"));
        d.onLine("* OK ready");
        d.onLine("flim07 OK done");
        Failed user = (Failed) d.onLine("flim08 NO Literal too big");
        assertThat(user.reason()).isEqualTo("Re-Authentication Failure");
        assertThat(user.finalLine()).isEqualTo("flim08 NO Literal too big");
        assertThat(user.goodbye()).isEqualTo("flim09 LOGOUT");

        ImapBackendDialogue p = dialogue(Credentials.of("alice\\", "secret\\"));
        p.onLine("* OK ready");
        p.onLine("flim07 OK done");
        p.onLine("+ OK");
        assertThat(((Failed) p.onLine("flim08 BAD no")).reason()).isEqualTo("Re-Authentication Failure");
    }

    @Test
    void backendLoginDisabledShouldFailWithoutEverSendingLogin() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice", "secret"));
        d.onLine("* OK ready");
        d.onLine("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED");
        Failed f = (Failed) d.onLine("flim07 OK done");
        assertThat(f.reason()).isEqualTo("Login Disabled");
        assertThat(f.finalLine()).isNull();
        assertThat(f.goodbye()).isEqualTo("flim08 LOGOUT");
    }

    @Test
    void loginDisabledWithAuthPlainShouldAuthenticateInstead() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice", "secret"));
        d.onLine("* OK ready");
        d.onLine("* CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=PLAIN SASL-IR");
        assertThat(sent(d.onLine("flim07 OK done"))).containsExactly("flim08 AUTHENTICATE PLAIN " + b64("\0alice\0secret"));
        assertThat(((LoggedIn) d.onLine("flim08 OK Logged in")).toClient()).isEmpty();
    }

    @Test
    void authorisationIdShouldBePassedOnWithAuthenticatePlain() {
        ImapBackendDialogue d = dialogue(new Credentials(Optional.of("bob"), "alice", "secret"));
        assertThat(sent(d.onLine(DOVECOT_GREETING)))
                .containsExactly("flim07 CAPABILITY", "flim08 AUTHENTICATE PLAIN " + b64("bob\0alice\0secret"));
        d.onLine(DOVECOT_CAPABILITY);
        d.onLine("flim07 OK done");
        d.onLine(POST_LOGIN_CAPABILITY);
        LoggedIn ok = (LoggedIn) d.onLine("flim08 OK Logged in");
        assertThat(ok.toClient()).containsExactly(POST_LOGIN_CAPABILITY);
    }

    @Test
    void authenticateWithoutSaslIrShouldWaitForTheContinuation() {
        ImapBackendDialogue d = dialogue(new Credentials(Optional.of("bob"), "alice", "secret"));
        d.onLine("* OK ready");
        d.onLine("* CAPABILITY IMAP4rev1 AUTH=PLAIN");
        assertThat(sent(d.onLine("flim07 OK done"))).containsExactly("flim08 AUTHENTICATE PLAIN");
        assertThat(sent(d.onLine("+ "))).containsExactly(b64("bob\0alice\0secret"));
        Failed f = (Failed) d.onLine("flim08 NO [AUTHORIZATIONFAILED] not allowed");
        assertThat(f.reason()).isEqualTo("Re-Authentication Failure");
        assertThat(f.goodbye()).isEqualTo("flim09 LOGOUT");
    }

    @Test
    void authorisationIdWithoutAuthPlainShouldFailRatherThanBeDropped() {
        ImapBackendDialogue d = dialogue(new Credentials(Optional.of("bob"), "alice", "secret"));
        d.onLine("* OK ready");
        d.onLine("* CAPABILITY IMAP4rev1");
        Failed f = (Failed) d.onLine("flim07 OK done");
        assertThat(f.reason()).isEqualTo("SASL mechanism unavailable");
    }

    @Test
    void preauthOrByeGreetingShouldBeConnectionNegotiationFailure() {
        for (String greeting : new String[] {"* PREAUTH x", "* BYE x", "+OK POP3", "* OKAY"}) {
            Failed f = (Failed) dialogue(Credentials.of("a", "b")).onLine(greeting);
            assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
        }
    }

    @Test
    void ownGreetingShouldBeDetectedAsALoop() {
        Failed f = (Failed) dialogue(Credentials.of("a", "b"))
                .onLine("* OK  [CAPABILITY IMAP4 IMAP4REV1]  perdition ready on proxy.example 0000abcd");
        assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
        assertThat(f.logDetail()).isEqualTo("Loop detected, abandoning connection");
        assertThat(f.goodbye()).isEqualTo("flim07 LOGOUT");
    }

    @Test
    void unexpectedTagShouldBeConnectionNegotiationFailure() {
        ImapBackendDialogue d = dialogue(Credentials.of("a", "b"));
        d.onLine("* OK ready");
        assertThat(((Failed) d.onLine("x1 OK done")).reason()).isEqualTo("Connection Negotiation Failure");
    }

    @Test
    void refusedCapabilityShouldBeConnectionNegotiationFailure() {
        ImapBackendDialogue d = dialogue(Credentials.of("a", "b"));
        d.onLine("* OK ready");
        assertThat(((Failed) d.onLine("flim07 BAD what")).reason()).isEqualTo("Connection Negotiation Failure");
    }

    @Test
    void continuationOutsideALiteralShouldBeConnectionNegotiationFailure() {
        ImapBackendDialogue d = dialogue(Credentials.of("a", "b"));
        d.onLine("* OK ready");
        assertThat(((Failed) d.onLine("+ what")).reason()).isEqualTo("Connection Negotiation Failure");
    }

    @Test
    void idShouldForwardTheClientsAddressBeforeLogin() {
        ImapBackendDialogue d = new ImapBackendDialogue(OWN, Credentials.of("alice", "secret"), true, session);
        assertThat(sent(d.onLine(DOVECOT_GREETING))).containsExactly("flim07 CAPABILITY", "flim08 ID (\"x-originating-ip\" \"192.0.2.7\" "
                + "\"x-originating-port\" \"40123\" \"x-connected-ip\" \"198.51.100.1\" \"x-connected-port\" \"143\")");
        assertThat(d.onLine(DOVECOT_CAPABILITY)).isInstanceOf(Await.class);
        assertThat(d.onLine("flim07 OK done")).isInstanceOf(Await.class);
        assertThat(d.onLine("* ID (\"name\" \"Dovecot\")")).isInstanceOf(Await.class);
        assertThat(sent(d.onLine("flim08 OK ID completed."))).containsExactly("flim09 LOGIN \"alice\" \"secret\"");
        assertThat(((LoggedIn) d.onLine("flim09 OK Logged in")).toClient()).isEmpty();
    }

    @Test
    void refusedIdShouldNotStopTheLogin() {
        ImapBackendDialogue d = new ImapBackendDialogue(OWN, Credentials.of("alice", "secret"), true, session);
        d.onLine("* OK ready");
        d.onLine("* CAPABILITY IMAP4rev1 ID");
        d.onLine("flim07 OK done");
        assertThat(sent(d.onLine("flim08 BAD not now"))).containsExactly("flim09 LOGIN \"alice\" \"secret\"");
    }

    @Test
    void idShouldBeLeftOutWhenTheBackendDoesNotOfferIt() {
        ImapBackendDialogue d = new ImapBackendDialogue(OWN, Credentials.of("alice", "secret"), true, session);
        d.onLine("* OK ready");
        d.onLine("* CAPABILITY IMAP4rev1");
        assertThat(sent(d.onLine("flim07 OK done"))).containsExactly("flim08 LOGIN \"alice\" \"secret\"");
    }

    @Test
    void ipv6AddressesShouldBeForwardedWithoutScope() throws Exception {
        ProxySession v6 = new ProxySession(Protocol.IMAP4,
                new InetSocketAddress(java.net.Inet6Address.getByAddress(null, new byte[16], 3), 40000),
                new InetSocketAddress("::1", 143));
        ImapBackendDialogue d = new ImapBackendDialogue(OWN, Credentials.of("alice", "secret"), true, v6);
        d.onLine("* OK ready");
        d.onLine("* CAPABILITY IMAP4rev1 ID");
        assertThat(sent(d.onLine("flim07 OK done"))[0]).isEqualTo("flim08 ID (\"x-originating-ip\" \"0:0:0:0:0:0:0:0\" "
                + "\"x-originating-port\" \"40000\" \"x-connected-ip\" \"0:0:0:0:0:0:0:1\" \"x-connected-port\" \"143\")");
    }

    @Test
    void endlessUntaggedLinesDuringLoginShouldFail() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice", "secret"));
        d.onLine("* OK ready");
        d.onLine("flim07 OK done");
        for (int i = 0; i < ImapBackendDialogue.MAX_UNTAGGED; i++) {
            assertThat(d.onLine("* OK still here")).isInstanceOf(Await.class);
        }
        assertThat(((Failed) d.onLine("* OK still here")).reason()).isEqualTo("Connection Negotiation Failure");
    }

    @Test
    void stepsShouldNeverPrintThePassword() {
        ImapBackendDialogue d = dialogue(Credentials.of("alice", "secret"));
        d.onLine("* OK ready");
        assertThat(d.onLine("flim07 OK done").toString()).doesNotContain("secret");
        ImapBackendDialogue literal = dialogue(Credentials.of("alice", "sec\"ret"));
        literal.onLine("* OK ready");
        literal.onLine("flim07 OK done");
        assertThat(literal.onLine("+ OK").toString()).doesNotContain("sec");
        assertThat(d.toString()).doesNotContain("secret");
    }
}
