#!/usr/bin/env python3
"""Log in with python's poplib and save one message byte for byte (reusable by any POP3 test).

usage: pop3_fetch.py [--timeout SECONDS] [--stls] host port user password msgno outfile

Prints "STAT <count> <size>" on stdout. With msgno > 0, writes the RETR content to outfile:
the message lines (dot-unstuffed by poplib) joined by CRLF, with a final CRLF, which is the
message exactly as delivered when it has CRLF line ends. msgno 0 only logs in, STATs and quits.
--stls upgrades with STLS first, without verifying the certificate (test servers are self-signed).
Exit status: 0 ok, 2 POP3 error reply (shown on stderr), 3 any other failure.
"""
import argparse
import poplib
import ssl
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--stls", action="store_true")
    for name in ("host", "port", "user", "password", "msgno", "outfile"):
        parser.add_argument(name)
    args = parser.parse_args()
    try:
        pop = poplib.POP3(args.host, int(args.port), timeout=args.timeout)
        if args.stls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            pop.stls(context=context)
        pop.user(args.user)
        pop.pass_(args.password)
        count, size = pop.stat()
        print("STAT %d %d" % (count, size), flush=True)
        if int(args.msgno) > 0:
            _, lines, _ = pop.retr(int(args.msgno))
            with open(args.outfile, "wb") as out:
                out.write(b"\r\n".join(lines) + b"\r\n")
        pop.quit()
        return 0
    except poplib.error_proto as e:
        print("POP3 error: %s" % e, file=sys.stderr)
        return 2
    except Exception as e:  # a failed client run is reported, not raised
        print("failure: %r" % e, file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
