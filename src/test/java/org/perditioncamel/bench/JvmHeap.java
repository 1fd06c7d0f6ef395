package org.perditioncamel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live Java heap of a target JVM, after a full collection ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}).
 * PSS alone says little about a JVM's sessions: their objects land in heap pages already touched by earlier runs.
 */
final class JvmHeap {
    // one line per heap (G1: "garbage-first heap total …K, used …K") or per generation (Serial, Parallel)
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private JvmHeap() {
    }

    /** KiB of heap in use after a full GC, or -1 when jcmd cannot tell. */
    static long liveKib(long pid) {
        jcmd(pid, "GC.run");
        Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
        long kib = -1;
        while (m.find()) {
            kib = Math.max(kib, 0) + Long.parseLong(m.group(1));
        }
        return kib;
    }

    /**
     * The live heap once it has stopped shrinking: after a login storm the proxy's event pipeline still holds the
     * storm's events for a moment (Artemis' journal records and caches), which made a "before" sample too high
     * and a per-session figure negative. Samples a second apart until two agree within 1 % (at most 15 s).
     */
    static long settledKib(long pid) {
        long last = liveKib(pid);
        for (int i = 0; i < 15 && last >= 0; i++) {
            Scenarios.sleep(1000);
            long now = liveKib(pid);
            if (Math.abs(now - last) <= Math.max(256, last / 100)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder(List.of("jcmd", Long.toString(pid), command)).redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
