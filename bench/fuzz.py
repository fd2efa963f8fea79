"""Long fuzzing run: the structured transcripts of tests/test_fuzz.py, 20,000 of them by default.

    .venv/bin/python bench/fuzz.py                      # 20,000 cases from seed 0, all cores
    .venv/bin/python bench/fuzz.py --cases 2000 --start 50000 --jobs 1
    .venv/bin/python bench/fuzz.py --show 3             # and print 3 examples of each problem

Prints the counts of crashes (the encoder raised), invalid outputs (errors of the project schema and
rules on what was encoded), refused inputs (an error finding about the input, such as an unbalanced
bracket: expected, not counted as a failure), findings outside the transcript's lines and columns,
and round-trip losses by kind, each with the seed that replays it:

    .venv/bin/python -c "from tests.test_fuzz import generate, check; print(check(generate(SEED)))"

Exit 1 when there is a crash or an invalid output, else 0 (losses are reported, not failed: the
tests mark the known ones).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_fuzz import Verdict, check, generate  # noqa: E402


def _one(seed: int) -> Verdict:
    verdict = check(generate(seed))
    return verdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--start", type=int, default=0, help="first seed")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--show", type=int, default=1, help="examples to print per problem")
    args = parser.parse_args(argv)
    seeds = range(args.start, args.start + args.cases)
    started = time.perf_counter()
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            verdicts = pool.map(_one, seeds, chunksize=50)
    else:
        verdicts = [_one(seed) for seed in seeds]
    seconds = time.perf_counter() - started
    crashes = [v for v in verdicts if v.crash]
    invalid = [v for v in verdicts if v.invalid]
    refused = [v for v in verdicts if v.refused]
    positions = [v for v in verdicts if v.bad_positions]
    lossy = [v for v in verdicts if v.losses]
    kinds: Counter[str] = Counter()
    examples: dict[str, list[tuple[int, str]]] = {}
    for verdict in lossy:
        for kind, example in verdict.loss_classes.items():
            kinds[kind] += 1
            examples.setdefault(kind, []).append((verdict.case.seed, example))
    print(f"{len(verdicts):,} cases (seeds {seeds.start}-{seeds.stop - 1}) in {seconds:.1f} s, {args.jobs} jobs")
    print(f"crashes: {len(crashes)}")
    print(f"invalid outputs: {len(invalid)}")
    print(f"findings outside the transcript: {len(positions)}")
    print(f"refused inputs (an error finding about the input; expected): {len(refused)}")
    print(f"round-trip losses: {len(lossy)} cases")
    for kind, count in kinds.most_common():
        print(f"  {count:6,}  {kind}")
        for seed, example in examples[kind][: args.show]:
            print(f"          seed {seed}: {example}")
    for title, group, attribute in (("crash", crashes, "crash"), ("invalid", invalid, "invalid"),
                                    ("position", positions, "bad_positions")):
        for verdict in group[: args.show]:
            print(f"\n{title}, seed {verdict.case.seed}:\n{verdict.case.text!r}\n{getattr(verdict, attribute)}")
    return 1 if crashes or invalid else 0


if __name__ == "__main__":
    raise SystemExit(main())
