"""Cold start of Lambda binaries under a minimal Lambda Runtime API emulator, side by side
with an echo function as the floor.

Starts each BINARY with AWS_LAMBDA_RUNTIME_API pointing at a loopback server that hands
out one event, and measures, from process start:
  init   — until the runtime's first GET /2018-06-01/runtime/invocation/next (init done)
  served — until it POSTs the event's response (or error)
The series run interleaved (run 1 of every binary, then run 2 of every binary, …), so a
change in the machine's load falls on all of them alike. With --echo, the echo function
(benches/lefi-echo: lambda_runtime, tokio and the logging set-up, no work) runs as one
more series, and each binary's median "served" is printed as a ratio to the echo's.

Every run gets its own emulator on a fresh port: a killed runtime's last request (the
`/next` it sends right after its response, which may reach the server only after the
next run has started) can then never take the next run's event. On one shared server it
did, now and then, and the next process waited for an event that had been handed out
already: "no answer within 30 s" (issue 14).

The binaries run on this machine: x86_64 release builds (`cargo build --release`), or
arm64 ones under qemu-user (PREFIX="qemu-aarch64 -L /usr/aarch64-linux-gnu"), which only
bounds them from above.

Usage:
  python3 scripts/coldstart.py [--runs N] [--echo ECHO_BINARY] \\
      BINARY EVENT_JSON_FILE [KEY=VALUE ...] [-- BINARY EVENT_JSON_FILE [KEY=VALUE ...]] ...
"""

import os
import shlex
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RUN_TIMEOUT_S = 30


class Run:
    def __init__(self, event):
        self.event = event
        self.start = 0.0
        self.init = None
        self.served = None
        self.status = None
        self.body = b""
        self.handed_out = False
        self.done = threading.Event()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        # The run this server was made for: never another run's (see the module doc).
        run = self.server.run
        if self.path.endswith("/runtime/invocation/next"):
            now = time.perf_counter()
            if run.init is None:
                run.init = now - run.start
            if run.handed_out:
                # A second /next: the runtime waits for work; hold it until the run ends.
                run.done.wait(RUN_TIMEOUT_S)
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
            self.send_header("Content-Length", str(len(run.event)))
            self.end_headers()
            self.wfile.write(run.event)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        now = time.perf_counter()
        run = self.server.run
        if "/runtime/invocation/" in self.path or "/runtime/init/error" in self.path:
            run.served = now - run.start
            run.status = self.path.rsplit("/", 1)[1]
            run.body = body[:300]
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        run.done.set()


def parse_args(argv):
    runs, echo, series, current = 10, None, [], []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--runs":
            runs, i = int(argv[i + 1]), i + 2
            continue
        if a == "--echo":
            echo, i = argv[i + 1], i + 2
            continue
        if a == "--":
            if current:
                series.append(current)
            current, i = [], i + 1
            continue
        current.append(a)
        i += 1
    if current:
        series.append(current)
    out = []
    for s in series:
        if len(s) < 2:
            sys.exit(__doc__)
        out.append({"binary": s[0], "event": open(s[1], "rb").read(), "env": dict(a.split("=", 1) for a in s[2:])})
    if echo:
        out.insert(0, {"binary": echo, "event": b'{"echo":true}', "env": {}, "echo": True})
    if not out:
        sys.exit(__doc__)
    return runs, out


def base_env():
    env = dict(os.environ)
    env.update(
        {
            "AWS_LAMBDA_FUNCTION_NAME": "coldstart",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/coldstart",
            "AWS_LAMBDA_LOG_STREAM_NAME": "coldstart",
            "AWS_LAMBDA_LOG_FORMAT": env.get("AWS_LAMBDA_LOG_FORMAT", "JSON"),
            "AWS_REGION": env.get("AWS_REGION", "eu-north-1"),
            "AWS_ACCESS_KEY_ID": env.get("AWS_ACCESS_KEY_ID", "test"),
            "AWS_SECRET_ACCESS_KEY": env.get("AWS_SECRET_ACCESS_KEY", "test"),
            "AWS_SESSION_TOKEN": env.get("AWS_SESSION_TOKEN", "test"),
        }
    )
    return env


def one_run(series, env, prefix):
    """One cold start on its own emulator; returns the Run, or None without an answer."""
    run = Run(series["event"])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.run = run
    server.daemon_threads = True
    server.handle_error = lambda *args: None  # the killed runtime's waiting /next
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = dict(env, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}", **series["env"])
    run.start = time.perf_counter()
    proc = subprocess.Popen(prefix + [series["binary"]], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ok = run.done.wait(RUN_TIMEOUT_S)
    proc.kill()
    proc.wait()
    server.shutdown()
    server.server_close()
    return run if ok and run.init is not None else None


def main():
    runs, series = parse_args(sys.argv[1:])
    env = base_env()
    prefix = shlex.split(os.environ.get("PREFIX", ""))
    for s in series:
        s["inits"], s["served"], s["missed"] = [], [], 0
    load_before = os.getloadavg()
    for _ in range(runs):
        for s in series:
            run = one_run(s, env, prefix)
            if run is None:
                # Reported, not fatal: the series goes on and says how many it missed.
                s["missed"] += 1
                continue
            if run.status != "response" and not s.get("noted"):
                s["noted"] = True
                print(f"note: {s['binary']}: the event ended as {run.status} (still served): {run.body!r}", file=sys.stderr)
            s["inits"].append(run.init * 1000)
            s["served"].append(run.served * 1000)
    load_after = os.getloadavg()

    echo = next((s for s in series if s.get("echo")), None)
    floor = statistics.median(echo["served"]) if echo and echo["served"] else None
    print(f"{runs} runs each, interleaved; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print()
    print("| binary | init (median, worst) | first event served (median, worst) | ratio to echo |")
    print("|---|---|---|---|")
    failed = False
    for s in series:
        name = os.path.basename(s["binary"])
        if not s["served"]:
            print(f"| {name} | no answer in {runs} runs | | |")
            failed = True
            continue
        served = statistics.median(s["served"])
        ratio = f"{served / floor:.2f}×" if floor else ""
        missed = f" ({s['missed']} of {runs} without an answer)" if s["missed"] else ""
        failed = failed or s["missed"] > 0
        print(
            f"| {name}{missed} | {statistics.median(s['inits']):.1f} ms ({max(s['inits']):.1f}) "
            f"| {served:.1f} ms ({max(s['served']):.1f}) | {ratio} |"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
