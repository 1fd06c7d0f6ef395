package org.perditioncamel.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The commands of one protocol: greeting, login, one command after it, NOOP, a fetch of message 1, logout.
 * IMAP commands carry a tag (the command's first letter) and end at the tagged reply.
 */
enum Dialogue {
    POP3(Expect.POP3_LINE, Expect.POP3_LINE, false, "STAT", "RETR 1"),
    IMAP4(Expect.IMAP_GREETING, Expect.IMAP_TAGGED, true, "SELECT INBOX", "FETCH 1 BODY.PEEK[]"),
    MANAGESIEVE(Expect.SIEVE, Expect.SIEVE, false, "CAPABILITY", null);

    private final Expect greeting;
    private final Expect reply;
    private final boolean tagged;
    private final String command;
    private final String fetch;

    Dialogue(Expect greeting, Expect reply, boolean tagged, String command, String fetch) {
        this.greeting = greeting;
        this.reply = reply;
        this.tagged = tagged;
        this.command = command;
        this.fetch = fetch;
    }

    Step greeting() {
        return Step.greeting(greeting);
    }

    List<Step> login(String user, String password) {
        return switch (this) {
            case POP3 -> List.of(step("USER " + user, "USER"), step("PASS " + password, "PASS"));
            case IMAP4 -> List.of(step("LOGIN \"" + user + "\" \"" + password + "\"", "LOGIN"));
            case MANAGESIEVE -> List.of(step("AUTHENTICATE \"PLAIN\" \"" + Base64.getEncoder().encodeToString(
                    ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)) + "\"", "AUTHENTICATE"));
        };
    }

    /** The one command of a login storm after the login (also IMAP's SELECT before a FETCH). */
    Step command() {
        return step(command, command.split(" ")[0]);
    }

    Step noop() {
        return step("NOOP", "NOOP");
    }

    Step fetch(byte[] message) {
        if (fetch == null) {
            throw new IllegalArgumentException(name() + " has no message to fetch");
        }
        Step step = step(fetch, fetch.split(" ")[0]);
        return new Step(step.request(), this == POP3 ? Expect.POP3_DATA : reply, step.tag(), message, step.label());
    }

    Step logout() {
        return step(this == POP3 ? "QUIT" : "LOGOUT", "logout");
    }

    private Step step(String line, String label) {
        if (!tagged) {
            return Step.command(line, reply, null, label);
        }
        String tag = line.substring(0, 1).toLowerCase(Locale.ROOT);
        return Step.command(tag + " " + line, reply, tag, label);
    }

    static Dialogue of(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "POP3" -> POP3;
            case "IMAP", "IMAP4" -> IMAP4;
            case "SIEVE", "MANAGESIEVE" -> MANAGESIEVE;
            default -> throw new IllegalArgumentException("unknown protocol " + name + " (pop3, imap4, managesieve)");
        };
    }
}
