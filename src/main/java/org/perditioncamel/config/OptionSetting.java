package org.perditioncamel.config;

/**
 * One option occurrence, from the command line or a config file line, value already checked and normalised.
 * Flags carry "true". The origin is "" for the command line and "file:line" for a config file.
 */
record OptionSetting(PerditionOption option, String value, String origin) {
}
