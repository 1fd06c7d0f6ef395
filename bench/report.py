#!/usr/bin/env python3
"""Turns bench/results/raw.jsonl (one JSON line per scenario run) into results.md (medians over rounds, ratios to
perdition-camel) and PNG charts. Usage: report.py RESULTS_DIR"""
import json
import os
import statistics
import sys
from collections import defaultdict

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RESULTS = sys.argv[1]
TARGETS = ["direct", "ours", "floor", "perdition", "nginx", "dovecot"]
NAMES = {"direct": "Dovecot direct", "ours": "perdition-camel", "floor": "bare Netty (floor)", "perdition": "perdition 2.2",
         "nginx": "nginx mail", "dovecot": "Dovecot proxy"}

runs = [json.loads(line) for line in open(os.path.join(RESULTS, "raw.jsonl")) if line.strip()]
cells = defaultdict(list)
failed = defaultdict(int)
for r in runs:
    if r.get("sessions_held"):
        # an upper bound where the delta is a lower bound: the whole tree's memory over the sessions held
        r["pss_total_kib_per_session"] = r["pss_held_kib"] / r["sessions_held"]
    key = (r["scenario"], r["protocol"], r["clients"], r["target"])
    if r.get("failed"):
        failed[key] += 1
    else:
        cells[key].append(r)


def median(key, field):
    values = [r[field] for r in cells.get(key, []) if r.get(field) is not None and r[field] != -1]
    return statistics.median(values) if values else None


def total(key, field):
    return sum(r.get(field, 0) or 0 for r in cells.get(key, []))


def fmt(v, digits=2):
    if v is None:
        return "—"
    if abs(v) >= 100:
        return "%.0f" % v
    return ("%." + str(digits) + "f") % v


present = [t for t in TARGETS if any(k[3] == t for k in cells)]
rows = sorted({k[:3] for k in cells}, key=lambda k: (["login", "bulk", "noop", "idle", "unauth"].index(k[0]), k[1], k[2]))
lines = ["# Benchmark results", ""]
info = os.path.join(RESULTS, "run-info.txt")
if os.path.exists(info):
    lines += ["```", open(info).read().strip(), "```", ""]
lines += ["Medians over the rounds; `ratio` is perdition-camel's figure divided by the best other proxy's "
          "(CPU, latency, memory: below 1 is better; rates: above 1 is better; the floor is not a proxy and is left out "
          "of it). The floor is bench's NettyFloor: the least a Java proxy on Netty does for a login, on our Java. "
          "`errors` is the sum over all rounds. "
          "CPU is the target's process tree (utime+stime, children included); nginx's auth_http responder is "
          "reported apart as `+ auth`.", ""]


def table(title, scenario, columns):
    out = ["## " + title, "", "| protocol | clients | figure | " + " | ".join(NAMES[t] for t in present)
           + " | ratio |", "|---|---|---|" + "---|" * (len(present) + 1)]
    for row in [r for r in rows if r[0] == scenario]:
        for label, field, better, extra in columns:
            values = {t: median(row + (t,), field) for t in present}
            if all(v is None for v in values.values()):
                continue
            shown = []
            for t in present:
                s = fmt(values[t])
                if extra and t == "nginx":
                    a = median(row + (t,), extra)
                    if a is not None:
                        s += " + %s auth" % fmt(a)
                key = row + (t,)
                if failed.get(key):
                    s += " (%d failed)" % failed[key]
                shown.append(s)
            others = [values[t] for t in present if t not in ("ours", "direct", "floor") and values[t] is not None]
            ratio = "—"
            if values.get("ours") is not None and others:
                best = max(others) if better == "high" else min(others)
                if best and best > 0:
                    ratio = "%.2f" % (values["ours"] / best)
            out.append("| %s | %s | %s | %s | %s |" % (row[1], row[2], label, " | ".join(shown), ratio))
        errs = {t: total(row + (t,), "errors") for t in present}
        if any(errs.values()):
            out.append("| %s | %s | errors (all rounds) | %s | |" % (row[1], row[2], " | ".join(str(errs[t]) for t in present)))
    return out + [""]


lines += table("Login storm", "login", [
    ("logins/s", "logins_per_s", "high", None),
    ("p50 ms", "p50_ms", "low", None), ("p90 ms", "p90_ms", "low", None), ("p99 ms", "p99_ms", "low", None),
    ("proxy CPU-ms/login", "cpu_ms_target_per_login", "low", "cpu_ms_auth_per_login"),
    ("of which the JIT compiling, CPU-ms/login", "cpu_ms_target_jit_per_login", "low", None),
    ("backend CPU-ms/login", "cpu_ms_backend_per_login", "low", None)])
lines += table("Bulk (10 MiB FETCH / RETR)", "bulk", [
    ("MiB/s", "mib_per_s", "high", None),
    ("proxy CPU-ms/MiB", "cpu_ms_target_per_mib", "low", "cpu_ms_auth_per_mib")])
