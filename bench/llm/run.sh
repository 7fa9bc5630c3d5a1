#!/usr/bin/env bash
# LLM client overhead: the wire codecs and the SSE parser in a timed loop, release build.
# Usage: bench/llm/run.sh [iterations]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "swift: $(swift --version 2>/dev/null | head -1)"
log="$(mktemp)"
swift build -c release --product tandem-bench-llm >"$log" 2>&1 || { cat "$log"; exit 1; }
rm -f "$log"
"$root/.build/release/tandem-bench-llm" "${1:-50000}"
