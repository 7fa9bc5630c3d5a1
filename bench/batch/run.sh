#!/usr/bin/env bash
# Batch processor + idempotency overhead per record (release build). Usage: bench/batch/run.sh [batches of 10]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "swift: $(swift --version 2>/dev/null | head -1)"
echo "sqlite: $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo unknown)"
log="$(mktemp)"
swift build -c release --product tandem-bench-batch >"$log" 2>&1 || { cat "$log"; exit 1; }
rm -f "$log"
"$root/.build/release/tandem-bench-batch" "${1:-2000}"
