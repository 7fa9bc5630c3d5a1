#!/usr/bin/env bash
# Agent checkpoint benchmark (issue 7): per-step cost of durable checkpoints on SQLite and on DynamoDB (moto's server
# from the test virtualenv, `$TANDEM_PYTHON` or .venv/bin/python), and cold-process resume.
# Usage: bench/agents/run.sh [steps] [resume runs] [debug|release] [DynamoDB steps]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
configuration="${3:-release}"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "swift: $(swift --version 2>/dev/null | head -1), configuration: $configuration"
log="$(mktemp)"
swift build -c "$configuration" --product tandem-bench-agents >"$log" 2>&1 || { cat "$log"; exit 1; }
swift build -c "$configuration" --product tandem >"$log" 2>&1 || { cat "$log"; exit 1; }
rm -f "$log"
"$root/.build/$configuration/tandem-bench-agents" "${1:-1000}" "${2:-15}" "$root/.build/$configuration/tandem" "${4:-100}"
echo "load average after: $(cut -d" " -f1-3 /proc/loadavg)"
