package org.perditioncamel.policy;

import java.util.Map;
import java.util.Optional;

/**
 * One request of Postfix's policy delegation protocol: its name=value attributes, or why it cannot be read
 * (a line without '=', or more than policy.max_request_bytes). toString never shows values: they hold addresses
 * and, with SASL, user names.
 */
public record PolicyRequest(Map<String, String> attributes, Optional<String> malformed, boolean oversized) {

    public static PolicyRequest of(Map<String, String> attributes) {
        return new PolicyRequest(Map.copyOf(attributes), Optional.empty(), false);
    }

    public static PolicyRequest malformed(String reason) {
        return new PolicyRequest(Map.of(), Optional.of(reason), false);
    }

    public static PolicyRequest tooLong(int limit) {
        return new PolicyRequest(Map.of(), Optional.of("longer than " + limit + " bytes"), true);
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    @Override
    public String toString() {
        return "PolicyRequest[" + attributes.size() + " attributes" + malformed.map(m -> ", malformed: " + m).orElse("") + "]";
    }
}
