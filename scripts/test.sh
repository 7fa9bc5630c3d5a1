#!/usr/bin/env bash
# Runs every test: the Swift test suite (Swift Testing) and the Python conformance suites that drive the built
# binary with real peers (awslambdaric, botocore, checkov, ...). Run scripts/setup.sh first on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export TANDEM_PYTHON="$PWD/.venv/bin/python"

echo "== swift build"
swift build --build-tests
export TANDEM_BIN="$PWD/.build/debug/tandem"

echo "== swift test (one target at a time, one test at a time: suites with real peers and sub-second timeouts must not starve each other on 2 cores)"
swift_status=0
: > .build/swift-test.log
for target in $(sed -n 's/^ *\.testTarget(name: "\([A-Za-z]*\)".*/\1/p; s/^ *name: "\(Tandem[A-Za-z]*Tests\)",$/\1/p' Package.swift); do
    echo "== swift test: $target"
    set +e
    swift test --skip-build --no-parallel --filter "^$target\." 2>&1 | tee -a .build/swift-test.log | grep -E "^(✘|✔ Test run|✘ Test run)|error:"
    status=${PIPESTATUS[0]}
    set -e
    if [ "$status" -ne 0 ]; then
        echo "== swift test: $target FAILED ($status)"
        swift_status=$status
    fi
done

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
