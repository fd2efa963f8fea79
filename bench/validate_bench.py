"""Benchmark: `tei validate` against jing and xmllint on the same corpus and the same RELAX NG schema.

    bench/setup.sh                           # once, as root: apt-get install -y jing libxml2-utils
    .venv/bin/python bench/validate_bench.py [--files 1200] [--repeat 3] [--schema schemas/tei-archival.rng]

Steps: (1) generate a corpus of valid TEI files into bench/out/ (git-ignored) from templates: the
encodings in encoded/ when there are any, else tests/schemas/valid/ (see `generate`); (2) validate the
whole corpus with `tei validate` in-process (library call, schema compiled inside the timing), with
the `tei validate` CLI as a subprocess, with jing (one JVM, all files in one invocation) and with
`xmllint --relaxng SCHEMA --noout` (one invocation, all files); best of --repeat wall-clock runs each;
(3) print files/second and the ratios. Every tool must accept every file, else the run is void.

    .venv/bin/python bench/validate_bench.py --corpus [FOLDER] [--repeat 3]

Third-party corpora (see `corpus_main`): FOLDER (default ../shared/tei-corpora next to the repository)
holds TEI files from other projects and jing-verdicts.tsv (`relative/path<TAB>valid|invalid|fatal`,
jing against tei_all). Nothing is fetched. `tei validate --schema tei_all` runs on the files; its grammar
verdicts are compared with jing's, the rules' false alarms on files jing finds valid are counted, both
tools are timed (wall and CPU); then both are timed on the same files plus --files project encodings
(generated into bench/out/ as above; --files 0 leaves them out), all against tei_all; and the time to
check a person list of N persons is measured for N from 1,000 to 8,000.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tei_tool.validate import grammar, validate_bytes, validate_file, validate_paths  # noqa: E402

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
    grammar.clear_caches()  # the compiles are part of the run, as in the CLI
    results = validate_paths(files, schema)
    return not any(f.severity.rank >= 1 for r in results for f in r.findings)


def command(args: list[str]) -> Callable[[], bool]:
    def run() -> bool:
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode != 0:
            sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
        return done.returncode == 0
    return run


# --- third-party corpora against tei_all ---------------------------------------------------------

GRAMMAR_CODES = ("RNG001", "XML001", "XML002", "XML003", "SCH001", "TIM001")
DEFAULT_CORPORA = ROOT.parent / "shared" / "tei-corpora"


def timed(args: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds (user + system of the child) and stdout of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def verdicts(folder: Path) -> dict[str, str]:
    """jing's verdict per file (path relative to folder) from jing-verdicts.tsv."""
    table = folder / "jing-verdicts.tsv"
    rows = [line.split("\t") for line in table.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row[0]: row[1].strip() for row in rows}


def our_verdicts(report: dict[str, object], folder: Path) -> tuple[dict[str, str], dict[str, list[dict[str, str]]]]:
    """Per file: valid, invalid or skipped (not TEI), and its findings, from `tei validate -f json`."""
    findings: dict[str, list[dict[str, str]]] = {}
    for finding in report["findings"]:  # type: ignore[attr-defined]
        findings.setdefault(os.path.relpath(finding["file"], folder), []).append(finding)
    result = {}
    for entry in report["files"]:  # type: ignore[attr-defined]
        name = os.path.relpath(entry["file"], folder)
        mine = findings.get(name, [])
        if not entry["schema"] and not any(f["code"] in GRAMMAR_CODES for f in mine):
            result[name] = "skipped"
        else:
            result[name] = "invalid" if any(f["code"] in GRAMMAR_CODES for f in mine) else "valid"
    return result, findings


