package org.perditioncamel.listener;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.netty.channel.ChannelHandlerContext;

/**
 * The two clocks of a client that has not logged in, on one timer of its event loop: authenticate_timeout (no input
 * for that long while the client owes the next command) and the overall login deadline. One timer instead of an
 * IdleStateHandler and a deadline task: each login set and cancelled both, and the handler sat in front of every read.
 * The timer fires at the earlier of the two; when the client read meanwhile or waits for an answer, it is set again.
 */
final class LoginTimeouts implements Runnable {
    private static final String IDLE = "Timeout reading authentication information";

    private final ChannelHandlerContext ctx;
    private final LongSupplier clock;
    private final long idleNanos;          // 0: no authenticate_timeout
    private final long deadlineAt;         // when deadlineSeconds > 0
    private final int deadlineSeconds;
    private final BooleanSupplier awaitingAnswer;
    private final Consumer<String> expire;
    private long lastRead;
    private ScheduledFuture<?> timer;

    private LoginTimeouts(ChannelHandlerContext ctx, LongSupplier clock, int idleSeconds, int deadlineSeconds,
                          BooleanSupplier awaitingAnswer, Consumer<String> expire) {
        this.ctx = ctx;
        this.clock = clock;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        this.lastRead = clock.getAsLong();
        this.deadlineAt = lastRead + TimeUnit.SECONDS.toNanos(Math.max(deadlineSeconds, 0));
        this.deadlineSeconds = deadlineSeconds;
        this.awaitingAnswer = awaitingAnswer;
        this.expire = expire;
    }

    /**
     * Starts both clocks now; null when both are off (0).
     *
     * @param awaitingAnswer whether the client waits for us (a command in flight): it is not idle then
     * @param expire         told why, when either clock runs out
     */
    static LoginTimeouts start(ChannelHandlerContext ctx, LongSupplier clock, int idleSeconds, int deadlineSeconds,
                               BooleanSupplier awaitingAnswer, Consumer<String> expire) {
        if (idleSeconds <= 0 && deadlineSeconds <= 0) {
            return null;
        }
        LoginTimeouts timeouts = new LoginTimeouts(ctx, clock, Math.max(idleSeconds, 0), deadlineSeconds, awaitingAnswer,
                expire);
        timeouts.schedule(timeouts.lastRead);
        return timeouts;
    }

    /** The client sent something, or got its answer: authenticate_timeout counts from now. */
    void restart() {
        lastRead = clock.getAsLong();
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void run() {
        timer = null;
        long now = clock.getAsLong();
        if (deadlineSeconds > 0 && now - deadlineAt >= 0) {
            expire.accept("Login deadline of " + deadlineSeconds + "s passed");
            return;
        }
        if (idleNanos > 0 && !awaitingAnswer.getAsBoolean() && now - lastRead >= idleNanos) {
            expire.accept(IDLE);
            return;
        }
        schedule(now);
    }

    private void schedule(long now) {
        long delay = deadlineSeconds > 0 ? deadlineAt - now : Long.MAX_VALUE;
        if (idleNanos > 0) {
            // a client waiting for its answer gets the whole timeout again from now, as IdleStateHandler gave it
            delay = Math.min(delay, (awaitingAnswer.getAsBoolean() ? now : lastRead) + idleNanos - now);
        }
        timer = ctx.executor().schedule(this, Math.max(delay, 0), TimeUnit.NANOSECONDS);
    }
}
