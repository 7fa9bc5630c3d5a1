#!/usr/bin/env bash
# Runs every test: the Swift test suite (Swift Testing) and the Python conformance suites that drive the built
# binary with real peers (awslambdaric, botocore, checkov, ...). Run scripts/setup.sh first on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export TANDEM_PYTHON="$PWD/.venv/bin/python"

echo "== swift build"
swift build --build-tests
export TANDEM_BIN="$PWD/.build/debug/tandem"

echo "== swift test"
set +e
swift test --skip-build 2>&1 | tee .build/swift-test.log
swift_status=${PIPESTATUS[0]}
set -e

python_status=0
if [ -d tests/python ] && find tests/python -name 'test_*.py' | grep -q .; then
    echo "== pytest"
    "$TANDEM_PYTHON" -m pytest -q tests/python || python_status=$?
fi

echo "== fuzz (libFuzzer, each decoder of untrusted bytes for ${TANDEM_FUZZ_SECONDS:=20} s)"
fuzz_status=0
TANDEM_FUZZ_SECONDS="$TANDEM_FUZZ_SECONDS" bash fuzz/run.sh || fuzz_status=$?

echo "== example package (Examples/hello-handlers builds against the libraries)"
example_status=0
swift build --package-path Examples/hello-handlers --scratch-path "$PWD/.build-examples" || example_status=$?

if [ "$swift_status" -ne 0 ] || [ "$python_status" -ne 0 ] || [ "$fuzz_status" -ne 0 ] || [ "$example_status" -ne 0 ]; then
    echo "tests failed: swift=$swift_status pytest=$python_status fuzz=$fuzz_status example=$example_status"
    exit 1
fi
echo "all tests passed"
