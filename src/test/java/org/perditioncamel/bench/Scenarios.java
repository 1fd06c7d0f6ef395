package org.perditioncamel.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scenarios of issue 16 against one target: login storm, bulk, idle hold (logged in, and greeted but not
 * logged in), NOOP latency. Each returns its
 * figures as an ordered map (one JSON line); errors are counted by kind and always reported.
 */
final class Scenarios {
    private static final long NS = 1_000_000_000L;
    private static final int IDLE_RAMP = 64;

    private final BenchOptions o;

    Scenarios(BenchOptions options) {
        this.o = options;
    }

    Map<String, Object> run() throws IOException {
        return switch (o.scenario) {
            case "login" -> loginStorm();
            case "bulk" -> bulk();
            case "idle" -> hold(true);
            case "unauth" -> hold(false);
            case "noop" -> noop();
            default -> throw new IllegalArgumentException("unknown scenario " + o.scenario
                    + " (login, bulk, idle, unauth, noop)");
        };
    }

    /** Connect, greeting, login, one command, logout, again, from {@code clients} concurrent clients. */
    Map<String, Object> loginStorm() throws IOException {
        EventCounter events = o.eventsHost == null ? null : EventCounter.open(o.eventsProtocol, o.eventsHost, o.eventsPort);
        try (Driver driver = driver()) {
            Window w = new Window(o.warmup, o.seconds);
            Latencies latency = new Latencies();
            ErrorCounts errors = new ErrorCounts();
            long[] counts = new long[4]; // logins in window, connected sessions, login attempts, logins in total
            long eventsBefore = events == null ? 0 : awaitQuiet(events);
            // the script is greeting, the login steps, one command, logout: after the login steps it is at loggedIn
            int loggedIn = 1 + o.dialogue.login("u", "p").size();
            Session.Plan plan = new Session.Plan() {
                private int next;

                @Override
                public Step after(Session s, Step done, long now) {
                    if (s.phase == 1) {
                        // greeted: the proxy has logged Connect, and the login is about to be attempted
                        counts[1]++;
                        counts[2]++;
                    }
                    if (s.phase == loggedIn) {
                        counts[3]++;
                        if (w.inside(now)) {
                            counts[0]++;
                            latency.add(now - s.connectStarted);
                        }
                    }
                    return s.nextScripted();
                }

                @Override
                public void closed(Session s, String error, long now) {
                    if (error != null) {
                        errors.add(error);
                        if (s.phase == 1 && s.connected) {
                            counts[1]++;
                        }
                    }
                    if (now < w.end) {
                        driver.later(() -> start(driver, new Session(s.slot, this), next++));
                    }
                }
            };
            for (int i = 0; i < o.clients; i++) {
                start(driver, new Session(i, plan), i);
            }
            driver.run(() -> w.sample(this) && driver.openSessions() == 0 || w.overdue());
            Map<String, Object> r = header();
            r.put("logins", counts[0]);
            r.put("logins_per_s", counts[0] / o.seconds);
            r.put("p50_ms", latency.percentileMicros(50) / 1000);
            r.put("p90_ms", latency.percentileMicros(90) / 1000);
            r.put("p99_ms", latency.percentileMicros(99) / 1000);
            r.put("logins_total", counts[3]);
            errors.report(r);
            cpu(r, w, counts[0], "per_login");
            if (events != null) {
                // Connect when the connection was accepted, Auth per login attempt, Close per connection
                long expected = 2 * counts[1] + counts[2];
                long stormEnd = System.nanoTime();
                long deadline = stormEnd + (long) (o.eventsWait * NS);
                while (events.received() - eventsBefore < expected && System.nanoTime() < deadline) {
                    sleep(20);
                }
                r.put("events_expected", expected);
                r.put("events_delivered", events.received() - eventsBefore);
                r.put("events_drain_ms", (System.nanoTime() - stormEnd) / 1e6);
            }
            return r;
        } finally {
            if (events != null) {
                events.close();
            }
        }
    }

    /** {@code clients} streams each fetching message 1 (10 MiB) again and again, every byte compared. */
    Map<String, Object> bulk() throws IOException {
        if (o.message == null) {
            throw new IllegalArgumentException("bulk needs --message (the file message 1 of each bulk user holds)");
        }
        try (Driver driver = driver()) {
            Window w = new Window(o.warmup, o.seconds);
            ErrorCounts errors = new ErrorCounts();
            long[] bytes = new long[3]; // bytes verified in window, fetches in window, bytes verified in total
            Step fetch = o.dialogue.fetch(o.message);
            Session.Plan plan = new Session.Plan() {
                @Override
                public Step afterScript(Session s, Step done, long now) {
                    if (done.expected() != null) {
                        bytes[2] += s.reader.verifiedBytes();
                        if (w.inside(now)) {
                            bytes[0] += s.reader.verifiedBytes();
                            bytes[1]++;
                        }
                    }
                    if (now < w.end) {
                        return fetch;
                    }
                    return s.logoutThenClose(o.dialogue);
                }

                @Override
                public void closed(Session s, String error, long now) {
                    if (error == null) {
                        return;
                    }
                    errors.add(error);
                    if (now < w.end) {
                        driver.later(() -> startBulk(driver, new Session(s.slot, this)));
                    }
                }
            };
            for (int i = 0; i < o.clients; i++) {
                startBulk(driver, new Session(i, plan));
            }
            driver.run(() -> w.sample(this) && driver.openSessions() == 0 || w.overdue());
            Map<String, Object> r = header();
            double mib = bytes[0] / 1048576.0;
            r.put("fetches", bytes[1]);
            r.put("mib", mib);
            r.put("mib_per_s", mib / o.seconds);
            r.put("bytes_verified", bytes[2]);
            errors.report(r);
            cpu(r, w, mib, "per_mib");
            return r;
        }
    }

