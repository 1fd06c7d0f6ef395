package org.perditioncamel.localauth;

/**
 * One way authenticate_in checks a password: PAM, an LDAP bind or a hash from SQL. Called on the local-authentication
 * route's own pool, so it may block; never logs the password.
 */
interface PasswordCheck extends AutoCloseable {

    /**
     * True when the password is right for this user; false when it is wrong or the user is unknown.
     *
     * @param clientHost the client's address, for PAM's PAM_RHOST
     * @throws CheckUnavailableException the service could not say (down, misconfigured): not the user's fault
     */
    boolean check(String user, String password, String clientHost) throws CheckUnavailableException;

    /** Releases pools and connections when Camel stops. */
    @Override
    void close();
}
