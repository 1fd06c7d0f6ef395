package org.perditioncamel.protocol.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.perditioncamel.session.Credentials;

/**
 * SASL PLAIN (RFC 4616): base64 of authzid NUL authcid NUL passwd, with perdition's error texts
 * (reference §5.3). Shared by IMAP AUTHENTICATE and ManageSieve; each protocol frames it its own way. The
 * credentials hold the message's octets one char each, as POP3's and IMAP LOGIN's do (ClientText makes them text):
 * perdition passes them through, so a password that is not UTF-8 still reaches the backend as the client sent it.
 */
public final class SaslPlain {
    /** The text for a response that is not base64 (IMAP answers it with BAD, the other texts with NO). */
    public static final String INVALID_BASE64 = "Invalid base64 encoded challenge";

    private SaslPlain() {
    }

    /** A decoded response, or the reason it was refused (perdition's text, without ", mate"). */
    public record Result(Optional<Credentials> credentials, String error) {
        static Result ok(Credentials c) {
            return new Result(Optional.of(c), null);
        }

        static Result error(String text) {
            return new Result(Optional.empty(), text);
        }
    }

    /** A response as ManageSieve takes it: an empty one is invalid base64, as perdition's decoding finds (§5.3). */
    public static Result decode(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return Result.error(INVALID_BASE64);
        }
        if (raw.length == 0) {
            return Result.error(INVALID_BASE64);
        }
        return message(raw);
    }

    /** A decoded message (IMAP's empty response is one: RFC 4959 "=", or an empty line after "+ "). */
    public static Result message(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        // perdition 2.2's order of checks, so each malformed message gets its text
        int first = s.indexOf('\0');
        if (first < 0) {
            return Result.error("Challenge has no authentication id");
        }
        int second = s.indexOf('\0', first + 1);
        String authcid = second < 0 ? s.substring(first + 1) : s.substring(first + 1, second);
        if (authcid.isEmpty()) {
            return Result.error("Empty authentication id");
        }
        if (second < 0) {
            return Result.error("Challenge has no password");
        }
        String authzid = s.substring(0, first);
        String passwd = s.substring(second + 1);
        if (passwd.indexOf('\0') >= 0) {
            return Result.error("Trailing garbage in challenge");
        }
        return Result.ok(new Credentials(authzid.isEmpty() ? Optional.empty() : Optional.of(authzid), authcid, passwd));
    }

    /** The response to send a backend: base64(authzid NUL authcid NUL passwd), of credentials' octets. */
    public static String encode(Optional<String> authzid, String authcid, String passwd) {
        String s = authzid.orElse("") + "\0" + authcid + "\0" + passwd;
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
