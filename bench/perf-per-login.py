#!/usr/bin/env python3
"""Where a login's CPU goes, per login, for several JVM targets side by side (bench/run's PERF step: ours and the floor).

Usage: perf-per-login.py NAME=PERF_DATA:LOGINS ...  (perf record -e cpu-clock -F 999 of each target over a login storm,
after `jcmd <pid> Compiler.perfmap`, so the JIT's code is named). Prints a markdown table: CPU-ms per login by where
the samples were (the kernel, libc, the JVM, and the compiled Java code by library: Netty, Camel, ours, Artemis, …)
by thread group, and the event loop's samples alone by library, with the difference of the first target over the
second.

Usage: perf-per-login.py --switches BEFORE AFTER LOGINS  (each file a line "tid name switches" per thread, read from
/proc/<pid>/task/*/status before and after the storm). Prints thread switches per login by the same thread groups.
"""
import re
import subprocess
import sys
from collections import Counter

HZ = 999.0
LIBRARIES = [("io.netty.", "Java: Netty"), ("org.apache.camel.", "Java: Camel"),
             ("org.perditioncamel.bench.", "Java: the floor's own (NettyFloor)"), ("org.perditioncamel.", "Java: ours"),
             ("org.apache.activemq.", "Java: Artemis"), ("com.fasterxml.", "Java: Jackson"),
             ("io.micrometer.", "Java: Micrometer"), ("io.github.resilience4j.", "Java: resilience4j"),
             ("java.", "Java: the JDK"), ("jdk.", "Java: the JDK"), ("sun.", "Java: the JDK")]
EVENT_LOOP = "thread: the event loop"
# the event loop's samples again by library: the login's own path, without the events' and the broker's threads
EVENT_LOOP_BY = "the event loop: "
JAVA_NAME = re.compile(r"([a-z][\w$]*(?:\.[\w$]+)+)[.:]+[\w$<>]+\(")


def where(dso, sym):
    if "kernel" in dso:
        return "kernel"
    if dso.startswith("libc"):
        return "libc"
    if dso.startswith("libjvm"):
        return "the JVM (GC, JIT, runtime)"
    if "netty" in dso:
        return "Netty's native code (JNI)"
    m = JAVA_NAME.search(sym)
    if m:
        for prefix, name in LIBRARIES:
            if m.group(1).startswith(prefix):
                return name
        return "Java: other libraries"
    if "[JIT]" in dso:
        return "compiled code without a name (stubs, adapters)"
    return "other: " + dso


def thread(comm):
    if comm.startswith(("perdition-work", "perdition-boss", "floor-worker")):
        return EVENT_LOOP
    if comm.startswith("Camel"):
        return "thread: the events' seda thread"
    if comm.startswith(("Thread-", "activemq")):
        return "thread: Artemis (outbox, bridge, hub)"
    if "Compiler" in comm:
        return "thread: the JIT's compilers"
    return "thread: other (GC, VM)"


def per_login(data, logins):
    out = subprocess.run(["perf", "report", "-i", data, "--no-children", "-g", "none", "--sort", "comm,dso,sym",
                          "-F", "sample,comm,dso,sym", "--stdio", "-t", "|"],
                         capture_output=True, text=True, check=False).stdout
    figures = Counter()
    for line in out.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if line.startswith("#") or len(parts) < 4 or not parts[0].isdigit():
            continue
        samples, comm, dso, sym = int(parts[0]), parts[1], parts[2], parts[3]
        ms = samples * 1000.0 / HZ / logins
        library, group = where(dso, sym), thread(comm)
        figures["all"] += ms
        figures[library] += ms
        figures[group] += ms
        if group == EVENT_LOOP:
            figures[EVENT_LOOP_BY + library] += ms
    return figures


def switches(before, after, logins):
    """Thread switches per login by thread group: a thread that sleeps and is woken costs a switch in and out."""
    def read(path):
        counts = {}
        for line in open(path, encoding="utf-8"):
            tid, rest = line.rstrip("\n").split(" ", 1)
            name, _, n = rest.rpartition(" ")
            counts[tid] = (name, int(n or 0))
        return counts
    was, now = read(before), read(after)
    groups = Counter()
    for tid, (name, n) in now.items():
        groups[thread(name)] += n - was.get(tid, (name, 0))[1]
    print("| thread switches per login (voluntary + involuntary) | %d logins |" % logins)
    print("|---|---|")
    for group, n in groups.most_common():
        print("| %s | %.2f |" % (group, n / logins))
    print("| all threads | %.2f |" % (sum(groups.values()) / logins))


def main(args):
    if args and args[0] == "--switches":
        switches(args[1], args[2], int(args[3]))
        return
    targets = []
    for arg in args:
        name, rest = arg.split("=", 1)
        data, logins = rest.rsplit(":", 1)
        targets.append((name, per_login(data, int(logins))))
    rows = sorted({k for _, f in targets for k in f if k != "all"},
                  key=lambda k: (k.startswith("thread:") + 2 * k.startswith(EVENT_LOOP_BY),
                                 -max(f.get(k, 0) for _, f in targets)))
    names = [n for n, _ in targets]
    head = "| CPU-ms per login | " + " | ".join(names) + (" | %s − %s |" % (names[0], names[1]) if len(names) > 1 else " |")
    print(head)
    print("|---" * (len(names) + 1 + (len(names) > 1)) + "|")
    for row in ["all"] + rows:
        values = [f.get(row, 0.0) for _, f in targets]
        if max(values) < 0.0005:
            continue
        cells = " | ".join("%.3f" % v for v in values)
        diff = " | %+.3f" % (values[0] - values[1]) if len(values) > 1 else ""
        label = "**all samples**" if row == "all" else row
        print("| %s | %s%s |" % (label, cells, diff))


if __name__ == "__main__":
    main(sys.argv[1:])
