package org.perditioncamel.localauth;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import org.jvnet.libpam.impl.CLibrary;
import org.jvnet.libpam.impl.PAMLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * perdition's -a: pam_start with the service (perdition's Debian package ships /etc/pam.d/perdition), PAM_RHOST,
 * PAM_RUSER and PAM_USER set, pam_authenticate then pam_acct_mgmt, as perdition's pam.c does; the conversation
 * answers every hidden prompt with the password.
 *
 * <p>libpam4j's {@code PAM.authenticate} is not used: it also calls pam_setcred and then insists on a Unix account
 * (getpwnam), which virtual mail users from pam_pwdfile, pam_ldap or pam_mysql do not have, and it reports every
 * failure as the same exception. Its JNA binding of libpam is used directly instead, so the return code tells a wrong
 * password from a broken service.
 */
final class PamCheck implements PasswordCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PamCheck.class);
    // Linux-PAM's _pam_types.h
    private static final int PAM_SUCCESS = 0;
    private static final int PAM_BUF_ERR = 5;
    private static final int PAM_RHOST = 4;
    private static final int PAM_RUSER = 8;
    /**
     * The codes that refuse these credentials: PERM_DENIED, AUTH_ERR, CRED_INSUFFICIENT, USER_UNKNOWN, MAXTRIES,
     * NEW_AUTHTOK_REQD, ACCT_EXPIRED, CRED_EXPIRED, AUTHTOK_EXPIRED. Any other (a module that cannot be loaded,
     * AUTHINFO_UNAVAIL from a directory that is down, SYSTEM_ERR...) is the service's trouble, not the user's.
     */
    private static final Set<Integer> REFUSED = Set.of(6, 7, 8, 10, 11, 12, 13, 16, 27);

    private final String service;

    PamCheck(String service) {
        this.service = service;
        try {
            // loads libpam now, so a machine without it fails at start, not at the first login
            java.util.Objects.requireNonNull(PAMLibrary.libpam);
        } catch (LinkageError e) {
            throw new IllegalArgumentException("authenticate_in: libpam cannot be loaded: " + e.getMessage(), e);
        }
        Path file = Path.of("/etc/pam.d", service);
        if (!Files.isReadable(file)) {
            LOG.warn("authenticate_in: there is no {}; PAM uses its \"other\" service instead", file);
        }
    }

    @Override
    public boolean check(String user, String password, String clientHost) throws CheckUnavailableException {
        Conversation conversation = new Conversation(password);
        PAMLibrary.pam_conv conv = new PAMLibrary.pam_conv(conversation);
        PointerByReference handle = new PointerByReference();
        int rc = PAMLibrary.libpam.pam_start(service, user, conv, handle);
        if (rc != PAM_SUCCESS) {
            throw new CheckUnavailableException("PAM service " + service + ": pam_start failed (" + rc + ")");
        }
        PAMLibrary.pam_handle_t pamh = new PAMLibrary.pam_handle_t(handle.getValue());
        try {
            rc = PAMLibrary.libpam.pam_set_item(pamh, PAM_RHOST, clientHost);
            if (rc == PAM_SUCCESS) {
                rc = PAMLibrary.libpam.pam_set_item(pamh, PAM_RUSER, user);
            }
            if (rc == PAM_SUCCESS) {
                rc = PAMLibrary.libpam.pam_authenticate(pamh, 0);
            }
            if (rc == PAM_SUCCESS) {
                rc = PAMLibrary.libpam.pam_acct_mgmt(pamh, 0);
            }
            if (rc == PAM_SUCCESS) {
                return true;
            }
            if (REFUSED.contains(rc)) {
                return false;
            }
            throw new CheckUnavailableException("PAM service " + service + ": "
                    + PAMLibrary.libpam.pam_strerror(pamh, rc));
        } finally {
            PAMLibrary.libpam.pam_end(pamh, rc);
            // libpam calls back into the conversation until pam_end: it must not be collected before
            Reference.reachabilityFence(conv);
            Reference.reachabilityFence(conversation);
        }
    }

    @Override
    public void close() {
        // nothing held between checks: each has its own PAM handle
    }

    @Override
    public String toString() {
        return "PAM service " + service;
    }

    /** Answers each PAM_PROMPT_ECHO_OFF with the password, in memory libpam frees itself (calloc). */
    private static final class Conversation implements PAMLibrary.pam_conv.PamCallback {
        private final byte[] password;

        Conversation(String password) {
            this.password = password.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int callback(int count, Pointer messages, Pointer responses, Pointer appdata) {
            Pointer answers = CLibrary.libc.calloc(PAMLibrary.pam_response.SIZE, count);
            if (answers == null) {
                return PAM_BUF_ERR;
            }
            for (int i = 0; i < count; i++) {
                PAMLibrary.pam_message message = new PAMLibrary.pam_message(
                        messages.getPointer((long) Native.POINTER_SIZE * i));
                if (message.msg_style == PAMLibrary.PAM_PROMPT_ECHO_OFF) {
                    PAMLibrary.pam_response answer = new PAMLibrary.pam_response(
                            answers.share((long) PAMLibrary.pam_response.SIZE * i));
                    Pointer text = CLibrary.libc.calloc(1, password.length + 1);
                    if (text == null) {
                        return PAM_BUF_ERR;
                    }
                    text.write(0, password, 0, password.length);
                    answer.resp = text;
                    answer.resp_retcode = 0;
                    answer.write();
                }
            }
            responses.setPointer(0, answers);
            return PAM_SUCCESS;
        }
    }
}
