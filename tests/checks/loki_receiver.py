#!/usr/bin/env python3
"""A stand-in for Loki's push endpoint, for tests/checks/loki_push.sh.

Listens on 127.0.0.1 on a port the system picks and writes that port to
PORT_FILE once it listens.  Request number N (from 1) is recorded as
LOG_DIR/N.body (the body, byte for byte) and LOG_DIR/N.head (the request
line, then every header as "Name: value").  It is answered with line N of
ANSWERS, "CODE" or "CODE text": the status, and the text as a text/plain
body, the way Loki answers (204 and no body on success; 400 with a text
body for refused entries; 429 when rate limited).  Past the last line the
last one is repeated.  Stops by itself after LIFETIME seconds.

    loki_receiver.py PORT_FILE LOG_DIR ANSWERS [LIFETIME]
"""
import http.server
import os
import sys
import threading


def main():
    port_file, log_dir, answers_file = sys.argv[1:4]
    lifetime = float(sys.argv[4]) if len(sys.argv) > 4 else 120.0
    with open(answers_file, encoding="utf-8") as f:
        answers = [ln.rstrip("\n") for ln in f if ln.strip()]
    count = [0]
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            with lock:
                count[0] += 1
                n = count[0]
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with open(os.path.join(log_dir, "%d.body" % n), "wb") as f:
                f.write(body)
            with open(os.path.join(log_dir, "%d.head" % n), "w", encoding="utf-8") as f:
                f.write("%s %s\n" % (self.command, self.path))
                for name, value in self.headers.items():
                    f.write("%s: %s\n" % (name, value))
            code, _, text = answers[min(n, len(answers)) - 1].partition(" ")
            self.send_response(int(code))
            if text:
                data = (text + "\n").encode("utf-8")
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            else:
                self.end_headers()

        def log_message(self, fmt, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, port_file)
    threading.Timer(lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
