#!/usr/bin/env python3
"""Summarises the execution samples of a JFR recording: the top frames (where the CPU was), the package of the first
frame outside the JDK (which library spent it) and the share of samples with a frame of each package family
anywhere on the stack (who asked for it). Usage: jfr-top.py FILE.jfr [N]"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                      capture_output=True, text=True, check=True).stdout
FAMILIES = [("perdition-camel", "org.perditioncamel."), ("Camel", "org.apache.camel."),
            ("Camel Simple language", "org.apache.camel.language.simple."), ("Artemis", "org.apache.activemq."),
            ("Netty", "io.netty."), ("JDK", "java."), ("Jackson", "com.fasterxml.")]
top = collections.Counter()
owner = collections.Counter()
threads = collections.Counter()
family = collections.Counter()
samples = 0
for event in text.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w$.<>]+\([^)]*\))\s+line:", event, re.M)
    if not frames:
        continue
    samples += 1
    top[frames[0]] += 1
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    threads[re.sub(r"\d+", "N", thread.group(1)) if thread else "?"] += 1
    # the first frame outside the JDK says which library spent the sample; its package, 4 levels deep
    mine = next((f for f in frames if not f.startswith(("java.", "jdk.", "sun."))), "JDK only")
    owner[".".join(mine.split("(")[0].split(".")[:4])] += 1
    for name, prefix in FAMILIES:
        if any(f.startswith(prefix) for f in frames):
            family[name] += 1
print("%d execution samples in %s" % (samples, path))
print("\ntop frames:")
for frame, n in top.most_common(top_n):
    print("%5.1f%%  %s" % (100.0 * n / samples, frame))
print("\nby thread (numbers blanked):")
for name, n in threads.most_common(top_n):
    print("%5.1f%%  %s" % (100.0 * n / samples, name))
print("\nby the first non-JDK frame's package:")
for name, n in owner.most_common(top_n):
    print("%5.1f%%  %s" % (100.0 * n / samples, name))
print("\nsamples with a frame of (anywhere on the stack):")
for name, _ in FAMILIES:
    print("%5.1f%%  %s" % (100.0 * family[name] / max(1, samples), name))
