package org.perditioncamel.throttle;

/** Which count refused an attempt; its name is the Auth line's reason ("failed: throttled (user)"). */
public enum ThrottleKey {
    IP("client address"),
    USER("user"),
    USER_IP("user and client address");

    private final String description;

    ThrottleKey(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
