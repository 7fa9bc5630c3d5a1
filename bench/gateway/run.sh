#!/usr/bin/env bash
# Gateway benchmark, one command: a fixed chat completion from nginx, fetched directly, through `tandem serve`
# (release build) and through LiteLLM's proxy, in the same run. Prints one RESULT line per measurement and a
# summary; see README.md. Needs: nginx and wrk (Debian: apt-get install nginx wrk), curl, the .venv with litellm.
#
#   bench/gateway/run.sh                       # full run (10 s per load point, 10-minute soak)
#   DURATION=5 SOAK_SECONDS=60 bench/gateway/run.sh
#
# Two floors run next to them: nginx as a reverse proxy (a second nginx process with kept-alive upstream
# connections), and bench/gateway/floor, the least a SwiftNIO proxy can do (built on first use; FLOOR=0 skips it).
# The concurrency-1 points are measured a second time with every process pinned to CPU 0 (PIN=0 skips that): on this
# VM a wake-up on the other core costs tens of microseconds, so the pinned figures show the work each proxy adds.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/bench/gateway"
DURATION="${DURATION:-10}"
SOAK_SECONDS="${SOAK_SECONDS:-600}"
STREAMS="${STREAMS:-512}"
TTFT_SAMPLES="${TTFT_SAMPLES:-200}"
PYTHON="${TANDEM_PYTHON:-$ROOT/.venv/bin/python}"
LITELLM="${LITELLM:-$ROOT/.venv/bin/litellm}"

for tool in nginx wrk curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nginx wrk curl)" >&2; exit 1; }
done

if [ -z "${TANDEM_BIN:-}" ]; then
    (cd "$ROOT" && swift build -c release --product tandem >&2)
    TANDEM_BIN="$ROOT/.build/release/tandem"
fi

SCRATCH="$(mktemp -d /tmp/tandem-bench-gateway.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
NGINX_PORT="$(free_port)"
TANDEM_PORT="$(free_port)"
LITELLM_PORT="$(free_port)"
PROXY_PORT="$(free_port)"
FLOOR_PORT="$(free_port)"

# The stream: a role chunk, 12 word chunks (nginx caps a config string at 4 KiB), a finish chunk, a usage chunk, [DONE].
STREAM="$("$PYTHON" - <<'PY'
import json
head = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1700000000, "model": "bench-model"}
def chunk(delta, finish=None):
    return "data: " + json.dumps({**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}, separators=(",", ":")) + "\n\n"
