"""Start-up time of `tei --version` and `tei --help` against a bare `python -c pass`.

    .venv/bin/python bench/startup_bench.py            # 30 runs of each, interleaved
    .venv/bin/python bench/startup_bench.py --runs 100 --check 2.0

Runs each command as a fresh process with the interpreter of this venv (the `tei` script beside it),
interleaving the commands so that a busy neighbour slows them all alike, and reports the median and
the fastest run of each and their ratio to `python -c pass`. With --check R, exits 1 when a median
ratio is above R (issue 10: at most 2x). `tei encode --help` (typer's help, imported on demand) is
shown for comparison, not checked.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--check", type=float, default=None, help="fail when a median ratio is above this")
    args = parser.parse_args(argv)
    python = sys.executable
    tei = str(Path(python).with_name("tei"))
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "tei --version": [tei, "--version"],
        "tei --help": [tei, "--help"],
        "python -m tei_tool --version": [python, "-m", "tei_tool", "--version"],
        "tei encode --help (typer)": [tei, "encode", "--help"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache and the .pyc files
        _time(command)
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(_time(command))
    base = statistics.median(times["python -c pass"])
    base_min = min(times["python -c pass"])
    print(f"{args.runs} runs each, interleaved; Python {sys.version.split()[0]}")
    print(f"{'command':32} {'median':>9} {'fastest':>9} {'ratio (median)':>15} {'ratio (fastest)':>16}")
    failed = False
    for name, values in times.items():
        median, fastest = statistics.median(values), min(values)
        ratio, ratio_min = median / base, fastest / base_min
        print(f"{name:32} {median * 1000:7.1f}ms {fastest * 1000:7.1f}ms {ratio:14.2f}x {ratio_min:15.2f}x")
        checked = name in ("tei --version", "tei --help")
        if args.check is not None and checked and ratio > args.check:
            failed = True
    if args.check is not None:
        print("ok" if not failed else f"FAIL: a median ratio is above {args.check}x")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
