"""Peers for bench/embeddings/run.sh: sentence-transformers (PyTorch) and ONNX Runtime (FP32, dynamic INT8).

  peers.py prepare --reference REF --model-dir DIR --out OUT   texts.jsonl, latency.json, model.onnx, model-int8.onnx
  peers.py run --peer st|ort|ort-int8 --threads N ...         one JSON line, same keys as `tandem embed --benchmark`
  peers.py report RESULTS.jsonl                                a Markdown table

Each `run` is its own process, so load time and peak RSS are per peer. Thread counts are pinned before the
libraries load (OMP/MKL variables, torch.set_num_threads, ORT intra-op threads, one inter-op thread).
"""
import argparse
import json
import os
import resource
import sys
import time


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(args):
    os.makedirs(args.out, exist_ok=True)
    cases = json.load(open(args.reference))["cases"]
    with open(os.path.join(args.out, "texts.jsonl"), "w") as f:
        for case in cases:
            f.write(json.dumps({"text": case["text"]}) + "\n")
    from transformers import AutoModel, AutoTokenizer
    import torch

    tokenizer = AutoTokenizer.from_pretrained(args.model_dir)
    sentence = "The quick brown fox jumps over the lazy dog. " * 12 + "The quick brown fox jumps over"
    query = "how do i reset the password of my tandem account quickly and safely?"
    lengths = [len(tokenizer(text)["input_ids"]) for text in (sentence, query)]
    json.dump({"texts": [sentence, query], "tokens": lengths}, open(os.path.join(args.out, "latency.json"), "w"))
    print(f"latency texts: {lengths} tokens", file=sys.stderr)

    fp32 = os.path.join(args.out, "model.onnx")
    if not os.path.exists(fp32):
        bert = AutoModel.from_pretrained(args.model_dir).eval()

        class Encoder(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.bert = bert

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                                 token_type_ids=token_type_ids).last_hidden_state

        model = Encoder().eval()
        sample = tokenizer(["a short one", "and a longer second sentence"], padding=True, return_tensors="pt")
        axes = {0: "batch", 1: "sequence"}
        with torch.no_grad():
            torch.onnx.export(
                model,
                (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
                fp32,
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["last_hidden_state"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                              "last_hidden_state": axes},
                opset_version=17,
                dynamo=False,
            )
    int8 = os.path.join(args.out, "model-int8.onnx")
    if not os.path.exists(int8):
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8, per_channel=True)


class STPeer:
    def __init__(self, args):
        import torch

        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(1)
        from sentence_transformers import SentenceTransformer

        self.start = time.perf_counter()
        self.model = SentenceTransformer(args.model_dir, device="cpu")
        self.model.max_seq_length = 256

    def embed(self, texts):
        return self.model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)


class ORTPeer:
    """ONNX Runtime with the same work as Tandem: tokenise, sort by length, batches of 32 padded only to the
    longest text of the batch, mean pooling over the mask, L2 normalisation."""

    def __init__(self, args):
        import numpy
        import onnxruntime
        from transformers import AutoTokenizer

        self.numpy = numpy
        self.start = time.perf_counter()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = args.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        path = os.path.join(args.out, "model-int8.onnx" if args.peer == "ort-int8" else "model.onnx")
        self.session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        self.tokenizer = AutoTokenizer.from_pretrained(args.model_dir)

    def embed(self, texts):
        np = self.numpy
        encoded = self.tokenizer(texts, truncation=True, max_length=256)["input_ids"]
        order = sorted(range(len(texts)), key=lambda index: len(encoded[index]))
        result = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), 32):
            batch = order[start:start + 32]
            longest = max(len(encoded[index]) for index in batch)
            ids = np.zeros((len(batch), longest), dtype=np.int64)
            mask = np.zeros((len(batch), longest), dtype=np.int64)
            for row, index in enumerate(batch):
                ids[row, :len(encoded[index])] = encoded[index]
                mask[row, :len(encoded[index])] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            result[batch] = pooled
        return result


