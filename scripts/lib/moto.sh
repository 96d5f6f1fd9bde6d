# Sourced by scripts/test: starts an AWS-compatible server (moto) on a free loopback port
# for the DynamoDB tests, unless AWS_ENDPOINT_URL already points somewhere (LocalStack,
# a moto you run yourself, AWS). moto lives in the project's own virtualenv (.venv),
# pinned; the server is stopped by PID when the calling script exits.

MOTO_VERSION=5.2.5

start_moto() {
  if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then
    echo "AWS_ENDPOINT_URL is set ($AWS_ENDPOINT_URL): using that server"
    return
  fi
  local venv=.venv
  if ! "$venv/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
    echo "installing moto[server]==$MOTO_VERSION into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server,dynamodb]==$MOTO_VERSION"
  fi
  local port
  port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p target
  # One request at a time: moto's threaded DynamoDB is not atomic (see moto_serial.py).
  "$venv/bin/python" scripts/lib/moto_serial.py 127.0.0.1 "$port" >target/moto.log 2>&1 &
  MOTO_PID=$!
  for _ in $(seq 1 100); do
    if "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/reset', data=b'')" 2>/dev/null; then
      break
    fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then
      echo "moto server did not start; its log:" >&2
      cat target/moto.log >&2
      return 1
    fi
    sleep 0.2
  done
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=eu-north-1
  echo "moto server $MOTO_VERSION on $AWS_ENDPOINT_URL (PID $MOTO_PID, log target/moto.log)"
}

stop_moto() {
  if [[ -n "${MOTO_PID:-}" ]]; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
}
