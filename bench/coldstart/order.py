"""Records the functions a Tandem start-up runs, for `tandem package`'s link order (deploy/bootstrap.order).

The one binary starts in two ways, and both are recorded under callgrind:
1. Lambda: the bootstrap against the benchmark's Runtime API responder until its first response.
2. `tandem serve` with bench/gateway's configuration (three `openai` deployments) until `/health/ready` has answered
   and the server is idle (what bench/gateway measures as idle RSS); callgrind dumps its profile then.
For each, it takes every function of the binary that ran, finds the input section holding each one in the linker's
map, and writes the section names: the Lambda ones first, then serve's that are not among them, so the cold start's
code stays at the front and serve's follows it (each block sorted by name: a start touches all of its block anyway,
and callgrind lists functions in no stable order, so sorting keeps re-recordings' diffs to what changed), and last a
glob for the compiler-local functions (`.text..L*`), which have no symbols to record. Functions in sections the
linker cannot move one by one (the prebuilt `.text` of the Swift runtime's, Foundation's and SQLite's archives) are
left out.

    python order.py --binary UNSTRIPPED --map LINK_MAP --out deploy/bootstrap.order [--no-serve]
"""

import argparse
import bisect
import glob
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import coldstart  # noqa: E402
from runtime_api import RuntimeAPI  # noqa: E402

SECTION = re.compile(r"^ (\.text\S*)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s")
SECTION_NAME_ONLY = re.compile(r"^ (\.text\S*)$")
SECTION_ADDRESS = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s")


def text_sections(map_path):
    """(address, size, name) of every `.text*` input section in a GNU linker map, sorted by address."""
    sections, pending = [], None
    with open(map_path, errors="replace") as lines:
        for line in lines:
            line = line.rstrip("\n")
            match = SECTION.match(line)
            if match:
                sections.append((int(match.group(2), 16), int(match.group(3), 16), match.group(1)))
                pending = None
                continue
            match = SECTION_NAME_ONLY.match(line)
            if match:
                pending = match.group(1)
                continue
            if pending:
                match = SECTION_ADDRESS.match(line)
                if match:
                    sections.append((int(match.group(1), 16), int(match.group(2), 16), pending))
                pending = None
    return sorted(section for section in sections if section[0] > 0)


def symbols(binary):
    """Function symbol -> address, from `nm`."""
    listing = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    table = {}
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            table.setdefault(parts[2], int(parts[0], 16))
    return table


def executed_functions(binary, work):
    """Names of the binary's functions that ran from process start to the first response, in first-run order."""
    # valgrind cannot read the DWARF 5 the Swift toolchain writes; the symbol table is enough.
    plain = os.path.join(work, "bootstrap-symbols")
    subprocess.run(["objcopy", "--strip-debug", binary, plain], check=True)
    output = os.path.join(work, "callgrind.out")
    api = RuntimeAPI(json.dumps(coldstart.EVENT).encode())
    environment = coldstart.base_environment(api.address, 128)
    process = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no", "--compress-pos=no",
         "--callgrind-out-file=" + output, plain],
        env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        result = api.serve_first_invocation(process, 600)
        if result["outcome"] != "response":
            raise SystemExit(f"the bootstrap did not answer under callgrind: {result['outcome']}")
        process.send_signal(signal.SIGTERM)  # graceful shutdown: callgrind writes its profile at exit
        process.wait(120)
    finally:
        if process.poll() is None:
            process.kill()
        api.close()
    return profiled_functions([output], plain)


def profiled_functions(profiles, binary):
    """Names of `binary`'s functions in callgrind profiles, in the order the profiles name them first."""
    names, seen = [], set()
    for path in profiles:
        current_object = ""
        with open(path) as profile:
            for line in profile:
                if line.startswith("ob="):
                    current_object = line[3:].strip()
                elif line.startswith("fn=") and current_object.endswith(os.path.basename(binary)):
                    name = line[3:].strip().split("'")[0]  # callgrind names recursion levels f'2, f'3, ...
                    if name not in seen:
                        seen.add(name)
                        names.append(name)
    return names


# bench/gateway's configuration (run.sh, idle-rss.sh): three `openai` deployments, in the same flow style (the YAML
# parser runs the same code), so the lines are as long as theirs. The upstream is never called.
SERVE_CONFIG = """router:
  retry: {max_attempts: 1}
  models:
    - {name: bench, deployments: [{name: nginx-json, provider: openai, model: bench-model, base_url: "http://127.0.0.1:9/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
    - {name: bench-stream, deployments: [{name: nginx-stream, provider: openai, model: bench-model, base_url: "http://127.0.0.1:9/stream/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
    - {name: bench-slow, deployments: [{name: nginx-slow, provider: openai, model: bench-model, base_url: "http://127.0.0.1:9/slow/v1", api_key_env: BENCH_UPSTREAM_KEY}]}
"""


