package org.perditioncamel.throttle;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Brute-force throttling, local to this instance: failed logins counted per client address, per user and per user
 * and address, each over a sliding window (throttle.*). An attempt whose key has reached its threshold is refused
 * before the popmap or any backend is asked. A successful login forgets its user-and-address failures, so a user who
 * mistyped a few times is not held back afterwards; the address and user counts stay, as they catch spraying.
 * All calls are short and lock only one key's window: safe from Camel threads, never blocking.
 */
public final class LoginThrottle {
    private final ThrottleSettings settings;
    private final LongSupplier nanoClock;
    private final Consumer<String> log;
    private final FailureCounts byIp;
    private final FailureCounts byUser;
    private final FailureCounts byUserIp;

    public LoginThrottle(ThrottleSettings settings, Consumer<String> log) {
        this(settings, log, System::nanoTime);
    }

    LoginThrottle(ThrottleSettings settings, Consumer<String> log, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.log = log;
        long window = settings.windowSeconds();
        this.byIp = new FailureCounts(settings.ipFailures(), window, settings.maxKeys(), nanoClock);
        this.byUser = new FailureCounts(settings.userFailures(), window, settings.maxKeys(), nanoClock);
        this.byUserIp = new FailureCounts(settings.userIpFailures(), window, settings.maxKeys(), nanoClock);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public long delayMillis() {
        return settings.delayMillis();
    }

    /**
     * The count that refuses this attempt, if any; the address first, as it is the cheapest to hold back. An attempt
     * may name several users (SASL PLAIN's authentication and authorisation ids): refused if any is held back.
     */
    public Optional<ThrottleKey> refuses(String clientAddress, List<String> users) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        long now = nanoClock.getAsLong();
        if (byIp.exceeded(clientAddress, now)) {
            return Optional.of(ThrottleKey.IP);
        }
        for (String user : users) {
            String name = normalised(user);
            if (byUser.exceeded(name, now)) {
                return Optional.of(ThrottleKey.USER);
            }
            if (byUserIp.exceeded(userIp(name, clientAddress), now)) {
                return Optional.of(ThrottleKey.USER_IP);
            }
        }
        return Optional.empty();
    }

    /**
     * A failure that counts (wrong password, unknown user); logs the moment a key reaches its threshold. The address
     * counts once, each user the attempt names once.
     */
    public void failed(String clientAddress, List<String> users) {
        if (!settings.enabled()) {
            return;
        }
        long now = nanoClock.getAsLong();
        count(byIp, clientAddress, now, ThrottleKey.IP, clientAddress);
        for (String name : users.stream().map(LoginThrottle::normalised).distinct().toList()) {
            count(byUser, name, now, ThrottleKey.USER, "user " + name);
            count(byUserIp, userIp(name, clientAddress), now, ThrottleKey.USER_IP, "user " + name + " from " + clientAddress);
        }
    }

    public void succeeded(String clientAddress, List<String> users) {
        if (settings.enabled()) {
            users.forEach(user -> byUserIp.forget(userIp(normalised(user), clientAddress)));
        }
    }

    private void count(FailureCounts counts, String key, long now, ThrottleKey kind, String who) {
        if (!counts.counted()) {
            return;
        }
        boolean before = counts.exceeded(key, now);
        counts.failed(key, now);
        if (!before && counts.exceeded(key, now)) {
            log.accept("Throttling logins for " + who + ": " + counts.threshold() + " failures within "
                    + settings.windowSeconds() + "s (throttle." + kind.name().toLowerCase(Locale.ROOT) + "_failures)");
        }
    }

    /** Failures counted now for a key kind, for tests and the operator's curiosity. */
    int failures(ThrottleKey kind, String clientAddress, String user) {
        long now = nanoClock.getAsLong();
        String name = normalised(user);
        switch (kind) {
            case IP: return byIp.count(clientAddress, now);
            case USER: return byUser.count(name, now);
            default: return byUserIp.count(userIp(name, clientAddress), now);
        }
    }

    /** Names longer than this are kept as a digest: 100 000 keys of 8 KiB IMAP literals would hold gigabytes. */
    static final int MAX_KEY_NAME = 256;

    /** Mail servers mostly ignore case in user names; an attacker must not get a fresh count by changing it. */
    static String normalised(String user) {
        String name = user == null ? "" : user.toLowerCase(Locale.ROOT);
        if (name.length() <= MAX_KEY_NAME) {
            return name;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return name.substring(0, 32) + "…sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);   // every JDK has SHA-256
        }
    }

    private static String userIp(String user, String clientAddress) {
        // NUL cannot appear in a user name the dialects accept, so the pair cannot collide with another
        return user + '\0' + clientAddress;
    }
}
