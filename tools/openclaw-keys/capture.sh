#!/usr/bin/env bash
# Captures schema/config/openclaw-keys.json from the real OpenClaw gateways: for each version it starts the
# gateway on loopback inside a private network namespace, asks it for config.schema with the real OpenClaw CLI,
# and then extracts the key paths of both replies with `go run ./tools/openclaw-keys`.
#
#   tools/openclaw-keys/capture.sh [RUN]     RUN: the OpenClaw runner (default ../shared/tools/openclaw/run)
#
# Run from the repository root; needs both versions installed (`RUN v3 install`, `RUN v4 install`). Not for CI.
set -euo pipefail
run=$(realpath "${1:-../shared/tools/openclaw/run}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# capture VERSION PORT writes $work/VERSION.json (runs inside the namespace). A loaded machine can make the
# gateway miss its own start-up deadlines, so each version gets a few attempts.
capture() {
  local ver=$1 port=$2 attempt state cli gw
  for attempt in 1 2 3 4 5; do
    state=$work/$ver-state-$attempt cli=$work/$ver-cli-$attempt
    mkdir -p "$state" "$cli"
    "$run" "$ver" gateway "$port" "tok-$port" "$state" > "$state/ready" 2>&1 &
    gw=$!
    for _ in $(seq 1 300); do grep -q "ws://" "$state/ready" && break; kill -0 "$gw" 2>/dev/null || break; sleep 1; done
    if grep -q "ws://" "$state/ready"; then
      "$run" "$ver" cli "$cli" gateway call config.schema --url "ws://127.0.0.1:$port" --token "tok-$port" \
        --timeout 180000 --json > "$work/$ver.json"
      kill "$(awk 'NR==1{print $1}' "$state/ready")"
      return 0
    fi
    echo "$ver: the gateway did not start (attempt $attempt): $(tail -1 "$state/ready")" >&2
  done
  return 1
}
export -f capture
export run work
"$run" netns bash -c 'capture v3 28801 && capture v4 28802'
go run ./tools/openclaw-keys --out schema/config/openclaw-keys.json "$work/v3.json" "$work/v4.json"
echo "wrote schema/config/openclaw-keys.json"
