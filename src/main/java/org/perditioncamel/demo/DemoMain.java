package org.perditioncamel.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.perditioncamel.PerditionMain;

/**
 * The newcomer's demo: an in-process mail server (GreenMail for POP3 and IMAP, {@link DemoSieveServer} for
 * ManageSieve) with the user demo/demo and one message, and the proxy in front of it on 127.0.0.1: POP3 on 1110,
 * IMAP4 on 1143, ManageSieve on 14190 (the system property demo.listen_ports=POP3,IMAP4,SIEVE moves them).
 * Try: curl pop3://demo:demo@127.0.0.1:1110/1
 */
public final class DemoMain {
    static final String USER = "demo";
    static final String PASSWORD = "demo";

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        String[] ports = System.getProperty("demo.listen_ports", "1110,1143,14190").split(",");
        if (ports.length != 3) {
            throw new IllegalArgumentException("demo.listen_ports takes three ports: POP3,IMAP4,SIEVE");
        }
        GreenMail backend = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)}));
        backend.start();
        backend.setUser("demo@localhost", USER, PASSWORD);
        MimeMessage welcome = GreenMailUtil.createTextEmail("demo@localhost", "perdition-camel@localhost",
                "Welcome to perdition-camel", "This message came from the demo backend through the proxy.\r\n",
                ServerSetup.SMTP);
        backend.getUserManager().getUser(USER).deliver(welcome);
        DemoSieveServer sieve = new DemoSieveServer(0, USER, PASSWORD).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            backend.stop();
            try {
                sieve.close();
            } catch (java.io.IOException e) {
                // stopping anyway
            }
        }));

        Map<String, String> options = new LinkedHashMap<>();
        options.put("listeners", "POP3,IMAP4,MANAGESIEVE");
        options.put("bind_address", "127.0.0.1");
        options.put("pop3.listen_port", ports[0].trim());
        options.put("imap4.listen_port", ports[1].trim());
        options.put("managesieve.listen_port", ports[2].trim());
        options.put("pop3.outgoing_server", "127.0.0.1:" + backend.getPop3().getPort());
        options.put("imap4.outgoing_server", "127.0.0.1:" + backend.getImap().getPort());
        options.put("managesieve.outgoing_server", "127.0.0.1:" + sieve.port());
        // no popmap: the demo's one backend is outgoing_server (a missing /etc/perdition/popmap would stop the start)
        options.put("map_library", "");
        options.put("log_facility", "-");
        System.err.println("perdition-camel demo: user demo, password demo; POP3 on 127.0.0.1:" + ports[0].trim()
                + " (curl pop3://demo:demo@127.0.0.1:" + ports[0].trim() + "/1), IMAP4 on 127.0.0.1:" + ports[1].trim()
                + " (curl 'imap://demo:demo@127.0.0.1:" + ports[1].trim() + "/INBOX;UID=1'), ManageSieve on 127.0.0.1:"
                + ports[2].trim() + " (sieve-connect --server 127.0.0.1 --port " + ports[2].trim()
                + " --user demo --clearchan --list)");
        PerditionMain.run(options);
    }
}
