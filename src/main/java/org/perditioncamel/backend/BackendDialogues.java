package org.perditioncamel.backend;

import java.util.Map;
import java.util.Optional;

import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;

/** Picks the backend login conversation for a session's protocol, with the proxy's per-protocol options. */
public final class BackendDialogues {
    private final boolean imapIdForward;
    private final Map<Protocol, BackendDialogue.OutgoingTls> outgoingTls;

    /**
     * @param imapIdForward imap_id_forward: tell an IMAP backend the client's address with ID before logging in
     * @param outgoingTls   tls_outgoing(_force) per protocol: STARTTLS/STLS with the backend before the credentials
     */
    public BackendDialogues(boolean imapIdForward, Map<Protocol, BackendDialogue.OutgoingTls> outgoingTls) {
        this.imapIdForward = imapIdForward;
        this.outgoingTls = Map.copyOf(outgoingTls);
    }

    /**
     * @param ownGreeting this proxy's greeting text: a backend that greets with it is this proxy (a loop)
     * @param remoteUser  the user name the backend gets (the popmap's, -U, remote_login)
     */
    public BackendDialogue create(ProxySession session, String ownGreeting, String remoteUser, Credentials credentials) {
        // With a SASL authorisation id, that id is the login name the popmap and the munging worked on (reference §9
        // step 1): remoteUser takes its place, and the authentication id and password stay the client's, so a master
        // or admin login (authzid: the mailbox, authcid: the admin) reaches the backend as the client sent it.
        Credentials onward = credentials.authorisationId().isPresent()
                ? new Credentials(Optional.of(remoteUser), credentials.user(), credentials.password())
                : credentials.withUser(remoteUser);
        BackendDialogue dialogue;
        switch (session.protocol()) {
            case POP3:
            case POP3S:
                dialogue = new Pop3BackendDialogue(ownGreeting, remoteUser, credentials.password());
                break;
            case IMAP4:
            case IMAP4S:
                dialogue = new ImapBackendDialogue(ownGreeting, onward, imapIdForward, session);
                break;
            case MANAGESIEVE:
                dialogue = new ManageSieveBackendDialogue(ownGreeting, onward.user(), onward.authorisationId(),
                        onward.password());
                break;
            default:
                throw new IllegalArgumentException("no backend dialogue for " + session.protocol());
        }
        return dialogue.withTls(outgoingTls.getOrDefault(session.protocol(), BackendDialogue.OutgoingTls.NONE));
    }
}
