package org.perditioncamel.testing;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** A login through the proxy, then the command after which the server closes, read up to the server's close. */
public final class SessionEnds {
    private SessionEnds() {
    }

    /** POP3 (RFC 1939): after QUIT the server closes; the client waits for that close. */
    public static void pop3Quit(LineClient c, String user, String password) throws IOException {
        c.readLine();
        c.send("USER " + user).readLine();
        assertThat(c.send("PASS " + password).readLine()).isEqualTo("+OK You are so in");
        assertThat(c.send("QUIT").readLine()).startsWith("+OK");
        assertThat(c.closedByServer()).isTrue();
    }

    /** IMAP4 (RFC 3501): after LOGOUT's tagged OK the server closes; the client waits for that close. */
    public static void imapLogout(LineClient c, String user, String password) throws IOException {
        c.readLine();
        String line = c.send("l1 LOGIN " + user + " " + password).readLine();
        while (line.startsWith("* ")) {
            line = c.readLine();
        }
        assertThat(line).isEqualTo("l1 OK You are so in");
        c.send("l2 LOGOUT");
        do {
            line = c.readLine();
        } while (line.startsWith("* "));
        assertThat(line).startsWith("l2 OK");
        assertThat(c.closedByServer()).isTrue();
    }
}
