"""`tei review`: seconds per page for every shared transcript and TEI file (issue 13 asks < 1 s each).

Run: `python bench/review_bench.py` (needs ../shared beside the checkout). Prints the mean, median,
95th percentile and slowest page, and the slowest documents, measured in this run; the first TEI
file that is not the project's pays for compiling tei_all once (reported apart).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from tei_tool.config import Config, Personography
from tei_tool.review import from_tei, from_transcript, render_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> int:
    if not SHARED.is_dir():
        sys.stderr.write(f"{SHARED} not found: put the shared data beside the checkout\n")
        return 2
    documents = (sorted((SHARED / "transcripts").glob("*/*.txt")) + sorted((SHARED / "transcripts").glob("*/*/*.xml"))
                 + sorted((SHARED / "corpus").rglob("*.txt")))
    times: list[tuple[float, Path]] = []
    for path in documents:
        data = path.read_bytes()
        started = time.perf_counter()
        review = (from_tei(path, data, Personography()) if path.suffix == ".xml"
                  else from_transcript(path, data, Config(), Personography(), None))
        render_page(review)
        times.append((time.perf_counter() - started, path))
    seconds = sorted(t for t, _ in times)
    print(f"{len(times)} pages: mean {statistics.mean(seconds):.3f} s, median {statistics.median(seconds):.3f} s, "
          f"95th percentile {seconds[int(len(seconds) * 0.95)]:.3f} s, slowest {seconds[-1]:.3f} s")
    for spent, path in sorted(times, reverse=True)[:5]:
        print(f"  {spent:.3f} s  {path.relative_to(SHARED)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