def person_list(n: int) -> bytes:
    """A valid TEI document (tei_all) whose header lists n persons, as parliamentary corpora do."""
    people = "".join(f'<person xml:id="p{i}"><persName><surname>S{i}</surname><forename>F</forename></persName>'
                     f'<sex value="M"/><birth when="1941-01-14"><placeName>X</placeName></birth></person>\n'
                     for i in range(n))
    return ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
            "<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc><profileDesc>"
            f"<particDesc><listPerson>{people}</listPerson></particDesc></profileDesc></teiHeader>"
            "<text><body><p>x</p></body></text></TEI>").encode()


def tei_command() -> list[str]:
    """The `tei` CLI of this checkout: .venv/bin/tei when there is one, else this Python with
    `-m tei_tool` (run from the repository, so a git worktree without its own venv times its own code)."""
    tei = ROOT / ".venv" / "bin" / "tei"
    if tei.exists():
        return [str(tei)]
    return [sys.executable, "-m", "tei_tool"]


def tei_all_command(files: list[str]) -> list[str]:
    return [*tei_command(), "validate", "--schema", "tei_all", "--format", "json", "--time-limit", "60", *files]


def compare_with_jing(files: list[str], repeat: int, runs: list[tuple[float, float, bytes]] | None = None) -> None:
    """Time `tei validate --schema tei_all` and jing with tei_all.rng on the files (best of repeat, wall
    and CPU; runs: the runs of ours already made), and print both and their ratio."""
    runs = runs or [timed(tei_all_command(files)) for _ in range(repeat)]
    best_ours = min(runs, key=lambda r: r[0])
    print(f"tei validate --schema tei_all: best wall {best_ours[0]:.2f} s, CPU {best_ours[1]:.2f} s "
          f"(runs: {', '.join(f'{r[0]:.2f}' for r in runs)})")
    if not shutil.which("jing"):
        print("jing not installed (bench/setup.sh): no comparison of times")
        return
    jing_runs = [timed(["jing", str(grammar.TEI_ALL), *files]) for _ in range(repeat)]
    best_jing = min(jing_runs, key=lambda r: r[0])
    print(f"jing tei_all.rng: best wall {best_jing[0]:.2f} s, CPU {best_jing[1]:.2f} s "
          f"(runs: {', '.join(f'{r[0]:.2f}' for r in jing_runs)})")
    print(f"tei validate / jing: wall {best_ours[0] / best_jing[0]:.2f}, CPU {best_ours[1] / best_jing[1]:.2f} "
          "(below 1: tei validate is faster)")


