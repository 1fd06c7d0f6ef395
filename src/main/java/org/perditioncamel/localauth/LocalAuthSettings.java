package org.perditioncamel.localauth;

import org.perditioncamel.config.Settings;

/**
 * authenticate_in (perdition's -a) and the keys beyond perdition that choose and size the check, read once. The one
 * place their defaults are written in code; the method's own keys are read by {@link LdapBindCheck#settings} and
 * {@link SqlHashSettings}.
 *
 * @param enabled    authenticate_in: check the password locally before the popmap lookup and the backend
 * @param method     authenticate_in.method: pam (perdition's), ldap or sql
 * @param pamService authenticate_in.pam_service: the PAM service, /etc/pam.d/&lt;name&gt;
 * @param poolSize   authenticate_in.pool_size: checks that may block at once (threads; LDAP and SQL connections)
 * @param queueSize  authenticate_in.queue_size: checks that may wait for one of those threads
 */
public record LocalAuthSettings(boolean enabled, Method method, String pamService, int poolSize, int queueSize) {
    public static final String PREFIX = "authenticate_in.";
    static final String METHOD_KEY = PREFIX + "method";
    /** The keys routes/local-authentication.camel.yaml reads as placeholders for its threads step. */
    public static final String POOL_SIZE_KEY = PREFIX + "pool_size";
    public static final String QUEUE_SIZE_KEY = PREFIX + "queue_size";
    /** The service perdition's Debian package ships /etc/pam.d/perdition for. */
    static final String DEFAULT_PAM_SERVICE = "perdition";
    static final int DEFAULT_POOL_SIZE = 8;
    static final int DEFAULT_QUEUE_SIZE = 1000;

    public LocalAuthSettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException(POOL_SIZE_KEY + " must be at least 1: " + poolSize);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException(QUEUE_SIZE_KEY + " must be at least 1: " + queueSize);
        }
        if (pamService.isEmpty() || pamService.contains("/")) {
            throw new IllegalArgumentException(PREFIX + "pam_service must be a file name in /etc/pam.d: \""
                    + pamService + "\"");
        }
    }

    public static LocalAuthSettings from(Settings s) {
        return new LocalAuthSettings(
                s.flag("authenticate_in"),
                s.nonEmpty(METHOD_KEY).map(Method::named).orElse(Method.PAM),
                s.string(PREFIX + "pam_service", DEFAULT_PAM_SERVICE).trim(),
                s.integer(POOL_SIZE_KEY, DEFAULT_POOL_SIZE),
                s.integer(QUEUE_SIZE_KEY, DEFAULT_QUEUE_SIZE));
    }
}