def served_functions(binary, work):
    """Names of the binary's functions that `tandem serve` runs until it is ready and idle, in first-run order."""
    plain = os.path.join(work, "serve-symbols")
    subprocess.run(["objcopy", "--strip-debug", binary, plain], check=True)
    config = os.path.join(work, "tandem.yaml")
    with open(config, "w") as out:
        out.write(SERVE_CONFIG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    output = os.path.join(work, "serve.callgrind")
    environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": work, "BENCH_UPSTREAM_KEY": "sk-upstream"}
    process = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no", "--compress-pos=no",
         "--callgrind-out-file=" + output, plain, "serve", "--config", config, "--port", str(port),
         "--log-level", "warning"],
        env=environment, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while True:
            if process.poll() is not None:
                raise SystemExit(f"tandem serve exited under callgrind ({process.returncode})")
            # curl, as bench/gateway probes it: a keep-alive connection that the client closes, so the server's
            # side of that close is recorded too (urllib asks the server to close).
            probe = subprocess.run(["curl", "-sf", "-o", "/dev/null", "--max-time", "5",
                                    f"http://127.0.0.1:{port}/health/ready"])
            if probe.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise SystemExit("tandem serve did not become ready under callgrind")
            time.sleep(0.5)
        # Idle, as bench/gateway measures it one second after /health/ready; under callgrind the health request's
        # connection takes longer to close, so wait longer before taking the profile.
        time.sleep(5)
        # The profile up to here (callgrind writes it on request); what shutdown runs is not start-up.
        subprocess.run(["callgrind_control", "--dump=idle", str(process.pid)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        process.kill()
        process.wait(60)
    profiles = [path for path in glob.glob(output + "*") if os.path.getsize(path) > 0]
    if not profiles:
        raise SystemExit("callgrind wrote no profile for tandem serve")
    return profiled_functions(sorted(profiles), plain)


# The sections of compiler-local functions, as a gold section-ordering glob.
LOCAL_FUNCTIONS = ".text..L*"


def input_sections(functions, sections, starts, addresses, order, seen):
    """Appends to `order` the movable input sections holding `functions` that are not in `seen` yet.

    Returns the number of functions in unsplit `.text` sections and the number without a section."""
    unmovable, unknown = set(), 0
    for function in functions:
        address = addresses.get(function)
        index = bisect.bisect_right(starts, address) - 1 if address is not None else -1
        if index < 0 or address >= sections[index][0] + sections[index][1]:
            unknown += 1
            continue
        name = sections[index][2]
        if name == ".text":  # a whole object's code (a prebuilt library without function sections)
            unmovable.add(sections[index][0])
            continue
        if name not in seen:
            seen.add(name)
            order.append(name)
    return len(unmovable), unknown


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the unstripped bootstrap the map belongs to")
    parser.add_argument("--map", required=True, help="the linker map of that binary")
    parser.add_argument("--out", required=True)
    parser.add_argument("--no-serve", action="store_true", help="record the Lambda cold start only")
    arguments = parser.parse_args()

    sections = text_sections(arguments.map)
    starts = [section[0] for section in sections]
    addresses = symbols(arguments.binary)
    order, seen = [], set()
    with tempfile.TemporaryDirectory() as work:
        functions = executed_functions(arguments.binary, work)
        unmovable, unknown = input_sections(functions, sections, starts, addresses, order, seen)
        order.sort()
        print(f"Lambda cold start: {len(functions)} functions ran; {len(order)} sections; {unmovable} unsplit .text "
              f"sections and {unknown} functions without a section left in place", file=sys.stderr)
        if not arguments.no_serve:
            lambda_count = len(order)
            functions = served_functions(arguments.binary, work)
            unmovable, unknown = input_sections(functions, sections, starts, addresses, order, seen)
            order[lambda_count:] = sorted(order[lambda_count:])
            print(f"tandem serve until ready and idle: {len(functions)} functions ran; {len(order) - lambda_count} "
                  f"more sections; {unmovable} unsplit .text sections and {unknown} functions without a section "
                  "left in place", file=sys.stderr)
    # Last, every compiler-local function (`.L__unnamed_N`, `.Lobjectdestroy.N`, ...: closures, outlined copies and
    # destroyers, ~7,500 sections of ~230 KB together). They have no symbol, so callgrind charges them to a
    # neighbour and the order cannot name them one by one, and every object reuses the same names; gold matches the
    # glob against all of them and links them together, instead of leaving the hot ones scattered through .text.
    order.append(LOCAL_FUNCTIONS)
    with open(arguments.out, "w") as out:
        out.write("\n".join(order) + "\n")
    print(f"{len(order)} sections written to {arguments.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
