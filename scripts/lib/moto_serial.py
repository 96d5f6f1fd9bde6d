"""moto server with one request at a time.

moto's own server handles requests on many threads, and its DynamoDB then does not
apply an update atomically: measured here, 60 concurrent `ADD n 1` returned one count
twice, and a conditional two-item transaction let 9 of 8 tokens through. DynamoDB
guarantees both, so the store's contract tests run against moto serialised by one lock
(connections are still accepted concurrently). Usage: moto_serial.py HOST PORT
"""

import os
import sys
import threading

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


def serialised(environ, start_response):
    with lock:
        # Drain the body inside the lock, so the whole request is one step.
        return list(app(environ, start_response))


run_simple(host, port, serialised, threaded=True, request_handler=MotoRequestHandler)
