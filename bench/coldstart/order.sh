#!/usr/bin/env bash
# Re-records deploy/bootstrap.order: the functions a Lambda cold start runs, then those `tandem serve` runs until it
# is ready and idle, which `tandem package` links next to each other (Lambda's first, serve's after them) so that
# either start touches few pages (see docs/packaging.md, "Resident memory"). Run it after changes to the start-up or
# first-invocation path, then re-run bench/coldstart/run.sh and bench/gateway/idle-rss.sh. Needs valgrind
# (apt-get install valgrind; callgrind_control comes with it), binutils (objcopy, nm) and curl.
# ORDER_ARGS=--no-serve records Lambda's only.
#
#   bench/coldstart/order.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
for tool in valgrind callgrind_control objcopy nm curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install valgrind binutils curl)" >&2; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build --product tandem --package-path "$root" >&2
"$root/.build/debug/tandem" package --package-path "$root" --out "$work/dist" --link-map "$work/link.map" >&2
python3 "$here/order.py" --binary "$root/.build-package/release/tandem" --map "$work/link.map" \
    --out "$root/deploy/bootstrap.order" ${ORDER_ARGS:-}
