"""Records the functions a Tandem cold start runs, for `tandem package`'s link order (deploy/bootstrap.order).

Runs the bootstrap under callgrind against the benchmark's Runtime API responder until its first response, takes
every function of the binary that ran, finds the input section holding each one in the linker's map, and writes the
section names in first-run order. Functions in sections the linker cannot move one by one (the Swift standard
library's prebuilt `.text`) are left out.

    python order.py --binary UNSTRIPPED --map LINK_MAP --out deploy/bootstrap.order
"""

import argparse
import bisect
import json
import os
import re
import signal
import subprocess
import sys
import tempfile

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
    names, seen, current_object = [], set(), ""
    with open(output) as profile:
        for line in profile:
            if line.startswith("ob="):
                current_object = line[3:].strip()
            elif line.startswith("fn=") and current_object.endswith("bootstrap-symbols"):
                name = line[3:].strip()
                if name not in seen:
                    seen.add(name)
                    names.append(name)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the unstripped bootstrap the map belongs to")
    parser.add_argument("--map", required=True, help="the linker map of that binary")
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()

    sections = text_sections(arguments.map)
    starts = [section[0] for section in sections]
    addresses = symbols(arguments.binary)
    with tempfile.TemporaryDirectory() as work:
        functions = executed_functions(arguments.binary, work)
    order, seen, unmovable, unknown = [], set(), set(), 0
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
    with open(arguments.out, "w") as out:
        out.write("\n".join(order) + "\n")
    print(f"{len(functions)} functions ran; {len(order)} sections written to {arguments.out}; "
          f"{len(unmovable)} unsplit .text sections and {unknown} functions without a section left in place",
          file=sys.stderr)


if __name__ == "__main__":
    main()