lines += table("NOOP latency (one session)", "noop", [
    ("p50 µs", "p50_us", "low", None), ("p99 µs", "p99_us", "low", None),
    ("proxy CPU-µs/NOOP", "cpu_ms_target_per_1000_noops", "low", None)])


def hold_columns(unit, held, answered, answered_field):
    """The memory figures of the two hold scenarios, per logged-in session or per greeted connection."""
    return [("KiB PSS/" + unit, "pss_kib_per_session", "low", None),
            ("KiB USS/" + unit, "uss_kib_per_session", "low", None),
            ("KiB PSS of the whole tree / " + unit + "s", "pss_total_kib_per_session", "low", None),
            ("KiB live Java heap/" + unit, "heap_live_kib_per_session", "low", None),
            (held, "sessions_held", "high", None),
            (answered, answered_field, "high", None)]


lines += table("Idle hold", "idle", hold_columns("session", "sessions held", "NOOPs answered", "noops_ok"))
lines += table("Unauthenticated hold (greeted, no login)", "unauth",
               hold_columns("connection", "connections held", "logouts answered", "logouts_ok"))

# What our own work costs per login (routes, popmap, timers, log lines, events) over the bare Netty proxy's
own = [(row, median(row + ("ours",), "cpu_ms_target_per_login"), median(row + ("floor",), "cpu_ms_target_per_login"))
       for row in rows if row[0] == "login"]
own = [(row, o, f) for row, o, f in own if o is not None and f is not None]
if own:
    lines += ["## Our own work per login: perdition-camel minus the floor", "",
              "| protocol | clients | perdition-camel CPU-ms/login | floor | difference | ratio |", "|---|---|---|---|---|---|"]
    lines += ["| %s | %s | %s | %s | %s | %.2f |" % (row[1], row[2], fmt(o), fmt(f), fmt(o - f), o / f)
              for row, o, f in own if f > 0]
    lines += [""]

ev = [r for r in runs if r.get("events_expected") is not None]
if ev:
    lines += ["## Event delivery (perdition-camel, login storms)", "",
              "| protocol | clients | round | events expected | delivered | drained after storm (ms) |",
              "|---|---|---|---|---|---|"]
    for r in sorted(ev, key=lambda r: (r["protocol"], r["clients"], r["round"])):
        lines.append("| %s | %s | %s | %s | %s | %s |" % (r["protocol"], r["clients"], r["round"],
                     r["events_expected"], r["events_delivered"], fmt(r["events_drain_ms"], 0)))
    exp = sum(r["events_expected"] for r in ev)
    got = sum(r["events_delivered"] for r in ev)
    lines += ["", "All storms: %d expected, %d delivered." % (exp, got), ""]

syscalls = os.path.join(RESULTS, "syscalls-per-login.md")
if os.path.exists(syscalls):
    lines += ["## System calls and thread switches per login", "", open(syscalls).read().strip(), ""]

floor_perf = os.path.join(RESULTS, "ours-vs-floor-perf.md")
if os.path.exists(floor_perf):
    lines += ["## Where a login's CPU goes: perdition-camel and the floor", "", open(floor_perf).read().strip(), ""]

open(os.path.join(RESULTS, "results.md"), "w").write("\n".join(lines) + "\n")


def chart(name, scenario, field, ylabel, log=False):
    groups = [r for r in rows if r[0] == scenario]
    if not groups:
        return
    fig, ax = plt.subplots(figsize=(max(6, len(groups) * 1.2), 4))
    width = 0.8 / max(1, len(present))
    for i, t in enumerate(present):
        ys = [median(g + (t,), field) or 0 for g in groups]
        ax.bar([x + i * width for x in range(len(groups))], ys, width, label=NAMES[t])
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(groups))])
    ax.set_xticklabels(["%s\n%s" % (g[1], g[2]) for g in groups], fontsize=8)
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    ax.legend(fontsize=7)
    ax.set_title(name)
    fig.tight_layout()
    fig.savefig(os.path.join(RESULTS, name + ".png"), dpi=100)
    plt.close(fig)


chart("logins-per-second", "login", "logins_per_s", "logins/s (protocol, clients)")
chart("cpu-per-login", "login", "cpu_ms_target_per_login", "proxy CPU-ms per login")
chart("login-latency-p50", "login", "p50_ms", "connect to logged in, p50 ms", log=True)
chart("bulk-mib-per-second", "bulk", "mib_per_s", "MiB/s (protocol, streams)")
chart("cpu-per-mib", "bulk", "cpu_ms_target_per_mib", "proxy CPU-ms per MiB")
chart("noop-latency-p50", "noop", "p50_us", "NOOP p50 µs")
chart("pss-per-idle-session", "idle", "pss_kib_per_session", "KiB PSS per logged-in session")
chart("pss-per-unauthenticated-connection", "unauth", "pss_kib_per_session", "KiB PSS per greeted connection")
print("wrote", os.path.join(RESULTS, "results.md"))