    /**
     * {@code clients} sessions held: logged in (then a NOOP on each), or only greeted, as a client that connects and
     * says nothing (then a logout on each, answered before login too); the target's PSS per session.
     */
    Map<String, Object> hold(boolean loggedIn) throws IOException {
        long root = o.cpu.values().iterator().next();
        try (Driver driver = driver()) {
            ErrorCounts errors = new ErrorCounts();
            List<Session> held = new ArrayList<>();
            long[] c = new long[3]; // opened, finished (held or failed), NOOPs (logouts if not logged in) answered
            long heapBefore = o.jvm > 0 ? JvmHeap.settledKib(o.jvm) : -1;
            long pssBefore = ProcessTree.pssKib(root);
            long ussBefore = ProcessTree.ussKib(root);
            Session.Plan plan = new Session.Plan() {
                @Override
                public Step afterScript(Session s, Step done, long now) {
                    if (s.phase == s.script.size()) {
                        s.phase++;
                        held.add(s);
                        c[1]++;
                        openMore(driver, this, c, loggedIn);
                        return Driver.HOLD;
                    }
                    if (!loggedIn) {
                        // the logout after the hold was answered
                        c[2]++;
                        return null;
                    }
                    if (!s.loggingOut) {
                        // the NOOP after the hold was answered
                        c[2]++;
                    }
                    return s.logoutThenClose(o.dialogue);
                }

                @Override
                public void closed(Session s, String error, long now) {
                    if (error != null) {
                        errors.add(error);
                        if (s.phase <= s.script.size()) {
                            c[1]++;
                            openMore(driver, this, c, loggedIn);
                        }
                    }
                }
            };
            openMore(driver, plan, c, loggedIn);
            long rampDeadline = System.nanoTime() + Math.max(60, o.clients / 20) * NS;
            driver.run(() -> c[1] >= o.clients || System.nanoTime() > rampDeadline);
            sleep(1000);
            long heapHeld = o.jvm > 0 ? JvmHeap.settledKib(o.jvm) : -1;
            long pssHeld = ProcessTree.pssKib(root);
            long ussHeld = ProcessTree.ussKib(root);
            int heldCount = held.size();
            for (Session s : held) {
                s.loggingOut = !loggedIn;
                driver.resume(s, loggedIn ? o.dialogue.noop() : o.dialogue.logout());
            }
            long noopDeadline = System.nanoTime() + 120 * NS;
            driver.run(() -> driver.openSessions() == 0 || System.nanoTime() > noopDeadline);
            Map<String, Object> r = header();
            r.put("sessions_held", heldCount);
            r.put("pss_before_kib", pssBefore);
            r.put("pss_held_kib", pssHeld);
            r.put("pss_kib_per_session", perSession(pssHeld - pssBefore, heldCount));
            r.put("uss_before_kib", ussBefore);
            r.put("uss_held_kib", ussHeld);
            r.put("uss_kib_per_session", perSession(ussHeld - ussBefore, heldCount));
            if (o.jvm > 0) {
                r.put("heap_live_before_kib", heapBefore);
                r.put("heap_live_held_kib", heapHeld);
                r.put("heap_live_kib_per_session", perSession(heapHeld - heapBefore, heldCount));
            }
            r.put(loggedIn ? "noops_ok" : "logouts_ok", c[2]);
            errors.report(r);
            return r;
        }
    }

    /** One logged-in session sending {@code count} NOOPs one after another (after as many to warm up). */
    Map<String, Object> noop() throws IOException {
        try (Driver driver = driver()) {
            Window w = new Window(0, 3600);
            Latencies latency = new Latencies();
            ErrorCounts errors = new ErrorCounts();
            int warm = Math.min(o.count, 1000);
            Session.Plan plan = new Session.Plan() {
                @Override
                public Step afterScript(Session s, Step done, long now) {
                    int n = s.phase++ - s.script.size();
                    if (n == warm) {
                        w.startNow(Scenarios.this);
                    } else if (n > warm && n <= warm + o.count) {
                        latency.add(now - s.stepStarted);
                    }
                    if (n < warm + o.count) {
                        return o.dialogue.noop();
                    }
                    if (n == warm + o.count) {
                        w.endNow(Scenarios.this);
                        return o.dialogue.logout();
                    }
                    return null;
                }

                @Override
                public void closed(Session s, String error, long now) {
                    if (error != null) {
                        errors.add(error);
                    }
                }
            };
            Session s = new Session(0, plan);
            s.script = login(o.user(o.userPrefix, o.userCount, 0));
            driver.open(s, s.script.get(s.phase++));
            driver.run(() -> driver.openSessions() == 0);
            Map<String, Object> r = header();
            r.put("noops", latency.count());
            r.put("p50_us", latency.percentileMicros(50));
            r.put("p90_us", latency.percentileMicros(90));
            r.put("p99_us", latency.percentileMicros(99));
            errors.report(r);
            cpu(r, w, latency.count() / 1000.0, "per_1000_noops");
            return r;
        }
    }

