#!/usr/bin/env python3
"""STARTTLS/STLS or implicit TLS with python's poplib and imaplib, verifying the server against a CA file.

usage: tls_session.py MODE host port user password cafile

MODE is pop3-stls, pop3-ssl, imap-starttls or imap-ssl. The certificate must chain to cafile and match host
(an IP address matches an IP subjectAltName). Prints "TLS <version>", the login answer, then for POP3
"STAT <count> <size>" and "SUBJECT <subject of message 1>" (when there is one), for IMAP "SELECT <exists>" and
"SUBJECT <subject of message 1>". Exit status: 0 ok, 2 protocol error reply (on stderr), 3 other failure.
"""
import imaplib
import poplib
import ssl
import sys


def subject(header_lines):
    for line in header_lines:
        if line.lower().startswith(b"subject:"):
            return line.split(b":", 1)[1].strip().decode("ascii", "replace")
    return ""


def pop3(mode, host, port, user, password, context):
    if mode == "pop3-ssl":
        pop = poplib.POP3_SSL(host, port, context=context, timeout=30)
    else:
        pop = poplib.POP3(host, port, timeout=30)
        print("CAPA " + " ".join(sorted(pop.capa().keys())), flush=True)
        print("STLS " + pop.stls(context=context).decode("ascii", "replace"), flush=True)
    print("TLS " + pop.sock.version(), flush=True)
    pop.user(user)
    print("PASS " + pop.pass_(password).decode("ascii", "replace"), flush=True)
    count, size = pop.stat()
    print("STAT %d %d" % (count, size), flush=True)
    if count > 0:
        _, lines, _ = pop.top(1, 0)
        print("SUBJECT " + subject(lines), flush=True)
    pop.quit()


def imap(mode, host, port, user, password, context):
    if mode == "imap-ssl":
        conn = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=30)
    else:
        conn = imaplib.IMAP4(host, port, timeout=30)
        print("CAPABILITY " + " ".join(conn.capabilities), flush=True)
        typ, data = conn.starttls(ssl_context=context)
        print("STARTTLS " + typ, flush=True)
    print("TLS " + conn.sock.version(), flush=True)
    typ, data = conn.login(user, password)
    print("LOGIN %s %s" % (typ, data[0].decode("ascii", "replace")), flush=True)
    typ, data = conn.select("INBOX")
    print("SELECT %s" % data[0].decode("ascii"), flush=True)
    if int(data[0]) > 0:
        typ, data = conn.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        print("SUBJECT " + subject(data[0][1].split(b"\r\n")), flush=True)
    conn.logout()


def main():
    if len(sys.argv) != 7:
        print(__doc__, file=sys.stderr)
        return 3
    mode, host, port, user, password, cafile = sys.argv[1:]
    context = ssl.create_default_context(cafile=cafile)
    try:
        if mode.startswith("pop3"):
            pop3(mode, host, int(port), user, password, context)
        else:
            imap(mode, host, int(port), user, password, context)
        return 0
    except (poplib.error_proto, imaplib.IMAP4.error) as e:
        print("protocol error: %s" % e, file=sys.stderr)
        return 2
    except Exception as e:  # a failed run is reported, not raised
        print("failure: %r" % e, file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
