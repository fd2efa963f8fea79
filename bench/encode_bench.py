"""Benchmark: `tei encode` throughput per core, against lxml, on growing inputs, with its peak memory.

    .venv/bin/python bench/encode_bench.py [--sizes 1,4,16] [--scaling-scale 1] [--full] [--profile]

Everything is CPU time of this one process (`time.process_time`), so the figures are per core and a
busy shared machine disturbs them less than wall-clock time would. Steps:

1. corpus: every `*.txt` under `<repo>/../shared/transcripts/` and `<repo>/../shared/corpus/`; size
   N× encodes that corpus N times (each copy under its own name), so MB/s should not depend on N;
2. throughput: encode each transcript in-process (`tei_tool.api.encode_text`, validation included,
   as `tei encode` does), then, in the same run, an lxml parse + serialise of the very outputs
   (`etree.fromstring` + `etree.tostring`): the ratio says how far the encoder is from the XML
   library's own pace on the same bytes;
3. scaling: the pathological inputs of issue 10 at a base size and at 4× that size (with `--full`
   also 16×, and bases that make the 16× inputs as big as the issue names: 100,000 turns, 100,000-deep
   nesting, a 5 MB paragraph), for the inline stage alone (`InlineParser.parse`) and for the whole
   encoder: 4× the input must cost at most 4.5× the time (best of 3 each, the sizes interleaved);
4. memory: peak while encoding the largest transcripts and a few generated big ones, against the
   transcript's size, twice: `tracemalloc`'s peak (Python objects only), and the peak RSS growth of a
   fresh subprocess per input (peak resident set during the encode minus the resident set after
   imports and a warm-up encode), which counts lxml's C allocations too;
5. with `--profile`: cProfile of the 1× corpus, own time summed by stage (module).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import resource
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from tei_tool.api import encode_text  # noqa: E402
from tei_tool.config import Config, Personography  # noqa: E402
from tei_tool.read.inline import InlineParser  # noqa: E402
from tei_tool.read.source import Source  # noqa: E402

LIMIT = 4.5  # 4x the input may cost at most this many times the time


def corpus() -> list[tuple[str, str]]:
    """(name, text) of every shared transcript, in a fixed order."""
    paths = sorted((SHARED / "transcripts").glob("*/*.txt")) + sorted((SHARED / "corpus").rglob("*.txt"))
    if not paths:
        raise SystemExit(f"no transcripts under {SHARED}/transcripts or {SHARED}/corpus")
    return [(str(p.relative_to(SHARED)), p.read_text(encoding="utf-8")) for p in paths]


def encode(text: str, name: str) -> bytes:
    result = encode_text(text, name, config=Config(), personography=Personography(), sidecar=None)
    if not result.xml:
        raise SystemExit(f"{name}: not encoded: {[f.format() for f in result.findings][:3]}")
    return result.xml


def throughput(docs: list[tuple[str, str]], copies: int) -> dict[str, float]:
    """CPU seconds for encoding `copies` copies of the corpus, and for lxml on the same outputs."""
    size = sum(len(text.encode("utf-8")) for _, text in docs) * copies
    outputs: list[bytes] = []
    started = time.process_time()
    for copy in range(copies):
        for name, text in docs:
            outputs.append(encode(text, f"{copy}-{name}"))
    encode_cpu = time.process_time() - started
    started = time.process_time()
    for xml in outputs:
        etree.tostring(etree.fromstring(xml, etree.XMLParser(huge_tree=True)), encoding="UTF-8")
    lxml_cpu = time.process_time() - started
    return {"mb": size / 1e6, "out_mb": sum(map(len, outputs)) / 1e6, "encode": encode_cpu, "lxml": lxml_cpu}


# --- pathological inputs (issue 10) --------------------------------------------------------------

def groups(n: int) -> str:
    return "Liu: " + " ".join(f"word [w{i}]" for i in range(n))


def unclosed(n: int) -> str:
    return "Liu: [" + ("words and more words " * n).rstrip()


def deep(n: int) -> str:
    return "Liu: " + "[" * n + "x" + "]" * n


def big_paragraph(n: int) -> str:
    return "Liu: " + "The delegation spoke about the matter [at length] (twice). " * n


def paren_runs(n: int) -> str:
    return "Liu: " + " ".join(f"(p{i})" for i in range(n)) + " " + "(" * n + " a ) b" * n


def turns(n: int) -> str:
    return "\n\n".join(f"{'Liu' if i % 2 else 'Han'}: Line {i} of the talk [as recorded]." for i in range(n))


# name -> (generator, base size for the inline stage, for the whole encoder, for both with --full). With
# --full the 16x input is the size issue 10 names where it names one: 100,000 turns, 100,000-deep
# nesting, a 5.0 MB paragraph (the default bases keep the default run short).
PATHOLOGICAL: dict[str, tuple[Callable[[int], str], int, int, int]] = {
    "bracket groups in one paragraph": (groups, 10_000, 2_500, 2_500),
    "unclosed bracket, long paragraph": (unclosed, 50_000, 12_500, 12_500),
    "deep nesting": (deep, 25_000, 5_000, 6_250),
    "one big paragraph": (big_paragraph, 20_000, 2_500, 5_300),
    "parenthesis runs": (paren_runs, 10_000, 2_500, 2_500),
    "alternating turns": (turns, 10_000, 2_500, 6_250),
}
RUNS = 3  # best of


def best_times(runs: int, work: Callable[[str], None], texts: list[str]) -> list[float]:
    """Best CPU time of `runs` runs on each text, the sizes interleaved (1x, 4x, 16x, 1x, ...) so that a
    neighbour's burst on the shared machine slows every size alike instead of one size's whole series.
    A collection before each run, so no run pays for the garbage of the one before."""
    best = [float("inf")] * len(texts)
    for _ in range(runs):
        for index, text in enumerate(texts):
            gc.collect()
            started = time.process_time()
            work(text)
            best[index] = min(best[index], time.process_time() - started)
    return best


def inline_only(text: str) -> None:
    InlineParser(Source("bench.txt", text)).parse(0, len(text), "turn")


def whole(text: str) -> None:
    encode(text + "\n\nHan: Thank you.\n", "bench.txt")


ScalingRow = tuple[str, str, list[int], list[float]]  # input, stage, sizes in bytes, best CPU seconds per size


def scaling(scale: float, multiples: tuple[int, ...], full: bool = False) -> list[ScalingRow]:
    rows = []
    for name, (make, inline_base, whole_base, full_base) in PATHOLOGICAL.items():
        for stage, base, run in (("inline", inline_base, inline_only), ("encode", whole_base, whole)):
            base = max(1, int((full_base if full else base) * scale))
            texts = [make(m * base) for m in multiples]
            times = best_times(RUNS, run, texts)
            sizes = [len(text.encode("utf-8")) for text in texts]
            rows.append((name, stage, sizes, times))
            print(f"  {name:34} {stage:6} {sizes[-1] / 1e6:7.2f} MB  "
                  + "  ".join(f"{m}x {t:7.3f}s" for m, t in zip(multiples, times, strict=True)) + "  ratios "
                  + " ".join(f"{b / max(a, 1e-9):5.2f}" for a, b in pairwise(times)), flush=True)
    return rows


def print_scaling(rows: list[ScalingRow], multiples: tuple[int, ...]) -> None:
    steps = list(pairwise(multiples))
    print("\n| input | stage | largest | " + " | ".join(f"{m}x s" for m in multiples) + " | "
          + " | ".join(f"{b}x/{a}x" for a, b in steps) + " | linear |\n|---|---|---:|"
          + "---:|" * (len(multiples) + len(steps)) + "---|")
    for name, stage, sizes, times in rows:
        ratios = [b / max(a, 1e-9) for a, b in pairwise(times)]
        linear = all(r <= LIMIT * (n / m) / 4 for r, (m, n) in zip(ratios, steps, strict=True))  # LIMIT: for 4x
        print(f"| {name} | {stage} | {sizes[-1] / 1e6:.2f} MB | " + " | ".join(f"{t:.3f}" for t in times) + " | "
              + " | ".join(f"{r:.2f}" for r in ratios) + f" | {'yes' if linear else 'NO'} |")


# --- memory ----------------------------------------------------------------------------------------

def peak_memory(docs: list[tuple[str, str]]) -> list[tuple[str, int, int, int]]:
    """(name, size, tracemalloc peak, peak RSS growth) for the largest transcripts and generated big
    inputs. tracemalloc sees Python's allocations only; the RSS figure is the whole process (lxml's C
    trees and buffers included), measured in a fresh subprocess per input."""
    largest = sorted(docs, key=lambda d: -len(d[1]))[:3]
    generated = [("generated: one 1 MB paragraph", big_paragraph(17_000)),
                 ("generated: 5,000 turns", turns(5_000))]
    warm_up = min(docs, key=lambda d: len(d[1]))[1]
    rows = []
    for name, text in largest + generated:
        tracemalloc.start()
        encode(text, "memory.txt")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append((name, len(text.encode("utf-8")), peak, rss_growth(text, warm_up)))
    return rows


def rss_growth(text: str, warm_up: str) -> int:
    """Bytes the peak resident set of a fresh process grows by while encoding `text`, after imports and a
    warm-up encode of `warm_up` (so schema loading and compiled patterns are not counted)."""
    child = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--rss-child"], check=True,
                           input=json.dumps({"warm_up": warm_up, "text": text}), capture_output=True, text=True)
    return int(child.stdout.split()[-1])


def rss_child() -> None:
    """The subprocess of `rss_growth`: the inputs on stdin, the growth in bytes on stdout.

    On Linux the high-water mark is reset after the warm-up (`/proc/self/clear_refs`) and read from
    `/proc/self/status`: `ru_maxrss` alone would keep the warm-up's peak, and a child started by fork and
    exec starts from its parent's (Linux carries it over the exec), so it could not see this encode's."""
    inputs = json.load(sys.stdin)
    text = inputs.pop("text")  # held before the baseline, as a caller holds the transcript it encodes
    encode(inputs.pop("warm_up"), "warm-up.txt")
    del inputs
    try:
        Path("/proc/self/clear_refs").write_text("5")
        before = _proc_status("VmRSS")
        encode(text, "memory.txt")
        after = _proc_status("VmHWM")
    except OSError:  # no /proc: the whole process's peak, warm-up included
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        encode(text, "memory.txt")
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    print(after - before)


def _proc_status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise OSError(f"no {field} in /proc/self/status")


# --- profile ---------------------------------------------------------------------------------------

def stage_of(filename: str) -> str:
    """The pipeline stage a function belongs to, from its module path."""
    marks = [("read/inline", "inline (read/inline.py)"), ("rules/marks", "bracket rules (read/rules/marks.py)"),
             ("read/blocks", "block reading (read/blocks.py)"), ("read/rules", "block rules (read/rules/*)"),
             ("read/", "source, paragraphs, lexicon (read/*)"), ("passes/persons", "persons (passes/persons.py)"),
             ("passes/", "other passes (passes/*)"), ("tei/render", "render (tei/render.py)"),
             ("tei/", "tei/* (personlist, textback)"), ("validate/", "validation (validate/*)"),
             ("tei_tool/", "api, config, model"), ("/re/", "re module (compile cache)")]
    for needle, stage in marks:
        if needle in filename:
            return stage
    return "builtins and C code (regex, lxml, str)"


def profile(docs: list[tuple[str, str]]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for name, text in docs:
        encode(text, name)
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_stage: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_stage[stage_of(filename)] += tottime
        total += tottime
    print("\n| stage | own time | share |\n|---|---:|---:|")
    for stage, seconds in sorted(by_stage.items(), key=lambda kv: -kv[1]):
        print(f"| {stage} | {seconds:.2f} s | {100 * seconds / total:.0f} % |")
    # Cumulative time of the pipeline's stages (C calls included, nested stages inside their caller).
    entries = [("decode", "read/source.py", "decode"), ("block reading (blocks + inline)", "read/blocks.py", "read"),
               ("  of which inline stage", "read/inline.py", "parse"),
               ("  of which bracket rules", "rules/marks.py", "classify"),
               ("document passes", "passes/__init__.py", "run_passes"),
               ("  of which persons", "passes/persons.py", "resolve_persons"),
               ("render", "tei/render.py", "render"), ("validation", "tei_tool/api.py", "_validate")]
    print("\n| stage (cumulative) | time | share |\n|---|---:|---:|")
    whole = sum(ct for (f, _, name), (_, _, _, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
                if f.endswith("tei_tool/api.py") and name == "encode_source")
    for label, path, function in entries:
        seconds = sum(ct for (f, _, name), (_, _, _, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
                      if f.endswith(path) and name == function)
        print(f"| {label} | {seconds:.2f} s | {100 * seconds / whole:.0f} % |")
    print("\nhottest functions (own time):")
    stats.sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,4,16", help="corpus multiples to encode (default 1,4,16)")
    parser.add_argument("--scaling-scale", type=float, default=1.0, help="scale the pathological base sizes")
    parser.add_argument("--full", action="store_true",
                        help="scaling at 1x, 4x and 16x, the 16x inputs as big as issue 10 names (several minutes)")
    parser.add_argument("--profile", action="store_true", help="also profile the 1x corpus by stage")
    parser.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child()
        return
    docs = corpus()
    print(f"corpus: {len(docs)} transcripts, {sum(len(t.encode()) for _, t in docs) / 1e6:.2f} MB "
          f"(Python {sys.version.split()[0]}, lxml {etree.__version__})")
    encode(docs[0][1], docs[0][0])  # warm-up: imports, regex compilation, schema loading
    print("\n| size | transcript MB | output MB | encode CPU s | MB/s per core | lxml parse+serialise CPU s "
          "| encode / lxml |\n|---|---:|---:|---:|---:|---:|---:|")
    for copies in (int(s) for s in args.sizes.split(",")):
        r = throughput(docs, copies)
        print(f"| {copies}x | {r['mb']:.2f} | {r['out_mb']:.2f} | {r['encode']:.2f} | {r['mb'] / r['encode']:.2f} "
              f"| {r['lxml']:.3f} | {r['encode'] / r['lxml']:.0f}x |", flush=True)
    multiples = (1, 4, 16) if args.full else (1, 4)
    print(f"\nscaling (CPU time, best of {RUNS} interleaved; 4x the input may cost at most {LIMIT}x):")
    print_scaling(scaling(args.scaling_scale, multiples, args.full), multiples)
    print("\n| transcript | size | peak (tracemalloc) | / size | peak RSS growth (fresh process) | / size |"
          "\n|---|---:|---:|---:|---:|---:|")
    for name, size, peak, rss in peak_memory(docs):
        print(f"| {name} | {size / 1e3:.0f} kB | {peak / 1e6:.1f} MB | {peak / size:.0f}x | {rss / 1e6:.1f} MB "
              f"| {rss / size:.0f}x |", flush=True)
    if args.profile:
        profile(docs)


if __name__ == "__main__":
    main()
