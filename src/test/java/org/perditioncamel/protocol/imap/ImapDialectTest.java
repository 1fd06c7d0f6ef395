package org.perditioncamel.protocol.imap;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Base64;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.backend.ImapBackendDialogue;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

import static org.perditioncamel.protocol.DialectAnswers.credentialsOrReply;
import static org.assertj.core.api.Assertions.assertThat;
import org.perditioncamel.backend.BackendDialogues;

/** perdition 2.2's IMAP4 answers before login (reference §5.2, §15 cases 13-25, 54, 55, 57), plus ID and SASL. */
class ImapDialectTest {
    private final ImapDialect dialect = dialect("IMAP4 IMAP4REV1", false, false);
    private final ProxySession session = new ProxySession(Protocol.IMAP4, new InetSocketAddress("127.0.0.1", 40000),
            new InetSocketAddress("127.0.0.1", 143));

    private static ImapDialect dialect(String capability, boolean loginDisabled, boolean literalPlus) {
        return new ImapDialect(new Greeting(true, false, new TreeMap<>()), capability, loginDisabled, literalPlus);
    }

    private Object answer(String command) {
        return answer(dialect, command);
    }

    private Object answer(ImapDialect d, String command) {
        return credentialsOrReply(d.handle(session, ClientCommand.line(command.getBytes(StandardCharsets.ISO_8859_1))));
    }

    private Reply reply(String command) {
        return (Reply) answer(command + "\r\n");
    }

    private Credentials credentials(String command) {
        return (Credentials) answer(command);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void greetingShouldListTheCapabilitiesAndEndInAChecksum() {
        assertThat(dialect.greeting(session).text())
                .matches("\\* OK \\[CAPABILITY IMAP4 IMAP4REV1\\] perdition ready on 127\\.0\\.0\\.1 [0-9a-f]{8}\r\n");
        assertThat(dialect.greeting(session).delayed()).isFalse();
    }

    @Test
    void greetingTextShouldBeTheGreetingAfterItsStatus() {
        assertThat("* OK " + dialect.greetingText(session) + "\r\n").isEqualTo(dialect.greeting(session).text());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                      | * BAD Invalid tag, mate                                          | true",
        "a%1 NOOP                | * BAD Invalid tag, mate                                          | true",
        "a*b NOOP                | * BAD Invalid tag, mate                                          | true",
        "a(b NOOP                | * BAD Invalid tag, mate                                          | true",
        "a{b NOOP                | * BAD Invalid tag, mate                                          | true",
        "'a\"b NOOP'             | * BAD Invalid tag, mate                                          | true",
        "a\\b NOOP               | * BAD Invalid tag, mate                                          | true",
        "a]b NOOP                | * BAD Invalid tag, mate                                          | true",
        "' a1 NOOP'              | * BAD Invalid tag, mate                                          | true",
        "a+1 NOOP                | a+1 OK NOOP                                                      | false",
        "a1                      | a1 BAD Missing command, mate                                     | true",
        "a1  NOOP                | a1 BAD Null command, mate                                        | true",
        "'a1 '                   | a1 BAD Null command, mate                                        | true",
        "a1 NOOP                 | a1 OK NOOP                                                       | false",
        "a1 noop                 | a1 OK NOOP                                                       | false",
        "a1 NOOP x               | a1 BAD Argument given to NOOP but there shouldn't be one, mate   | true",
        "'a1 NOOP '              | a1 BAD Argument given to NOOP but there shouldn't be one, mate   | true",
        "a1 CAPABILITY x         | a1 BAD Argument given to CAPABILITY but there shouldn't be one, mate | true",
        "a1 LOGOUT x             | a1 BAD Argument given to LOGOUT but there shouldn't be one, mate | true",
        "a1 STARTTLS x           | a1 BAD Argument given to STARTTLS but there shouldn't be one, mate | true",
        "a1 STARTTLS             | a1 BAD STARTTLS disabled, mate                                   | true",
        "a1 AUTHENTICATE         | a1 BAD Mate, try AUTHENTICATE <mechanism>                        | true",
        "a1 AUTHENTICATE A B C   | a1 BAD Mate, try AUTHENTICATE <mechanism>                        | true",
        "'a1 AUTHENTICATE PLAIN '| a1 BAD Mate, try AUTHENTICATE <mechanism>                        | true",
        "a1 AUTHENTICATE GSSAPI  | a1 NO AUTHENTICATE mechanism not supported, mate                 | false",
        "a1 AUTHENTICATE CRAM-MD5 x | a1 NO AUTHENTICATE mechanism not supported, mate              | false",
        "a1 LOGIN                | a1 BAD Mate, try LOGIN <username> <passwd>                       | true",
        "a1 LOGIN alice          | a1 BAD Mate, try LOGIN <username> <passwd>                       | true",
        "a1 LOGIN a b c          | a1 BAD Mate, try LOGIN <username> <passwd>                       | true",
        "'a1 LOGIN alice secret '| a1 BAD Mate, try LOGIN <username> <passwd>                       | true",
        "a1 LOGIN  alice secret  | a1 BAD Mate, try LOGIN <username> <passwd>                       | true",
        "'a1 LOGIN \"alice secret'  | a1 BAD Mate, try LOGIN <username> <passwd>                    | true",
        "'a1 LOGIN \"a\\lice\" secret' | a1 BAD Mate, try LOGIN <username> <passwd>                 | true",
        "'a1 LOGIN \"alice\"x secret' | a1 BAD Mate, try LOGIN <username> <passwd>                  | true",
        "'a1 LOGIN al\"ice secret' | a1 BAD Mate, try LOGIN <username> <passwd>                     | true",
        "a1 LOGIN {5} secret     | a1 BAD Mate, try LOGIN <username> <passwd>                       | true",
        "a1 ID                   | a1 BAD Mate, try ID (<field> <value> ...) or ID NIL              | true",
        "a1 FOO                  | a1 BAD Unrecognised command, mate                                | true",
        "a1 ENABLE UTF8=ACCEPT   | a1 BAD Unrecognised command, mate                                | true",
        "a1 SELECT INBOX         | a1 BAD Unrecognised command, mate                                | true",
        "a1 EXAMINE INBOX        | a1 BAD Unrecognised command, mate                                | true",
        "a1 FETCH 1 BODY[]       | a1 BAD Unrecognised command, mate                                | true",
        "'a1 LIST \"\" *'        | a1 BAD Unrecognised command, mate                                | true",
    })
    void commandsShouldGetPerditionsAnswers(String line, String expected, boolean delayed) {
        Reply reply = reply(line);
        assertThat(reply.text()).isEqualTo(expected + "\r\n");
        assertThat(reply.delayed()).isEqualTo(delayed);
        assertThat(reply.close()).isFalse();
    }

