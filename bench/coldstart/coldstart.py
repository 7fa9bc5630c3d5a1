"""Cold start, the way lambda-perf measures Init Duration, on this machine.

For each runtime: spawn the bootstrap against a fresh Runtime API responder (runtime_api.py) and measure
  init     = spawn -> first `GET /runtime/invocation/next` complete (what Lambda reports as Init Duration),
  first    = spawn -> first `POST .../response` complete (init plus the first, cold, invocation),
  peak RSS = VmHWM of the process read from /proc/<pid>/status right after that response (not getrusage's
             ru_maxrss: Linux carries the forking parent's high-water mark across exec into it).
Runs are interleaved (A B C A B C ...) so drift on the machine hits every runtime alike; one warm-up run each is
discarded (it fills the page cache and Python's __pycache__, as a re-used Lambda host has them). With
--cold-cache every runtime's own files (the bootstrap; the interpreter, its stdlib and site-packages) are evicted from
the page cache before each run, as on a host that has never started the function.

Prints progress to stderr and the results as Markdown to stdout.
"""

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from runtime_api import RuntimeAPI

HERE = os.path.dirname(os.path.abspath(__file__))

# A Function URL request for GET /health: Tandem's built-in route answers it, the Python handlers return the same.
EVENT = {
    "version": "2.0",
    "routeKey": "$default",
    "rawPath": "/health",
    "rawQueryString": "",
    "headers": {"accept": "application/json", "host": "abc.lambda-url.us-east-1.on.aws"},
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "abc",
        "domainName": "abc.lambda-url.us-east-1.on.aws",
        "domainPrefix": "abc",
        "http": {"method": "GET", "path": "/health", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1",
                 "userAgent": "bench"},
        "requestId": "bench",
        "routeKey": "$default",
        "stage": "$default",
        "time": "29/Nov/2026:03:00:00 +0000",
        "timeEpoch": 1795748400000,
    },
    "isBase64Encoded": False,
}


def base_environment(runtime_api, memory_mb, handler=None):
    env = {
        "AWS_LAMBDA_RUNTIME_API": runtime_api,
        "AWS_LAMBDA_FUNCTION_NAME": "tandem-bench",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(memory_mb),
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/tandem-bench",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2026/11/29/[$LATEST]0123456789abcdef",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "bench-not-a-secret",
        "AWS_SESSION_TOKEN": "bench",
        "LAMBDA_TASK_ROOT": os.path.join(HERE, "handlers"),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
    }
    if handler:
        env["_HANDLER"] = handler
    return env


class Runtime:
    def __init__(self, name, argv, handler=None, cwd=None):
        self.name = name
        self.argv = argv
        self.handler = handler
        self.cwd = cwd
        self.files = []
        self.init_ms = []
        self.first_ms = []
        self.hwm_kb = []
        self.failures = []


def runtime_files(runtime):
    """The files a runtime loads: the bootstrap binary, or the interpreter's prefixes (stdlib, site-packages)."""
    if runtime.handler is None:
        return [runtime.argv[0]]
    script = "import sys; print(sys.prefix); print(sys.base_prefix); print(sys.executable)"
    prefixes = subprocess.run([runtime.argv[0], "-c", script], capture_output=True, text=True).stdout.split()
    files = [os.path.realpath(prefixes[-1])]
    for prefix in prefixes[:2]:
        for directory, _, names in os.walk(prefix):
            files += [os.path.join(directory, name) for name in names]
    files += [os.path.join(directory, name) for directory, _, names in os.walk(runtime.cwd) for name in names]
    return sorted(set(files))


def drop_page_cache(files):
    """Evicts the files from the page cache (POSIX_FADV_DONTNEED; clean pages only, so sync first)."""
    for path in files:
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)


def read_status(pid):
    values = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmHWM", "VmRSS", "Threads"):
                    values[name] = int(value.split()[0])
    except OSError:
        pass
    return values


def run_once(runtime, memory_mb, timeout_s, log):
    # A fresh listener per process: a killed client's reconnect can never reach the next run.
    api = RuntimeAPI(json.dumps(EVENT).encode())
    env = base_environment(api.address, memory_mb, runtime.handler)
    started = time.perf_counter_ns()
    process = subprocess.Popen(runtime.argv, env=env, cwd=runtime.cwd, stdin=subprocess.DEVNULL, stdout=log,
                               stderr=log)
    try:
        result = api.serve_first_invocation(process, timeout_s)
        status = read_status(process.pid) if result["outcome"] == "response" else {}
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        api.close()
    if result["outcome"] != "response":
        return None, f"{result['outcome']} (exit status {process.returncode}): {result['body'][:300]!r}"
    return {
        "init_ms": (result["next_ns"] - started) / 1e6,
        "first_ms": (result["response_ns"] - started) / 1e6,
        "hwm_kb": status.get("VmHWM", 0),
        "body": result["body"],
    }, None


def percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, -(-len(ordered) * fraction // 1) - 1))
    return ordered[int(index)]


def machine_description():
    model = "unknown"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    cores = os.cpu_count()
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {cores} cores, {memory_gib:.0f} GiB, Linux {platform.release()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True, help="the Tandem bootstrap (release, stripped)")
    parser.add_argument("--python", required=True, help="a Python with awslambdaric and the AI stack installed")
    parser.add_argument("--runs", type=int, default=15, help="measured runs per runtime (>= 10)")
    parser.add_argument("--ai-runs", type=int, default=None, help="measured runs for the AI-stack handler")
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", default="", help="comma-separated subset: tandem,python-bare,python-ai")
    parser.add_argument("--cold-cache", action="store_true",
                        help="evict each runtime's files from the page cache before every run (a first start on a "
                             "fresh Lambda host reads them from disk); default: warm page cache")
    args = parser.parse_args()
    load = os.getloadavg()[0]

    handlers = os.path.join(HERE, "handlers")
    runtimes = [
        Runtime("Tandem bootstrap (Swift, static stdlib, stripped)", [args.bootstrap]),
        Runtime("awslambdaric, bare handler", [args.python, "-m", "awslambdaric", "bare.handler"], "bare.handler",
                handlers),
        Runtime("awslambdaric, boto3 + openai + anthropic + langchain-openai + fastapi",
                [args.python, "-m", "awslambdaric", "ai_stack.handler"], "ai_stack.handler", handlers),
    ]
    keys = ["tandem", "python-bare", "python-ai"]
    if args.only:
        wanted = set(args.only.split(","))
        runtimes = [runtime for runtime, key in zip(runtimes, keys) if key in wanted]
    runs = {runtime.name: args.runs for runtime in runtimes}
    if args.ai_runs is not None and runtimes[-1].handler == "ai_stack.handler":
        runs[runtimes[-1].name] = args.ai_runs

    os.sync()
    if args.cold_cache:
        for runtime in runtimes:
            runtime.files = runtime_files(runtime)
            print(f"  {runtime.name}: {len(runtime.files)} files evicted before each run", file=sys.stderr)
    else:
        # Warm means "cached by an earlier start", as on a Lambda host that ran the function before: evict the files
        # once so the warm-up run reads them in. A file the build has just written is cached in the write path's
        # large folios, which this kernel maps whole on a fault (a fresh bootstrap then shows ~45 MiB resident
        # instead of ~14), and a Lambda sandbox starts the bootstrap from its code package, never from a file it just wrote.
        for runtime in runtimes:
            drop_page_cache(runtime_files(runtime))
    logs = tempfile.mkdtemp(prefix="tandem-coldstart-")
    print(f"Runtime API responder: runtime_api.py on 127.0.0.1; process output in {logs}", file=sys.stderr)
    for round_index in range(max(runs.values()) + 1):
        for number, runtime in enumerate(runtimes):
            if round_index > runs[runtime.name]:
                continue
            drop_page_cache(runtime.files)
            with open(os.path.join(logs, f"runtime-{number}.log"), "ab") as log:
                measured, failure = run_once(runtime, args.memory_mb, args.timeout, log)
            if failure:
                runtime.failures.append(failure)
                print(f"  {runtime.name}: FAILED {failure}", file=sys.stderr)
                continue
            label = "warm-up" if round_index == 0 else f"run {round_index}"
            print(f"  {label:8} {runtime.name[:40]:40} init {measured['init_ms']:9.2f} ms  first "
                  f"{measured['first_ms']:9.2f} ms  VmHWM {measured['hwm_kb'] / 1024:6.1f} MiB", file=sys.stderr)
            if round_index == 0:
                if runtime is runtimes[0]:
                    print(f"  first response body: {measured['body'][:200]!r}", file=sys.stderr)
                continue
            runtime.init_ms.append(measured["init_ms"])
            runtime.first_ms.append(measured["first_ms"])
            runtime.hwm_kb.append(measured["hwm_kb"])

    print("| Runtime | runs | init p50 (ms) | init p90 (ms) | first response p50 (ms) | first response p90 (ms) "
          "| peak RSS p50 (MiB) | peak RSS p90 (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for runtime in runtimes:
        if not runtime.init_ms:
            print(f"| {runtime.name} | 0 | failed: {runtime.failures[:1]} | | | | | |")
            continue
        hwm = [value / 1024 for value in runtime.hwm_kb]
        print(f"| {runtime.name} | {len(runtime.init_ms)} "
              f"| {statistics.median(runtime.init_ms):.1f} | {percentile(runtime.init_ms, 0.9):.1f} "
              f"| {statistics.median(runtime.first_ms):.1f} | {percentile(runtime.first_ms, 0.9):.1f} "
              f"| {statistics.median(hwm):.1f} | {percentile(hwm, 0.9):.1f} |")
    print()
    cache = "cold (runtime files evicted before each run)" if args.cold_cache else "warm"
    print(f"Page cache: {cache}. Machine: {machine_description()}. Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
          f"Load average (1 min) before the run: {load:.2f}. "
          f"Python: {subprocess.run([args.python, '-VV'], capture_output=True, text=True).stdout.strip()}.")
    for runtime in runtimes:
        if runtime.failures:
            print(f"- {runtime.name}: {len(runtime.failures)} failed runs, first: {runtime.failures[0]}")


if __name__ == "__main__":
    main()