    private static double perSession(long kib, int sessions) {
        return sessions == 0 ? -1 : kib / (double) sessions;
    }

    private void start(Driver driver, Session s, int n) {
        s.script = new ArrayList<>(login(o.user(o.userPrefix, o.userCount, n)));
        s.script.add(o.dialogue.command());
        s.script.add(o.dialogue.logout());
        driver.open(s, s.script.get(s.phase++));
    }

    private void startBulk(Driver driver, Session s) {
        s.script = login(o.user(o.bulkPrefix, o.bulkCount, s.slot));
        // IMAP needs SELECT before FETCH; POP3's STAT is harmless
        s.script.add(o.dialogue.command());
        driver.open(s, s.script.get(s.phase++));
    }

    private void openMore(Driver driver, Session.Plan plan, long[] c, boolean loggedIn) {
        while (c[0] < o.clients && c[0] - c[1] < IDLE_RAMP) {
            int n = (int) c[0]++;
            Session s = new Session(n, plan);
            s.script = loggedIn ? login(o.user(o.userPrefix, o.userCount, n)) : List.of(o.dialogue.greeting());
            driver.later(() -> driver.open(s, s.script.get(s.phase++)));
        }
    }

    private List<Step> login(String user) {
        List<Step> steps = new ArrayList<>();
        steps.add(o.dialogue.greeting());
        steps.addAll(o.dialogue.login(user, o.password));
        return steps;
    }

    private Driver driver() throws IOException {
        return new Driver(new InetSocketAddress(o.host, o.port), o.replyTimeoutMillis * 1_000_000L);
    }

    private Map<String, Object> header() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", o.target);
        r.put("protocol", o.dialogue.name());
        r.put("scenario", o.scenario);
        r.put("clients", o.clients);
        r.put("round", o.round);
        r.put("seconds", o.seconds);
        return r;
    }

    private void cpu(Map<String, Object> r, Window w, double units, String per) {
        Set<String> names = new LinkedHashSet<>(o.cpu.keySet());
        names.addAll(w.cpuEnd.keySet());
        for (String name : names) {
            double ms = w.cpuEnd.getOrDefault(name, 0.0) - w.cpuStart.getOrDefault(name, 0.0);
            r.put("cpu_ms_" + name, ms);
            r.put("cpu_ms_" + name + "_" + per, units <= 0 ? -1 : ms / units);
        }
    }

    Map<String, Double> sampleCpu() {
        Map<String, Double> m = new LinkedHashMap<>();
        o.cpu.forEach((name, pid) -> m.put(name, ProcessTree.cpuMillis(pid)));
        Long target = o.cpu.get("target");
        if (target != null) {
            // the JIT's share of the target's CPU: a JVM still compiling is not yet the warm process measured
            m.put("target_jit", ProcessTree.jitCpuMillis(target));
        }
        return m;
    }

    private static long awaitQuiet(EventCounter events) {
        // events of an earlier run still arriving would be counted for this one: wait until none come for 500 ms
        long last = -1;
        long deadline = System.nanoTime() + 30 * NS;
        while (System.nanoTime() < deadline) {
            long now = events.received();
            if (now == last && events.connected()) {
                return now;
            }
            last = now;
            sleep(500);
        }
        return events.received();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The measured interval after the warm-up, with the CPU samples at its edges. */
    static final class Window {
        final long start;
        final long end;
        final long hardEnd;
        Map<String, Double> cpuStart = Map.of();
        Map<String, Double> cpuEnd = Map.of();
        private boolean startSampled;
        private boolean endSampled;

        Window(double warmupSeconds, double seconds) {
            long now = System.nanoTime();
            start = now + (long) (warmupSeconds * NS);
            end = start + (long) (seconds * NS);
            hardEnd = end + 90 * NS;
        }

        boolean inside(long now) {
            return now >= start && now < end;
        }

        /** Takes the CPU samples when their time has come; true once the window is over. */
        boolean sample(Scenarios s) {
            long now = System.nanoTime();
            if (!startSampled && now >= start) {
                startNow(s);
            }
            if (!endSampled && now >= end) {
                endNow(s);
            }
            return endSampled;
        }

        void startNow(Scenarios s) {
            startSampled = true;
            cpuStart = s.sampleCpu();
        }

        void endNow(Scenarios s) {
            endSampled = true;
            cpuEnd = s.sampleCpu();
        }

        boolean overdue() {
            return System.nanoTime() > hardEnd;
        }
    }
}