    @Test
    void tagWithAnEightBitOrControlByteShouldBeInvalid() {
        assertThat(reply("a\u0080 NOOP").text()).isEqualTo("* BAD Invalid tag, mate\r\n");
        assertThat(reply("a\u0001 NOOP").text()).isEqualTo("* BAD Invalid tag, mate\r\n");
        assertThat(reply("a\r1 NOOP").text()).isEqualTo("* BAD Invalid tag, mate\r\n");
    }

    @Test
    void noopShouldAlsoBeAnsweredWithABareLf() {
        assertThat(((Reply) answer("a1 NOOP\n")).text()).isEqualTo("a1 OK NOOP\r\n");
    }

    @Test
    void capabilityShouldListTheConfiguredCapabilities() {
        Reply reply = reply("a1 CAPABILITY");
        assertThat(reply.text()).isEqualTo("* CAPABILITY IMAP4 IMAP4REV1\r\na1 OK CAPABILITY\r\n");
        assertThat(reply.delayed()).isFalse();
    }

    @Test
    void loginDisabledShouldBeAdvertisedOnceInGreetingAndCapability() {
        ImapDialect disabled = dialect("IMAP4 IMAP4REV1", true, false);
        assertThat(disabled.greeting(session).text()).startsWith("* OK [CAPABILITY IMAP4 IMAP4REV1 LOGINDISABLED] perdition");
        assertThat(((Reply) answer(disabled, "a1 CAPABILITY\r\n")).text())
                .isEqualTo("* CAPABILITY IMAP4 IMAP4REV1 LOGINDISABLED\r\na1 OK CAPABILITY\r\n");
        ImapDialect already = dialect("IMAP4REV1 LOGINDISABLED", true, false);
        assertThat(((Reply) answer(already, "a1 CAPABILITY\r\n")).text()).startsWith("* CAPABILITY IMAP4REV1 LOGINDISABLED\r\n");
    }

