package org.perditioncamel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.perditioncamel.session.Protocol;

class PerditionCommandLineTest {
    @TempDir
    Path dir;

    private LaunchOptions parse(String... argv) throws UsageException {
        return PerditionCommandLine.parse("perdition", argv, dir);
    }

    private LaunchOptions parseAs(String invokedAs, String... argv) throws UsageException {
        return PerditionCommandLine.parse(invokedAs, argv, dir);
    }

    private Path conf(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private UsageException failure(String... argv) {
        return catchThrowableOfType(UsageException.class, () -> parse(argv));
    }

    /** A value each option accepts, with what it reads as. */
    private static String[] sample(PerditionOption option) {
        switch (option) {
            case PROTOCOL: return new String[] {"imap4", "IMAP4"};
            case LOG_PASSWD: return new String[] {"OK", "ok"};
            case PID_FILE: return new String[] {"/run/perdition/p.pid", "/run/perdition/p.pid"};
            case SSL_MODE: return new String[] {"TLS_LISTEN", "tls_listen"};
            case ADD_DOMAIN: return new String[] {"server_lookup,2", "servername_lookup,2"};
            case SSL_LISTEN_MIN_PROTO_VERSION:
            case SSL_OUTGOING_MIN_PROTO_VERSION:
            case SSL_LISTEN_MAX_PROTO_VERSION:
            case SSL_OUTGOING_MAX_PROTO_VERSION: return new String[] {"TLSv1.3", "TLSv1.3"};
            default: break;
        }
        switch (option.kind()) {
            case INTEGER: return new String[] {"042", "42"};
            case STATE_LIST: return new String[] {"local_auth", "local_authentication"};
            case REPLACE_LIST: return new String[] {"a:1,b", "a:1,b"};
            default: return new String[] {"x y", "x y"};
        }
    }

    /** Where an option's value lands in LaunchOptions.values. */
    private static List<String> keys(PerditionOption option) {
        switch (option) {
            case CAPABILITY: return List.of("pop_capability", "imap_capability", "managesieve_capability");
            case SERVER_OK_LINE: return List.of("server_resp_line");
            default: return List.of(option.longName());
        }
    }

    private void assertParsed(PerditionOption option, List<String> argv) throws Exception {
        if (option == PerditionOption.CONFIG_FILE) {
            Path file = conf("chosen.conf", "debug\n");
            argv.add(file.toString());
            LaunchOptions parsed = parse(argv.toArray(String[]::new));
            assertThat(parsed.configFile()).contains(file);
            assertThat(parsed.values()).containsEntry("debug", "true").doesNotContainKey("config_file");
            return;
        }
        String[] sample = sample(option);
        if (option.takesArgument()) {
            argv.add(sample[0]);
        }
        LaunchOptions parsed = parse(argv.toArray(String[]::new));
        if (option == PerditionOption.HELP) {
            assertThat(parsed.help()).isTrue();
            return;
        }
        if (option == PerditionOption.VERSION) {
            assertThat(parsed.version()).isTrue();
            assertThat(parsed.values()).doesNotContainKey("version");
            return;
        }
        String expected = option.takesArgument() ? sample[1] : "true";
        for (String key : keys(option)) {
            assertThat(parsed.values()).containsEntry(key, expected);
        }
    }

    @ParameterizedTest
    @EnumSource(PerditionOption.class)
    void everyLongFormParses(PerditionOption option) throws Exception {
        assertParsed(option, new ArrayList<>(List.of("--" + option.longName())));
    }

    @ParameterizedTest
    @EnumSource(PerditionOption.class)
    void everyShortFormParses(PerditionOption option) throws Exception {
        if (option.shortName().isPresent()) {
            assertParsed(option, new ArrayList<>(List.of("-" + option.shortName().get())));
        }
    }

    @ParameterizedTest
    @EnumSource(PerditionOption.class)
    void everyOptionParsesFromTheConfigFile(PerditionOption option) throws Exception {
        if (option == PerditionOption.HELP || option == PerditionOption.VERSION || option == PerditionOption.CONFIG_FILE) {
            return;
        }
        String[] sample = sample(option);
        String line = option.takesArgument() ? option.longName() + " " + sample[0] : option.longName();
        String shortLine = option.shortName()
                .map(c -> option.takesArgument() ? c + " " + sample[0] : String.valueOf(c)).orElse("");
        for (String text : List.of(line, shortLine)) {
            if (text.isEmpty()) {
                continue;
            }
            Path file = conf("perdition.conf", text + "\n");
            LaunchOptions parsed = parse();
            assertThat(parsed.configFile()).contains(file);
            for (String key : keys(option)) {
                assertThat(parsed.values()).containsEntry(key, option.takesArgument() ? sample[1] : "true");
            }
        }
    }

    @Test
    void longOptionWithEqualsTakesTheValue() throws Exception {
        LaunchOptions parsed = parse("--outgoing_server=mail:110", "--ok_line=", "--timeout=5");
        assertThat(parsed.values()).containsEntry("outgoing_server", "mail:110")
                .containsEntry("ok_line", "").containsEntry("timeout", "5");
    }

    @Test
    void shortOptionsMayCarryTheirValueOrBeClusteredAsPoptAllows() throws Exception {
        LaunchOptions parsed = parse("-smail:110", "-dn", "-q", "-p=995", "-dO", "hi there");
        assertThat(parsed.values()).containsEntry("outgoing_server", "mail:110").containsEntry("debug", "true")
                .containsEntry("no_lookup", "true").containsEntry("quiet", "true")
                .containsEntry("outgoing_port", "995").containsEntry("ok_line", "hi there");
    }

    @Test
    void valueOptionTakesTheNextWordEvenIfItLooksLikeAnOption() throws Exception {
        assertThat(parse("-O", "--debug").values()).containsEntry("ok_line", "--debug").doesNotContainKey("debug");
    }

    @Test
    void unknownOptionShouldExitWithStatus2() {
        UsageException e = failure("--no_such_option");
        assertThat(e.exitStatus()).isEqualTo(2);
        assertThat(e).hasMessage("perdition: unknown option --no_such_option");
        assertThat(failure("-Z")).hasMessage("perdition: unknown option -Z");
        assertThat(failure("-dZ")).hasMessage("perdition: unknown option -Z");
    }

    @Test
    void nonOptionWordShouldExitWithStatus2() {
        assertThat(failure("-d", "word")).hasMessage("perdition: trailing argument: word")
                .extracting(UsageException::exitStatus).isEqualTo(2);
        assertThat(failure("--", "-d")).hasMessage("perdition: trailing argument: -d");
        assertThat(failure("-")).hasMessage("perdition: trailing argument: -");
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        assertThat(parse("-d", "--").values()).containsEntry("debug", "true");
    }

    @Test
    void flagWithAValueShouldExitWithStatus2() {
        assertThat(failure("--debug=yes")).hasMessage("perdition: option --debug does not take an argument");
        assertThat(failure("-d=yes")).hasMessage("perdition: option -d does not take an argument");
    }

    @Test
    void missingArgumentShouldExitWithStatus2() {
        assertThat(failure("-s")).hasMessage("perdition: option -s requires an argument")
                .extracting(UsageException::exitStatus).isEqualTo(2);
        assertThat(failure("--ok_line")).hasMessage("perdition: option --ok_line requires an argument");
    }

    @Test
    void integerOptionsMustBeAllDigits() throws Exception {
        for (String name : List.of("connection_limit", "timeout", "authenticate_timeout", "connect_relog",
                "ssl_passphrase_fd")) {
            UsageException e = failure("--" + name, "12a");
            assertThat(e).hasMessage("perdition: Parameter to --" + name + " must be a positive integer");
            assertThat(e.exitStatus()).isEqualTo(2);
            assertThat(failure("--" + name, "-1")).hasMessageContaining("must be a positive integer");
            assertThat(failure("--" + name, " 5")).hasMessageContaining("must be a positive integer");
        }
        assertThat(parse("-t", "").values()).containsEntry("timeout", "0");
        assertThat(parse("-L", "0064").values()).containsEntry("connection_limit", "64");
        assertThat(failure("-t", "99999999999")).hasMessageContaining("too large");
    }

    @Test
    void stateListsAreOredWithinOneSource() throws Exception {
        LaunchOptions parsed = parse("-S", "remote_login", "-S", "SERVER_LOOKUP,remote_login",
                "--lower_case", "local_auth", "--lower_case", "all",
                "-A", "all,3", "-A", "remote_login,2");
        assertThat(parsed.values())
                .containsEntry("strip_domain", "remote_login,servername_lookup")
                .containsEntry("lower_case", "local_authentication,servername_lookup,remote_login")
                .containsEntry("add_domain", "servername_lookup,local_authentication,remote_login,2");
    }

    @Test
    void stateListsAreOredWithinTheConfigFile() throws Exception {
        conf("perdition.conf", "S remote_login\nstrip_domain local_auth\nssl_mode none\nssl_mode none\n");
        assertThat(parse().values()).containsEntry("strip_domain", "remote_login,local_authentication")
                .containsEntry("ssl_mode", "none");
    }

    @Test
    void addDomainDepthAloneIsKept() throws Exception {
        assertThat(parse("-A", "3").values()).containsEntry("add_domain", "3");
    }

    /** perdition 2.2 takes an empty add_domain item for digits (atoi gives 0); strip_domain refuses it. */
    @Test
    void anEmptyAddDomainItemIsDepthZero() throws Exception {
        assertThat(parse("-A", "servername_lookup,").values()).containsEntry("add_domain", "servername_lookup,0");
        assertThat(parse("-A", "servername_lookup,,remote_login").values())
                .containsEntry("add_domain", "servername_lookup,remote_login,0");
        assertThat(parse("-A", "").values()).containsEntry("add_domain", "0");
        conf("perdition.conf", "add_domain all,\n");
        assertThat(parse().values())
                .containsEntry("add_domain", "servername_lookup,local_authentication,remote_login,0");
        assertThat(failure("-S", "servername_lookup,")).hasMessage("perdition: unknown state for strip_domain: ");
    }

    @Test
    void unknownStateShouldExitWithStatus2() {
        assertThat(failure("-S", "nowhere")).hasMessage("perdition: unknown state for strip_domain: nowhere")
                .extracting(UsageException::exitStatus).isEqualTo(2);
        assertThat(failure("-S", "all,")).hasMessage("perdition: unknown state for strip_domain: ");
        assertThat(failure("--lower_case", "2")).hasMessage("perdition: unknown state for lower_case: 2");
    }

    @Test
    void replaceListsAreReplacedByARepeat() throws Exception {
        LaunchOptions parsed = parse("-s", "a,b", "-s", "c", "-b", "1.2.3.4", "-b", "[::1]:110",
                "--query_key", "x", "--query_key", "\\u");
        assertThat(parsed.values()).containsEntry("outgoing_server", "c")
                .containsEntry("bind_address", "[::1]:110").containsEntry("query_key", "\\u");
    }

    @Test
    void commandLineBeatsConfigFileForEveryOption() throws Exception {
        conf("perdition.conf", "s file-server\nbind_address 10.0.0.1\nquery_key \\\\U\nS all\ntimeout 9\n"
                + "ok_line from file\nlog_passwd fail\n");
        LaunchOptions parsed = parse("-s", "cli-server", "-b", "10.0.0.2", "--query_key", "\\u",
                "-S", "remote_login", "-t", "3");
        assertThat(parsed.values()).containsEntry("outgoing_server", "cli-server")
                .containsEntry("bind_address", "10.0.0.2").containsEntry("query_key", "\\u")
                .containsEntry("strip_domain", "remote_login").containsEntry("timeout", "3")
                .containsEntry("ok_line", "from file").containsEntry("log_passwd", "fail");
        assertThat(parsed.warnings()).anyMatch(w -> w.contains("--outgoing_server from the command line is used"))
                .anyMatch(w -> w.contains("--bind_address from the command line is used"))
                .anyMatch(w -> w.contains("--query_key from the command line is used"));
    }

    @Test
    void debugOnTheCommandLineDoesNotHideConnectionLoggingInTheFile() throws Exception {
        conf("perdition.conf", "C\nL 5\n");
        LaunchOptions parsed = parse("-d", "-b", "0.0.0.0");
        assertThat(parsed.values()).containsEntry("connection_logging", "true").containsEntry("debug", "true")
                .containsEntry("connection_limit", "5");
        assertThat(parsed.warnings())
                .anyMatch(w -> w.startsWith("connection_logging from the config file is used"))
                .anyMatch(w -> w.startsWith("connection_limit from the config file is used"));
    }

    /** perdition 2.2's ssl_mask: the cipher lists share a bit, ssl_no_client_cert_verify's holds no_cert_verify's. */
    @Test
    void sharedSslMaskBitsAreReadFromBothSourcesWithAWarning() throws Exception {
        conf("perdition.conf", "ssl_no_cert_verify\nssl_outgoing_ciphers FILE\n");
        LaunchOptions parsed = parse("--ssl_no_client_cert_verify", "--ssl_listen_ciphers", "CLI");
        assertThat(parsed.values()).containsEntry("ssl_no_cert_verify", "true")
                .containsEntry("ssl_outgoing_ciphers", "FILE").containsEntry("ssl_listen_ciphers", "CLI");
        assertThat(parsed.warnings()).contains(
                "ssl_no_cert_verify from the config file is used; perdition 2.2 ignores it when"
                        + " --ssl_no_client_cert_verify is on the command line",
                "ssl_outgoing_ciphers from the config file is used; perdition 2.2 ignores it when"
                        + " --ssl_listen_ciphers is on the command line");
        conf("perdition.conf", "ssl_no_client_cert_verify\nssl_listen_ciphers FILE\n");
        assertThat(parse("--ssl_no_cert_verify", "--ssl_outgoing_ciphers", "CLI").warnings())
                .anyMatch(w -> w.startsWith("ssl_no_client_cert_verify from the config file is used;"))
                .anyMatch(w -> w.startsWith("ssl_listen_ciphers from the config file is used;"));
    }

    /** perdition 2.2 takes add_domain's depth from the file whatever the command line says (no mask check). */
    @Test
    void addDomainDepthInTheFileGivesAWarningWhenTheCommandLineSetsAddDomain() throws Exception {
        conf("perdition.conf", "add_domain servername_lookup,0\n");
        LaunchOptions parsed = parse("-A", "servername_lookup");
        assertThat(parsed.values()).containsEntry("add_domain", "servername_lookup");
        assertThat(parsed.warnings()).contains("add_domain from the command line is used (servername_lookup, depth 1);"
                + " perdition 2.2 would use servername_lookup, depth 0: it takes the strip depth from the config"
                + " file's add_domain, and the file's states when the command line names none");
        conf("perdition.conf", "add_domain remote_login\n");
        assertThat(parse("-A", "2").warnings())
                .anyMatch(w -> w.contains("(no state); perdition 2.2 would use remote_login, depth 2:"));
        assertThat(parse("-A", "servername_lookup").warnings()).noneMatch(w -> w.startsWith("add_domain"));
        conf("perdition.conf", "add_domain remote_login,0\n");
        assertThat(parse("-A", "servername_lookup,0").warnings()).noneMatch(w -> w.startsWith("add_domain"));
    }

    @Test
    void capabilitySetsAllThreeUnlessOverriddenAtHigherPrecedence() throws Exception {
        conf("perdition.conf", "capability FILECAP\n");
        LaunchOptions parsed = parse("--pop_capability", "TOP.UIDL");
        assertThat(parsed.values()).containsEntry("pop_capability", "TOP.UIDL")
                .containsEntry("imap_capability", "FILECAP").containsEntry("managesieve_capability", "FILECAP")
                .doesNotContainKey("capability");

        conf("perdition.conf", "pop_capability FILEPOP\n");
        assertThat(parse("-I", "CLI").values()).containsEntry("pop_capability", "CLI")
                .containsEntry("imap_capability", "CLI");

        assertThat(parse("--pop_capability", "A", "-I", "B").values()).containsEntry("pop_capability", "B");
        assertThat(parse("-I", "B", "--pop_capability", "A").values()).containsEntry("pop_capability", "A")
                .containsEntry("imap_capability", "B");
    }

    @Test
    void serverOkLineIsStoredAsServerRespLine() throws Exception {
        assertThat(parse("--server_ok_line").values()).containsEntry("server_resp_line", "true")
                .doesNotContainKey("server_ok_line");
    }

    @Test
    void protocolComesFromTheInvocationName() throws Exception {
        assertThat(parseAs("perdition").protocol()).isEqualTo(Protocol.POP3);
        assertThat(parseAs("/usr/sbin/perdition.imaps").protocol()).isEqualTo(Protocol.IMAP4S);
        assertThat(parseAs("perdition.imap4s").protocol()).isEqualTo(Protocol.IMAP4S);
        assertThat(parseAs("perdition.imap4").protocol()).isEqualTo(Protocol.IMAP4);
        assertThat(parseAs("perdition.pop3s").protocol()).isEqualTo(Protocol.POP3S);
        assertThat(parseAs("perdition.managesieve").values()).containsEntry("protocol", "MANAGESIEVE");
        assertThat(parseAs("something-else").protocol()).isEqualTo(Protocol.POP3);
        assertThat(parseAs(null).protocol()).isEqualTo(Protocol.POP3);
    }

    @Test
    void protocolOptionBeatsInvocationNameAndFile() throws Exception {
        conf("perdition.conf", "protocol managesieve\n");
        assertThat(parseAs("perdition.imap4").protocol()).isEqualTo(Protocol.MANAGESIEVE);
        assertThat(parseAs("perdition.imap4", "-P", "pop3s").protocol()).isEqualTo(Protocol.POP3S);
    }

    @Test
    void unknownProtocolShouldExitWithStatus2() throws Exception {
        assertThat(failure("-P", "IMAP")).hasMessageStartingWith("perdition: unknown protocol: IMAP")
                .extracting(UsageException::exitStatus).isEqualTo(2);
        Path file = conf("perdition.conf", "\nP smtp\n");
        assertThat(failure()).hasMessageStartingWith("perdition: " + file + ":2: unknown protocol: smtp");
    }

    @Test
    void configFileSearchOrder() throws Exception {
        Path generic = conf("perdition.conf", "ok_line generic\n");
        assertThat(parseAs("perdition.imap4").configFile()).contains(generic);

        Path pop3 = conf("perdition.pop3.conf", "ok_line pop3\n");
        assertThat(parseAs("perdition").configFile()).contains(pop3);
        assertThat(parseAs("perdition.imap4").configFile()).contains(generic);
        assertThat(parseAs("my-proxy").configFile()).contains(pop3);

        Path imap4s = conf("perdition.imap4s.conf", "ok_line imap4s\n");
        assertThat(parseAs("perdition.imaps").configFile()).contains(imap4s);

        Path own = conf("my-proxy.conf", "ok_line mine\n");
        assertThat(parseAs("my-proxy").configFile()).contains(own);
        assertThat(parseAs("/opt/bin/my-proxy").values()).containsEntry("ok_line", "mine");
    }

    @Test
    void plainPerditionNeverReadsPerditionDotConfAsItsOwnName() {
        assertThat(ConfigFileLocator.candidates("perdition", dir)).containsExactly(
                dir.resolve("perdition.pop3.conf"), dir.resolve("perdition.conf"));
        assertThat(ConfigFileLocator.candidates("perdition.imaps", dir)).containsExactly(
                dir.resolve("perdition.imaps.conf"), dir.resolve("perdition.imap4s.conf"),
                dir.resolve("perdition.conf"));
        assertThat(ConfigFileLocator.candidates("perdition.imap4", dir)).containsExactly(
                dir.resolve("perdition.imap4.conf"), dir.resolve("perdition.conf"));
    }

    /** perdition 2.2 opens each candidate and moves on when it cannot, or when it is not a regular file. */
    @Test
    void aCandidateThatIsNoReadableRegularFileIsSkipped() throws Exception {
        Files.createDirectory(dir.resolve("perdition.pop3.conf"));
        Path generic = conf("perdition.conf", "ok_line generic\n");
        LaunchOptions parsed = parse();
        assertThat(parsed.configFile()).contains(generic);
        assertThat(parsed.values()).containsEntry("ok_line", "generic");
        assertThat(parsed.warnings()).contains(dir.resolve("perdition.pop3.conf")
                + ": not a readable regular file; skipped, as perdition 2.2 does");
        // An explicit -f stays an error.
        assertThat(failure("-f", dir.resolve("perdition.pop3.conf").toString()))
                .extracting(UsageException::exitStatus).isEqualTo(1);
    }

    @Test
    void protocolOptionDoesNotChangeTheConfigFileSearch() throws Exception {
        Path pop3 = conf("perdition.pop3.conf", "ok_line pop3\n");
        conf("perdition.imap4.conf", "ok_line imap4\n");
        LaunchOptions parsed = parseAs("perdition", "-P", "IMAP4");
        assertThat(parsed.configFile()).contains(pop3);
        assertThat(parsed.protocol()).isEqualTo(Protocol.IMAP4);
        assertThat(parsed.values()).containsEntry("ok_line", "pop3");
    }

    @Test
    void noConfigFileFoundMeansNoFile() throws Exception {
        assertThat(parse().configFile()).isEmpty();
        assertThat(parse().values()).containsOnlyKeys("protocol");
    }

    @Test
    void emptyConfigFileOptionMeansNoFile() throws Exception {
        conf("perdition.conf", "debug\n");
        LaunchOptions parsed = parse("-f", "");
        assertThat(parsed.configFile()).isEmpty();
        assertThat(parsed.values()).doesNotContainKey("debug");
    }

    @Test
    void explicitConfigFileThatCannotBeReadShouldExitWithStatus1() {
        UsageException e = failure("-f", dir.resolve("missing.conf").toString());
        assertThat(e.exitStatus()).isEqualTo(1);
        assertThat(e).hasMessageContaining("cannot read config file");
    }

    @Test
    void unknownOptionInFileShouldExitWithStatus2() throws Exception {
        Path file = conf("perdition.conf", "debug\nfoo bar\nok_line zz\n");
        UsageException e = failure();
        assertThat(e.exitStatus()).isEqualTo(2);
        assertThat(e).hasMessage("perdition: " + file + ":2: unknown option --foo");
        conf("perdition.conf", "Z\n");
        assertThat(failure()).hasMessageEndingWith(":1: unknown option -Z");
    }

    @Test
    void flagWithAValueInFileShouldExitWithStatus2() throws Exception {
        Path file = conf("perdition.conf", "debug yes\n");
        assertThat(failure()).hasMessage("perdition: " + file + ":1: trailing argument: yes")
                .extracting(UsageException::exitStatus).isEqualTo(2);
        conf("perdition.conf", "debug=yes\n");
        assertThat(failure()).hasMessageEndingWith(":1: option --debug does not take an argument");
    }

    @Test
    void valueOptionWithoutValueInFileShouldExitWithStatus2() throws Exception {
        conf("perdition.conf", "ok_line\n");
        assertThat(failure()).hasMessageEndingWith(":1: option --ok_line requires an argument");
    }

    /** As perdition 2.2 reads it: a line that starts with a blank is popt's next word, not an option. */
    @Test
    void anIndentedLineInTheFileIsTheValueOfTheOptionBefore() throws Exception {
        conf("perdition.conf", "protocol\n   imap4\nok_line\n\t a  b  \nconfig_file\n  /etc/other.conf\ndebug\n");
        LaunchOptions parsed = parse();
        assertThat(parsed.values()).containsEntry("protocol", "IMAP4").containsEntry("ok_line", "a  b")
                .containsEntry("debug", "true");
        conf("perdition.conf", "protocol\n   BOGUS\n");
        assertThat(failure()).hasMessageContaining(":1: unknown protocol: BOGUS");
    }

    @Test
    void aStrayIndentedWordInTheFileShouldExitWithStatus2() throws Exception {
        Path file = conf("perdition.conf", "  debug\n");
        assertThat(failure()).hasMessageStartingWith("perdition: " + file + ":1: trailing argument: debug (a line that"
                + " starts with a blank is not an option")
                .extracting(UsageException::exitStatus).isEqualTo(2);
        conf("perdition.conf", "debug\n  yes\n");
        assertThat(failure()).hasMessageContaining(":2: trailing argument: yes");
        conf("perdition.conf", "protocol pop3\n  imap4\n");
        assertThat(failure()).hasMessageContaining(":2: trailing argument: imap4");
        conf("perdition.conf", "ok_line=x\n  y\n");
        assertThat(failure()).hasMessageContaining(":2: trailing argument: y");
    }

    @Test
    void keyEqualsValueWorksInTheFile() throws Exception {
        conf("perdition.conf", "ok_line=x\nD=%\n");
        assertThat(parse().values()).containsEntry("ok_line", "x").containsEntry("domain_delimiter", "%");
        conf("perdition.conf", "ok_line=x y\n");
        assertThat(failure()).hasMessageEndingWith(":1: trailing argument: y");
    }

    @Test
    void referenceCase46ConfigGrammar() throws Exception {
        Path file = conf("perdition.conf", "query_key \\\\u\nok_line   a  b   \nD a\\#b\nconnect_relog 77");
        LaunchOptions parsed = parse();
        assertThat(parsed.values()).containsEntry("query_key", "\\u").containsEntry("ok_line", "a  b")
                .containsEntry("domain_delimiter", "a#b").containsEntry("connect_relog", "77");
        assertThat(parsed.warnings())
                .contains(file + ":4: last line has no newline; perdition 2.2 ignores it");
    }

    @Test
    void helpAndConfigFileInsideAFileAreIgnoredWithAWarning() throws Exception {
        Path file = conf("perdition.conf", "help\nconfig_file /etc/other.conf\nf ''\ndebug\n");
        LaunchOptions parsed = parse();
        assertThat(parsed.help()).isFalse();
        assertThat(parsed.configFile()).contains(file);
        assertThat(parsed.values()).containsEntry("debug", "true");
        assertThat(parsed.warnings()).contains(file + ":1: help is ignored in a config file",
                file + ":2: config_file is ignored in a config file",
                file + ":3: config_file is ignored in a config file");
    }

    @Test
    void helpDoesNotReadTheConfigFile() throws Exception {
        conf("perdition.conf", "no_such_option\n");
        LaunchOptions parsed = parse("--help");
        assertThat(parsed.help()).isTrue();
        assertThat(parsed.configFile()).isEmpty();
    }

    @Test
    void logPasswdMustBeAKnownState() throws Exception {
        assertThat(parse("--log_passwd", "Always").values()).containsEntry("log_passwd", "always");
        assertThat(failure("--log_passwd", "sometimes")).hasMessageContaining("--log_passwd")
                .extracting(UsageException::exitStatus).isEqualTo(2);
    }

    @Test
    void pidFileMustBeAbsoluteOrEmpty() throws Exception {
        assertThat(parse("--pid_file", "").values()).containsEntry("pid_file", "");
        assertThat(failure("--pid_file", "run/p.pid")).hasMessageContaining("absolute path")
                .extracting(UsageException::exitStatus).isEqualTo(2);
    }

    @Test
    void sslModeIsValidated() throws Exception {
        assertThat(parse("--ssl_mode", "NONE,none").values()).containsEntry("ssl_mode", "none");
        assertThat(parse("--ssl_mode", "none,tls_listen", "--ssl_mode", "ssl_outgoing").values())
                .containsEntry("ssl_mode", "tls_listen,ssl_outgoing");
        assertThat(failure("--ssl_mode", "")).hasMessage("perdition: unknown ssl_mode: ")
                .extracting(UsageException::exitStatus).isEqualTo(2);
        assertThat(failure("--ssl_mode", "starttls")).hasMessage("perdition: unknown ssl_mode: starttls");
        assertThat(failure("--ssl_mode", "tls_all", "--ssl_mode", "ssl_listen"))
                .hasMessageContaining("invalid ssl_mode combination")
                .extracting(UsageException::exitStatus).isEqualTo(2);
        assertThat(failure("--ssl_mode", "ssl_outgoing,tls_outgoing_force"))
                .hasMessageContaining("invalid ssl_mode combination");
        assertThat(parse("--ssl_mode", "ssl_listen,tls_outgoing_force").values())
                .containsEntry("ssl_mode", "ssl_listen,tls_outgoing_force");
    }

    /** An explicit empty ssl_mode is not "unset": perdition 2.2 stops, so the file's ssl_mode is not dropped. */
    @Test
    void emptySslModeShouldExitWithStatus2FromTheFileToo() throws Exception {
        Path file = conf("perdition.conf", "ssl_mode \"\"\n");
        assertThat(failure()).hasMessage("perdition: " + file + ":1: unknown ssl_mode: ");
        conf("perdition.conf", "ssl_mode tls_listen\n");
        assertThat(failure("--ssl_mode", "")).hasMessage("perdition: unknown ssl_mode: ");
    }

    /** perdition 2.2 checks them at start, TLS or not; we did only when a side speaks TLS. */
    @Test
    void unknownProtoVersionsShouldExitWithStatus2WithoutTls() throws Exception {
        for (String side : List.of("listen", "outgoing")) {
            for (String bound : List.of("min", "max")) {
                String name = "ssl_" + side + "_" + bound + "_proto_version";
                assertThat(failure("--" + name, "bogus"))
                        .hasMessage("perdition: unknown " + name + ": bogus (use tlsv1.2 or tlsv1.3)")
                        .extracting(UsageException::exitStatus).isEqualTo(2);
                for (String known : List.of("TLSv1.2", "tlsv1.3", "tlsv1", "sslv3")) {
                    assertThat(parse("--" + name, known).values()).containsEntry(name, known);
                }
            }
        }
        assertThat(failure("--ssl_listen_min_proto_version", "")).hasMessageContaining("unknown");
        assertThat(parse("--ssl_listen_max_proto_version", "").values())
                .containsEntry("ssl_listen_max_proto_version", "");
        Path file = conf("perdition.conf", "ssl_outgoing_max_proto_version tls1.3\n");
        assertThat(failure()).hasMessageStartingWith("perdition: " + file + ":1: unknown ssl_outgoing_max_proto");
    }

    @Test
    void inetdModeAndAuthenticateInShouldBeAcceptedAsFlags() throws Exception {
        LaunchOptions parsed = parse("-d", "--ssl_cert_file", "/etc/cert.pem", "-i", "-a");
        parsed.rejectUnsupported();
        assertThat(parsed.values()).containsEntry("inetd_mode", "true").containsEntry("authenticate_in", "true");
    }

    @Test
    void inetdModeAndAuthenticateInShouldBeAcceptedFromTheFileToo() throws Exception {
        conf("perdition.conf", "ssl_no_cn_verify\ninetd_mode\nauthenticate_in\n");
        LaunchOptions parsed = parse();
        parsed.rejectUnsupported();
        assertThat(parsed.values()).containsEntry("inetd_mode", "true").containsEntry("authenticate_in", "true");
    }

    @Test
    void sslModeIsAcceptedWithEveryValue() throws Exception {
        parse("--ssl_mode", "none").rejectUnsupported();
        parse("--ssl_mode", "tls_listen").rejectUnsupported();
        parse("--ssl_mode", "ssl_listen,tls_outgoing_force").rejectUnsupported();
    }

    @Test
    void everySupportedOptionPassesRejectUnsupported() throws Exception {
        for (PerditionOption option : PerditionOption.values()) {
            if (option.supported() && option != PerditionOption.CONFIG_FILE) {
                List<String> argv = new ArrayList<>(List.of(option.display()));
                if (option.takesArgument()) {
                    argv.add(sample(option)[0]);
                }
                parse(argv.toArray(String[]::new)).rejectUnsupported();
            }
        }
    }

    @Test
    void usernameAndGroupOnlyWarnWhenTheyAreNotTheRunningIdentity() {
        RunAsCheck check = new RunAsCheck(java.util.Optional.of("mail"), java.util.Optional.of("8"),
                java.util.Optional.of("mail"), java.util.Optional.of("8"));
        assertThat(check.warnings(Map.of("username", "mail", "group", "8"))).isEmpty();
        assertThat(check.warnings(Map.of("username", "nobody", "group", "nogroup")))
                .containsExactly(
                        "--username nobody is ignored: perdition-camel does not change user and keeps running as"
                                + " mail; start it as nobody instead (systemd User=/Group=)",
                        "--group nogroup is ignored: perdition-camel does not change group and keeps running as"
                                + " mail; start it as nogroup instead (systemd User=/Group=)");
    }

    @Test
    void valuesKeepProtocolFirstAndAreReadOnly() throws Exception {
        LaunchOptions parsed = parse("-d", "-P", "imap4");
        assertThat(parsed.values().keySet()).containsExactly("protocol", "debug");
        assertThatThrownBy(() -> parsed.values().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void helpListsSupportedOptionsOnly() {
        String help = PerditionCommandLine.help();
        assertThat(help).startsWith("perdition-camel").contains("Usage: perdition [options]");
        for (PerditionOption option : PerditionOption.values()) {
            if (option.supported()) {
                assertThat(help).contains(option.display());
                option.shortName().ifPresent(c -> assertThat(help).contains("-" + c + ", " + option.display()));
            } else {
                assertThat(help).doesNotContain(option.display() + " ").doesNotContain(option.display() + "\n");
            }
        }
        assertThat(help).contains("--pop_capability STRING").contains("Default: UIDL.USER");
    }

    @Test
    void defaultConfigDirIsEtcPerditionUnlessTheEnvironmentSaysOtherwise() {
        String env = System.getenv("PERDITION_CONFIG_DIR");
        Path expected = env == null || env.isEmpty() ? Path.of("/etc/perdition") : Path.of(env);
        assertThat(PerditionCommandLine.defaultConfigDir()).isEqualTo(expected);
    }

    @Test
    void debianSampleConfigParsesWithoutError() throws Exception {
        Path sample = Path.of("src/test/resources/config/debian-perdition.conf").toAbsolutePath();
        LaunchOptions parsed = parse("-f", sample.toString());
        assertThat(parsed.configFile()).contains(sample);
        assertThat(parsed.values()).containsOnlyKeys("protocol");
        assertThat(parsed.warnings()).isEmpty();
    }
}
