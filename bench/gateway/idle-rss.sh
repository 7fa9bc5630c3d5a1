#!/usr/bin/env bash
# Idle RSS of `tandem serve`, measured the way bench/gateway/run.sh measures the shipped binary (its
# "target=tandem-static phase=idle" line): the bench's configuration (three `openai` deployments), wait for
# /health/ready, sleep 1, read VmRSS. Runs it RUNS times and prints one RESULT line per run, plus the load average
# (wall-clock-free, but the page cache state matters: the binary is evicted from the page cache once before the
# series, as bench/coldstart does, because a file the build has just written sits in large folios that the kernel
# maps whole). With DETAIL=1 it also prints the resident KiB of each mapping (smaps) of the last run.
#
#   bench/gateway/idle-rss.sh [BINARY]          # default dist/bootstrap
#   RUNS=5 DETAIL=1 bench/gateway/idle-rss.sh dist/bootstrap
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${1:-$ROOT/dist/bootstrap}"
RUNS="${RUNS:-3}"
PYTHON="${TANDEM_PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
[ -x "$BIN" ] || { echo "no executable at $BIN (run tandem package first)" >&2; exit 1; }

SCRATCH="$(mktemp -d /tmp/tandem-idle-rss.XXXXXX)"
PID=""
cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# The upstream is never called while idle; the port only has to be a loopback one.
UPSTREAM_PORT="$(free_port)"
# As run.sh writes it (same flow style, so the YAML parser runs the same code).
cat > "$SCRATCH/tandem.yaml" <<YAML
router:
  retry: {max_attempts: 1}
  models:
    - {name: bench, deployments: [{name: nginx-json, provider: openai, model: bench-model, base_url: "http://127.0.0.1:$UPSTREAM_PORT/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
    - {name: bench-stream, deployments: [{name: nginx-stream, provider: openai, model: bench-model, base_url: "http://127.0.0.1:$UPSTREAM_PORT/stream/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
    - {name: bench-slow, deployments: [{name: nginx-slow, provider: openai, model: bench-model, base_url: "http://127.0.0.1:$UPSTREAM_PORT/slow/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
YAML

if [ "${EVICT:-1}" = 1 ]; then
    sync "$BIN" 2>/dev/null || sync
    "$PYTHON" -c 'import os, sys
d = os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(d, 0, 0, os.POSIX_FADV_DONTNEED); os.close(d)' "$BIN"
fi

status() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }
for run in $(seq 1 "$RUNS"); do
    PORT="$(free_port)"
    BENCH_UPSTREAM_KEY=sk-upstream "$BIN" serve --config "$SCRATCH/tandem.yaml" --port "$PORT" \
        --log-level warning > "$SCRATCH/tandem.log" 2>&1 &
    PID=$!
    up=0
    for _ in $(seq 1 300); do
        if curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready"; then up=1; break; fi
        sleep 0.1
    done
    [ "$up" = 1 ] || { echo "serve did not come up" >&2; cat "$SCRATCH/tandem.log" >&2; exit 1; }
    sleep 1
    echo "RESULT target=tandem-static phase=idle run=$run rss_kb=$(status "$PID" VmRSS)" \
        "anon_kb=$(status "$PID" RssAnon) file_kb=$(status "$PID" RssFile) threads=$(status "$PID" Threads)" \
        "loadavg=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
    if [ "${DETAIL:-0}" = 1 ] && [ "$run" = "$RUNS" ]; then
        awk '/^[0-9a-f]+-[0-9a-f]+ / {range=$1; perm=$2; name=$6}
             /^Rss:/ && $2 > 0 {print "  " $2 " kB " perm " " range " " name}' "/proc/$PID/smaps" | sort -rn
    fi
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=""
done
