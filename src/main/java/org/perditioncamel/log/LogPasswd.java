package org.perditioncamel.log;

import java.util.Locale;

/** perdition's --log_passwd: which Auth outcomes may show the password (and only with --debug). */
public enum LogPasswd {
    NEVER, FAIL, OK, ALWAYS;

    public static LogPasswd parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("log_passwd must be one of never, fail, ok, always, not " + value);
        }
    }

    /** perdition 2.2 also logs successes under "fail" (its §14 bug 12); here fail means failures only. */
    public boolean allows(boolean ok) {
        switch (this) {
            case ALWAYS: return true;
            case OK: return ok;
            case FAIL: return !ok;
            default: return false;
        }
    }
}
