package org.perditioncamel.localauth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.perditioncamel.session.Protocol;

/**
 * A name or password as the text a local check compares. POP3 and IMAP credentials hold the client's octets one char
 * each, so that the backend gets the very bytes the client sent; PAM, a password hash and an LDAP bind take text
 * (UTF-8). So octets that are UTF-8 are decoded; others stay as they were (such a password matches no UTF-8 hash,
 * as before). ManageSieve's SASL PLAIN is UTF-8 text already.
 */
final class ClientText {
    private ClientText() {
    }

    static String of(String credential, Protocol protocol) {
        if (credential == null || protocol == Protocol.MANAGESIEVE) {
            return credential;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(credential.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return credential;
        }
    }
}
