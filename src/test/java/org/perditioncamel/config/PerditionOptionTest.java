package org.perditioncamel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class PerditionOptionTest {

    @Test
    void shortNamesAreUniqueAndFindTheirOption() {
        for (PerditionOption option : PerditionOption.values()) {
            assertThat(PerditionOption.byLongName(option.longName())).contains(option);
            option.shortName().ifPresent(c -> assertThat(PerditionOption.byShortName(c)).contains(option));
        }
        long shorts = Arrays.stream(PerditionOption.values()).filter(o -> o.shortName().isPresent()).count();
        long distinct = Arrays.stream(PerditionOption.values()).map(PerditionOption::shortName)
                .flatMap(Optional::stream).distinct().count();
        assertThat(distinct).isEqualTo(shorts).isEqualTo(30);
        assertThat(PerditionOption.values()).hasSize(72);   // perdition 2.2's 69, --version, routes_directory, routes_reload
    }

    @Test
    void exactlyTheAgreedOptionsAreSupported() {
        Set<String> supported = Arrays.stream(PerditionOption.values()).filter(PerditionOption::supported)
                .map(PerditionOption::longName).collect(Collectors.toSet());
        assertThat(supported).containsExactlyInAnyOrder("protocol", "listen_port", "bind_address", "inetd_mode",
                "no_bind_banner", "no_lookup", "connection_limit", "tcp_keepalive", "config_file", "help", "version",
                "no_daemon", "pid_file", "username", "group", "outgoing_server", "outgoing_port", "map_library",
                "map_library_opt", "query_key", "client_server_specification", "username_from_database",
                "domain_delimiter", "explicit_domain", "strip_domain", "add_domain", "lower_case",
                "authenticate_timeout", "timeout", "connect_relog", "log_facility", "debug", "quiet",
                "connection_logging", "log_passwd", "pop_capability", "imap_capability",
                "managesieve_capability", "capability", "ok_line", "server_resp_line", "server_ok_line",
                "login_disabled", "authenticate_in", "ssl_mode", "ssl_cert_file", "ssl_key_file", "ssl_ca_file", "ssl_ca_path",
                "ssl_ca_chain_file", "ssl_dh_params_file", "ssl_listen_ciphers", "ssl_outgoing_ciphers",
                "ssl_listen_min_proto_version", "ssl_outgoing_min_proto_version", "ssl_listen_max_proto_version",
                "ssl_outgoing_max_proto_version", "ssl_listen_compression", "ssl_outgoing_compression",
                "ssl_no_cipher_server_preference", "ssl_no_cert_verify", "ssl_no_client_cert_verify",
                "ssl_no_cn_verify", "ssl_cert_accept_self_signed", "ssl_ca_accept_self_signed",
                "ssl_cert_accept_expired", "ssl_cert_accept_not_yet_valid", "ssl_cert_verify_depth",
                "ssl_passphrase_fd", "ssl_passphrase_file", "routes_directory", "routes_reload");
        assertThat(Arrays.stream(PerditionOption.values()).filter(o -> o.longName().startsWith("ssl_")))
                .allMatch(PerditionOption::supported);
    }

    @Test
    void sslModeIsAcceptedWithEveryValue() {
        assertThat(PerditionOption.SSL_MODE.supportsValue("")).isTrue();
        assertThat(PerditionOption.SSL_MODE.supportsValue("none")).isTrue();
        assertThat(PerditionOption.SSL_MODE.supportsValue("tls_listen")).isTrue();
        assertThat(PerditionOption.SSL_CERT_FILE.supportsValue("")).isTrue();
        assertThat(PerditionOption.AUTHENTICATE_IN.supportsValue("true")).isTrue();
        assertThat(PerditionOption.INETD_MODE.supportsValue("true")).isTrue();
        assertThat(PerditionOption.DEBUG.supportsValue("true")).isTrue();
    }

    @Test
    void kindsMatchPerdition() {
        assertThat(Arrays.stream(PerditionOption.values()).filter(o -> o.kind() == OptionKind.INTEGER)
                .map(PerditionOption::longName)).containsExactlyInAnyOrder("connection_limit", "timeout",
                "authenticate_timeout", "connect_relog", "ssl_passphrase_fd");
        assertThat(Arrays.stream(PerditionOption.values()).filter(o -> o.kind() == OptionKind.STATE_LIST)
                .map(PerditionOption::longName)).containsExactlyInAnyOrder("strip_domain", "add_domain",
                "lower_case", "ssl_mode");
        assertThat(Arrays.stream(PerditionOption.values()).filter(o -> o.kind() == OptionKind.REPLACE_LIST)
                .map(PerditionOption::longName)).containsExactlyInAnyOrder("outgoing_server", "bind_address",
                "query_key");
        assertThat(PerditionOption.POP_CAPABILITY.defaultText()).isEqualTo("UIDL.USER");
    }
}
