"""Where a running Tandem process's resident memory is, by section of its own binary.

Reads /proc/PID/pagemap (the present bit of every 4 KiB page; needs root) for the mappings of the process's
executable, attributes each resident page to the ELF section that covers most of it, and prints the resident KiB per
section and per mapping, plus the anonymous and shared-library totals from smaps. With the linker's map of the same
build (`tandem package --link-map`) it also splits the resident `.text` pages into those that hold an ordered
(deploy/bootstrap.order) function and those that hold none, and names the input sections on the latter: the code
start-up runs that the order file misses, or neighbours the kernel's fault-around mapped.

    python resident.py --pid PID [--map LINK_MAP] [--order deploy/bootstrap.order] [--top 30]
"""

import argparse
import bisect
import collections
import fnmatch
import os
import re
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "coldstart"))
from order import text_sections  # noqa: E402

PAGE = 4096


PLAIN_TEXT = re.compile(r"^ \.text\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")


def plain_text_sections(map_path):
    """(address, size, object) of the input sections named plain `.text` (objects without function sections)."""
    sections = []
    with open(map_path, errors="replace") as lines:
        for line in lines:
            match = PLAIN_TEXT.match(line.rstrip("\n"))
            if match and int(match.group(1), 16) > 0:
                sections.append((int(match.group(1), 16), int(match.group(2), 16), match.group(3)))
    return sorted(sections)


def elf_sections(binary):
    """(start, end, name) of the binary's allocated sections, from `readelf -SW`."""
    listing = subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout
    pattern = re.compile(r"^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]{16})\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*A\S*)")
    sections = []
    for line in listing.splitlines():
        match = pattern.match(line)
        if match and int(match.group(2), 16) > 0:
            start = int(match.group(2), 16)
            sections.append((start, start + int(match.group(3), 16), match.group(1)))
    return sorted(sections)


def mappings(pid):
    """(start, end, permissions, path) of every mapping of the process."""
    rows = []
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            parts = line.split(maxsplit=5)
            start, end = (int(value, 16) for value in parts[0].split("-"))
            rows.append((start, end, parts[1], parts[5].strip() if len(parts) > 5 else ""))
    return rows


def resident_pages(pid, start, end):
    """Addresses of the pages in [start, end) that are present in the process's page tables."""
    pages = []
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        pagemap.seek(start // PAGE * 8)
        data = pagemap.read((end - start) // PAGE * 8)
    for index, (entry,) in enumerate(struct.iter_unpack("<Q", data)):
        if entry >> 63 & 1:
            pages.append(start + index * PAGE)
    return pages


def smaps_totals(pid, executable):
    """Resident KiB of anonymous memory, the executable's mappings and shared libraries, from smaps."""
    totals, name = collections.Counter(), ""
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                parts = line.split(maxsplit=5)
                name = parts[5].strip() if len(parts) > 5 else ""
            elif line.startswith("Rss:"):
                kib = int(line.split()[1])
                if name == executable:
                    totals["executable"] += kib
                elif name.startswith("/"):
                    totals["shared libraries and other files"] += kib
                else:
                    totals["anonymous (" + (name or "heap, stacks, arenas") + ")"] += kib
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--binary", help="the process's executable or its unstripped twin (default /proc/PID/exe)")
    parser.add_argument("--map", help="the linker map of that build")
    parser.add_argument("--order", help="the order file the build was linked with")
    parser.add_argument("--top", type=int, default=25, help="how many unordered input sections to name")
    arguments = parser.parse_args()

    executable = os.path.realpath(f"/proc/{arguments.pid}/exe")
    binary = arguments.binary or executable
    sections = elf_sections(binary)
    starts = [section[0] for section in sections]

    pages = []
    for start, end, permissions, path in mappings(arguments.pid):
        if path == executable:
            resident = resident_pages(arguments.pid, start, end)
            print(f"{permissions} {start:#x}-{end:#x}: {len(resident) * 4} KiB resident of {(end - start) // 1024} KiB")
            pages += resident

    by_section = collections.Counter()
    for page in pages:
        best, best_overlap = "(no section)", 0
        index = max(bisect.bisect_right(starts, page) - 1, 0)
        while index < len(sections) and sections[index][0] < page + PAGE:
            start, end, name = sections[index]
            overlap = min(end, page + PAGE) - max(start, page)
            if overlap > best_overlap:
                best, best_overlap = name, overlap
            index += 1
        by_section[best] += 4
    print("\nresident KiB by section of the executable:")
    for name, kib in by_section.most_common():
        print(f"  {kib:7d}  {name}")

    print("\nresident KiB by kind (smaps):")
    for name, kib in smaps_totals(arguments.pid, executable).most_common():
        print(f"  {kib:7d}  {name}")

    if not arguments.map:
        return
    inputs = text_sections(arguments.map)
    input_starts = [section[0] for section in inputs]
    ordered, globs = set(), []
    if arguments.order:
        with open(arguments.order) as order:
            for line in order:
                name = line.strip()
                if "*" in name or "?" in name:
                    globs.append(name)
                elif name:
                    ordered.add(name)

    def is_ordered(name):
        return name in ordered or any(fnmatch.fnmatchcase(name, pattern) for pattern in globs)

    text = next((section for section in sections if section[2] == ".text"), None)
    hot_pages, cold_pages, cold_inputs = 0, 0, collections.Counter()
    regions = set()
    for page in pages:
        if not text or not text[0] <= page < text[1]:
            continue
        regions.add(page // 65536)
        index = max(bisect.bisect_right(input_starts, page) - 1, 0)
        names = []
        while index < len(inputs) and inputs[index][0] < page + PAGE:
            start, size, name = inputs[index]
            if start + size > page:
                names.append((name, min(start + size, page + PAGE) - max(start, page)))
            index += 1
        if any(is_ordered(name) for name, _ in names):
            hot_pages += 1
        else:
            cold_pages += 1
            for name, overlap in names:
                cold_inputs[name] += overlap
    print(f"\n.text: {len(regions)} resident 64 KiB regions; {hot_pages * 4} KiB on pages holding ordered functions, "
          f"{cold_pages * 4} KiB on pages holding none")
    print(f"bytes of unordered input sections on those pages (top {arguments.top}):")
    for name, size in cold_inputs.most_common(arguments.top):
        print(f"  {size:7d}  {name[:150]}")

    # The objects whose code cannot be moved function by function: resident KiB of their `.text`, by archive.
    plain = plain_text_sections(arguments.map)
    plain_starts = [section[0] for section in plain]
    by_archive = collections.Counter()
    for page in pages:
        index = max(bisect.bisect_right(plain_starts, page) - 1, 0)
        while index < len(plain) and plain[index][0] < page + PAGE:
            start, size, path = plain[index]
            if start + size > page:
                archive = re.sub(r"\(.*\)$", "", os.path.basename(path))
                by_archive[archive] += min(start + size, page + PAGE) - max(start, page)
            index += 1
    print("resident KiB of unsplit .text (objects without function sections), by archive:")
    for archive, size in by_archive.most_common(arguments.top):
        print(f"  {size // 1024:7d}  {archive}")


if __name__ == "__main__":
    main()
