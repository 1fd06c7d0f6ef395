package org.perditioncamel.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perditioncamel.backend.BackendDialogue.Failed;
import org.perditioncamel.backend.BackendDialogue.OutgoingTls;
import org.perditioncamel.backend.BackendDialogue.Send;
import org.perditioncamel.backend.BackendDialogue.StartTls;
import org.perditioncamel.backend.BackendDialogue.Step;
import org.perditioncamel.session.Credentials;

import static org.assertj.core.api.Assertions.assertThat;

/** tls_outgoing and tls_outgoing_force in each protocol's backend conversation. */
class BackendStartTlsTest {
    /** Feeds backend lines and collects every line the proxy would have written. */
    private static List<String> written(BackendDialogue d, List<Step> steps, String... backendLines) {
        List<String> out = new ArrayList<>();
        for (String line : backendLines) {
            Step s = d.onLine(line);
            steps.add(s);
            if (s instanceof Send send) {
                out.addAll(List.of(send.lines()));
            }
        }
        return out;
    }

    @Test
    void pop3ShouldUseStlsThenLogInOverTls() {
        Pop3BackendDialogue d = new Pop3BackendDialogue("x", "alice", "secret").withTls(OutgoingTls.STARTTLS);
        List<Step> steps = new ArrayList<>();
        assertThat(written(d, steps, "+OK Dovecot ready.", "+OK", "USER", "STLS", ".", "+OK Begin TLS negotiation now."))
                .containsExactly("CAPA", "STLS");
        assertThat(steps.get(steps.size() - 1)).isInstanceOf(StartTls.class);
        assertThat(((Send) d.onTlsEstablished()).lines()).containsExactly("USER alice");
    }

    @Test
    void pop3ForceShouldNeverSendCredentialsWithoutTls() {
        Pop3BackendDialogue d = new Pop3BackendDialogue("x", "alice", "secret").withTls(OutgoingTls.STARTTLS_FORCE);
        List<Step> steps = new ArrayList<>();
        List<String> out = written(d, steps, "+OK ready", "+OK", "USER", "UIDL", ".");
        assertThat(out).noneMatch(l -> l.startsWith("USER") || l.startsWith("PASS"));
        assertThat(((Failed) steps.get(steps.size() - 1)).reason()).isEqualTo("TLS not present");
    }

    @Test
    void pop3WithoutForceShouldFallBackToPlaintextWhenStlsIsMissing() {
        Pop3BackendDialogue d = new Pop3BackendDialogue("x", "alice", "secret").withTls(OutgoingTls.STARTTLS);
        assertThat(written(d, new ArrayList<>(), "+OK ready", "-ERR no CAPA")).containsExactly("CAPA", "USER alice");
    }

    @Test
    void imapForceShouldNeverSendCredentialsWithoutStarttls() {
        ImapBackendDialogue d = new ImapBackendDialogue("x", Credentials.of("alice", "secret"), false, null)
                .withTls(OutgoingTls.STARTTLS_FORCE);
        List<Step> steps = new ArrayList<>();
        List<String> out = written(d, steps, "* OK ready", "* CAPABILITY IMAP4rev1 AUTH=PLAIN", "flim07 OK done");
        assertThat(out).noneMatch(l -> l.contains("LOGIN") || l.contains("AUTHENTICATE"));
        assertThat(((Failed) steps.get(steps.size() - 1)).reason()).isEqualTo("TLS not present");
    }

    @Test
    void imapShouldStartTlsThenAskForCapabilitiesAgain() {
        ImapBackendDialogue d = new ImapBackendDialogue("x", Credentials.of("alice", "secret"), false, null)
                .withTls(OutgoingTls.STARTTLS);
        List<Step> steps = new ArrayList<>();
        assertThat(written(d, steps, "* OK ready", "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED", "flim07 OK done",
                "flim08 OK Begin TLS")).containsExactly("flim07 CAPABILITY", "flim08 STARTTLS");
        assertThat(steps.get(steps.size() - 1)).isInstanceOf(StartTls.class);
        assertThat(((Send) d.onTlsEstablished()).lines()).containsExactly("flim09 CAPABILITY");
        assertThat(d.onLine("* CAPABILITY IMAP4rev1 AUTH=PLAIN")).isInstanceOf(BackendDialogue.Await.class);
        assertThat(((Send) d.onLine("flim09 OK done")).lines()).containsExactly("flim0a LOGIN \"alice\" \"secret\"");
    }

    @Test
    void greetingCapabilitiesShouldDecideStarttlsAndBeAskedForAgainAfterIt() {
        ImapBackendDialogue d = new ImapBackendDialogue("x", Credentials.of("alice", "secret"), false, null)
                .withTls(OutgoingTls.STARTTLS_FORCE);
        List<Step> steps = new ArrayList<>();
        assertThat(written(d, steps, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready", "flim07 OK Begin TLS"))
                .containsExactly("flim07 STARTTLS");
        assertThat(steps.get(steps.size() - 1)).isInstanceOf(StartTls.class);
        assertThat(((Send) d.onTlsEstablished()).lines()).containsExactly("flim08 CAPABILITY");
        assertThat(d.onLine("* CAPABILITY IMAP4rev1 AUTH=PLAIN")).isInstanceOf(BackendDialogue.Await.class);
        assertThat(((Send) d.onLine("flim08 OK done")).lines()).containsExactly("flim09 LOGIN \"alice\" \"secret\"");

        ImapBackendDialogue plain = new ImapBackendDialogue("x", Credentials.of("alice", "secret"), false, null)
                .withTls(OutgoingTls.STARTTLS_FORCE);
        Step refused = plain.onLine("* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] ready");
        assertThat(((Failed) refused).reason()).isEqualTo("TLS not present");
    }

    @Test
    void manageSieveForceShouldNeverSendCredentialsWithoutStarttls() {
        ManageSieveBackendDialogue d = new ManageSieveBackendDialogue("x", "alice", Optional.empty(), "secret")
                .withTls(OutgoingTls.STARTTLS_FORCE);
        List<Step> steps = new ArrayList<>();
        List<String> out = written(d, steps, "\"IMPLEMENTATION\" \"Dovecot\"", "\"SASL\" \"PLAIN\"", "OK \"ready\"");
        assertThat(out).noneMatch(l -> l.contains("AUTHENTICATE"));
        assertThat(((Failed) steps.get(steps.size() - 1)).reason()).isEqualTo("TLS not present");
    }

    @Test
    void manageSieveShouldStartTlsAndReadTheNewCapabilities() {
        ManageSieveBackendDialogue d = new ManageSieveBackendDialogue("x", "alice", Optional.empty(), "secret")
                .withTls(OutgoingTls.STARTTLS);
        List<Step> steps = new ArrayList<>();
        assertThat(written(d, steps, "\"SASL\" \"\"", "\"STARTTLS\"", "OK \"ready\"", "OK \"Begin TLS negotiation now.\""))
                .containsExactly("STARTTLS");
        assertThat(steps.get(steps.size() - 1)).isInstanceOf(StartTls.class);
        d.onTlsEstablished();
        assertThat(written(d, steps, "\"SASL\" \"PLAIN\"", "OK \"TLS done\"")).singleElement().asString()
                .startsWith("AUTHENTICATE \"PLAIN\" \"");
    }
}
