package org.perditioncamel.events;

import org.perditioncamel.log.PerditionLog;

/**
 * Says when the outbox's backlog passes events.backlog_warn (with the delivery rate, again every 10 s while it
 * lasts) and when it has drained. Fed once a second from the outbox queues' counters: nothing per event.
 */
final class BacklogReport {
    private static final long REPEAT_MILLIS = 10_000;

    private final String targetName;
    private final long backlogWarn;
    private final PerditionLog log;
    private long lastDelivered = -1;
    private long lastReport = Long.MIN_VALUE;
    private boolean reported;

    BacklogReport(String targetName, long backlogWarn, PerditionLog log) {
        this.targetName = targetName;
        this.backlogWarn = backlogWarn;
        this.log = log;
    }

    /** One reading: events not yet confirmed by the target, and events it has confirmed since start. */
    void tick(long backlog, long delivered, long nowMillis) {
        long rate = lastDelivered < 0 ? 0 : delivered - lastDelivered;
        lastDelivered = delivered;
        if (backlog >= backlogWarn && backlogWarn > 0) {
            if (!reported || nowMillis - lastReport >= REPEAT_MILLIS) {
                log.notice("Event outbox backlog: " + backlog + " events waiting for " + targetName
                        + ", delivering " + rate + "/s (events.backlog_warn " + backlogWarn + ")");
                lastReport = nowMillis;
                reported = true;
            }
        } else if (reported && backlog == 0) {
            log.notice("Event outbox backlog drained: every event delivered to " + targetName);
            reported = false;
        }
    }
}
