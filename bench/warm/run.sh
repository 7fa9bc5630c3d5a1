#!/usr/bin/env bash
# Warm per-invocation overhead of the runtime loop (handler returns at once), Tandem's release bootstrap against
# AWS's Python runtime interface client, through the same minimal Runtime API responder. Markdown to stdout.
#
#   bench/warm/run.sh [--invocations N] [--warmup N]
#
# Environment: TANDEM_BOOTSTRAP and BENCH_PYTHON as for bench/coldstart/run.sh (which builds and creates them).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bootstrap="${TANDEM_BOOTSTRAP:-$root/dist/bootstrap}"
python="${BENCH_PYTHON:-$root/.venv-coldstart/bin/python}"
if [[ ! -x "$bootstrap" || ! -x "$python" ]]; then
    echo "no $bootstrap or $python: run bench/coldstart/run.sh once (it builds, packages and creates the venv)," \
        "or set TANDEM_BOOTSTRAP and BENCH_PYTHON" >&2
    exit 2
fi
echo "## Warm overhead (bench/warm/run.sh $*)"
echo
exec "$python" "$here/warm.py" --bootstrap "$bootstrap" --python "$python" "$@"
