"""Benchmark: `tei validate` against jing and xmllint on the same corpus and the same RELAX NG schema.

    bench/setup.sh                           # once, as root: apt-get install -y jing libxml2-utils
    .venv/bin/python bench/validate_bench.py [--files 1200] [--repeat 3] [--schema schemas/tei-archival.rng]

Steps: (1) generate a corpus of valid TEI files into bench/out/ (git-ignored) from templates: the
encodings in encoded/ when there are any, else tests/schemas/valid/ (see `generate`); (2) validate the
whole corpus with `tei validate` in-process (library call, schema compiled inside the timing), with
the `tei validate` CLI as a subprocess, with jing (one JVM, all files in one invocation) and with
`xmllint --relaxng SCHEMA --noout` (one invocation, all files); best of --repeat wall-clock runs each;
(3) print files/second and the ratios. Every tool must accept every file, else the run is void.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tei_tool.validate import grammar, validate_file, validate_paths  # noqa: E402

OUT = HERE / "out"
ENCODED = ROOT / "encoded"
EXAMPLES = ROOT / "tests" / "schemas" / "valid"
XML_ID_RE = re.compile(rb'xml:id="([^"]+)"')
PI_RE = re.compile(rb"<\?xml-model[^>]*\?>\s*")
TOOLS = {"jing": "jing", "xmllint": "libxml2-utils"}


def templates(schema: Path) -> list[Path]:
    """Valid source files: encoded/*.xml when present, else tests/schemas/valid/*.xml; files that do
    not validate cleanly (no errors, no warnings) are left out so the corpus is valid by construction."""
    candidates = sorted(ENCODED.glob("*.xml")) or sorted(EXAMPLES.glob("*.xml"))
    chosen = [p for p in candidates if not [f for f in validate_file(p, schema).findings if f.severity.rank >= 1]]
    if not chosen:
        raise SystemExit(f"no valid template among {len(candidates)} candidates in {ENCODED} or {EXAMPLES}")
    return chosen


def variant(data: bytes, n: int, schema_href: str) -> bytes:
    """A copy of a template with every xml:id (and every #pointer to it) suffixed with -vN, and its
    xml-model PI pointing at the benchmark schema: same structure, different ids and names."""
    ids = set(XML_ID_RE.findall(data))
    for old in sorted(ids, key=len, reverse=True):
        new = old + f"-v{n}".encode()
        data = data.replace(b'xml:id="' + old + b'"', b'xml:id="' + new + b'"')
        data = re.sub(rb'(?<=["\s])#' + re.escape(old) + rb'(?=["\s])', b"#" + new, data)
    pi = f'<?xml-model href="{schema_href}" type="application/xml" ' \
         f'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'.encode()
    data = PI_RE.sub(b"", data, count=1)
    head, sep, rest = data.partition(b"?>\n") if data.startswith(b"<?xml ") else (b"", b"", data)
    return head + sep + pi + rest


def generate(count: int, schema: Path) -> list[Path]:
    """Write count valid files into bench/out/ (emptied first), cycling over the templates."""
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    sources = templates(schema)
    href = Path(os.path.relpath(schema.resolve(), OUT)).as_posix()
    files = []
    for n in range(count):
        source = sources[n % len(sources)]
        target = OUT / f"{source.stem}-{n:05d}.xml"
        target.write_bytes(variant(source.read_bytes(), n, href))
        files.append(target)
    return files


def best_of(repeat: int, run: Callable[[], bool]) -> float:
    """The fastest of repeat wall-clock runs; every run must report the corpus valid."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        ok = run()
        times.append(time.perf_counter() - start)
        if not ok:
            raise SystemExit("a validator rejected the corpus; the benchmark is void")
    return min(times)


def in_process(files: list[Path], schema: Path) -> bool:
    grammar._compile.cache_clear()  # the compile is part of the run, as in the CLI
    results = validate_paths(files, schema)
    return not any(f.severity.rank >= 1 for r in results for f in r.findings)


def command(args: list[str]) -> Callable[[], bool]:
    def run() -> bool:
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode != 0:
            sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
        return done.returncode == 0
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1200, help="corpus size (default 1200)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the best counts (default 3)")
    parser.add_argument("--schema", type=Path, default=None, help="RELAX NG schema (default: the project's)")
    options = parser.parse_args()

    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        packages = " ".join(TOOLS[t] for t in missing)
        print(f"missing: {', '.join(missing)}. Install with: sudo bench/setup.sh  (apt-get install -y {packages})")
        return 2
    schema = (options.schema or grammar.default_schema()).resolve()
    try:
        grammar.compiled(schema)
    except grammar.SchemaError as error:
        print(f"the schema {schema} does not compile with libxml2: {error}")
        return 2

    files = generate(options.files, schema)
    print(f"corpus: {len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB in {OUT}")
    print(f"schema: {schema} ({schema.stat().st_size / 1e3:.0f} kB)")
    names = [str(f) for f in files]
    tei = ROOT / ".venv" / "bin" / "tei"
    runs: dict[str, Callable[[], bool]] = {
        "tei validate (library)": lambda: in_process(files, schema),
        "tei validate (CLI)": command([str(tei if tei.exists() else "tei"), "validate", str(OUT)]),
        "jing": command(["jing", str(schema), *names]),
        "xmllint --relaxng": command(["xmllint", "--relaxng", str(schema), "--noout", *names]),
    }
    timings = {name: best_of(options.repeat, run) for name, run in runs.items()}
    print(f"\n{'validator':<26}{'seconds':>9}{'files/s':>10}")
    for name, seconds in timings.items():
        print(f"{name:<26}{seconds:>9.2f}{len(files) / seconds:>10.0f}")
    print("\nratios (row is N times faster than column):")
    short = list(timings)
    print(" " * 26 + "".join(f"{s[:14]:>16}" for s in short))
    for a in short:
        print(f"{a:<26}" + "".join(f"{timings[b] / timings[a]:>16.2f}" for b in short))
    cli = timings["tei validate (CLI)"]
    fastest_other = min(timings["jing"], timings["xmllint --relaxng"])
    print(f"\ntei validate CLI is {fastest_other / cli:.2f}x the speed of the fastest other validator")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
