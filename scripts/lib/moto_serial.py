"""moto server with one request at a time, plus the Step Functions calls it lacks.

moto's own server handles requests on many threads, and its DynamoDB then does not
apply an update atomically: measured here, 60 concurrent `ADD n 1` returned one count
twice, and a conditional two-item transaction let 9 of 8 tokens through. DynamoDB
guarantees both, so the store's contract tests run against moto serialised by one lock
(connections are still accepted concurrently).

moto 5.2.5 answers HTTP 500 to ValidateStateMachineDefinition, ListStateMachineVersions
and StartSyncExecution; the AWS provider for Terraform then retries for minutes, and the
gateway's Step Functions client cannot run a query. This wrapper answers the first two
(a definition is "OK"; no versions) and runs StartSyncExecution as StartExecution +
DescribeExecution polling on moto itself, so its result is moto's interpretation of the
definition (with `{"stepfunctions": {"execute_state_machine": true}}` in /moto-api/config;
otherwise the execution never ends and the answer is TIMED_OUT after SYNC_TIMEOUT_S).
Test-only. Usage: moto_serial.py HOST PORT
"""

import io
import json
import os
import sys
import threading
import time
import uuid

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

host, port = sys.argv[1], int(sys.argv[2])
os.environ.setdefault("MOTO_PORT", str(port))
app = DomainDispatcherApplication(create_backend_app)
lock = threading.Lock()
SFN = "AWSStepFunctions."
SYNC_TIMEOUT_S = 60


def call(environ, target, payload):
    """One request to moto itself, as if a client had sent it."""
    body = json.dumps(payload).encode()
    inner = dict(environ)
    inner.update(
        {
            "HTTP_X_AMZ_TARGET": SFN + target,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "PATH_INFO": "/",
            "QUERY_STRING": "",
        }
    )
    # StartSyncExecution goes to host `sync-<host>`; moto routes by host, so drop it.
    for key in ("HTTP_HOST", "SERVER_NAME"):
        if inner.get(key, "").startswith("sync-"):
            inner[key] = inner[key][len("sync-") :]
    status = []
    chunks = app(inner, lambda s, h, *a: status.append(s))
    text = b"".join(chunks)
    return int(status[0].split()[0]), json.loads(text or b"{}")


def reply(start_response, code, payload):
    body = json.dumps(payload).encode()
    start_response(
        f"{code} {'OK' if code == 200 else 'Error'}",
        [("Content-Type", "application/x-amz-json-1.0"), ("Content-Length", str(len(body)))],
    )
    return [body]


def start_sync_execution(environ, start_response, request):
    request.setdefault("name", str(uuid.uuid4()))  # moto names unnamed executions `None`
    # The lock is held per call to moto, never while waiting for the execution.
    with lock:
        code, started = call(environ, "StartExecution", request)
    if code != 200:
        return reply(start_response, code, started)
    arn = started["executionArn"]
    deadline = time.monotonic() + SYNC_TIMEOUT_S
    while True:
        with lock:
            code, described = call(environ, "DescribeExecution", {"executionArn": arn})
        if code != 200:
            return reply(start_response, code, described)
        if described["status"] != "RUNNING":
            break
        if time.monotonic() > deadline:
            described["status"] = "TIMED_OUT"
            break
        time.sleep(0.02)
    if described["status"] == "FAILED":
        with lock:
            code, history = call(environ, "GetExecutionHistory", {"executionArn": arn, "reverseOrder": True})
        for event in history.get("events", []):
            details = event.get("executionFailedEventDetails")
            if details:
                described.update({k: v for k, v in details.items() if k in ("error", "cause")})
                break
    described.pop("redriveCount", None)
    described.pop("redriveStatus", None)
    described["billingDetails"] = {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": 100}
    return reply(start_response, 200, described)


def serialised(environ, start_response):
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target.startswith(SFN):
        action = target[len(SFN) :]
        if action == "ValidateStateMachineDefinition":
            return reply(start_response, 200, {"result": "OK", "diagnostics": []})
        if action == "ListStateMachineVersions":
            return reply(start_response, 200, {"stateMachineVersions": []})
        if action == "StartSyncExecution":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            request = json.loads(environ["wsgi.input"].read(length) or b"{}")
            return start_sync_execution(environ, start_response, request)
    with lock:
        # Drain the body inside the lock, so the whole request is one step.
        return list(app(environ, start_response))


run_simple(host, port, serialised, threaded=True, request_handler=MotoRequestHandler)