    @Test
    void loginShouldStillHandOverCredentialsWhenLoginIsDisabledForTheRouteToRefuse() {
        ImapDialect disabled = dialect("IMAP4 IMAP4REV1", true, false);
        assertThat(answer(disabled, "a2 LOGIN alice secret\r\n")).isInstanceOf(Credentials.class);
        Reply failed = disabled.loginFailed(session, "Login Disabled");
        assertThat(failed.text()).isEqualTo("a2 NO failed: Login Disabled\r\n");
        assertThat(failed.delayed()).isTrue();
    }

    @Test
    void starttlsFirstInTheCapabilityStringShouldNeitherCrashNorBeListedWithoutTls() {
        ImapDialect d = dialect("STARTTLS IMAP4REV1", false, false);
        assertThat(d.greeting(session).text()).startsWith("* OK [CAPABILITY IMAP4REV1] perdition ready on ");
    }

    @Test
    void emptyCapabilityStringShouldGiveNoTrailingSpace() {
        ImapDialect empty = dialect("", false, false);
        assertThat(empty.greeting(session).text()).startsWith("* OK [CAPABILITY] perdition ready on ");
        assertThat(((Reply) answer(empty, "a1 CAPABILITY\r\n")).text()).isEqualTo("* CAPABILITY\r\na1 OK CAPABILITY\r\n");
    }

    @Test
    void logoutShouldSayByeThenOkThenClose() {
        Reply reply = reply("a1 LOGOUT");
        assertThat(reply.text()).isEqualTo("* BYE IMAP4 server logging out, mate\r\na1 OK LOGOUT\r\n");
        assertThat(reply.close()).isTrue();
        assertThat(reply.delayed()).isFalse();
    }

    @Test
    void idShouldBeAnsweredWithoutDelayAndWithoutRevealingAnything() {
        Reply reply = reply("a1 ID (\"name\" \"x\")");
        assertThat(reply.text()).isEqualTo("* ID NIL\r\na1 OK ID completed\r\n");
        assertThat(reply.delayed()).isFalse();
        assertThat(reply("a2 ID NIL").text()).isEqualTo("* ID NIL\r\na2 OK ID completed\r\n");
    }

    @Test
    void loginWithAtomsShouldGiveCredentialsAndRememberTheTag() {
        Credentials c = credentials("x1 LOGIN alice secret\r\n");
        assertThat(c).isEqualTo(Credentials.of("alice", "secret"));
        assertThat(dialect.loginFailed(session, "Re-Authentication Failure").text())
                .isEqualTo("x1 NO failed: Re-Authentication Failure\r\n");
        assertThat(dialect.loggedIn(session, "You are so in").text()).isEqualTo("x1 OK You are so in\r\n");
        assertThat(dialect.loggedIn(session, "You are so in").delayed()).isFalse();
        assertThat(dialect.temporaryFailure(session).text())
                .isEqualTo("x1 NO [UNAVAILABLE] Temporary failure, please try again later\r\n");
        assertThat(dialect.temporaryFailure(session).delayed()).isTrue();
        // authenticate_in refused the password: perdition 2.2's text (reference §5.2)
        assertThat(dialect.authenticationFailure(session).text()).isEqualTo("x1 NO Authentication failure\r\n");
        assertThat(dialect.authenticationFailure(session).delayed()).isTrue();
    }

    @Test
    void atomsShouldBeTakenVerbatimNotUnescaped() {
        assertThat(credentials("a1 LOGIN alice sec\\\\ret\r\n").password()).isEqualTo("sec\\\\ret");
        assertThat(credentials("a1 LOGIN alice pa%ss*(x)]\r\n").password()).isEqualTo("pa%ss*(x)]");
    }

    @Test
    void quotedStringsShouldUnescapeOnlyQuoteAndBackslash() {
        Credentials c = credentials("a1 LOGIN \"bob\" \"pa ss \\\"word\\\\\"\r\n");
        assertThat(c.user()).isEqualTo("bob");
        assertThat(c.password()).isEqualTo("pa ss \"word\\");
        assertThat(credentials("a1 LOGIN \"\" \"\"\r\n")).isEqualTo(Credentials.of("", ""));
    }

    @Test
    void quotedPasswordShouldKeepItsSpaces() {
        assertThat(credentials("a1 LOGIN bob \"pa ss word\"\r\n")).isEqualTo(Credentials.of("bob", "pa ss word"));
    }

    @Test
    void synchronisingLiteralsShouldGiveTheirBytesExactly() {
        Credentials c = credentials("a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\n");
        assertThat(c).isEqualTo(Credentials.of("alice", "secret"));
        Credentials odd = credentials("a1 LOGIN {5}\r\na\"b c {4}\r\n\r\n \"\r\n");
        assertThat(odd).isEqualTo(Credentials.of("a\"b c", "\r\n \""));
    }

