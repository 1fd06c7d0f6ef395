package org.perditioncamel.config;

import java.util.Optional;

/**
 * One line of a perdition.conf: the key as written (quotes and escapes resolved) and its value, if any. An empty key
 * is a bare word (a line that starts with a blank, or an empty quoted key): perdition 2.2 hands it to popt as a plain
 * argument, so it is the value of the option before it or a stray word.
 */
public record ConfEntry(String key, Optional<String> value, int line) {

    public boolean bare() {
        return key.isEmpty();
    }
}
