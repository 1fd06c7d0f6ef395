#!/usr/bin/env python3
"""Real-client IMAP checks through a proxy: python imaplib as mail clients use it.

usage: imap_session.py MODE host port user password [outfile]
  fetch        LOGIN, SELECT INBOX, FETCH 1 BODY[] into outfile, LOGOUT
  auth-plain   AUTHENTICATE PLAIN (imaplib sends the initial response if the server has SASL-IR), SELECT, LOGOUT
  idle         LOGIN, SELECT, IDLE until an EXISTS arrives (the test delivers during the idle), prints the line
"""
import imaplib
import sys

mode, host, port, user, password = sys.argv[1:6]
out = sys.argv[6] if len(sys.argv) > 6 else None
imap = imaplib.IMAP4(host, int(port), timeout=60)
if mode == "auth-plain":
    imap.authenticate("PLAIN", lambda _: ("\0%s\0%s" % (user, password)).encode())
else:
    imap.login(user, password)
typ, data = imap.select("INBOX")
print("SELECT", typ, data[0].decode())
if mode == "fetch":
    typ, data = imap.fetch("1", "(BODY.PEEK[])")
    with open(out, "wb") as f:
        f.write(data[0][1])
    print("FETCH", typ, len(data[0][1]))
elif mode == "idle":
    tag = imap._new_tag().decode()
    imap.send(("%s IDLE\r\n" % tag).encode())
    line = imap.readline()
    print("IDLE", line.decode().strip(), flush=True)
    while True:
        line = imap.readline().decode().strip()
        if line.endswith("EXISTS"):
            print("SEEN", line, flush=True)
            break
    imap.send(b"DONE\r\n")
    while not imap.readline().decode().startswith(tag):
        pass
imap.logout()
print("LOGOUT OK")
