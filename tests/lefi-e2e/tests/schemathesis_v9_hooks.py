"""schemathesis hooks for the run of Försäkringskassan's own v9 OpenAPI document
(tests/lefi-e2e/tests/schemathesis.rs).

v9 documents 200, 400, 403 and 500. LEFI Online adds a few statuses, each documented in
the project's OpenAPI as "Tillägg i LEFI Online"; the Rust test passes exactly those in
LEFI_V9_ADDITIVE_STATUSES (409, 413, 415, 429, 503). `v9_status_code_conformance` is
schemathesis's own `status_code_conformance` with those allowed besides v9's: any other
undocumented status is still a failure.
"""

import os

import schemathesis
from schemathesis.specs.openapi.checks import status_code_conformance

_listed = os.environ.get("LEFI_V9_ADDITIVE_STATUSES")
if not _listed:
    raise RuntimeError("LEFI_V9_ADDITIVE_STATUSES is not set: run through schemathesis.rs")
ADDITIVE_STATUSES = frozenset(int(s) for s in _listed.split(","))


@schemathesis.check
def v9_status_code_conformance(ctx, response, case):
    if response.status_code in ADDITIVE_STATUSES:
        return None
    return status_code_conformance(ctx, response, case)
