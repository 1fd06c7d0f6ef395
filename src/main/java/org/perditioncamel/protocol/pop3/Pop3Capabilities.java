package org.perditioncamel.protocol.pop3;

import java.util.ArrayList;
import java.util.List;

/** pop_capability: "." separates capabilities if there is any ".", otherwise two spaces (the old format). */
final class Pop3Capabilities {
    private Pop3Capabilities() {
    }

    static List<String> parse(String option) {
        String value = option == null ? "UIDL.USER" : option;
        String delimiter = value.contains(".") ? "\\." : "  ";
        List<String> out = new ArrayList<>();
        for (String c : value.split(delimiter)) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }
}
