#!/usr/bin/env python3
"""Writes a deterministic RFC 5322 message of exactly N bytes: CRLF lines of at most 78 bytes, every 1000th
line starting with a dot (so POP3 dot-stuffing is exercised). Usage: make-message.py FILE BYTES"""
import sys

path, size = sys.argv[1], int(sys.argv[2])
head = ("From: bench@example.com\r\nTo: bulk@example.com\r\nSubject: bench message of %d bytes\r\n"
        "Message-ID: <bench-%d@perdition-camel>\r\n\r\n" % (size, size)).encode()
out = bytearray(head)
n = 0
while len(out) < size:
    left = size - len(out)
    body = ("%s%d " % ("." if n % 1000 == 7 else "", n)).encode()
    width = 74 if left >= 76 + 3 else left - 2
    line = (body + bytes(97 + (n + i) % 26 for i in range(max(0, width - len(body)))))[:width]
    out += line + b"\r\n"
    n += 1
assert len(out) == size, len(out)
open(path, "wb").write(out)