    @Test
    void literalUserNameWithQuotedPasswordShouldLogIn() {
        // §15 case 54: perdition keeps the quotes here because it looks at the user name's form
        assertThat(credentials("a1 LOGIN {3}\r\nbob \"pa ss word\"\r\n")).isEqualTo(Credentials.of("bob", "pa ss word"));
    }

    @Test
    void quotedUserWithLiteralPasswordStartingAndEndingInQuotesShouldKeepThem() {
        assertThat(credentials("a1 LOGIN \"bob\" {4}\r\n\"xy\"\r\n").password()).isEqualTo("\"xy\"");
    }

    @Test
    void literalDataEndingLikeAMarkerShouldStillBeData() {
        assertThat(credentials("a1 LOGIN alice {5}\r\nab{5}\r\n")).isEqualTo(Credentials.of("alice", "ab{5}"));
    }

    @Test
    void emptyLiteralShouldBeAnEmptyString() {
        // RFC 9051 allows {0}; perdition's syntax error for it is inconsistent with its acceptance of ""
        assertThat(credentials("a1 LOGIN {0}\r\n {0}\r\n\r\n")).isEqualTo(Credentials.of("", ""));
    }

    @Test
    void quotedLiteralMarkerShouldBeAQuotedString() {
        assertThat(credentials("a1 LOGIN alice \"{5}\"\r\n").password()).isEqualTo("{5}");
    }

    @Test
    void nonSynchronisingLiteralsShouldLogInWhenLiteralPlusIsHonoured() {
        ImapDialect plus = dialect("IMAP4 IMAP4REV1 LITERAL+", false, false);
        assertThat(answer(plus, "a1 LOGIN {5+}\r\nalice {6+}\r\nsecret\r\n")).isEqualTo(Credentials.of("alice", "secret"));
    }

    @Test
    void nulInAnArgumentShouldBeASyntaxError() {
        assertThat(answer("a1 LOGIN {5}\r\nal\0ce secret\r\n")).isInstanceOf(Reply.class);
        assertThat(answer("a1 LOGIN alice \"se\0cret\"\r\n")).isInstanceOf(Reply.class);
    }

    @Test
    void literalDataFollowedByGarbageShouldBeASyntaxError() {
        assertThat(((Reply) answer("a1 LOGIN {5}\r\nalice{6}\r\nsecret\r\n")).text())
                .isEqualTo("a1 BAD Mate, try LOGIN <username> <passwd>\r\n");
    }

    @Test
    void refusedLiteralShouldGetATaggedBadThatSaysWhy() {
        Reply big = reply("a1 LOGIN {9000}");
        assertThat(big.text()).isEqualTo("a1 BAD [TOOBIG] Literal too long, mate\r\n");
        assertThat(big.delayed()).isTrue();
        assertThat(reply("a1 LOGIN {4294967295}").text()).isEqualTo("a1 BAD [TOOBIG] Literal too long, mate\r\n");
        assertThat(reply("a1 LOGIN {5+}").text()).isEqualTo("a1 BAD Non-synchronising literal not supported, mate\r\n");
        assertThat(((Reply) answer("a1 LOGIN {5}\r\nalice {99999}\r\n")).text())
                .isEqualTo("a1 BAD [TOOBIG] Literal too long, mate\r\n");
        ImapDialect plus = dialect("IMAP4REV1", false, true);
        assertThat(((Reply) answer(plus, "a1 LOGIN {9000+}\r\n")).text()).isEqualTo("a1 BAD [TOOBIG] Literal too long, mate\r\n");
    }

    @Test
    void literalPlusFlagShouldAdvertiseItOnce() {
        assertThat(dialect("IMAP4REV1", false, true).greeting(session).text()).startsWith("* OK [CAPABILITY IMAP4REV1 LITERAL+] ");
        assertThat(dialect("IMAP4REV1 literal+", false, true).greeting(session).text()).startsWith("* OK [CAPABILITY IMAP4REV1 literal+] ");
    }

    @Test
    void capabilityTokensShouldNeverBeDuplicated() {
        assertThat(dialect("IMAP4REV1  IMAP4rev1 ID", true, false).greeting(session).text())
                .startsWith("* OK [CAPABILITY IMAP4REV1 ID LOGINDISABLED] ");
    }

