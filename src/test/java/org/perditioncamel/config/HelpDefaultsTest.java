package org.perditioncamel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perditioncamel.listener.ListenerSettings;
import org.perditioncamel.log.LogSettings;
import org.perditioncamel.login.LoginSettings;
import org.perditioncamel.popmap.PopmapSettings;
import org.perditioncamel.tls.TlsSettings;

/** --help states defaults as text; they must be the values the settings records really use. */
class HelpDefaultsTest {
    private static final Settings NOTHING = Settings.of(Map.of());

    @Test
    void helpShouldShowTheDefaultsTheRecordsUse() {
        ListenerSettings listener = ListenerSettings.from(NOTHING);
        LoginSettings login = LoginSettings.from(NOTHING);
        TlsSettings tls = TlsSettings.from(NOTHING);
        assertThat(help(PerditionOption.CONNECTION_LIMIT)).isEqualTo(String.valueOf(listener.connectionLimit()));
        assertThat(help(PerditionOption.AUTHENTICATE_TIMEOUT))
                .isEqualTo(String.valueOf(listener.authenticateTimeoutSeconds()));
        assertThat(help(PerditionOption.TIMEOUT)).isEqualTo(String.valueOf(login.timeoutSeconds()));
        assertThat(help(PerditionOption.CONNECT_RELOG)).isEqualTo(String.valueOf(login.connectRelogSeconds()));
        assertThat(help(PerditionOption.OK_LINE)).isEqualTo(login.okLine());
        assertThat(help(PerditionOption.DOMAIN_DELIMITER)).isEqualTo(PopmapSettings.from(NOTHING).domainDelimiter());
        assertThat(help(PerditionOption.LOG_FACILITY)).isEqualTo(LogSettings.from(NOTHING).logFacility());
        assertThat(help(PerditionOption.SSL_CERT_FILE)).isEqualTo(tls.certFile().toString());
        assertThat(help(PerditionOption.SSL_KEY_FILE)).isEqualTo(tls.keyFile().toString());
        assertThat(help(PerditionOption.SSL_CERT_VERIFY_DEPTH)).isEqualTo(String.valueOf(tls.certVerifyDepth()));
        assertThat(help(PerditionOption.SSL_PASSPHRASE_FD)).isEqualTo(String.valueOf(tls.passphraseFd()));
    }

    private static String help(PerditionOption option) {
        return option.defaultText();
    }
}
