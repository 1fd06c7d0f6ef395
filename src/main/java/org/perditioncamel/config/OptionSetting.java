package org.perditioncamel.config;

/** One option occurrence with its checked, normalised value ("true" for flags) and origin ("" or "file:line"). */
record OptionSetting(PerditionOption option, String value, String origin) {
}