    /** The client waits for its tag's completion (RFC 9051 §2.2.2): the BAD carries the tag the line began with. */
    @Test
    void overlongLineShouldGetATaggedBadNotAHangUp() {
        Reply reply = (Reply) dialect.handle(session, ClientCommand.tooLong("a1 ".getBytes(StandardCharsets.US_ASCII)));
        assertThat(reply.text()).isEqualTo("a1 BAD Mate, the line is too long\r\n");
        assertThat(reply.delayed()).isTrue();
        assertThat(reply.close()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "'a%1 '", "' '", "'a\u00e91 '"})
    void overlongLineWithoutAValidTagShouldGetAnUntaggedBad(String head) {
        Reply reply = (Reply) dialect.handle(session, ClientCommand.tooLong(head.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(reply.text()).isEqualTo("* BAD Mate, the line is too long\r\n");
        assertThat(((Reply) dialect.handle(session, ClientCommand.tooLong())).text())
                .isEqualTo("* BAD Mate, the line is too long\r\n");
    }

    @Test
    void authenticatePlainWithInitialResponseShouldGiveCredentials() {
        Credentials c = credentials("a1 AUTHENTICATE PLAIN " + b64("\0alice\0secret") + "\r\n");
        assertThat(c).isEqualTo(Credentials.of("alice", "secret"));
        assertThat(dialect.loggedIn(session, "You are so in").text()).isEqualTo("a1 OK You are so in\r\n");
    }

    @Test
    void authenticatePlainShouldKeepTheAuthorisationId() {
        Credentials c = credentials("a1 authenticate plain " + b64("bob\0alice\0secret") + "\r\n");
        assertThat(c.authorisationId()).contains("bob");
        assertThat(c.user()).isEqualTo("alice");
    }

    @Test
    void authenticatePlainShouldGiveUtf8OctetsLikeLogin() {
        Credentials c = credentials("a1 AUTHENTICATE PLAIN " + b64("\0j\u00f6rg\0s\u00e9cret") + "\r\n");
        assertThat(c.user()).isEqualTo(new String("j\u00f6rg".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        assertThat(c.password().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("s\u00e9cret".getBytes(StandardCharsets.UTF_8));
    }

    /** perdition passes octets through: a Latin-1 password is not UTF-8 and must not become U+FFFD's EF BF BD. */
    @Test
    void authenticatePlainShouldKeepOctetsThatAreNotUtf8() {
        String response = Base64.getEncoder().encodeToString("\0alice\0s\u00e9cret".getBytes(StandardCharsets.ISO_8859_1));
        Credentials c = credentials("a1 AUTHENTICATE PLAIN " + response + "\r\n");
        assertThat(c.password().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("s\u00e9cret".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void authenticatePlainWithoutInitialResponseShouldAskThenTakeTheNextLine() {
        Reply go = reply("a1 AUTHENTICATE PLAIN");
        assertThat(go.text()).isEqualTo("+ \r\n");
        assertThat(go.delayed()).isFalse();
        assertThat(go.continuation()).isTrue();
        assertThat(credentials(b64("\0alice\0secret") + "\r\n")).isEqualTo(Credentials.of("alice", "secret"));
        assertThat(dialect.loginFailed(session, "Re-Authentication Failure").text())
                .isEqualTo("a1 NO failed: Re-Authentication Failure\r\n");
        assertThat(reply("a2 NOOP").text()).isEqualTo("a2 OK NOOP\r\n");
    }

    /** perdition's tags may begin with "+"; the answer is the tagged OK, not a continuation request. */
    @Test
    void tagBeginningWithPlusShouldGetATaggedReplyThatIsNoContinuation() {
        Reply reply = reply("+ NOOP");
        assertThat(reply.text()).isEqualTo("+ OK NOOP\r\n");
        assertThat(reply.continuation()).isFalse();
    }

    @Test
    void starShouldCancelAuthenticate() {
        reply("a1 AUTHENTICATE PLAIN");
        Reply cancelled = reply("*");
        assertThat(cancelled.text()).isEqualTo("a1 BAD AUTHENTICATE cancelled, mate\r\n");
        assertThat(cancelled.delayed()).isFalse();
        assertThat(reply("a2 NOOP").text()).isEqualTo("a2 OK NOOP\r\n");
    }

    @Test
    void saslResponseThatLooksLikeACommandShouldStillBeTheResponse() {
        reply("a1 AUTHENTICATE PLAIN");
        Reply reply = reply("a2 NOOP");
        assertThat(reply.text()).isEqualTo("a1 BAD Invalid base64 encoded challenge, mate\r\n");
        assertThat(reply.delayed()).isTrue();
    }

    @Test
    void overlongSaslResponseShouldEndTheAuthenticate() {
        reply("a1 AUTHENTICATE PLAIN");
        assertThat(((Reply) dialect.handle(session, ClientCommand.tooLong())).text()).isEqualTo("a1 BAD Mate, the line is too long\r\n");
        assertThat(reply("a2 NOOP").text()).isEqualTo("a2 OK NOOP\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "!!!                       | a1 BAD Invalid base64 encoded challenge, mate",
        "=                         | a1 NO Challenge has no authentication id, mate",
        "====                      | a1 BAD Invalid base64 encoded challenge, mate",
        "AABwdw==                  | a1 NO Empty authentication id, mate",
        "AGFsaWNl                  | a1 NO Challenge has no password, mate",
        "AGFsaWNlAHNlYwByZXQ=      | a1 NO Trailing garbage in challenge, mate",
    })
    void badPlainMessagesShouldBeRefusedWithDelay(String response, String expected) {
        Reply reply = reply("a1 AUTHENTICATE PLAIN " + response);
        assertThat(reply.text()).isEqualTo(expected + "\r\n");
        assertThat(reply.delayed()).isTrue();
    }

    /**
     * RFC 4959's "=" (above) and an empty line after "+ " are valid base64 of an empty message, which is no PLAIN
     * message: NO, as for any other (RFC 9051 §6.2.2 keeps BAD for what is not base64).
     */
    @Test
    void emptyResponseAfterTheContinuationShouldBeRefusedWithNo() {
        reply("a1 AUTHENTICATE PLAIN");
        Reply reply = reply("");
        assertThat(reply.text()).isEqualTo("a1 NO Challenge has no authentication id, mate\r\n");
        assertThat(reply.delayed()).isTrue();
        assertThat(reply("a2 NOOP").text()).isEqualTo("a2 OK NOOP\r\n");
    }

    @Test
    void backendLineShouldCarryTheClientsTag() {
        credentials("x1 LOGIN alice wrong\r\n");
        assertThat(dialect.backendLine(session, "flim08 NO [AUTHENTICATIONFAILED] Authentication failed.").text())
                .isEqualTo("x1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        assertThat(dialect.backendLine(session, "flim08 OK Logged in").text()).isEqualTo("x1 OK Logged in\r\n");
    }

    @Test
    void goodbyeShouldBeAByeThenClose() {
        Reply bye = dialect.goodbye(null, "Too many connections, mate");
        assertThat(bye.text()).isEqualTo("* BYE Too many connections, mate\r\n");
        assertThat(bye.close()).isTrue();
    }

    @Test
    void backendDialogueShouldLogInAsTheRemoteUser() {
        credentials("a1 LOGIN alice@example.com secret\r\n");
        ImapBackendDialogue backend = (ImapBackendDialogue) new BackendDialogues(false, Map.of()).create(session, dialect.greetingText(session), "alice",
                Credentials.of("alice@example.com", "secret"));
        backend.onLine("* OK Dovecot ready.");
        backend.onLine("* CAPABILITY IMAP4rev1");
        assertThat(backend.onLine("flim07 OK done").toString()).doesNotContain("secret");
        assertThat(backend.toString()).contains("user=alice,");
    }

    @Test
    void decoderShouldHonourLiteralPlusOnlyWhenAdvertised() {
        assertThat(dialect.newDecoder(100)).isInstanceOf(ImapCommandDecoder.class);
        assertThat(new ImapCapabilities("IMAP4REV1", false, false).literalPlus()).isFalse();
        assertThat(new ImapCapabilities("IMAP4REV1 LITERAL+", false, false).literalPlus()).isTrue();
        assertThat(new ImapCapabilities("IMAP4REV1", false, true).literalPlus()).isTrue();
    }

    @Test
    void credentialsShouldNeverPrintThePassword() {
        assertThat(credentials("a1 LOGIN alice secret\r\n").toString()).doesNotContain("secret");
        assertThat(credentials("a1 AUTHENTICATE PLAIN " + b64("bob\0alice\0secret") + "\r\n").toString()).doesNotContain("secret");
        assertThat(Optional.of(ClientCommand.line("a1 LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII))).toString())
                .doesNotContain("secret");
    }
}
