package org.perditioncamel.config;

import java.util.Arrays;
import java.util.Comparator;

/** The --help text: every supported option with its short form, argument, default and meaning. */
final class HelpText {
    private HelpText() {
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("perdition-camel: POP3, IMAP4 and ManageSieve proxy, a replacement for perdition 2.2\n")
                .append("Usage: perdition [options]\n")
                .append("       perdition.pop3 | perdition.pop3s | perdition.imap4 | perdition.imap4s")
                .append(" | perdition.imaps | perdition.managesieve [options]\n")
                .append("\n")
                .append("Options (--name VALUE, --name=VALUE or -x VALUE; also as \"name VALUE\" lines in")
                .append(" perdition.conf, where the command line wins):\n");
        Arrays.stream(PerditionOption.values())
                .filter(PerditionOption::supported)
                .sorted(Comparator.comparing(PerditionOption::longName))
                .forEach(option -> describe(option, out));
        out.append("\n")
                .append("States: servername_lookup (server_lookup), local_authentication (local_auth),")
                .append(" remote_login, all.\n")
                .append("See docs/configuration.md for the details and where perdition-camel differs from")
                .append(" perdition 2.2.\n");
        return out.toString();
    }

    private static void describe(PerditionOption option, StringBuilder out) {
        out.append("  ");
        out.append(option.shortName().map(c -> "-" + c + ", ").orElse("    "));
        out.append(option.display());
        if (option.takesArgument()) {
            out.append(' ').append(option.argumentName());
        }
        out.append("\n        ").append(option.description());
        if (option.kind() != OptionKind.FLAG) {
            out.append("\n        Default: ").append(option.defaultText());
        }
        out.append('\n');
    }
}
