package org.perditioncamel.session;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A POP3 or IMAP name or password as text, and text back as such a credential. Their credentials hold the client's
 * octets one char each, so that the backend gets the very bytes the client sent; the popmap (flat file, regex, SQL,
 * LDAP), the local checks, log lines and events take text. Octets that are UTF-8 are decoded; others stay as they
 * were (Latin-1, as the octets read). ManageSieve's SASL PLAIN is UTF-8 text already. Decode once: octets that are
 * UTF-8 twice over would lose a level.
 */
public final class ClientText {
    private ClientText() {
    }

    /** The text of a credential of this protocol. */
    public static String of(String credential, Protocol protocol) {
        if (credential == null || protocol == Protocol.MANAGESIEVE || isAscii(credential)) {
            return credential;   // ASCII first: the usual case, on every login's way and in every event
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(credential.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return credential;
        }
    }

    /**
     * Text (a user name from the popmap) as a credential of this protocol: its UTF-8 octets one char each for POP3
     * and IMAP, as a client typing it would have sent it; ManageSieve's stays text.
     */
    public static String credential(String text, Protocol protocol) {
        if (text == null || protocol == Protocol.MANAGESIEVE || isAscii(text)) {
            return text;
        }
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
