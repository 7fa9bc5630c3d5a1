#!/usr/bin/env bash
# Short libFuzzer run for CI: builds fuzz/ (the TandemFuzz harness) with -sanitize=fuzzer into .build-fuzz, then runs
# each target for a fixed time. Exits non-zero when any target crashes, hangs (-timeout), or exceeds -rss_limit_mb;
# the input that did it is saved under .build-fuzz/artifacts/.
#
#   fuzz/run.sh                                   # every target, 30 s each
#   TANDEM_FUZZ_SECONDS=300 fuzz/run.sh sse       # one target, longer
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${TANDEM_FUZZ_SECONDS:-30}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(eventstream bedrock-stream bedrock-invoke-stream bedrock-response sse openai-response anthropic-response)
fi

build=(swift build --package-path "$root/fuzz" --scratch-path "$root/.build-fuzz" -c debug --product TandemFuzz
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -enable-testing)
"${build[@]}"
binary="$("${build[@]}" --show-bin-path)/TandemFuzz"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifacts="$root/.build-fuzz/artifacts"
mkdir -p "$artifacts"

# Seeds: a real ConverseStream body (from the botocore fixture) and one well-formed body per decoder. The first byte
# of every input picks the chunk size (and, for bedrock-stream, raw frames when even).
seed() { mkdir -p "$work/seeds/$1"; printf '%s' "$2" > "$work/seeds/$1/$3"; }
python3 - "$root/Tests/Fixtures/llm/bedrock-botocore.json" "$work/seeds" <<'PY'
import json, pathlib, sys
frames = bytes.fromhex(json.load(open(sys.argv[1]))["stream"]["frames_hex"])
for target in ("eventstream", "bedrock-stream"):
    folder = pathlib.Path(sys.argv[2]) / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "converse-stream").write_bytes(b"\x10" + frames)
# Odd first byte: 0-separated payloads, each wrapped in a valid frame by the harness.
(pathlib.Path(sys.argv[2]) / "bedrock-stream" / "payloads").write_bytes(b"\x01" + b"\x00".join([
    b'{"role":"assistant"}', b'{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t","name":"n"}}}',
    b'{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{}"}}}', b'{"contentBlockIndex":0}',
    b'{"stopReason":"tool_use"}', b'{"usage":{"inputTokens":1,"outputTokens":2}}', b'{"message":"slow"}']))
# InvokeModelWithResponseStream: 0-separated model chunks; the first byte picks the model (and wrapping, when odd).
invoke = pathlib.Path(sys.argv[2]) / "bedrock-invoke-stream"
invoke.mkdir(parents=True, exist_ok=True)
(invoke / "claude").write_bytes(b"\x00" + b"\x00".join([
    b'{"type":"message_start","message":{"id":"m","model":"x","usage":{"input_tokens":1}}}',
    b'{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
    b'{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}',
    b'{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}',
    b'{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":1,"outputTokenCount":2}}']))
(invoke / "titan").write_bytes(b"\x02" + b"\x00".join([
    b'{"outputText":"hi","index":0,"inputTextTokenCount":3}',
    b'{"outputText":"","completionReason":"FINISH","totalOutputTextTokenCount":1}']))
(invoke / "payload").write_bytes(b'\x05{"bytes":"eyJnZW5lcmF0aW9uIjoiaGkiLCJzdG9wX3JlYXNvbiI6InN0b3AifQ=="}')
PY
seed bedrock-response '{"output":{"message":{"role":"assistant","content":[{"text":"hi"},{"toolUse":{"toolUseId":"t","name":"n","input":{"a":[1,2.5,null]}}}]}},"stopReason":"tool_use","usage":{"inputTokens":1,"outputTokens":2,"cacheReadInputTokens":3}}' converse
seed bedrock-response '{"embeddings":[[0.1,0.2],[0.3,0.4]],"embedding":[1,2]}' embeddings
seed sse $'\x07data: {"id":"c","choices":[{"index":0,"delta":{"content":"hi","tool_calls":[{"index":0,"id":"call","function":{"name":"f","arguments":"{}"}}]}}]}\n\nevent: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"x","usage":{"input_tokens":1}}}\n\ndata: [DONE]\n\n' chunks
seed openai-response '{"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi","tool_calls":[{"id":"call","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}' response
seed anthropic-response '{"id":"msg","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"hi"},{"type":"tool_use","id":"t","name":"json","input":{"a":1}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":2}}' response

status=0
for target in "${targets[@]}"; do
    echo "fuzz: $target for ${seconds}s"
    mkdir -p "$work/corpus/$target" "$work/seeds/$target"
    if ! TANDEM_FUZZ_TARGET="$target" "$binary" "$work/corpus/$target" "$work/seeds/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$artifacts/$target-" -print_final_stats=1 2> "$work/$target.log"; then
        tail -n 60 "$work/$target.log"
        echo "fuzz: $target FAILED (input saved under $artifacts)"
        status=1
    else
        grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$work/$target.log" || true
    fi
done
exit "$status"
