#!/usr/bin/env python3
"""smtp_sink.py -- a real SMTP server on loopback for the HTTP tests.

    python3 tests/http/smtp_sink.py DIR [REFUSE]

Listens on 127.0.0.1 on a free port, writes the port to DIR/port (once
it accepts connections), and stores every accepted message as
DIR/msg-N.eml (envelope in DIR/msg-N.env: MAIL FROM and RCPT TO lines).
The first REFUSE deliveries (default 0) are answered "451 4.3.0" at the
end of DATA, as a busy or greylisting server does, and not stored.
Speaks just enough ESMTP for curl: EHLO/HELO, MAIL, RCPT, DATA (with
dot-unstuffing), RSET, NOOP, QUIT. Standard library only; runs until
killed.
"""
import os
import socketserver
import sys
import threading

DIR = sys.argv[1]
refuse = [int(sys.argv[2]) if len(sys.argv) > 2 else 0]
count = [0]
lock = threading.Lock()


class Session(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.say("220 sink.invalid ESMTP test sink")
        sender, rcpts = None, []
        while True:
            raw = self.rfile.readline(4096)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb == "EHLO":
                self.say("250-sink.invalid")
                self.say("250-8BITMIME")
                self.say("250 SIZE 10485760")
            elif verb == "HELO":
                self.say("250 sink.invalid")
            elif verb == "MAIL":
                sender, rcpts = line[10:].strip(), []
                self.say("250 2.1.0 ok")
            elif verb == "RCPT":
                rcpts.append(line[8:].strip())
                self.say("250 2.1.5 ok")
            elif verb == "DATA":
                if not sender or not rcpts:
                    self.say("503 5.5.1 need MAIL and RCPT")
                    continue
                self.say("354 go ahead")
                lines = []
                while True:
                    d = self.rfile.readline(1 << 20)
                    if not d or d == b".\r\n":
                        break
                    if d.startswith(b".."):
                        d = d[1:]
                    lines.append(d)
                with lock:
                    if refuse[0] > 0:
                        refuse[0] -= 1
                        self.say("451 4.3.0 try again later")
                        continue
                    count[0] += 1
                    n = count[0]
                    base = os.path.join(DIR, "msg-%d" % n)
                    with open(base + ".env", "w") as f:
                        f.write("MAIL FROM %s\n" % sender)
                        for r in rcpts:
                            f.write("RCPT TO %s\n" % r)
                    with open(base + ".tmp", "wb") as f:
                        f.write(b"".join(lines))
                    os.rename(base + ".tmp", base + ".eml")
                self.say("250 2.0.0 queued as %d" % n)
                sender, rcpts = None, []
            elif verb == "RSET":
                sender, rcpts = None, []
                self.say("250 ok")
            elif verb == "NOOP":
                self.say("250 ok")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("502 5.5.2 not implemented")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


srv = Server(("127.0.0.1", 0), Session)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
srv.serve_forever()