def corpus_main(folder: Path, repeat: int, project_files: int = 0) -> int:
    """Verdicts, false alarms and speed on third-party TEI, and speed on the same files plus
    project_files project encodings (generated as for the project benchmark), all against tei_all;
    the figures for bench/README.md."""
    if not (folder / "jing-verdicts.tsv").is_file():
        print(f"no jing-verdicts.tsv in {folder}: point --corpus at a folder of TEI files with jing's verdicts")
        return 2
    jing_says = verdicts(folder)
    files = [str(folder / name) for name in sorted(jing_says)]
    runs = [timed(tei_all_command(files)) for _ in range(repeat)]
    report = json.loads(runs[0][2])
    ours, findings = our_verdicts(report, folder)

    both = [n for n in jing_says if jing_says[n] in ("valid", "invalid") and ours.get(n) in ("valid", "invalid")]
    differ = [n for n in both if jing_says[n] != ours[n]]
    print(f"files: {len(files)} in {folder}; jing: " + ", ".join(
        f"{v} {sum(1 for x in jing_says.values() if x == v)}" for v in ("valid", "invalid", "fatal")))
    print(f"grammar verdicts: {len(both) - len(differ)} of {len(both)} files both checked agree with jing"
          + (f"; differ: {', '.join(differ)}" if differ else ""))
    skipped = [n for n in ours if ours[n] == "skipped"]
    print(f"not TEI, reported (XML004) and skipped: {len(skipped)} (jing: "
          + ", ".join(sorted({jing_says[n] for n in skipped})) + ")")
    checked_fatal = [n for n in jing_says if jing_says[n] == "fatal" and ours.get(n) in ("valid", "invalid")]
    print(f"checked although jing stopped on a missing DTD: {len(checked_fatal)}")

    valid = [n for n in jing_says if jing_says[n] == "valid"]
    alarms: dict[str, int] = {}
    alarmed = set()
    warned: dict[str, int] = {}
    for name in valid:
        for finding in findings.get(name, []):
            if finding["code"].startswith("TEI"):
                if finding["severity"] == "error":
                    alarms[finding["code"]] = alarms.get(finding["code"], 0) + 1
                    alarmed.add(name)
                else:
                    warned[finding["code"]] = warned.get(finding["code"], 0) + 1
    print(f"rules at error severity on the {len(valid)} files jing finds valid: {len(alarmed)} files "
          f"({100 * len(alarmed) / max(len(valid), 1):.1f} %) {alarms or ''}; warnings: {warned or 'none'}")
    errors = sum(1 for name in both for f in findings.get(name, []) if f["code"] == "RNG001")
    print(f"grammar errors reported: {errors}")

    print(f"\n{len(files)} third-party files:")
    compare_with_jing(files, repeat, runs)
    if project_files:
        project = [str(f) for f in generate(project_files, grammar.project_schema().resolve())]
        mixed = project + files
        report = json.loads(timed(tei_all_command(project))[2])
        rejected = {f["file"] for f in report["findings"] if f["code"] in GRAMMAR_CODES}
        print(f"\nthe same files plus {len(project)} project encodings ({OUT}), {len(mixed)} files: "
              f"tei validate finds grammar errors in {len(rejected)} of the project encodings")
        compare_with_jing(mixed, repeat)

    start = time.perf_counter()
    grammar.compiled(grammar.TEI_ALL)
    print(f"\ncompiling tei_all whole in this process: {time.perf_counter() - start:.2f} s")
    from tei_tool.validate import prune  # noqa: PLC0415 - only here

    sets = [found for name in files if (found := prune.scanned_names(Path(name).read_bytes())) is not None]
    groups = prune.groups(sets)
    base = grammar._prepared(grammar._resolved(str(grammar.TEI_ALL)))
    assert not isinstance(base, grammar.SchemaError)
    start = time.perf_counter()
    for names in groups:
        grammar.etree.RelaxNG(prune.pruned(base, names))
    sizes = sorted(len([n for n in g if not n.startswith("@")]) for g in groups)
    print(f"cut to the element and attribute names of these files: {len(groups)} groups of {sizes[0]}–{sizes[-1]} "
          f"element names, {time.perf_counter() - start:.2f} s to cut and compile them all (serially)")
    timings = {}
    for n in (1000, 2000, 4000, 8000):
        data = person_list(n)
        start = time.perf_counter()
        result = validate_bytes(data, f"persons-{n}.xml")
        timings[n] = time.perf_counter() - start
        assert result.findings == [], result.findings[:3]
        print(f"person list of {n:>5}: {timings[n]:.3f} s ({timings[n] / timings[1000]:.1f}x the time for 1,000)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1200,
                        help="corpus size (default 1200); with --corpus, the project encodings added (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the best counts (default 3)")
    parser.add_argument("--schema", type=Path, default=None, help="RELAX NG schema (default: the project's)")
    parser.add_argument("--corpus", type=Path, nargs="?", const=DEFAULT_CORPORA, default=None,
                        help=f"third-party TEI with jing-verdicts.tsv (default folder: {DEFAULT_CORPORA})")
    options = parser.parse_args()
    if options.corpus is not None:
        return corpus_main(options.corpus.resolve(), options.repeat, options.files)

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
    runs: dict[str, Callable[[], bool]] = {
        "tei validate (library)": lambda: in_process(files, schema),
        "tei validate (CLI)": command([*tei_command(), "validate", str(OUT)]),
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
