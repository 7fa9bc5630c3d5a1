"""Warm per-invocation overhead of a Lambda runtime loop, measured from the Runtime API's side.

One bootstrap process is started against a tight, blocking Runtime API responder (the parser of
bench/coldstart/runtime_api.py on one keep-alive connection). For every invocation the responder records
  duration = event about to be written to the socket -> the runtime's `POST .../response` complete
             (what Lambda bills as Duration for a handler that returns at once: the loop's own cost),
  cycle    = event about to be written -> the runtime's next `GET next` complete (duration plus the 202 and the loop turning).
The handler is trivial on both sides (a GET /health Function URL event answered with a small JSON response), so the
figures are the runtime's overhead: HTTP parsing, event decoding, dispatch, response encoding, syscalls.
Prints progress to stderr and Markdown to stdout.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "coldstart"))

from coldstart import EVENT, base_environment, machine_description, percentile  # noqa: E402
from runtime_api import RuntimeAPI, invocation_headers  # noqa: E402


class Responder:
    """Reads whole requests from one blocking connection, accepting a new one if the runtime reconnects."""

    def __init__(self, api, timeout):
        self.api = api
        self.timeout = timeout
        self.connection = api.accept_blocking(timeout)
        self.pending = []

    def next_request(self):
        while not self.pending:
            data = self.connection.sock.recv(65536)
            if not data:
                self.connection.sock.close()
                self.connection = self.api.accept_blocking(self.timeout)
                continue
            self.pending.extend(self.connection.feed(data))
        return self.pending.pop(0)


def measure(name, argv, cwd, handler, invocations, warmup, timeout):
    api = RuntimeAPI(b"")
    env = base_environment(api.address, 1024, handler)
    # Logs off on both sides: the measure is the loop, not stdout.
    env["AWS_LAMBDA_LOG_LEVEL"] = "ERROR"
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    event = json.dumps(EVENT).encode()
    durations = []
    cycles = []
    try:
        responder = Responder(api, timeout)
        request = responder.next_request()
        for index in range(warmup + invocations):
            assert request.method == "GET" and request.path.endswith("/invocation/next"), request.path
            request_id = "warm-%d" % index
            headers = invocation_headers(request_id)
            # Timestamp before the write: on loopback the kernel may run the woken runtime before sendall returns.
            sent = time.perf_counter_ns()
            responder.connection.send(200, event, headers)
            posted = responder.next_request()
            if not posted.path.endswith(f"/invocation/{request_id}/response"):
                raise RuntimeError(f"{name}: expected a response, got {posted.method} {posted.path}: "
                                   f"{posted.body[:300]!r}")
            responder.connection.send(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
            request = responder.next_request()
            if index >= warmup:
                durations.append((posted.completed_ns - sent) / 1000)
                cycles.append((request.completed_ns - sent) / 1000)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        api.close()
    return durations, cycles


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--invocations", type=int, default=10000)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    load = os.getloadavg()[0]

    handlers = os.path.join(HERE, "..", "coldstart", "handlers")
    runtimes = [
        ("Tandem bootstrap (Swift)", [args.bootstrap], None, None),
        ("awslambdaric, bare handler", [args.python, "-m", "awslambdaric", "bare.handler"], handlers,
         "bare.handler"),
        ("floor: null client (HTTP exchange only, Python)", [sys.executable, os.path.join(HERE, "null_client.py")],
         None, None),
    ]
    rows = []
    for name, argv, cwd, handler in runtimes:
        print(f"  {name}: {args.warmup} warm-up + {args.invocations} invocations", file=sys.stderr)
        started = time.perf_counter()
        durations, cycles = measure(name, argv, cwd, handler, args.invocations, args.warmup, args.timeout)
        elapsed = time.perf_counter() - started
        rows.append((name, durations, cycles, elapsed))
        print(f"    p50 {statistics.median(durations):.1f} us, {elapsed:.1f} s", file=sys.stderr)

    print("| Runtime | invocations | duration p50 (us) | duration p99 (us) | cycle p50 (us) | cycle p99 (us) "
          "| invocations/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, durations, cycles, elapsed in rows:
        print(f"| {name} | {len(durations)} | {statistics.median(durations):.1f} | {percentile(durations, 0.99):.1f} "
              f"| {statistics.median(cycles):.1f} | {percentile(cycles, 0.99):.1f} "
              f"| {len(cycles) / (sum(cycles) / 1e6):.0f} |")
    print()
    print(f"Machine: {machine_description()}. Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
          f"Load average (1 min) before the run: {load:.2f}.")


if __name__ == "__main__":
    main()
