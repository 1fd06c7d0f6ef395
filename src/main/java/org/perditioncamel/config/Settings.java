package org.perditioncamel.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed read access to the configuration. Keys are perdition's option names (outgoing_server, query_key, …);
 * values come from the command line or perdition.conf (override properties), config/application.properties,
 * then the classpath defaults, in that order of precedence.
 */
public final class Settings {
    private final Function<String, Optional<String>> source;

    public Settings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    public static Settings of(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Properties[] stored = new Properties[1];
        return new Settings(key -> {
            Optional<String> resolved = properties.resolveProperty(key);
            if (resolved.isEmpty()) {
                return resolved;
            }
            if (stored[0] == null) {
                stored[0] = properties.loadProperties();
            }
            return Optional.of(verbatim(resolved.get(), stored[0].getProperty(key), System.getProperty(key)));
        });
    }

    /**
     * The value as written. Camel's placeholder parser drops the last backslash of a value (a query_key of
     * backslash-u becomes "u", and "nomatch-backslash-u,backslash-u" loses its last key's escape); perdition's values
     * (query_key formats, regular expressions) need every one. Of the stored texts (properties files and the command line, or a Java
     * system property) the one Camel resolved is taken as written, unless it holds a placeholder.
     */
    static String verbatim(String resolved, String... candidates) {
        for (String raw : candidates) {
            if (raw != null && !raw.contains("{{") && (raw.equals(resolved) || withoutLastBackslash(raw).equals(resolved))) {
                return raw;
            }
        }
        return resolved;
    }

    private static String withoutLastBackslash(String raw) {
        int last = raw.lastIndexOf('\\');
        return last < 0 ? raw : raw.substring(0, last) + raw.substring(last + 1);
    }

    /** For tests and tools: a fixed map of values. */
    public static Settings of(java.util.Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    public Optional<String> get(String key) {
        return source.apply(key);
    }

    public String string(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** An empty value counts as unset, as in perdition where "" means "no value" for most string options. */
    public Optional<String> nonEmpty(String key) {
        return get(key).filter(v -> !v.isEmpty());
    }

    public int integer(String key, int defaultValue) {
        Optional<String> v = get(key).map(String::trim);
        if (v.isEmpty()) {
            return defaultValue;
        }
        if (v.get().isEmpty()) {
            return 0;   // perdition: an empty integer counts as digits and gives 0
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Parameter to " + key + " must be a positive integer: " + v.get());
        }
    }

    public long longValue(String key, long defaultValue) {
        Optional<String> v = get(key).map(String::trim).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number: " + v.get());
        }
    }

    /** perdition flags: present means on. In properties files we also accept true/false, yes/no, on/off. */
    public boolean flag(String key) {
        Optional<String> v = get(key).map(s -> s.trim().toLowerCase(Locale.ROOT));
        if (v.isEmpty()) {
            return false;
        }
        switch (v.get()) {
            case "":
            case "true":
            case "yes":
            case "on":
            case "1":
                return true;
            case "false":
            case "no":
            case "off":
            case "0":
                return false;
            default:
                throw new IllegalArgumentException(key + " is a flag; use true or false, not " + v.get());
        }
    }

    /** A comma-separated list; empty items are dropped. */
    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        for (String item : get(key).orElse("").split(",")) {
            String t = item.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