def run(args):
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = str(args.threads)
    import_start = time.perf_counter()
    peer = STPeer(args) if args.peer == "st" else ORTPeer(args)
    peer.embed(["warm up"])
    load_to_first = (time.perf_counter() - peer.start) * 1000
    imports = (peer.start - import_start) * 1000
    texts = [json.loads(line)["text"] for line in open(os.path.join(args.out, "texts.jsonl"))]
    reference = json.load(open(args.reference))["cases"]
    vectors = peer.embed(texts)
    worst = min(float((vectors[i] * reference[i]["embedding"]).sum()) for i in range(len(texts)))
    best = float("inf")
    for _ in range(args.repeats):
        start = time.perf_counter()
        peer.embed(texts)
        best = min(best, time.perf_counter() - start)
    latency = []
    spec = json.load(open(os.path.join(args.out, "latency.json")))
    for text, tokens in zip(spec["texts"], spec["tokens"]):
        peer.embed([text])
        samples = []
        for _ in range(30):
            start = time.perf_counter()
            peer.embed([text])
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        latency.append({"tokens": tokens, "median_ms": samples[len(samples) // 2], "best_ms": samples[0]})
    print(json.dumps({"peer": args.peer, "threads": args.threads, "texts": len(texts),
                      "sentences_per_s": len(texts) / best, "load_to_first_ms": load_to_first,
                      "import_ms": imports, "worst_cosine_vs_reference": worst, "latency": latency,
                      "peak_rss_mb": peak_rss_mb()}))


def report(args):
    rows = [json.loads(line) for line in open(args.results) if line.strip().startswith("{")]
    print("| peer | threads | sentences/s | 128-token ms (median/best) | 16-token ms (median/best) "
          "| load→first ms | peak RSS MB | worst cosine vs reference |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        name = row["peer"] + (f" ({row['backend']})" if "backend" in row else "")
        worst = row.get("worst_cosine_vs_reference")
        lat = {item["tokens"]: item for item in row.get("latency", [])}
        def cell(tokens):
            item = lat.get(tokens)
            if not item:
                return "-"
            cpu = f" (cpu {item['cpu_median_ms']:.1f})" if "cpu_median_ms" in item else ""
            return f"{item['median_ms']:.1f} / {item['best_ms']:.1f}{cpu}"
        print(f"| {name} | {row['threads']} | {row['sentences_per_s']:.1f} | {cell(128)} | {cell(16)} "
              f"| {row['load_to_first_ms']:.0f} | {row['peak_rss_mb']:.0f} "
              f"| {f'{worst:.7f}' if worst is not None else '-'} |")
    # The throughput targets, per thread count: Tandem fp32 (OpenBLAS) >= 2x sentence-transformers and
    # >= 1.0x ONNX Runtime FP32; Tandem int8 (the kernel chosen here, first int8 row) >= 1.5x ONNX Runtime FP32.
    print()
    for threads in sorted({row["threads"] for row in rows}):
        at = [row for row in rows if row["threads"] == threads]
        def rate(predicate):
            found = [row["sentences_per_s"] for row in at if predicate(row)]
            return found[0] if found else None
        fp32 = rate(lambda row: row.get("backend") == "openblas")
        int8 = rate(lambda row: str(row.get("backend", "")).startswith("int8"))
        ort = rate(lambda row: row["peer"] == "ort")
        st = rate(lambda row: row["peer"] == "st")
        parts = []
        if fp32 and st:
            parts.append(f"fp32/st {fp32 / st:.2f}x (>= 2)")
        if fp32 and ort:
            parts.append(f"fp32/ort {fp32 / ort:.2f}x (>= 1.0)")
        if int8 and ort:
            parts.append(f"int8/ort {int8 / ort:.2f}x (>= 1.5)")
        if parts:
            print(f"targets, {threads} thread(s): " + ", ".join(parts))
    # Tandem's per-stage breakdown of one encoder pass over the first latency text (calling thread's CPU ms).
    breakdowns = [row for row in rows if "breakdown_ms" in row]
    if breakdowns:
        stages = [key for key in breakdowns[0]["breakdown_ms"] if key != "tokens"]
        print()
        print("| tandem breakdown (CPU ms per pass) | threads | tokens | " + " | ".join(stages) + " | sum |")
        print("|---|---|---|" + "---|" * (len(stages) + 1))
        for row in breakdowns:
            parts = row["breakdown_ms"]
            total = sum(parts[key] for key in stages)
            print(f"| {row['backend']} {row['precision']} | {row['threads']} | {parts['tokens']} | "
                  + " | ".join(f"{parts[key]:.2f}" for key in stages) + f" | {total:.2f} |")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare")
    prep.add_argument("--reference", required=True)
    prep.add_argument("--model-dir", required=True)
    prep.add_argument("--out", required=True)
    go = sub.add_parser("run")
    go.add_argument("--peer", choices=["st", "ort", "ort-int8"], required=True)
    go.add_argument("--threads", type=int, required=True)
    go.add_argument("--reference", required=True)
    go.add_argument("--model-dir", required=True)
    go.add_argument("--out", required=True)
    go.add_argument("--repeats", type=int, default=3)
    rep = sub.add_parser("report")
    rep.add_argument("results")
    args = parser.parse_args()
    {"prepare": prepare, "run": run, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
