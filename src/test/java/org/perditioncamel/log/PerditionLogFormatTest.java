package org.perditioncamel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.testing.TestEvents;

class PerditionLogFormatTest {

    @Test
    void connectShouldHaveTwoSpacesBeforeTheAddresses() {
        assertThat(PerditionLogFormat.render(TestEvents.connect("s1")))
                .isEqualTo("Connect:  192.0.2.10:40000->192.0.2.1:110");
    }

    @Test
    void connectShouldEndInOneSpaceWhenAnAddressIsUnknown() {
        SessionEvent event = new SessionEvent(SessionEvent.Type.CONNECT, Instant.EPOCH, "s1", Protocol.POP3,
                TestEvents.CLIENT, null, "plaintext", null, null, null, null, null, 0, 0, Optional.empty());

        assertThat(PerditionLogFormat.render(event)).isEqualTo("Connect: ");
    }

    @Test
    void authShouldMatchPerditionsLineForASuccessfulLogin() {
        assertThat(PerditionLogFormat.render(TestEvents.auth("s1", "alice", "ok", null)))
                .isEqualTo("Auth: 192.0.2.10:40000->192.0.2.1:110 client-secure=plaintext authorisation_id=NONE "
                        + "authentication_id=\"alice\" server=\"127.0.0.1:110\" protocol=POP3 "
                        + "server-secure=plaintext status=\"ok\"");
    }

    @Test
    void authShouldQuoteTheAuthorisationIdWhenSaslCarriedOne() {
        SessionEvent event = new SessionEvent(SessionEvent.Type.AUTH, Instant.EPOCH, "s1", Protocol.MANAGESIEVE,
                TestEvents.CLIENT, new InetSocketAddress("192.0.2.1", 4190), "starttls", "bob", "alice",
                "127.0.0.1:4190", "plaintext", "failed: Re-Authentication Failure", 0, 0, Optional.empty());

        assertThat(PerditionLogFormat.render(event))
                .isEqualTo("Auth: 192.0.2.10:40000->192.0.2.1:4190 client-secure=starttls authorisation_id=\"bob\" "
                        + "authentication_id=\"alice\" server=\"127.0.0.1:4190\" protocol=MANAGESIEVE "
                        + "server-secure=plaintext status=\"failed: Re-Authentication Failure\"");
    }

    @Test
    void authShouldPrintNullForAMissingUserAndServer() {
        SessionEvent event = new SessionEvent(SessionEvent.Type.AUTH, Instant.EPOCH, "s1", Protocol.POP3,
                TestEvents.CLIENT, TestEvents.LOCAL, "plaintext", null, null, null, "plaintext",
                "failed: Could not determine server", 0, 0, Optional.empty());

        assertThat(PerditionLogFormat.render(event))
                .contains(" authentication_id=\"(null)\" server=\"(null)\" ");
    }

    @Test
    void authShouldPutThePasswordAfterTheUserOnlyWhenAsked() {
        SessionEvent event = TestEvents.auth("s1", "alice", "ok", "secret");

        assertThat(PerditionLogFormat.render(event, true))
                .contains("authentication_id=\"alice\" passwd=\"secret\" server=\"127.0.0.1:110\"");
        assertThat(PerditionLogFormat.render(event, false)).doesNotContain("secret");
    }

    @Test
    void closeShouldCarryTheByteCounters() {
        assertThat(PerditionLogFormat.render(TestEvents.close("s1", "alice", 12, 27)))
                .isEqualTo("Closing session: 192.0.2.10:40000->192.0.2.1:110 authorisation_id=NONE "
                        + "authentication_id=\"alice\" received=12 sent=27");
    }

    @Test
    void closeShouldQuoteTheAuthorisationIdWhenPresent() {
        SessionEvent event = new SessionEvent(SessionEvent.Type.CLOSE, Instant.EPOCH, "s1", Protocol.MANAGESIEVE,
                TestEvents.CLIENT, TestEvents.LOCAL, "plaintext", "bob", "alice", "h:4190", "plaintext", "ok",
                1, 2, Optional.empty());

        assertThat(PerditionLogFormat.render(event))
                .endsWith("authorisation_id=\"bob\" authentication_id=\"alice\" received=1 sent=2");
    }

    @Test
    void closeNullShouldShowANullUser() {
        assertThat(PerditionLogFormat.render(TestEvents.closeNull("s1")))
                .isEqualTo("Closing NULL session: 192.0.2.10:40000->192.0.2.1:110 authorisation_id=NONE "
                        + "authentication_id=\"(null)\"");
    }

    @Test
    void addressesShouldBeNumericIpv6WithoutBrackets() throws Exception {
        SessionEvent event = new SessionEvent(SessionEvent.Type.CONNECT, Instant.EPOCH, "s1", Protocol.IMAP4,
                new InetSocketAddress(InetAddress.getByName("2001:db8::10"), 40000),
                new InetSocketAddress(InetAddress.getByName("::1"), 143), "plaintext", null, null, null, null, null,
                0, 0, Optional.empty());

        assertThat(PerditionLogFormat.render(event)).isEqualTo("Connect:  2001:db8::10:40000->::1:143");
    }
}
