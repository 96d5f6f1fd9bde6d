"""Cold start of a Lambda binary under a minimal Lambda Runtime API emulator.

Starts BINARY with AWS_LAMBDA_RUNTIME_API pointing at a loopback server that hands out
one event, and measures, from process start:
  init   — until the runtime's first GET /2018-06-01/runtime/invocation/next (init done)
  served — until it POSTs the event's response (or error)
Repeats RUNS times and prints the median and the worst. The binary runs on this machine:
an x86_64 build (cargo lambda build --release), or an arm64 one under qemu-user
(PREFIX="qemu-aarch64 -L /usr/aarch64-linux-gnu"), which only bounds it from above.

Usage: python3 scripts/coldstart.py BINARY EVENT_JSON_FILE [RUNS] [KEY=VALUE ...]
"""

import json
import os
import shlex
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

binary, event_file = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
extra_env = dict(a.split("=", 1) for a in sys.argv[4:])
event = open(event_file, "rb").read()


class Run:
    def __init__(self):
        self.start = 0.0
        self.init = None
        self.served = None
        self.status = None
        self.handed_out = False
        self.done = threading.Event()


current = Run()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.endswith("/runtime/invocation/next"):
            now = time.perf_counter()
            run = current
            if run.init is None:
                run.init = now - run.start
            if run.handed_out:
                # A second /next: the runtime waits for work; hold it until the run ends.
                run.done.wait(30)
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            run.handed_out = True
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Lambda-Runtime-Aws-Request-Id", "req-1")
            self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
            self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-north-1:123456789012:function:coldstart")
            self.send_header("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
            self.send_header("Content-Length", str(len(event)))
            self.end_headers()
            self.wfile.write(event)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        now = time.perf_counter()
        run = current
        if "/runtime/invocation/" in self.path or "/runtime/init/error" in self.path:
            run.served = now - run.start
            run.status = self.path.rsplit("/", 1)[1]
            run.body = body[:300]
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        run.done.set()


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.handle_error = lambda *args: None  # the killed runtime's waiting /next
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]

env = dict(os.environ)
env.update(
    {
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}",
        "AWS_LAMBDA_FUNCTION_NAME": "coldstart",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/coldstart",
        "AWS_LAMBDA_LOG_STREAM_NAME": "coldstart",
        "AWS_REGION": env.get("AWS_REGION", "eu-north-1"),
        "AWS_ACCESS_KEY_ID": env.get("AWS_ACCESS_KEY_ID", "test"),
        "AWS_SECRET_ACCESS_KEY": env.get("AWS_SECRET_ACCESS_KEY", "test"),
    }
)
env.update(extra_env)
prefix = shlex.split(os.environ.get("PREFIX", ""))

inits, served = [], []
for _ in range(runs):
    current = Run()
    current.start = time.perf_counter()
    proc = subprocess.Popen(prefix + [binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ok = current.done.wait(30)
    proc.kill()
    proc.wait()
    if not ok or current.init is None:
        sys.exit(f"{binary}: no answer within 30 s")
    if current.status != "response" and not inits:
        print(f"note: the event ended as {current.status} (still served): {current.body!r}", file=sys.stderr)
    inits.append(current.init * 1000)
    served.append(current.served * 1000)

name = os.path.basename(os.path.dirname(binary)) or binary
print(
    f"{name}: init {statistics.median(inits):.1f} ms (worst {max(inits):.1f}), "
    f"first event served {statistics.median(served):.1f} ms (worst {max(served):.1f}) over {runs} runs"
)
server.shutdown()
