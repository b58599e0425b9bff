"""A minimal cloud ingest receiver for `make bench`: takes `POST /v1/events`, counts the distinct
events it has seen (by id), answers 200. It checks nothing else: it is here to be fast.

`python3 bench/receiver.py PORT [FAIL_EVERY]`: with FAIL_EVERY, every FAIL_EVERY-th batch is answered
503 without being counted, as a cloud that fails now and then (`bench/soak.py`)."""
import http.server
import json
import re
import sys
import threading

ids = set()
lock = threading.Lock()
FAIL_EVERY = int(sys.argv[2]) if len(sys.argv) > 2 else 0
posts = [0]
ID = re.compile(rb'\{"id":"(evt-[0-9a-z]+)"')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with lock:
            posts[0] += 1
            failing = FAIL_EVERY and posts[0] % FAIL_EVERY == 0
        if failing:
            self.wfile.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
            return
        found = ID.findall(body)
        with lock:
            ids.update(found)
        # Head and body in one write: two small writes meet Nagle's algorithm and the client's
        # delayed ACK, and every batch would wait ~40 ms for nothing.
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")

    def do_GET(self):
        with lock:
            payload = json.dumps({"events": len(ids), "posts": posts[0]}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.serve_forever()
