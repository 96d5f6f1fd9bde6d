"""Terraform modules in the registry's conventions (issue 14, item 7), which Terraform
itself does not enforce: every module under infra/modules has a versions.tf (its
required_version and required_providers), and every variable and output of every module
and root has a description. And every folder with `terraform test` files is one that
scripts/lib/infra.sh runs (INFRA_TESTED): those files are the only check before AWS of
the rules moto does not enforce, and a folder left out would pass unseen (issue 15).
Prints what is missing; exits 1 if anything is.

Usage: tf_conventions.py [INFRA_DIR]   (default infra)
"""

import re
import sys
from pathlib import Path

infra = Path(sys.argv[1] if len(sys.argv) > 1 else "infra")
problems = []

for module in sorted(p for p in (infra / "modules").iterdir() if p.is_dir()):
    versions = module / "versions.tf"
    if not versions.exists():
        problems.append(f"{module}: no versions.tf")
        continue
    text = versions.read_text()
    for needed in ("required_version", "required_providers"):
        if needed not in text:
            problems.append(f"{versions}: no {needed}")

# A block starts at `variable "x" {` / `output "x" {` at the start of a line and ends at
# the next `}` at the start of a line (terraform fmt keeps that shape). A description of
# the block itself is one indented two spaces.
BLOCK = re.compile(r'^(variable|output) "([^"]+)" \{\n(.*?)^\}', re.S | re.M)
for tf in sorted(infra.rglob("*.tf")):
    if ".terraform" in tf.parts:
        continue
    for kind, name, body in BLOCK.findall(tf.read_text()):
        if not re.search(r'^  description\s*=\s*"[^"]', body, re.M):
            problems.append(f"{tf}: {kind} \"{name}\" has no description")

# Every folder holding tests/*.tftest.hcl is in infra.sh's INFRA_TESTED.
infra_sh = infra.parent / "scripts" / "lib" / "infra.sh"
if infra_sh.exists():
    listed = re.search(r"^INFRA_TESTED=\(([^)]*)\)", infra_sh.read_text(), re.M)
    tested = set(listed.group(1).split()) if listed else set()
    for test in sorted(infra.rglob("tests/*.tftest.hcl")):
        if ".terraform" in test.parts:
            continue
        folder = test.parent.parent.relative_to(infra.parent).as_posix()
        if folder not in tested:
            problems.append(f"{test}: {folder} is not in INFRA_TESTED (scripts/lib/infra.sh), so its tests never run")
            tested.add(folder)

for p in problems:
    print(p)
print(f"{len(problems)} problem(s)" if problems else "every module has versions.tf; every variable and output a description; every test folder runs")
sys.exit(1 if problems else 0)
