#!/usr/bin/env bash
# Tandem's main job on its embedded defaults: build, then run `tandem demo` (the local Lambda emulator with the
# Tandem bootstrap under it, invoked with real AWS event fixtures and a streamed Function URL request).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --system-only
swift build --product tandem
exec .build/debug/tandem demo "$@"
