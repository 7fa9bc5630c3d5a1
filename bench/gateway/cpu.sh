#!/usr/bin/env bash
# Gateway cost per request, for development on a loaded machine: CPU time (utime+stime of the gateway process)
# per non-streamed chat request at concurrency 1 and 32, with wrk's figures and the load average next to them.
# nginx is the upstream, as in run.sh. (Instruction counts are not available here: the VM exposes no hardware
# counters to perf, and valgrind 3.19 crashes starting the server.) Several binaries are measured alternately.
#
#   bench/gateway/cpu.sh [tandem binary ...]        # default: .build/release/tandem
#   ROUNDS=3 DURATION=5 bench/gateway/cpu.sh /tmp/old /tmp/new
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/bench/gateway"
DURATION="${DURATION:-5}"
ROUNDS="${ROUNDS:-2}"
PYTHON="${TANDEM_PYTHON:-$ROOT/.venv/bin/python}"
BINARIES=("$@")
[ ${#BINARIES[@]} -gt 0 ] || BINARIES=("$ROOT/.build/release/tandem")

SCRATCH="$(mktemp -d /tmp/tandem-bench-cpu.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
NGINX_PORT="$(free_port)"
mkdir -p "$SCRATCH/nginx"
sed -e "s|@PORT@|$NGINX_PORT|g" -e "s|@PREFIX@|$SCRATCH/nginx|g" -e "s|@STREAM@|'data: [DONE]\\\\n\\\\n'|" \
    "$HERE/nginx.conf.template" > "$SCRATCH/nginx/nginx.conf"
nginx -p "$SCRATCH/nginx" -c "$SCRATCH/nginx/nginx.conf" &
PIDS+=($!)
cat > "$SCRATCH/tandem.yaml" <<YAML
router:
  retry: {max_attempts: 1}
  models:
    - {name: bench, deployments: [{name: nginx-json, provider: openai, model: bench-model, base_url: "http://127.0.0.1:$NGINX_PORT/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
YAML

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_s="$(getconf CLK_TCK)"

measure() { # binary
    local bin=$1 port pid
    port="$(free_port)"
    BENCH_UPSTREAM_KEY=sk-upstream "$bin" serve --config "$SCRATCH/tandem.yaml" --port "$port" \
        --log-level warning > "$SCRATCH/tandem.log" 2>&1 &
    pid=$!
    PIDS+=($pid)
    for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/live" && break; sleep 0.2; done
    local url="http://127.0.0.1:$port/v1/chat/completions"
    BENCH_MODEL=bench wrk -t1 -c1 -d1s -s "$HERE/chat.lua" "$url" > /dev/null 2>&1 || true
    for connections in 1 32; do
        local threads=$(( connections == 1 ? 1 : 2 ))
        local before line after requests
        before="$(cpu_ticks "$pid")"
        line="$(BENCH_MODEL=bench wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency -s "$HERE/chat.lua" "$url" \
            | grep '^RESULT')"
        after="$(cpu_ticks "$pid")"
        requests="$(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$line")"
        echo "RESULT binary=$bin connections=$connections $(cut -d' ' -f2- <<< "$line")" \
            "cpu_us_per_request=$(( (after - before) * 1000000 / ticks_per_s / requests ))" \
            "load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
    done
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

for _ in $(seq 1 "$ROUNDS"); do
    for bin in "${BINARIES[@]}"; do measure "$bin"; done
done
