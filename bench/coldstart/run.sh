#!/usr/bin/env bash
# Cold start, the way lambda-perf measures Init Duration, on this machine: Tandem's release bootstrap (from
# `tandem package`) side by side with AWS's Python runtime interface client (awslambdaric) running a bare handler
# and an AI-stack handler. Results go to stdout as Markdown (paste into docs/benchmarks.md); progress to stderr.
#
#   bench/coldstart/run.sh [--runs N] [--ai-runs N] [--only tandem,python-bare,python-ai]
#
# Two tables: with the page cache warm (the runtime's files cached, as on a Lambda host that started the function
# before) and cold (each runtime's own files evicted before every run, so they are read from disk).
#
# Environment: TANDEM_BOOTSTRAP=path (skip the build and package that binary), BENCH_PYTHON=path (a Python with
# bench/coldstart/requirements.txt installed; default: .venv-coldstart, created here on first use),
# COLDSTART_CACHE=warm|cold|both (default both).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bootstrap="${TANDEM_BOOTSTRAP:-}"
if [[ -z "$bootstrap" ]]; then
    # `tandem package` does the release build itself, with the flags that make the bootstrap load on AL2023.
    echo "packaging the release bootstrap (tandem package --out dist)" >&2
    swift build --product tandem --package-path "$root" >&2
    "$root/.build/debug/tandem" package --package-path "$root" --out "$root/dist" >&2
    bootstrap="$root/dist/bootstrap"
fi

python="${BENCH_PYTHON:-}"
if [[ -z "$python" ]]; then
    venv="$root/.venv-coldstart"
    if ! "$venv/bin/python" -c "import awslambdaric, boto3, openai, anthropic, langchain_openai, fastapi" 2>/dev/null
    then
        echo "creating $venv from bench/coldstart/requirements.txt" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q -r "$here/requirements.txt" >&2
    fi
    python="$venv/bin/python"
fi

echo "## Cold start (bench/coldstart/run.sh $*)"
echo
echo "Bootstrap: \`$(basename "$bootstrap")\`, $(stat -c %s "$bootstrap") bytes; dynamic libraries:" \
    "$(ldd "$bootstrap" 2>/dev/null | awk '{print $1}' | tr '\n' ' ')"
echo
cd "$here"
cache="${COLDSTART_CACHE:-both}"
if [[ "$cache" == warm || "$cache" == both ]]; then
    echo "### Page cache warm"
    echo
    "$python" "$here/coldstart.py" --bootstrap "$bootstrap" --python "$python" "$@"
    echo
fi
if [[ "$cache" == cold || "$cache" == both ]]; then
    echo "### Page cache cold"
    echo
    "$python" "$here/coldstart.py" --bootstrap "$bootstrap" --python "$python" --cold-cache "$@"
fi
