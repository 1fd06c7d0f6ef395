package org.perditioncamel.session;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A client's name or password as text, and text back as such a credential. Credentials (POP3 USER/PASS, IMAP LOGIN,
 * SASL PLAIN of IMAP and ManageSieve) hold the client's octets one char each, so that the backend gets the very bytes
 * the client sent; the popmap (flat file, regex, SQL, LDAP), the local checks, log lines and events take text. Octets
 * that are UTF-8 are decoded; others stay as they were (Latin-1, as the octets read). Decode once: octets that are
 * UTF-8 twice over would lose a level.
 */
public final class ClientText {
    private ClientText() {
    }

    /** The text of a credential. */
    public static String of(String credential) {
        if (credential == null || isAscii(credential)) {
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
     * Text (a user name from the popmap) as a credential, in the encoding of the client's own credential:
     * ISO-8859-1 octets when the client sent octets that are not UTF-8 (and the text has such octets), else UTF-8
     * octets, as a client typing it would have sent it; one char per octet.
     */
    public static String credential(String text, String clientCredential) {
        if (text == null || isAscii(text)) {
            return text;
        }
        boolean latin1Client = clientCredential != null && !isAscii(clientCredential)
                && of(clientCredential).equals(clientCredential);
        if (latin1Client && StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
            return text;   // its chars are the ISO-8859-1 octets already
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
