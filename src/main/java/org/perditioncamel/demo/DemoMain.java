package org.perditioncamel.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.perditioncamel.PerditionMain;

/**
 * The newcomer's demo: an in-process mail server (GreenMail) with the user demo/demo and one message, and the
 * proxy in front of it on 127.0.0.1:1110 (POP3). Try: curl pop3://demo:demo@127.0.0.1:1110/1
 */
public final class DemoMain {
    static final int BACKEND_POP3 = 11110;
    static final int BACKEND_IMAP = 11143;

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        GreenMail backend = new GreenMail(new ServerSetup[] {
            new ServerSetup(BACKEND_POP3, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
            new ServerSetup(BACKEND_IMAP, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        backend.start();
        backend.setUser("demo@localhost", "demo", "demo");
        MimeMessage welcome = GreenMailUtil.createTextEmail("demo@localhost", "perdition-camel@localhost",
                "Welcome to perdition-camel", "This message came from the demo backend through the proxy.\r\n",
                backend.getSmtp() == null ? ServerSetup.SMTP : backend.getSmtp().getServerSetup());
        backend.getUserManager().getUser("demo").deliver(welcome);
        Runtime.getRuntime().addShutdownHook(new Thread(backend::stop));

        Map<String, String> options = new LinkedHashMap<>();
        options.put("bind_address", "127.0.0.1");
        options.put("listen_port", "1110");
        options.put("outgoing_server", "127.0.0.1:" + BACKEND_POP3);
        // no popmap: the demo's one backend is outgoing_server (a missing /etc/perdition/popmap would stop the start)
        options.put("map_library", "");
        options.put("log_facility", "-");
        System.err.println("perdition-camel demo: POP3 on 127.0.0.1:1110, user demo, password demo;"
                + " try: curl pop3://demo:demo@127.0.0.1:1110/1");
        PerditionMain.run(options);
    }
}
