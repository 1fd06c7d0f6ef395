package org.perditioncamel.protocol.pop3;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

import static org.perditioncamel.protocol.DialectAnswers.credentialsOrReply;
import static org.assertj.core.api.Assertions.assertThat;

/** perdition 2.2's POP3 answers before login (reference §5.1), as a function of session and line. */
class Pop3DialectTest {
    private final Pop3Dialect dialect = new Pop3Dialect(new Greeting(true, false, new TreeMap<>()), "UIDL.USER");
    private final ProxySession session = new ProxySession(Protocol.POP3, new InetSocketAddress("127.0.0.1", 40000),
            new InetSocketAddress("127.0.0.1", 110));

    private Object answer(String line) {
        return credentialsOrReply(dialect.handle(session, ClientCommand.line((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void temporaryFailureShouldCarryRfc3206SysTemp() {
        assertThat(dialect.temporaryFailure(session).text())
                .isEqualTo("-ERR [SYS/TEMP] Temporary failure, please try again later\r\n");
        assertThat(dialect.temporaryFailure(session).delayed()).isTrue();
    }

    /** perdition 2.2's answer to a password authenticate_in refused (reference §5.1, seen on the wire). */
    @Test
    void authenticationFailureShouldBePerditionsPamRefusal() {
        assertThat(dialect.authenticationFailure(session).text()).isEqualTo("-ERR Authentication failure, mate\r\n");
        assertThat(dialect.authenticationFailure(session).delayed()).isTrue();
    }

    @Test
    void greetingShouldKeepPerditionsTypoAndEndInAChecksum() {
        assertThat(dialect.greeting(session).text()).matches("\\+OK POP3 perditon ready on 127\\.0\\.0\\.1 [0-9a-f]{8}\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''            | -ERR Null command, mate                                                            | true",
        "FOO           | -ERR Mate, the command is too short, must be one of CAPA, USER, PASS or QUIT      | true",
        "USERX a       | -ERR Mate, the command is too short, must be one of CAPA, USER, PASS or QUIT      | true",
        "AU            | -ERR Mate, the command is too short, must be one of CAPA, USER, PASS or QUIT      | false",
        "AUTH PLAIN    | -ERR Mate, the command must be one of CAPA, USER, PASS or QUIT                    | false",
        "APOP x y      | -ERR Mate, the command must be one of CAPA, USER, PASS or QUIT                    | true",
        "STAT          | -ERR Mate, the command must be one of CAPA, USER, PASS or QUIT                    | true",
        "CAPA x        | -ERR Mate, try: CAPA                                                              | true",
        "USER          | -ERR Mate, try: USER <username>                                                   | true",
        "USER  alice   | -ERR Mate, try: USER <username>                                                   | true",
        "'USER alice ' | -ERR Mate, try: USER <username>                                                   | true",
        "USER Alice    | +OK USER Alice set, mate                                                          | false",
        "PASS x        | -ERR USER not yet set, mate                                                       | true",
        "QUIT x        | -ERR Mate, try: QUIT                                                              | true",
        "quit          | +OK QUIT                                                                          | false",
    })
    void linesShouldGetPerditionsAnswers(String line, String expected, boolean delayed) {
        Reply reply = (Reply) answer(line);
        assertThat(reply.text()).isEqualTo(expected + "\r\n");
        assertThat(reply.delayed()).isEqualTo(delayed);
    }

    @Test
    void overlongUserNameShouldBeRefusedWithAWellFormedError() {
        assertThat(((Reply) answer("USER " + "x".repeat(Pop3Dialect.MAX_USER_LENGTH))).text()).startsWith("+OK USER x");
        Reply r = (Reply) answer("USER " + "x".repeat(4095));
        assertThat(r.text()).isEqualTo("-ERR Mate, try: USER <username>\r\n");
    }

    @Test
    void capaShouldListTheConfiguredCapabilities() {
        assertThat(((Reply) answer("CAPA")).text()).isEqualTo("+OK Capability list follows, mate\r\nUIDL\r\nUSER\r\n.\r\n");
        Pop3Dialect old = new Pop3Dialect(new Greeting(true, false, new TreeMap<>()), "TOP  UIDL  SASL PLAIN");
        Reply r = (Reply) old.handle(session, ClientCommand.line("CAPA\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.text()).isEqualTo("+OK Capability list follows, mate\r\nTOP\r\nUIDL\r\nSASL PLAIN\r\n.\r\n");
    }

    @Test
    void aUserGivenBeforeStlsShouldBeForgottenOnceTlsIsUp() {
        answer("USER mallory");
        assertThat(dialect.tlsEstablished(session).text()).isEmpty();
        assertThat(((Reply) answer("PASS secret")).text()).isEqualTo("-ERR USER not yet set, mate\r\n");
        answer("USER alice");
        assertThat(((Credentials) answer("PASS secret")).user()).isEqualTo("alice");
    }

    @Test
    void passShouldKeepEveryByteAfterPassSpace() {
        answer("USER bob");
        Credentials c = (Credentials) answer("PASS  pa ss word ");
        assertThat(c.user()).isEqualTo("bob");
        assertThat(c.password()).isEqualTo(" pa ss word ");
        assertThat(c.toString()).doesNotContain("pa ss");
    }

    @Test
    void passWithNothingAfterItShouldAskForThePassword() {
        answer("USER bob");
        assertThat(((Reply) answer("PASS")).text()).isEqualTo("-ERR Mate, try: PASS <password>\r\n");
        Credentials empty = (Credentials) answer("PASS ");
        assertThat(empty.password()).isEmpty();
    }

    /** perdition's strcasecmp folds ASCII letters only: a Latin-1 sharp s (octet DF) is no "SS", so no PASS. */
    @Test
    void commandsShouldBeCaseInsensitiveInAsciiOnly() {
        answer("USER alice");
        Reply reply = (Reply) answer("PA\u00df x");
        assertThat(reply.text()).isEqualTo("-ERR Mate, the command is too short, must be one of CAPA, USER, PASS or QUIT\r\n");
        assertThat(reply.delayed()).isTrue();
        assertThat(((Reply) answer("\u00dfTLS")).text()).startsWith("-ERR Mate, the command must be one of");
        assertThat(((Credentials) answer("pAsS secret")).password()).isEqualTo("secret");
    }

    @Test
    void userShouldBeForgottenAfterEachAttempt() {
        answer("USER alice");
        assertThat(answer("PASS secret")).isInstanceOf(Credentials.class);
        assertThat(((Reply) answer("PASS secret")).text()).isEqualTo("-ERR USER not yet set, mate\r\n");
    }

    @Test
    void quitShouldCloseAfterTheReply() {
        assertThat(((Reply) answer("QUIT")).close()).isTrue();
        assertThat(((Reply) answer("CAPA")).close()).isFalse();
    }

    @Test
    void overlongLineShouldGetAnErrorNotAHangUp() {
        Reply r = (Reply) dialect.handle(session, ClientCommand.tooLong());
        assertThat(r.text()).startsWith("-ERR ");
        assertThat(r.close()).isFalse();
    }

    @Test
    void commandLineShouldNeverPrintItsBytes() {
        assertThat(ClientCommand.line("PASS secret\r\n".getBytes(StandardCharsets.US_ASCII)).toString()).doesNotContain("secret");
    }
}
