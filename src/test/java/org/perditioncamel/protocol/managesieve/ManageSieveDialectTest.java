package org.perditioncamel.protocol.managesieve;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Base64;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.backend.BackendDialogue;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

import static org.perditioncamel.protocol.DialectAnswers.credentialsOrReply;
import static org.assertj.core.api.Assertions.assertThat;
import org.perditioncamel.backend.BackendDialogues;

/** perdition 2.2's ManageSieve answers before login (reference §5.3, §15 cases 29-33 and 56). */
class ManageSieveDialectTest {
    private static final String CAPABILITIES = "\"IMPLEMENTATION\" \"perdition\"\r\n"
            + "\"SIEVE\" \"comparator-i;octet comparator-i;ascii-casemap fileinto reject envelope encoded-character "
            + "vacation subaddress comparator-i;ascii-numeric relational regex imap4flags copy include variables body "
            + "enotify environment mailbox date\"\r\n"
            + "\"SASL\" \"PLAIN\"\r\n"
            + "\"NOTIFY\" \"mailto\"\r\n"
            + "\"VERSION\" \"1.0\"\r\n";

    private final Greeting greeting = new Greeting(true, false, new TreeMap<>());
    private final ManageSieveDialect dialect = new ManageSieveDialect(greeting, null, false);
    private final ProxySession session = new ProxySession(Protocol.MANAGESIEVE, new InetSocketAddress("127.0.0.1", 40000),
            new InetSocketAddress("127.0.0.1", 4190));

    private static final BackendDialogues BACKENDS = new BackendDialogues(false, Map.of());

    private Object answer(String command) {
        return credentialsOrReply(dialect.handle(session, ClientCommand.line(command.getBytes(StandardCharsets.ISO_8859_1))));
    }

