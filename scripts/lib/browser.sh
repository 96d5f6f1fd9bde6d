# Sourced by scripts/test: the tools of the browser tests (tests/lefi-browser, issue 15).
#   browser_tools   Debian's chromium, chromium-driver and poppler-utils (pdftotext), installed
#                   with apt-get when missing and we are root (else: stop with the command
#                   to run); axe-core, pinned by tests/lefi-browser/package-lock.json, into
#                   that folder's node_modules with `npm ci` when missing or older than the lock.
# No browser is downloaded by a test tool: the closed network refuses that; Debian's is used.

BROWSER_NODE=tests/lefi-browser
# command → the Debian package that brings it
BROWSER_TOOLS=(chromium:chromium chromedriver:chromium-driver pdftotext:poppler-utils)

browser_tools() {
  local tool missing=()
  for tool in "${BROWSER_TOOLS[@]}"; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
      echo "installing ${missing[*]} (Debian)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "the browser tests need ${missing[*]}: apt-get update && apt-get install -y ${missing[*]}" >&2
      return 1
    fi
  fi
  echo "$(chromium --version 2>/dev/null); $(chromedriver --version 2>/dev/null | cut -d' ' -f1-2); $(pdftotext -v 2>&1 | head -n 1)"
  local lock=$BROWSER_NODE/package-lock.json installed=$BROWSER_NODE/node_modules/.package-lock.json
  if [[ ! -e $installed || $lock -nt $installed ]]; then
    echo "npm ci ($BROWSER_NODE: axe-core)"
    npm ci --prefix "$BROWSER_NODE" --no-audit --no-fund
  fi
}
