package org.perditioncamel.protocol;

import java.util.Optional;

import org.perditioncamel.config.Settings;

/**
 * What the dialects answer before login, read once: the greeting's host (-n no_lookup, -B no_bind_banner) and the
 * capability strings. An unset capability is perdition's default, which each protocol's capabilities class keeps
 * (Pop3Capabilities, ImapCapabilities, ManageSieveCapabilities); a set one is used as given, "" included.
 */
public record DialectSettings(boolean noLookup, boolean noBindBanner, Optional<String> popCapability,
                              Optional<String> imapCapability, Optional<String> managesieveCapability,
                              boolean imapAdvertiseAuth) {
    /** Beyond perdition: SASL-IR and AUTH=PLAIN in the IMAP capability list (default on; off is perdition's list). */
    public static final String IMAP_ADVERTISE_AUTH_KEY = "imap_advertise_auth";

    public static DialectSettings from(Settings s) {
        return new DialectSettings(s.flag("no_lookup"), s.flag("no_bind_banner"), s.get("pop_capability"),
                s.get("imap_capability"), s.get("managesieve_capability"),
                s.get(IMAP_ADVERTISE_AUTH_KEY).isEmpty() || s.flag(IMAP_ADVERTISE_AUTH_KEY));
    }
}
