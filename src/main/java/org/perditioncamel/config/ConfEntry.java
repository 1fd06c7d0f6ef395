package org.perditioncamel.config;

import java.util.Optional;

/** One option line of a perdition.conf: the key as written (quotes and escapes resolved) and its value, if any. */
public record ConfEntry(String key, Optional<String> value, int line) {
}
