#!/usr/bin/env bash
# SigV4 signing benchmark: TandemAWS (release build) against botocore, same scenarios, same machine, same run.
# Usage: bench/sigv4/run.sh [swift iterations] [botocore iterations]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
python="${TANDEM_PYTHON:-$root/.venv/bin/python}"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "swift: $(swift --version 2>/dev/null | head -1)"
log="$(mktemp)"
swift build -c release --product tandem-bench-sigv4 >"$log" 2>&1 || { cat "$log"; exit 1; }
rm -f "$log"
"$root/.build/release/tandem-bench-sigv4" "${1:-100000}"
"$python" "$root/bench/sigv4/botocore_bench.py" "${2:-10000}"
