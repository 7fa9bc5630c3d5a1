#!/usr/bin/env bash
# Messages per second through `tandem worker --pipeline embed` (the local all-MiniLM-L6-v2 model) against moto's SQS,
# and the worker's peak RSS (release build). Usage: bench/worker/run.sh [messages] [concurrency]
#
# moto runs on a free loopback port (bench/worker/sqs.py, which also creates the queue and sends the messages); the
# worker drains the queue (--drain) and exits; /usr/bin/time gives its wall time and peak RSS. Messages are JSON
# {"id","text"} with a ~90-word paragraph each (one chunk), so each costs one embedding of ~120 tokens, an SQLite
# upsert, a result row and a DeleteMessageBatch share.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
messages="${1:-500}"
concurrency="${2:-4}"
python="${TANDEM_PYTHON:-$root/.venv/bin/python}"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "swift: $(swift --version 2>/dev/null | head -1)"
log="$(mktemp)"
swift build -c release --product tandem >"$log" 2>&1 || { cat "$log"; exit 1; }
rm -f "$log"
work="$(mktemp -d)"
trap 'kill "$moto_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
# The helper prints the port, then the queue URL once the messages are sent, and serves until its stdin closes.
mkfifo "$work/in"
"$python" "$root/bench/worker/sqs.py" "$messages" <"$work/in" >"$work/out" 2>"$work/moto.log" &
moto_pid=$!
exec 3>"$work/in"
for _ in $(seq 1 600); do [ "$(wc -l <"$work/out")" -ge 2 ] && break; sleep 0.1; done
port="$(sed -n 1p "$work/out")"
queue_url="$(sed -n 2p "$work/out")"
[ -n "$queue_url" ] || { echo "moto did not start"; cat "$work/moto.log"; exit 1; }
echo "messages: $messages, concurrency: $concurrency, queue: $queue_url"
echo "load before: $(cat /proc/loadavg)"
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
start=$(date +%s.%N)
/usr/bin/time -v -o "$work/time" "$root/.build/release/tandem" worker --queue-url "$queue_url" --pipeline embed \
    --drain --wait-seconds 1 --concurrency "$concurrency" --database "$work/worker.sqlite" --log-level warning
end=$(date +%s.%N)
echo "load after: $(cat /proc/loadavg)"
done_count="$("$python" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from tandem_results').fetchone()[0])" "$work/worker.sqlite")"
wall="$(echo "$end - $start" | bc -l)"
rss_kb="$(grep 'Maximum resident set size' "$work/time" | awk '{print $NF}')"
printf 'processed: %s of %s messages in %.2f s (start-up, model load and the final empty poll included)\n' \
    "$done_count" "$messages" "$wall"
printf 'throughput: %.1f messages/s\n' "$(echo "$done_count / $wall" | bc -l)"
printf 'peak RSS: %.1f MB\n' "$(echo "$rss_kb / 1024" | bc -l)"
grep -E 'User time|System time|Percent of CPU' "$work/time" | sed 's/^\s*//'
