#!/usr/bin/env python3
"""smtp_sink.py -- a real SMTP server on loopback for the HTTP tests.

    python3 tests/http/smtp_sink.py DIR [REFUSE] [--tls CERT KEY]
                                          [--auth USER PASSWORD]

Listens on 127.0.0.1 on a free port, writes the port to DIR/port (once
it accepts connections), and stores every accepted message as
DIR/msg-N.eml (envelope in DIR/msg-N.env: MAIL FROM and RCPT TO lines,
then "TLS yes|no" and "AUTH USER|none" for how the session went).
The first REFUSE deliveries (default 0) are answered "451 4.3.0" at the
end of DATA, as a busy or greylisting server does, and not stored.

--tls offers STARTTLS with the certificate and key (PEM files; the test
makes them with the openssl CLI). --auth offers AUTH PLAIN and LOGIN
(after STARTTLS when --tls is given, as real servers do), refuses a
wrong password with 535, and refuses MAIL before a successful AUTH with
530. Speaks just enough ESMTP for curl: EHLO/HELO, STARTTLS, AUTH, MAIL,
RCPT, DATA (with dot-unstuffing), RSET, NOOP, QUIT. Standard library
only; runs until killed.
"""
import base64
import os
import socketserver
import ssl
import sys
import threading

args = sys.argv[1:]
DIR = args.pop(0)
refuse = [int(args.pop(0)) if args and not args[0].startswith("--") else 0]
tls_context = None
credentials = None
while args:
    opt = args.pop(0)
    if opt == "--tls":
        cert, key = args.pop(0), args.pop(0)
        tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_context.load_cert_chain(cert, key)
    elif opt == "--auth":
        credentials = (args.pop(0), args.pop(0))
    else:
        sys.exit("smtp_sink.py: unknown option " + opt)
count = [0]
lock = threading.Lock()


def b64(text):
    try:
        return base64.b64decode(text.strip(), validate=True).decode("utf-8")
    except Exception:
        return None


class Session(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def ask(self, prompt):
        """A SASL challenge; the client's base64 answer, decoded."""
        self.say("334 " + prompt)
        raw = self.rfile.readline(4096)
        return b64(raw.decode("ascii", "replace")) if raw else None

    def start_tls(self):
        self.say("220 2.0.0 ready to start TLS")
        self.connection = tls_context.wrap_socket(self.connection,
                                                  server_side=True)
        self.rfile = self.connection.makefile("rb")
        self.wfile = self.connection.makefile("wb")
        self.tls = True

    def authenticate(self, line):
        words = line.split()
        mech = words[1].upper() if len(words) > 1 else ""
        user = password = None
        if mech == "PLAIN":
            plain = b64(words[2]) if len(words) > 2 else self.ask("")
            parts = plain.split("\0") if plain is not None else []
            if len(parts) == 3:
                user, password = parts[1], parts[2]
        elif mech == "LOGIN":
            user = b64(words[2]) if len(words) > 2 else \
                self.ask(base64.b64encode(b"Username:").decode())
            password = self.ask(base64.b64encode(b"Password:").decode())
        else:
            self.say("504 5.5.4 mechanism not supported")
            return
        if (user, password) == credentials:
            self.user = user
            self.say("235 2.7.0 authenticated")
        else:
            self.say("535 5.7.8 authentication failed")

    def ehlo(self):
        self.say("250-sink.invalid")
        self.say("250-8BITMIME")
        if tls_context and not self.tls:
            self.say("250-STARTTLS")
        if credentials and (self.tls or not tls_context):
            self.say("250-AUTH PLAIN LOGIN")
        self.say("250 SIZE 10485760")

    def handle(self):
        self.tls, self.user = False, None
        self.say("220 sink.invalid ESMTP test sink")
        sender, rcpts = None, []
        while True:
            raw = self.rfile.readline(4096)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb == "EHLO":
                self.ehlo()
            elif verb == "HELO":
                self.say("250 sink.invalid")
            elif line.upper() == "STARTTLS" and tls_context and not self.tls:
                self.start_tls()
                sender, rcpts = None, []
            elif verb == "AUTH" and credentials:
                self.authenticate(line)
            elif verb == "MAIL":
                if credentials and not self.user:
                    self.say("530 5.7.0 authentication required")
                    continue
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
                        f.write("TLS %s\n" % ("yes" if self.tls else "no"))
                        f.write("AUTH %s\n" % (self.user or "none"))
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
