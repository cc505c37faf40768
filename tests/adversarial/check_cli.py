#!/usr/bin/env python3
"""check_cli.py CAPLENS CORPUS_DIR CASE — runs `caplens info|phs|stats|filter` on one hostile
capture of make_corpus.py and checks the documented behaviour (docs/hostile-input.md):

- exit status 0 for a file that reads cleanly, 1 for a damaged one, never a signal;
- `info --json` counts the frames read before the damage, and its error names the offset;
- every command prints one line "caplens: FILE: MESSAGE (at byte offset N, after F frames)"
  on stderr for a damaged file, and nothing from a sanitizer;
- every command finishes within the case's time bound, and within its memory bound.
"""
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import CASES  # noqa: E402

COMMANDS = [
    ["info", "{file}", "--json"],
    ["phs", "{file}"],
    ["stats", "{file}", "--all"],
    ["filter", "{file}", "-Y", "tcp || udp || vlan || gre", "--count"],
]
SANITIZER_MARKS = ("AddressSanitizer", "runtime error:", "LeakSanitizer", "UndefinedBehaviorSanitizer")


def run(caplens: str, args: list, seconds: float):
    """The finished process and its time, or None (and the time) when it was stopped for
    taking far longer than its bound."""
    start = time.monotonic()
    try:
        proc = subprocess.run([caplens] + args, capture_output=True, timeout=max(seconds * 4, 60))
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - start
    return proc, time.monotonic() - start


def check(caplens: str, corpus: Path, case) -> list:
    problems = []
    path = corpus / f"{case.name}.{case.ext}"
    damaged = case.error_offset is not None
    for template in COMMANDS:
        args = [a.format(file=path) for a in template]
        proc, elapsed = run(caplens, args, case.seconds)
        what = f"caplens {' '.join(template[:1] + template[2:])}"
        if proc is None:
            problems.append(f"{what}: stopped after {elapsed:.0f}s (bound {case.seconds}s)")
            continue
        stderr = proc.stderr.decode(errors="replace")
        if proc.returncode < 0:
            problems.append(f"{what}: killed by signal {-proc.returncode}")
        elif proc.returncode != (1 if damaged else 0):
            problems.append(f"{what}: exit {proc.returncode}, expected {1 if damaged else 0}")
        if any(mark in stderr for mark in SANITIZER_MARKS):
            problems.append(f"{what}: sanitizer report:\n{stderr}")
        if elapsed > case.seconds:
            problems.append(f"{what}: took {elapsed:.1f}s (bound {case.seconds}s)")
        # The largest resident set of any command run so far (kilobytes on Linux).
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        if peak_mb > case.max_rss_mb:
            problems.append(f"{what}: {peak_mb} MB resident (bound {case.max_rss_mb} MB)")
        if damaged:
            frames = f"{case.frames} frame{'' if case.frames == 1 else 's'}"
            line = f"(at byte offset {case.error_offset}, after {frames})"
            if line not in stderr or case.message not in stderr:
                problems.append(f"{what}: stderr lacks '{line}' and '{case.message}':\n{stderr}")
        elif stderr.strip():
            problems.append(f"{what}: unexpected stderr:\n{stderr}")
        if template[0] == "info" and proc.returncode >= 0:
            problems += check_info_json(proc.stdout, case)
    return problems


def check_info_json(stdout: bytes, case) -> list:
    try:
        info = json.loads(stdout)
    except ValueError as e:
        return [f"info --json: not JSON ({e})"]
    problems = []
    if info.get("frames") != case.frames:
        problems.append(f"info --json: {info.get('frames')} frames, expected {case.frames}")
    error = info.get("error")
    if case.error_offset is None and error is not None:
        problems.append(f"info --json: unexpected error {error}")
    if case.error_offset is not None and (error is None or error.get("offset") != case.error_offset):
        problems.append(f"info --json: error {error}, expected one at offset {case.error_offset}")
    return problems


def main(argv) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    caplens, corpus, name = argv[1], Path(argv[2]), argv[3]
    case = next((c for c in CASES if c.name == name), None)
    if case is None:
        print(f"no case named {name}", file=sys.stderr)
        return 2
    problems = check(caplens, corpus, case)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{name}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
