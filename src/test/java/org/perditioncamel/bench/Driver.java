package org.perditioncamel.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One thread and one selector drive every client connection: non-blocking connect, write the step's command,
 * feed the bytes to the session's {@link ReplyReader}, ask the plan for the next step. Every wait is bounded
 * by {@code replyTimeoutNanos}; a timeout closes the session as an error.
 */
final class Driver implements AutoCloseable {
    /** A plan returns this to keep a logged-in session open until {@link #resume}. */
    static final Step HOLD = new Step(null, Expect.POP3_LINE, null, null, "hold");

    private final Selector selector;
    private final InetSocketAddress address;
    private final long replyTimeoutNanos;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
    private final Set<Session> open = new LinkedHashSet<>();
    private final List<Runnable> tasks = new ArrayList<>();
    private long nextTimeoutScan;

    Driver(InetSocketAddress address, long replyTimeoutNanos) throws IOException {
        this.selector = Selector.open();
        this.address = address;
        this.replyTimeoutNanos = replyTimeoutNanos;
    }

    /** Opens a session (from the driver thread or before {@link #run}); its first step is {@code greeting}. */
    void open(Session session, Step greeting) {
        session.current = greeting;
        session.reader.expect(greeting);
        long now = System.nanoTime();
        session.connectStarted = now;
        session.stepStarted = now;
        session.deadline = now + replyTimeoutNanos;
        try {
            SocketChannel channel = SocketChannel.open();
            session.channel = channel;
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            open.add(session);
            if (channel.connect(address)) {
                session.connected = true;
                session.key = channel.register(selector, SelectionKey.OP_READ, session);
            } else {
                session.key = channel.register(selector, SelectionKey.OP_CONNECT, session);
            }
        } catch (IOException e) {
            fail(session, "connect: " + e.getMessage());
        }
    }

    /** Sends {@code step} on a held session. */
    void resume(Session session, Step step) {
        if (!session.closed) {
            issue(session, step, System.nanoTime());
        }
    }

    /** Runs a task on the driver thread at the next turn of the loop. */
    void later(Runnable task) {
        tasks.add(task);
    }

    int openSessions() {
        return open.size();
    }

    Set<Session> sessions() {
        return open;
    }

    /** Loops until {@code done} is true (checked every turn, at least every 20 ms). */
    void run(BooleanSupplier done) throws IOException {
        while (!done.getAsBoolean()) {
            if (!tasks.isEmpty()) {
                List<Runnable> now = new ArrayList<>(tasks);
                tasks.clear();
                now.forEach(Runnable::run);
                continue;
            }
            selector.select(20);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Session session = (Session) key.attachment();
                if (!key.isValid() || session.closed) {
                    continue;
                }
                try {
                    if (key.isConnectable()) {
                        connected(session);
                    } else {
                        if (key.isWritable()) {
                            flush(session);
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(session);
                        }
                    }
                } catch (IOException e) {
                    fail(session, session.current.label() + ": " + e.getMessage());
                }
            }
            scanTimeouts();
        }
    }

    private void connected(Session session) throws IOException {
        session.channel.finishConnect();
        session.connected = true;
        session.key.interestOps(SelectionKey.OP_READ);
    }

    private void read(Session session) throws IOException {
        readBuffer.clear();
        int n = session.channel.read(readBuffer);
        if (n < 0) {
            fail(session, session.current.label() + ": connection closed by the server");
            return;
        }
        readBuffer.flip();
        while (readBuffer.hasRemaining() && !session.closed) {
            if (session.current == HOLD) {
                // bytes while held (an IMAP untagged update) are ignored
                readBuffer.position(readBuffer.limit());
                return;
            }
            if (!session.reader.feed(readBuffer)) {
                return;
            }
            long now = System.nanoTime();
            Step done = session.current;
            if (!session.reader.ok()) {
                fail(session, done.label() + ": " + session.reader.status());
                return;
            }
            Step next = session.plan.after(session, done, now);
            if (next == null) {
                close(session, null);
                return;
            }
            if (next == HOLD) {
                session.current = HOLD;
                session.deadline = Long.MAX_VALUE;
                continue;
            }
            issue(session, next, now);
        }
    }

    private void issue(Session session, Step step, long now) {
        session.current = step;
        session.reader.expect(step);
        session.stepStarted = now;
        session.deadline = now + replyTimeoutNanos;
        if (step.request() == null) {
            return;
        }
        try {
            ByteBuffer out = ByteBuffer.wrap(step.request());
            session.channel.write(out);
            if (out.hasRemaining()) {
                session.pendingWrite = out;
                session.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            fail(session, step.label() + ": " + e.getMessage());
        }
    }

    private void flush(Session session) throws IOException {
        ByteBuffer out = session.pendingWrite;
        if (out != null) {
            session.channel.write(out);
            if (!out.hasRemaining()) {
                session.pendingWrite = null;
                session.key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    private void scanTimeouts() {
        long now = System.nanoTime();
        if (now < nextTimeoutScan) {
            return;
        }
        nextTimeoutScan = now + 100_000_000L;
        for (Session session : new ArrayList<>(open)) {
            if (now > session.deadline) {
                fail(session, "timeout waiting for " + session.current.label());
            }
        }
    }

    void fail(Session session, String error) {
        close(session, error == null ? "error" : error);
    }

    void close(Session session, String error) {
        if (session.closed) {
            return;
        }
        session.closed = true;
        open.remove(session);
        try {
            if (session.channel != null) {
                session.channel.close();
            }
        } catch (IOException ignored) {
            // closing a socket we are done with; nothing to report
        }
        session.plan.closed(session, error, System.nanoTime());
    }

    @Override
    public void close() throws IOException {
        for (Session session : new ArrayList<>(open)) {
            close(session, "driver closed");
        }
        selector.close();
    }
}