words = "The quick brown fox jumps over the lazy dog while the slow grey cat watches it from a warm sunny window".split()
body = chunk({"role": "assistant", "content": ""})
body += "".join(chunk({"content": w + " "}) for w in words[:12])
body += chunk({}, "stop")
body += "data: " + json.dumps({**head, "choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 12, "total_tokens": 24}}, separators=(",", ":")) + "\n\n"
body += "data: [DONE]\n\n"
print("'" + body.replace("'", "\\'") + "'", end="")
PY
)"
mkdir -p "$SCRATCH/nginx"
"$PYTHON" - "$HERE/nginx.conf.template" "$SCRATCH/nginx/nginx.conf" "$NGINX_PORT" "$SCRATCH/nginx" "$STREAM" <<'PY'
import sys
template, out, port, prefix, stream = sys.argv[1:]
text = open(template).read().replace("@PORT@", port).replace("@PREFIX@", prefix).replace("@STREAM@", stream)
open(out, "w").write(text)
PY
nginx -p "$SCRATCH/nginx" -c "$SCRATCH/nginx/nginx.conf" &
NGINX_PID=$!
PIDS+=($NGINX_PID)

# Floor 1: nginx as a reverse proxy in its own process, kept-alive connections to the upstream nginx.
mkdir -p "$SCRATCH/proxy"
cat > "$SCRATCH/proxy/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $SCRATCH/proxy/error.log warn;
pid $SCRATCH/proxy/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $SCRATCH/proxy/body;
    proxy_temp_path $SCRATCH/proxy/proxy;
    fastcgi_temp_path $SCRATCH/proxy/fastcgi;
    uwsgi_temp_path $SCRATCH/proxy/uwsgi;
    scgi_temp_path $SCRATCH/proxy/scgi;
    keepalive_requests 1000000;
    upstream upstream_nginx { server 127.0.0.1:$NGINX_PORT; keepalive 512; }
    server {
        listen 127.0.0.1:$PROXY_PORT backlog=4096;
        location / { proxy_pass http://upstream_nginx; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
CONF
nginx -p "$SCRATCH/proxy" -c "$SCRATCH/proxy/nginx.conf" &
PROXY_PID=$!
PIDS+=($PROXY_PID)

# Floor 2: the smallest SwiftNIO proxy (bench/gateway/floor).
FLOOR_PID=""
if [ "${FLOOR:-1}" != 0 ]; then
    FLOOR_BIN="$HERE/floor/.build/release/ProxyFloor"
    if [ ! -x "$FLOOR_BIN" ]; then swift build -c release --package-path "$HERE/floor" >&2; fi
    "$FLOOR_BIN" "$NGINX_PORT" "$FLOOR_PORT" &
    FLOOR_PID=$!
    PIDS+=($FLOOR_PID)
fi

# Deployment names keep the three apart (the router keys providers by deployment id, provider/model by default).
cat > "$SCRATCH/tandem.yaml" <<YAML
router:
  retry: {max_attempts: 1}
  models:
    - {name: bench, deployments: [{name: nginx-json, provider: openai, model: bench-model, base_url: "http://127.0.0.1:$NGINX_PORT/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
    - {name: bench-stream, deployments: [{name: nginx-stream, provider: openai, model: bench-model, base_url: "http://127.0.0.1:$NGINX_PORT/stream/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
    - {name: bench-slow, deployments: [{name: nginx-slow, provider: openai, model: bench-model, base_url: "http://127.0.0.1:$NGINX_PORT/slow/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
YAML
BENCH_UPSTREAM_KEY=sk-upstream "$TANDEM_BIN" serve --config "$SCRATCH/tandem.yaml" --port "$TANDEM_PORT" \
    --log-level warning > "$SCRATCH/tandem.log" 2>&1 &
TANDEM_PID=$!
PIDS+=($TANDEM_PID)

cat > "$SCRATCH/litellm.yaml" <<YAML
model_list:
  - model_name: bench
    litellm_params: {model: openai/bench-model, api_base: "http://127.0.0.1:$NGINX_PORT/v1", api_key: sk-upstream}
  - model_name: bench-stream
    litellm_params: {model: openai/bench-model, api_base: "http://127.0.0.1:$NGINX_PORT/stream/v1", api_key: sk-upstream}
YAML
LITELLM_LOCAL_MODEL_COST_MAP=True LITELLM_LOG=ERROR LITELLM_MASTER_KEY=sk-bench "$LITELLM" --config "$SCRATCH/litellm.yaml" \
    --host 127.0.0.1 --port "$LITELLM_PORT" > "$SCRATCH/litellm.log" 2>&1 &
PIDS+=($!)

wait_up() {
    for _ in $(seq 1 600); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "$1 did not come up" >&2
    tail -20 "$SCRATCH"/*.log >&2
    exit 1
}
wait_up "http://127.0.0.1:$TANDEM_PORT/health/ready"
wait_up "http://127.0.0.1:$LITELLM_PORT/health/liveliness"
sleep 1

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
echo "RESULT target=tandem phase=idle rss_kb=$(rss_kb $TANDEM_PID) threads=$(ls "/proc/$TANDEM_PID/task" | wc -l)"

# Idle RSS of the statically linked binary the image and the Lambda zip ship (`tandem package` writes it to
# dist/bootstrap; TANDEM_STATIC_BIN overrides, empty skips): idle-rss.sh, once, with the same configuration (it evicts
# the binary from the page cache first: one `tandem package` has just written sits in large folios that the kernel
# maps whole, 29 MB idle instead of 20 MB; an image's binary is read, not written, before it runs).
STATIC_BIN="${TANDEM_STATIC_BIN-$ROOT/dist/bootstrap}"
if [ -n "$STATIC_BIN" ] && [ -x "$STATIC_BIN" ]; then
    RUNS=1 TANDEM_PYTHON="$PYTHON" "$HERE/idle-rss.sh" "$STATIC_BIN" | grep '^RESULT'
fi

declare -A URL=(
    [direct]="http://127.0.0.1:$NGINX_PORT/v1/chat/completions"
    [nginx-proxy]="http://127.0.0.1:$PROXY_PORT/v1/chat/completions"
    [nio-floor]="http://127.0.0.1:$FLOOR_PORT/v1/chat/completions"
    [tandem]="http://127.0.0.1:$TANDEM_PORT/v1/chat/completions"
    [litellm]="http://127.0.0.1:$LITELLM_PORT/v1/chat/completions"
)
declare -A STREAM_URL=(
    [direct]="http://127.0.0.1:$NGINX_PORT/stream/v1/chat/completions"
    [nginx-proxy]="http://127.0.0.1:$PROXY_PORT/stream/v1/chat/completions"
    [nio-floor]="http://127.0.0.1:$FLOOR_PORT/stream/v1/chat/completions"
    [tandem]="http://127.0.0.1:$TANDEM_PORT/v1/chat/completions"
    [litellm]="http://127.0.0.1:$LITELLM_PORT/v1/chat/completions"
)

load() { # target connections threads [extra env]
    local target=$1 connections=$2 threads=$3
    # Warm up (connections, caches), then measure.
    BENCH_MODEL=bench wrk -t"$threads" -c"$connections" -d2s -s "$HERE/chat.lua" "${URL[$target]}" >/dev/null 2>&1 || true
    local line
    line="$(BENCH_MODEL=bench wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 10s --latency \
        -s "$HERE/chat.lua" "${URL[$target]}" | grep '^RESULT')"
    echo "$line target=$target connections=$connections"
}

FLOORS=(nginx-proxy)
[ -n "$FLOOR_PID" ] && FLOORS+=(nio-floor)
for target in direct "${FLOORS[@]}" tandem litellm; do load "$target" 1 1; done

# A whole streamed answer at concurrency 1 (nginx sends its 14 SSE events at once): what relaying a stream costs.
stream_whole() { # target
    local target=$1 line
    BENCH_STREAM=1 BENCH_MODEL=bench-stream wrk -t1 -c1 -d2s -s "$HERE/chat.lua" "${STREAM_URL[$target]}" >/dev/null 2>&1 || true
    line="$(BENCH_STREAM=1 BENCH_MODEL=bench-stream wrk -t1 -c1 -d"${DURATION}s" --timeout 10s --latency \
        -s "$HERE/chat.lua" "${STREAM_URL[$target]}" | grep '^RESULT')"
    echo "$line target=$target connections=1 phase=stream"
}
for target in direct "${FLOORS[@]}" tandem litellm; do stream_whole "$target"; done
for connections in 32 256; do
    for target in direct "${FLOORS[@]}" tandem litellm; do load "$target" "$connections" 2; done
done

echo "RESULT target=tandem phase=after-load rss_kb=$(rss_kb $TANDEM_PID)"

# Time to first byte of a streamed answer: curl's time_starttransfer, TTFT_SAMPLES sequential requests.
ttft() { # target
    local target=$1
    "$PYTHON" - "$target" "${STREAM_URL[$target]}" "$TTFT_SAMPLES" <<'PY'
import subprocess, sys, statistics
target, url, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = '{"model":"bench-stream","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}'
times = []
for i in range(samples + 10):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{time_starttransfer} %{http_code}", "-X", "POST",
        "-H", "Content-Type: application/json", "-H", "Authorization: Bearer sk-bench", "-d", body, url],
        capture_output=True, text=True).stdout.split()
    if out[1] != "200":
        detail = subprocess.run(["curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "-d", body, url],
            capture_output=True, text=True).stdout[:300].replace(" ", "_")
        print(f"RESULT target={target} ttft_error=http_{out[1]} detail={detail}"); sys.exit(0)
    if i >= 10:
        times.append(float(out[0]) * 1e6)
times.sort()
print(f"RESULT target={target} ttft_p50_us={times[len(times)//2]:.0f} ttft_p99_us={times[int(len(times)*0.99)-1]:.0f} samples={len(times)}")
PY
}
for target in direct "${FLOORS[@]}" tandem litellm; do ttft "$target"; done

# The same on one kept-alive connection, as SDKs (httpx, AsyncHTTPClient) send requests: time from sending the
# request to the response head, TTFT_SAMPLES sequential requests after 10 warm-up ones.
ttft_keepalive() { # target
    local target=$1
    "$PYTHON" - "$target" "${STREAM_URL[$target]}" "$TTFT_SAMPLES" <<'PY'
import http.client, sys, time, urllib.parse
target, url, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])
parts = urllib.parse.urlsplit(url)
body = '{"model":"bench-stream","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}'
headers = {"Content-Type": "application/json", "Authorization": "Bearer sk-bench"}
connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
times = []
for i in range(samples + 10):
    start = time.perf_counter()
    connection.request("POST", parts.path, body=body, headers=headers)
    response = connection.getresponse()
    head = time.perf_counter()
    response.read()
    if response.status != 200:
        print(f"RESULT target={target} ttft_keepalive_error=http_{response.status}"); sys.exit(0)
    if i >= 10:
        times.append((head - start) * 1e6)
times.sort()
print(f"RESULT target={target} ttft_keepalive_p50_us={times[len(times)//2]:.0f} ttft_keepalive_p99_us={times[int(len(times)*0.99)-1]:.0f} samples={len(times)}")
PY
}
for target in direct "${FLOORS[@]}" tandem litellm; do ttft_keepalive "$target"; done

# STREAMS concurrent slow streams through Tandem (each about 4 s of trickled tokens): none may stall or fail.
(
    for _ in $(seq 1 30); do
        echo "RSS $(rss_kb $TANDEM_PID)"
        sleep 1
    done
) > "$SCRATCH/rss-streams.txt" &
SAMPLER=$!
line="$(BENCH_MODEL=bench-slow BENCH_STREAM=1 wrk -t2 -c"$STREAMS" -d20s --timeout 30s -s "$HERE/chat.lua" \
    "http://127.0.0.1:$TANDEM_PORT/v1/chat/completions" | grep '^RESULT')"
wait $SAMPLER || true
max_rss="$(awk '{print $2}' "$SCRATCH/rss-streams.txt" | sort -n | tail -1)"
echo "$line target=tandem connections=$STREAMS phase=slow-streams max_rss_kb=$max_rss"
sleep 6
echo "RESULT target=tandem phase=after-streams rss_kb=$(rss_kb $TANDEM_PID)"

# Soak at fixed load (32 connections): RSS before, in the middle, after.
before="$(rss_kb $TANDEM_PID)"
(sleep $((SOAK_SECONDS / 2)); rss_kb $TANDEM_PID > "$SCRATCH/rss-mid.txt") &
MID=$!
line="$(BENCH_MODEL=bench wrk -t2 -c32 -d"${SOAK_SECONDS}s" --timeout 10s -s "$HERE/chat.lua" \
    "${URL[tandem]}" | grep '^RESULT')"
wait $MID || true
sleep 2
echo "$line target=tandem phase=soak soak_s=$SOAK_SECONDS rss_before_kb=$before rss_mid_kb=$(cat "$SCRATCH/rss-mid.txt") rss_after_kb=$(rss_kb $TANDEM_PID)"

# Concurrency 1 again with nginx, the floors, Tandem and wrk all on CPU 0: no cross-core wake-ups. It runs last, so
# that moving the processes' threads to one CPU and back cannot disturb the other measurements (where the scheduler
# puts them afterwards is its own choice).
pin() { # cpus pid...: the processes, their threads and their children
    local cpus=$1; shift
    for pid in "$@"; do
        [ -n "$pid" ] || continue
        taskset -a -p -c "$cpus" "$pid" >/dev/null
        for child in $(pgrep -P "$pid" || true); do taskset -a -p -c "$cpus" "$child" >/dev/null; done
    done
}
if [ "${PIN:-1}" != 0 ] && command -v taskset >/dev/null; then
    pin 0 "$NGINX_PID" "$PROXY_PID" "$FLOOR_PID" "$TANDEM_PID"
    for target in direct "${FLOORS[@]}" tandem; do
        BENCH_MODEL=bench taskset -c 0 wrk -t1 -c1 -d2s -s "$HERE/chat.lua" "${URL[$target]}" >/dev/null 2>&1 || true
        line="$(BENCH_MODEL=bench taskset -c 0 wrk -t1 -c1 -d"${DURATION}s" --timeout 10s --latency \
            -s "$HERE/chat.lua" "${URL[$target]}" | grep '^RESULT')"
        echo "$line target=$target connections=1 pinned=cpu0"
    done
    pin "0-$(( $(nproc) - 1 ))" "$NGINX_PID" "$PROXY_PID" "$FLOOR_PID" "$TANDEM_PID"
fi

grep -c . "$SCRATCH/tandem.log" >/dev/null && tail -5 "$SCRATCH/tandem.log" >&2 || true