    private Object answerLine(String line) {
        return answer(line + "\r\n");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void greetingShouldBeTheFiveDefaultCapabilitiesThenOkWithHostAndChecksum() {
        Reply reply = dialect.greeting(session);
        assertThat(reply.text()).isEqualTo(CAPABILITIES + "OK \"perdition ready on 127.0.0.1 " + greeting.checksum() + "\"\r\n");
        assertThat(greeting.checksum()).matches("[0-9a-f]{8}");
        assertThat(reply.delayed()).isFalse();
        assertThat(reply.close()).isFalse();
    }

    @Test
    void greetingTextShouldBeTheOkMessage() {
        assertThat(dialect.greetingText(session)).isEqualTo("perdition ready on 127.0.0.1 " + greeting.checksum());
    }

    @Test
    void capabilityShouldListTheCapabilitiesThenCompleted() {
        Reply reply = (Reply) answerLine("CAPABILITY");
        assertThat(reply.text()).isEqualTo(CAPABILITIES + "OK \"CAPABILITY completed, mate\"\r\n");
        assertThat(reply.delayed()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CAPABILITY x                   | NO \"Too many arguments, expected CAPABILITY, mate\"                                      | true  | false",
        "NOOP                           | OK \"NOOP completed, mate\"                                                                | false | false",
        "noop                           | OK \"NOOP completed, mate\"                                                                | false | false",
        "NOOP \"x\"                     | OK (TAG \"x\") \"NOOP completed, mate\"                                                    | false | false",
        "NOOP \"a \\\"b\\\" \\\\ c\"    | OK (TAG \"a \\\"b\\\" \\\\ c\") \"NOOP completed, mate\"                                    | false | false",
        "NOOP atom                      | NO \"Invalid AUTHENTICATE PLAIN challenge, mate\"                                          | true  | false",
        "'NOOP '                        | NO \"Invalid AUTHENTICATE PLAIN challenge, mate\"                                          | true  | false",
        "NOOP a b                       | NO \"Too many arguments, expected NOOP [String], mate\"                                   | true  | false",
        "LOGOUT                         | OK \"LOGOUT completed, mate\"                                                              | false | true",
        "Logout                         | OK \"LOGOUT completed, mate\"                                                              | false | true",
        "LOGOUT x                       | NO \"Too many arguments, expected LOGOUT, mate\"                                          | true  | false",
        "STARTTLS                       | NO \"Unknown command, mate\"                                                               | true  | false",
        "STARTTLS x                     | NO \"Unknown command, mate\"                                                               | true  | false",
        "AUTHENTICATE                   | NO \"Incorrect argument count, expected AUTHENTICATE <mechanism> [<challenge>], mate\"    | true  | false",
        "AUTHENTICATE \"PLAIN\" \"a\" b | NO \"Incorrect argument count, expected AUTHENTICATE <mechanism> [<challenge>], mate\"    | true  | false",
        "AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==      | NO \"Unknown SASL mechanism, mate\"                                         | true  | false",
        "AUTHENTICATE PLAIN             | NO \"Unknown SASL mechanism, mate\"                                                        | true  | false",
        "AUTHENTICATE \"LOGIN\" \"x\"   | NO \"Unknown SASL mechanism, mate\"                                                        | true  | false",
        "AUTHENTICATE \"PLAIN\" AGFsaWNlAHNlY3JldA==  | NO \"Invalid AUTHENTICATE \\\"PLAIN\\\" challenge, mate\"                  | true  | false",
        "AUTHENTICATE \"PLAIN\" \"!!!\" | NO \"Invalid base64 encoded challenge, mate\"                                              | true  | false",
        "AUTHENTICATE \"PLAIN\" \"\"    | NO \"Invalid base64 encoded challenge, mate\"                                              | true  | false",
        "AUTHENTICATE \"PLAIN\" \"AABwdw==\"           | NO \"Empty authentication id, mate\"                                      | true  | false",
        "AUTHENTICATE \"PLAIN\" \"AGFsaWNl\"           | NO \"Challenge has no password, mate\"                                    | true  | false",
        "AUTHENTICATE \"PLAIN\" \"AGFsaWNlAHNlYwByZXQ=\" | NO \"Trailing garbage in challenge, mate\"                              | true  | false",
        "HAVESPACE \"s\" 10             | NO \"Unknown command, mate\"                                                               | true  | false",
        "\"CAPABILITY\"                 | NO \"Unknown command, mate\"                                                               | true  | false",
        "''                             | NO \"Unknown command, mate\"                                                               | true  | false",
    })
    void commandsShouldGetPerditionsAnswers(String line, String expected, boolean delayed, boolean close) {
        Reply reply = (Reply) answerLine(line);
        assertThat(reply.text()).isEqualTo(expected + "\r\n");
        assertThat(reply.delayed()).isEqualTo(delayed);
        assertThat(reply.close()).isEqualTo(close);
    }

    @Test
    void authenticateWithAQuotedInitialResponseShouldGiveTheCredentials() {
        Credentials c = (Credentials) answerLine("AUTHENTICATE \"PLAIN\" \"AGFsaWNlAHNlY3JldA==\"");
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.password()).isEqualTo("secret");
        assertThat(c.authorisationId()).isEmpty();
    }

    @Test
    void authenticateShouldAcceptTheMechanismInAnyCase() {
        assertThat(answerLine("authenticate \"plain\" \"AGFsaWNlAHNlY3JldA==\"")).isInstanceOf(Credentials.class);
    }

    @Test
    void authenticateWithALiteralInitialResponseShouldGiveTheCredentials() {
        String b64 = b64("\0bob\0pa ss word");
        Credentials nonSync = (Credentials) answer("AUTHENTICATE \"PLAIN\" {" + b64.length() + "+}\r\n" + b64 + "\r\n");
        assertThat(nonSync.user()).isEqualTo("bob");
        assertThat(nonSync.password()).isEqualTo("pa ss word");
        Credentials sync = (Credentials) answer("AUTHENTICATE \"PLAIN\" {" + b64.length() + "}\r\n" + b64 + "\r\n");
        assertThat(sync.password()).isEqualTo("pa ss word");
    }

