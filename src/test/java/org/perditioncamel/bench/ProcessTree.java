package org.perditioncamel.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and memory of a process and all its descendants, from /proc. CPU is utime+stime+cutime+cstime of
 * every process in the tree, so a child that exits (perdition's forked sessions, Dovecot's login processes) is
 * still counted once its parent has reaped it. Clock ticks (USER_HZ, 100 on Linux) are converted to ms.
 */
final class ProcessTree {
    private static final double MS_PER_TICK = 10.0;
    private static final Path PROC = Path.of("/proc");

    private ProcessTree() {
    }

    /** CPU milliseconds so far of the tree under {@code root}. */
    static double cpuMillis(long root) {
        long ticks = 0;
        for (long pid : tree(root)) {
            String stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"));
            if (stat != null) {
                String[] f = afterComm(stat);
                ticks += ownTicks(f) + Long.parseLong(f[13]) + Long.parseLong(f[14]);   // + cutime cstime
            }
        }
        return ticks * MS_PER_TICK;
    }

    /**
     * CPU milliseconds so far of the JIT compiler threads of {@code pid} (a JVM; 0 for any other program). Compiler
     * threads that ended are not counted (the JVM starts and stops some as the queue grows and shrinks), so this is
     * a lower bound of the JIT's share.
     */
    static double jitCpuMillis(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                String stat = read(task.resolve("stat"));
                if (stat != null && stat.contains("CompilerThre")) {
                    ticks += ownTicks(afterComm(stat));
                }
            }
        } catch (IOException e) {
            return 0;   // the process has ended
        }
        return ticks * MS_PER_TICK;
    }

    /** Proportional set size of the tree under {@code root}, KiB (smaps_rollup; needs the same user or root). */
    static long pssKib(long root) {
        return sum(root, "Pss:");
    }

    /**
     * Unique set size (Private_Clean + Private_Dirty) of the tree, KiB: unlike PSS it does not fall when other
     * processes (the backend's 1000 new ones) start sharing the same library pages.
     */
    static long ussKib(long root) {
        return sum(root, "Private_Clean:") + sum(root, "Private_Dirty:");
    }

    private static long sum(long root, String field) {
        long kib = 0;
        for (long pid : tree(root)) {
            String rollup = read(PROC.resolve(Long.toString(pid)).resolve("smaps_rollup"));
            if (rollup == null) {
                continue;
            }
            for (String line : rollup.split("\n")) {
                if (line.startsWith(field)) {
                    kib += Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        }
        return kib;
    }

    /** {@code root} and its descendants alive now. */
    static List<Long> tree(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                String stat = read(dir.resolve("stat"));
                if (stat != null) {
                    long pid = Long.parseLong(dir.getFileName().toString());
                    long ppid = Long.parseLong(afterComm(stat)[1]);
                    children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        List<Long> all = new ArrayList<>();
        all.add(root);
        for (int i = 0; i < all.size(); i++) {
            all.addAll(children.getOrDefault(all.get(i), List.of()));
        }
        return all;
    }

    /** utime + stime: fields 14 and 15 of stat, 11 and 12 after the comm field (cutime, cstime follow). */
    private static long ownTicks(String[] f) {
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The stat fields after "(comm)", which may itself hold spaces and parentheses. */
    private static String[] afterComm(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading
            return null;
        }
    }
}
