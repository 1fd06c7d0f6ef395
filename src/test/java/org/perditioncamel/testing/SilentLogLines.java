package org.perditioncamel.testing;

import org.perditioncamel.session.SessionAudit;

/** Free-text log lines that go nowhere, for tests that look only at events or behaviour. */
public final class SilentLogLines implements SessionAudit.LogLines {
    public static final SilentLogLines INSTANCE = new SilentLogLines();

    private SilentLogLines() {
    }

    @Override
    public void err(String line) {
    }

    @Override
    public void info(String line) {
    }

    @Override
    public void debug(String line) {
    }
}