    @Test
    void authenticateShouldPassTheAuthorisationIdOn() {
        Credentials c = (Credentials) answerLine("AUTHENTICATE \"PLAIN\" \"" + b64("bob\0alice\0wrong") + "\"");
        assertThat(c.authorisationId()).contains("bob");
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.password()).isEqualTo("wrong");
    }

    @Test
    void authenticateWithoutInitialResponseShouldSendAnEmptyChallengeThenTakeTheResponse() {
        Reply challenge = (Reply) answerLine("AUTHENTICATE \"PLAIN\"");
        assertThat(challenge.text()).isEqualTo("\"\"\r\n");
        assertThat(challenge.delayed()).isFalse();
        Credentials c = (Credentials) answerLine("\"AGFsaWNlAHNlY3JldA==\"");
        assertThat(c.user()).isEqualTo("alice");
        assertThat(((Reply) answerLine("NOOP")).text()).isEqualTo("OK \"NOOP completed, mate\"\r\n");
    }

    @Test
    void continuationResponseShouldBeAcceptedAsALiteral() {
        answerLine("AUTHENTICATE \"PLAIN\"");
        String b64 = b64("bob\0alice\0wrong");
        Credentials c = (Credentials) answer("{" + b64.length() + "+}\r\n" + b64 + "\r\n");
        assertThat(c.authorisationId()).contains("bob");
        assertThat(c.user()).isEqualTo("alice");
    }

    @Test
    void starResponseShouldCancelTheAuthentication() {
        answerLine("AUTHENTICATE \"PLAIN\"");
        Reply reply = (Reply) answerLine("\"*\"");
        assertThat(reply.text()).isEqualTo("NO \"Authentication cancelled, mate\"\r\n");
        assertThat(reply.delayed()).isTrue();
        assertThat(((Reply) answerLine("\"*\"")).text()).isEqualTo("NO \"Unknown command, mate\"\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AGFsaWNlAHNlY3JldA==       | NO \"Invalid AUTHENTICATE \\\"PLAIN\\\" challenge, mate\"",
        "\"a\" \"b\"                | NO \"Incorrect argument count, expected AUTHENTICATE \\\"PLAIN\\\" <challenge>, mate\"",
        "''                         | NO \"Incorrect argument count, expected AUTHENTICATE \\\"PLAIN\\\" <challenge>, mate\"",
        "\"\"                       | NO \"Invalid base64 encoded challenge, mate\"",
        "\"AABwdw==\"               | NO \"Empty authentication id, mate\"",
    })
    void badContinuationResponsesShouldBeRefusedAndEndTheExchange(String line, String expected) {
        answerLine("AUTHENTICATE \"PLAIN\"");
        Reply reply = (Reply) answerLine(line);
        assertThat(reply.text()).isEqualTo(expected + "\r\n");
        assertThat(reply.delayed()).isTrue();
        assertThat(session.dialogueState()).isNull();
    }

    @Test
    void tooLongInputShouldGetADelayedNoAndEndAPendingExchange() {
        answerLine("AUTHENTICATE \"PLAIN\"");
        Reply reply = (Reply) dialect.handle(session, ClientCommand.tooLong());
        assertThat(reply.text()).isEqualTo("NO \"Mate, the line is too long\"\r\n");
        assertThat(reply.delayed()).isTrue();
        assertThat(((Reply) answerLine("NOOP")).text()).isEqualTo("OK \"NOOP completed, mate\"\r\n");
    }

    @Test
    void noopShouldEchoALiteralTagAsAString() {
        Reply reply = (Reply) answer("NOOP {3+}\r\nx\"y\r\n");
        assertThat(reply.text()).isEqualTo("OK (TAG \"x\\\"y\") \"NOOP completed, mate\"\r\n");
        Reply withCrLf = (Reply) answer("NOOP {4+}\r\na\r\nb\r\n");
        assertThat(withCrLf.text()).isEqualTo("OK (TAG {4}\r\na\r\nb) \"NOOP completed, mate\"\r\n");
    }

    @Test
    void outcomeRepliesShouldUsePerditionsTextsWithEscaping() {
        Reply failed = dialect.loginFailed(session, "Re-Authentication Failure");
        assertThat(failed.text()).isEqualTo("NO \"failed: Re-Authentication Failure\"\r\n");
        assertThat(failed.delayed()).isTrue();
        assertThat(dialect.temporaryFailure(session).text())
                .isEqualTo("NO (TRYLATER) \"Temporary failure, please try again later\"\r\n");
        assertThat(dialect.authenticationFailure(session).text()).isEqualTo("NO \"Authentication failure\"\r\n");
        assertThat(dialect.authenticationFailure(session).delayed()).isTrue();
        assertThat(dialect.loggedIn(session, "You are so in").text()).isEqualTo("OK \"You are so in\"\r\n");
        assertThat(dialect.loggedIn(session, "You are \"so\" in \\o/").text()).isEqualTo("OK \"You are \\\"so\\\" in \\\\o/\"\r\n");
        assertThat(dialect.backendLine(session, "OK \"Logged in.\"").text()).isEqualTo("OK \"Logged in.\"\r\n");
        Reply bye = dialect.goodbye(null, "Timeout");
        assertThat(bye.text()).isEqualTo("BYE \"Timeout\"\r\n");
        assertThat(bye.close()).isTrue();
        assertThat(bye.delayed()).isFalse();
    }

    @Test
    void messagesThatAQuotedStringCannotCarryShouldBeLiterals() {
        assertThat(dialect.loggedIn(session, "two\r\nlines").text()).isEqualTo("OK {10}\r\ntwo\r\nlines\r\n");
        String long1025 = "x".repeat(1025);
        assertThat(dialect.loggedIn(session, long1025).text()).isEqualTo("OK {1025}\r\n" + long1025 + "\r\n");
        assertThat(dialect.loggedIn(session, "x".repeat(1024)).text()).isEqualTo("OK \"" + "x".repeat(1024) + "\"\r\n");
    }

    @Test
    void loginDisabledShouldAdvertiseAnEmptySaslList() {
        ManageSieveDialect disabled = new ManageSieveDialect(greeting, null, true);
        assertThat(disabled.greeting(session).text()).contains("\r\n\"SASL\" \"\"\r\n").doesNotContain("\"SASL\" \"PLAIN\"");
        assertThat(credentialsOrReply(disabled.handle(session, ClientCommand.line("AUTHENTICATE \"PLAIN\" \"AGFsaWNlAHNlY3JldA==\"\r\n"
                .getBytes(StandardCharsets.US_ASCII))))).isInstanceOf(Credentials.class);
    }

    @Test
    void configuredCapabilitiesShouldBeOneLinePerPairWithoutStartTls() {
        ManageSieveDialect custom = new ManageSieveDialect(greeting,
                "\"STARTTLS\"  \"IMPLEMENTATION\" \"x\"  \"SASL\" \"PLAIN LOGIN\"  \"starttls\"  \"VERSION\" \"1.0\"", false);
        Reply reply = (Reply) custom.handle(session, ClientCommand.line("CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(reply.text()).isEqualTo("\"IMPLEMENTATION\" \"x\"\r\n\"SASL\" \"PLAIN LOGIN\"\r\n\"VERSION\" \"1.0\"\r\n"
                + "OK \"CAPABILITY completed, mate\"\r\n");
    }

    @Test
    void defaultCapabilityShouldBePerditionsConfigurationString() {
        ManageSieveDialect explicit = new ManageSieveDialect(greeting, ManageSieveDialect.DEFAULT_CAPABILITY, false);
        assertThat(explicit.greeting(session).text()).isEqualTo(dialect.greeting(session).text());
    }

    @Test
    void backendDialogueShouldAuthenticateWithTheClientsResponse() {
        Credentials alice = (Credentials) answerLine("AUTHENTICATE \"PLAIN\" \"AGFsaWNlAHNlY3JldA==\"");
        BackendDialogue backend = BACKENDS.create(session, dialect.greetingText(session), "alice", alice);
        backend.onLine("\"SASL\" \"PLAIN\"");
        BackendDialogue.Send send = (BackendDialogue.Send) backend.onLine("OK \"Dovecot ready.\"");
        assertThat(send.lines()).containsExactly("AUTHENTICATE \"PLAIN\" \"AGFsaWNlAHNlY3JldA==\"");
    }

    @Test
    void backendDialogueShouldCarryTheRemoteLoginNameAsAuthorisationIdAndTheClientsAuthenticationId() {
        // the login name is the authorisation id (bob): its remote_login form takes its place; alice is the admin
        Credentials c = (Credentials) answerLine("AUTHENTICATE \"PLAIN\" \"" + b64("bob\0alice\0wrong") + "\"");
        BackendDialogue backend = BACKENDS.create(session, dialect.greetingText(session), "bob@example.com", c);
        backend.onLine("\"SASL\" \"PLAIN\"");
        BackendDialogue.Send send = (BackendDialogue.Send) backend.onLine("OK");
        assertThat(send.lines()).containsExactly("AUTHENTICATE \"PLAIN\" \"" + b64("bob@example.com\0alice\0wrong") + "\"");
    }

    @Test
    void backendDialogueWithoutAuthorisationIdShouldCarryTheRemoteLoginNameAsAuthenticationId() {
        Credentials c = (Credentials) answerLine("AUTHENTICATE \"PLAIN\" \"" + b64("\0alice\0secret") + "\"");
        BackendDialogue backend = BACKENDS.create(session, dialect.greetingText(session), "alice@example.com", c);
        backend.onLine("\"SASL\" \"PLAIN\"");
        BackendDialogue.Send send = (BackendDialogue.Send) backend.onLine("OK");
        assertThat(send.lines()).containsExactly("AUTHENTICATE \"PLAIN\" \"" + b64("\0alice@example.com\0secret") + "\"");
    }

    /** perdition passes the octets through: a Latin-1 password must reach the backend as the client sent it. */
    @Test
    void saslPlainOctetsThatAreNotUtf8ShouldReachTheBackendUnchanged() {
        byte[] message = "\0alice\0s\u00e9cret".getBytes(StandardCharsets.ISO_8859_1);
        String response = Base64.getEncoder().encodeToString(message);
        Credentials c = (Credentials) answerLine("AUTHENTICATE \"PLAIN\" \"" + response + "\"");
        assertThat(c.password().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("s\u00e9cret".getBytes(StandardCharsets.ISO_8859_1));
        BackendDialogue backend = BACKENDS.create(session, dialect.greetingText(session), c.user(), c);
        backend.onLine("\"SASL\" \"PLAIN\"");
        BackendDialogue.Send send = (BackendDialogue.Send) backend.onLine("OK");
        assertThat(send.lines()).containsExactly("AUTHENTICATE \"PLAIN\" \"" + response + "\"");
    }

    /** A UTF-8 name is the client's octets too (as IMAP's and POP3's): the backend gets the same bytes. */
    @Test
    void saslPlainUtf8ShouldBeTheClientsOctetsAndReachTheBackendUnchanged() {
        String response = b64("\0j\u00f6rg\0s\u00e9cret");
        Credentials c = (Credentials) answerLine("AUTHENTICATE \"PLAIN\" \"" + response + "\"");
        assertThat(c.user().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("j\u00f6rg".getBytes(StandardCharsets.UTF_8));
        BackendDialogue backend = BACKENDS.create(session, dialect.greetingText(session), c.user(), c);
        backend.onLine("\"SASL\" \"PLAIN\"");
        BackendDialogue.Send send = (BackendDialogue.Send) backend.onLine("OK");
        assertThat(send.lines()).containsExactly("AUTHENTICATE \"PLAIN\" \"" + response + "\"");
    }

    @Test
    void backendDialogueShouldDetectThisProxyAsItsOwnBackend() {
        Credentials c = new Credentials(Optional.empty(), "alice", "secret");
        BackendDialogue backend = BACKENDS.create(session, dialect.greetingText(session), "alice", c);
        backend.onLine("\"SASL\" \"PLAIN\"");
        BackendDialogue.Failed f = (BackendDialogue.Failed) backend.onLine("OK \"" + dialect.greetingText(session) + "\"");
        assertThat(f.reason()).isEqualTo("Connection Negotiation Failure");
        assertThat(f.logDetail()).isEqualTo("Loop detected, abandoning connection");
    }

    @Test
    void decoderShouldBeTheManageSieveFramer() {
        assertThat(dialect.newDecoder(8192)).isInstanceOf(ManageSieveCommandDecoder.class);
        assertThat(dialect.newDecoder(8192)).isNotSameAs(dialect.newDecoder(8192));
    }
}
