"""`tei encode`: transcripts in, TEI out, and never a lost file.

The run is planned before anything is written: paths are expanded, each transcript's `tei.yaml` is
found from its own folder upward and loaded once, sidecars are checked, and every output path is
worked out. An output that would replace an input, or two inputs that would write one output, stop
the run there (exit 2) with both paths named. Then the transcripts are encoded (in a pool of forked
processes with --jobs, results taken in input order, so the bytes and the report are those of
--jobs 1) and each output is written atomically with the usual permissions. A file that cannot be
encoded or written is a finding, the rest of the batch goes on, and an output left behind by an
earlier run is reported as stale (exit 1). `--check` writes nothing and exits 1 when an output is
missing or would change.

Codes: E005 cannot read the transcript, E010 cannot write the output, E011 the output would replace
an input, E013 two inputs, one output, E014 the output is out of date (--check), E900 the encoder
crashed (a bug); W012 an existing output is stale because its transcript failed.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tei_tool.config.corpus import Corpora, Corpus, load_sidecar
from tei_tool.findings import Finding, Severity

if TYPE_CHECKING:
    from tei_tool.api import EncodeResult
    from tei_tool.config import Sidecar

FORMATS = ("text", "json", "github")


# -- inputs --------------------------------------------------------------------------------------


def expand_paths(paths: list[str], recursive: bool = False) -> tuple[list[Path | None], list[str]]:
    """Files to encode (None = stdin) and usage errors for paths that do not exist.

    A folder gives its *.txt files (with `recursive`, those of its subfolders too), sorted. A file
    named twice (or in a folder and by name) is encoded once."""
    found, errors = _expand(paths, recursive)
    return [file for file, _ in found], errors


def _expand(paths: list[str], recursive: bool) -> tuple[list[tuple[Path | None, Path | None]], list[str]]:
    """(file, the folder it was named from) pairs, and the usage errors."""
    files: list[tuple[Path | None, Path | None]] = []
    errors = []
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            files.append((None, None))
            continue
        path = Path(raw)
        if path.is_dir():
            pattern = "**/*.txt" if recursive else "*.txt"
            found = sorted(p for p in path.glob(pattern) if p.is_file())
            if not found:
                errors.append(f"{raw}: no *.txt transcripts in this folder"
                              + ("" if recursive else " (-r also looks in its subfolders)"))
            root = path
        elif path.is_file():
            found, root = [path], path.parent
        elif path.exists():
            errors.append(f"{raw}: not a regular file or folder")
            continue
        else:
            errors.append(f"{raw}: no such file or folder")
            continue
        for file in found:
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                files.append((file, root))
    return files, errors


# -- writing -------------------------------------------------------------------------------------


def _file_mode() -> int:
    """What `open()` would give a new file: 0666 less the umask (0644 under the usual 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written output.

    The file gets the permissions a new file gets (0644 under umask 022), not mkstemp's 0600. Raises
    OSError; the temporary file never outlives a failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        try:
            os.fchmod(handle, _file_mode())
            _write_all(handle, data)
        finally:
            os.close(handle)
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def why_not_written(target: Path, error: OSError) -> str:
    """A plain reason for a failed write, naming the part of the path that is in the way."""
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        for parent in [target, *target.parents]:
            if parent.exists() and not parent.is_dir() and parent != target:
                return f"{parent} is a file, not a folder"
    if error.errno == errno.EISDIR or target.is_dir():
        return f"{target} is a folder"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"permission denied ({error.strerror})" if error.errno == errno.EROFS else "permission denied"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on the device"
    return error.strerror or str(error)


# -- the plan ------------------------------------------------------------------------------------


@dataclass
class Job:
    """One transcript: where it comes from, which configuration applies and where its TEI goes."""

    path: Path | None  # None: stdin
    name: str
    corpus: Corpus
    root: Path | None = None  # the folder it was named from (a folder argument, or the file's folder)
    sidecar: Sidecar | None = None
    target: Path | None = None  # None: stdout
    data: bytes | None = None  # stdin only: read before the work is shared out


@dataclass
class Outcome:
    """What became of one job."""

    job: Job
    result: EncodeResult
    status: str = "failed"  # written | stdout | failed | unchanged | out-of-date | missing (the last three: --check)
    findings: list[Finding] = field(default_factory=list)  # the result's, then the workflow's

    @property
    def ok(self) -> bool:
        return self.status in ("written", "stdout", "unchanged")


def _plan_targets(jobs: list[Job], output: Path | None, mirror: bool) -> None:
    """OUT/<stem>.xml; with `mirror`, OUT/<folder below the common folder of the inputs>/<stem>.xml,
    the common folder taken among the inputs that share OUT."""
    folders: dict[Path, list[Job]] = {}
    for job in jobs:
        if job.path is not None:
            folders.setdefault(output if output is not None else job.corpus.config.output_dir, []).append(job)
    for folder, group in folders.items():
        base = Path(os.path.commonpath([str(j.root.resolve()) for j in group if j.root is not None])) if mirror \
            else None
        for job in group:
            assert job.path is not None
            where = folder if base is None else folder / job.path.parent.resolve().relative_to(base)
            job.target = where / f"{job.path.stem}.xml"


def _collisions(jobs: list[Job], mirror: bool) -> list[Finding]:
    """Outputs that would replace an input (or its sidecar), and outputs two inputs would write."""
    inputs: dict[str, Path] = {}
    for job in jobs:
        if job.path is not None:
            inputs[os.path.realpath(job.path)] = job.path
            if job.sidecar is not None and job.sidecar.path is not None:
                inputs[os.path.realpath(job.sidecar.path)] = job.sidecar.path
    claimed: dict[str, Job] = {}
    findings = []
    for job in jobs:
        if job.target is None:
            continue
        key = os.path.realpath(job.target)
        if key in inputs:
            findings.append(Finding(job.name, 1, 1, Severity.ERROR, "E011",
                                    f"its output {job.target} would replace the input {inputs[key]}",
                                    "write the TEI to another folder: -o encoded/"))
        elif key in claimed:
            first = claimed[key]
            hint = "rename one of them, or encode them in separate runs with different -o folders"
            if not mirror:
                hint = "--mirror keeps the folder structure (OUT/<folder>/<stem>.xml), or " + hint
            findings.append(Finding(job.name, 1, 1, Severity.ERROR, "E013",
                                    f"{first.name} and {job.name} would both be written to {job.target}", hint))
        else:
            claimed[key] = job
    return findings


# -- encoding (in forked workers with --jobs) ----------------------------------------------------

_WORK: list[Job] = []  # the batch, set before the pool forks: workers inherit it, only an index is sent


def _encode_job(index: int) -> EncodeResult:
    from tei_tool.api import EncodeResult, encode_bytes

    job = _WORK[index]
    try:
        if job.data is not None:
            data = job.data
        else:
            assert job.path is not None
            try:
                data = job.path.read_bytes()
            except OSError as error:
                return EncodeResult(job.name, findings=[Finding(
                    job.name, 1, 1, Severity.ERROR, "E005", f"cannot read the file: {error.strerror or error}")])
        config = job.corpus.config
        if job.target is not None:  # the xml-model href is relative to the folder the file is written to
            config = dataclasses.replace(config, output_dir=job.target.parent)
        result = encode_bytes(data, job.name, config, job.corpus.personography, job.sidecar,
                              _WORK_OPTIONS["validate"])
    except Exception as error:  # noqa: BLE001 - a bug in the encoder must not cost the rest of the batch
        return EncodeResult(job.name, findings=[Finding(
            job.name, 1, 1, Severity.ERROR, "E900",
            f"the encoder crashed on this file ({type(error).__name__}: {error})",
            "this is a bug in tei encode; please report it with the transcript")])
    result.document = None  # not needed here, and costly to send back from a worker
    return result


_WORK_OPTIONS: dict[str, Any] = {"validate": True}


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _results(jobs: list[Job], workers: int, validate: bool):  # type: ignore[no-untyped-def]
    """Encode results in input order, from `workers` forked processes (in this one for 1)."""
    _WORK[:] = jobs
    _WORK_OPTIONS["validate"] = validate
    workers = min(workers, len(jobs))
    if workers <= 1 or not hasattr(os, "fork"):
        for index in range(len(jobs)):
            yield _encode_job(index)
        return
    import multiprocessing

    if validate:  # compile the schema once, before the fork: every worker inherits it
        try:
            from tei_tool.validate.grammar import compiled, default_schema

            compiled(default_schema())
        except Exception:  # noqa: BLE001, S110 - each file reports an unusable schema itself
            pass
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        yield from pool.imap(_encode_job, range(len(jobs)), chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


# -- reporting -----------------------------------------------------------------------------------

_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary_line(result: EncodeResult, written: str) -> str:
    warnings = sum(1 for f in result.findings if f.severity is Severity.WARNING)
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    if not result.xml or errors:
        return f"{result.name}: not encoded ({errors} errors, {warnings} warnings)"
    return f"{result.name}: {result.stats.summary()}, {warnings} warnings -> {written}"


def _display(path: Path | None) -> str:
    if path is None:
        return "none (built-in defaults)"
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


class Report:
    """Findings as they come (text or github annotations) or all at the end (json); one summary."""

    def __init__(self, fmt: str, quiet: bool, to_stderr: bool) -> None:
        self.fmt = fmt
        self.quiet = quiet
        self.to_stderr = to_stderr
        self.colour = fmt == "text" and self.stream.isatty() and not os.environ.get("NO_COLOR")
        self.findings: list[Finding] = []
        self.files: list[dict[str, Any]] = []

    @property
    def stream(self) -> TextIO:  # looked up each time: a progress bar redirects stdout while it runs
        return sys.stderr if self.to_stderr else sys.stdout

    def write(self, text: str) -> None:
        self.stream.write(text + "\n")

    def finding(self, finding: Finding) -> None:
        self.findings.append(finding)
        if self.quiet and finding.severity is Severity.INFO:
            return
        if self.fmt == "text":
            text = finding.format()
            if self.colour:
                head = f"{finding.file}:{finding.line}:{finding.col}: "
                text = (f"\x1b[1m{head}\x1b[0m{_COLOURS[finding.severity]}{finding.severity.value}[{finding.code}]"
                        f"\x1b[0m{text[len(head) + len(finding.severity.value) + len(finding.code) + 2:]}")
            self.write(text)
        elif self.fmt == "github":
            self.write(github_annotation(finding))

    def outcome(self, outcome: Outcome) -> None:
        result, job = outcome.result, outcome.job
        entry = {"input": job.name, "output": str(job.target) if job.target else None, "status": outcome.status,
                 "config": str(job.corpus.path) if job.corpus.path else None,
                 "stats": dataclasses.asdict(result.stats) if result.xml else None}
        self.files.append(entry)
        if self.fmt != "text":
            return
        if outcome.status in ("written", "stdout"):
            self.write(summary_line(result, "stdout" if job.target is None else str(job.target)))
        elif outcome.status == "unchanged":
            if not self.quiet:
                self.write(f"{job.name}: {job.target} is up to date")
        elif outcome.status in ("out-of-date", "missing"):
            return  # the E014 finding said it
        elif result.ok:  # encoded, but the write failed (E010 says why)
            self.write(f"{job.name}: encoded, but not written")
        else:
            self.write(summary_line(result, ""))

    def summary(self, outcomes: list[Outcome], corpora: list[Corpus], seconds: float, check: bool) -> str:
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in self.findings if f.severity is Severity.WARNING)
        turns = sum(o.result.stats.turns for o in outcomes if o.result.xml)
        failed = sum(1 for o in outcomes if o.status == "failed")
        if check:
            stale = sum(1 for o in outcomes if o.status in ("out-of-date", "missing"))
            head = f"{_plural(len(outcomes), 'file')} checked: {stale:,} out of date, {failed:,} failed"
        else:
            done = sum(1 for o in outcomes if o.ok)
            head = f"{_plural(len(outcomes), 'file')}: {done:,} encoded, {failed:,} failed"
        used = sorted({_display(c.path) for c in corpora})
        config = f"config: {used[0]}" if len(used) == 1 else f"configs: {', '.join(used)}"
        return (f"{head}; {_plural(turns, 'turn')}, {_plural(warnings, 'warning')}, {_plural(errors, 'error')}; "
                f"{seconds:.2f} s; {config}")

    def close(self, summary: str, extra: dict[str, Any] | None = None) -> None:
        if self.fmt == "json":
            import json

            data = {"files": self.files, "findings": [f.as_dict() for f in self.findings],
                    "summary": {"text": summary, **(extra or {})}}
            self.stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        elif self.colour:
            colour = "\x1b[1;31m" if any(f.severity is Severity.ERROR for f in self.findings) else "\x1b[1;32m"
            self.write(f"{colour}{summary}\x1b[0m")
        else:
            self.write(summary)


def github_annotation(finding: Finding) -> str:
    """A GitHub Actions workflow command: the finding as an annotation at the transcript's line:col."""
    from tei_tool.formats import _gh_data, _gh_property

    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[finding.severity]
    message = finding.message + (f" (hint: {finding.hint})" if finding.hint else "")
    return (f"::{level} file={_gh_property(finding.file)},line={finding.line},col={finding.col},"
            f"title={_gh_property(finding.code)}::{_gh_data(message)}")


def _progress(total: int, enabled: bool):  # type: ignore[no-untyped-def]
    """A rich progress bar on stderr (a terminal, a batch), else None."""
    if not enabled or total < 2 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("encoding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(file=sys.stderr), transient=True, redirect_stdout=sys.stdout.isatty())


# -- the command ---------------------------------------------------------------------------------


def _usage(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return 2


def run_encode(paths: list[str], output: Path | None, config_path: Path | None, validate: bool = True,
               quiet: bool = False, fmt: str = "text", jobs: int | None = None, check: bool = False,
               mirror: bool = False, recursive: bool = False) -> int:
    """Plan, encode, write (or check), report; the exit code: 0 done, 1 a file failed or is out of
    date, 2 usage or configuration errors (nothing written)."""
    started = time.perf_counter()
    report = Report(fmt, quiet, to_stderr="-" in paths)
    if fmt not in FORMATS:
        return _usage(f"--format {fmt}: expected one of {', '.join(FORMATS)}")
    if check and "-" in paths:
        return _usage("--check compares outputs with files on disk; it cannot take stdin (-)")
    if jobs is not None and jobs < 1:
        return _usage(f"--jobs {jobs}: expected 1 or more")
    if config_path is not None and not config_path.is_file():
        return _usage(f"--config {config_path}: no such file")
    corpora = Corpora(config_path)
    if not paths:  # the corpus of the current folder: input: into output:
        from tei_tool.config.corpus import _near
        from tei_tool.config.load import find_config

        found = config_path or find_config(Path.cwd())
        found = _near(found) if found is not None and config_path is None else found
        if found is None:
            return _usage(f"no transcripts given, and no tei.yaml in {Path.cwd()} or above it to name them "
                                  "(its input: folder); give files or folders, or create a corpus with `tei init`")
        corpora = Corpora(found)
        corpus = corpora.load(found)
        if not corpus.ok:
            for finding in corpus.findings:
                report.finding(finding)
            sys.stderr.write("error: the configuration has mistakes; nothing was encoded\n")
            return 2
        if not corpus.config.input_dir.is_dir():
            return _usage(f"{_display(found)}: input: {corpus.config.input_dir} is not a folder")
        paths = [str(corpus.config.input_dir)]
    files, usage_errors = _expand(paths, recursive)
    if usage_errors:
        for message in usage_errors:
            sys.stderr.write(f"error: {message}\n")
        return 2
    if output is not None and output.exists() and not output.is_dir() and any(f is not None for f, _ in files):
        return _usage(f"-o {output}: is a file; -o takes the folder the TEI files are written to "
                              "(OUT/<stem>.xml)")

    # configuration: each transcript's tei.yaml, its personography and its sidecar
    job_list = [Job(f, "<stdin>" if f is None else str(f), corpora.for_transcript(f), root) for f, root in files]
    problems: list[Finding] = []
    for corpus in corpora.loaded:
        problems += corpus.findings
    for job in job_list:
        if job.path is not None:
            job.sidecar, found_in_sidecar = load_sidecar(job.path)
            problems += found_in_sidecar
    for finding in problems:
        report.finding(finding)
    if any(f.severity is Severity.ERROR for f in problems):
        sys.stderr.write("error: the configuration has mistakes; nothing was encoded\n")
        return 2

    # outputs: every path worked out and checked before anything is written
    _plan_targets(job_list, output, mirror)
    clashes = _collisions(job_list, mirror)
    if clashes:
        for finding in clashes:
            report.finding(finding)
        sys.stderr.write("error: nothing was written\n")
        return 2

    for job in job_list:
        if job.path is None:
            job.data = sys.stdin.buffer.read()
    outcomes: list[Outcome] = []
    progress = _progress(len(job_list), fmt == "text" and all(job.path is not None for job in job_list))
    workers = jobs if jobs is not None else default_jobs()
    results = _results(job_list, workers, validate)
    try:
        if progress is not None:
            progress.start()
            task = progress.add_task("encode", total=len(job_list))
        for job, result in zip(job_list, results, strict=True):
            outcome = _finish(job, result, check)
            outcomes.append(outcome)
            for finding in outcome.findings:
                report.finding(finding)
            report.outcome(outcome)
            if progress is not None:
                progress.advance(task)
    finally:
        results.close()
        if progress is not None:
            progress.stop()
    summary = report.summary(outcomes, corpora.loaded, time.perf_counter() - started, check)
    report.close(summary, {"files": len(outcomes), "failed": sum(1 for o in outcomes if o.status == "failed"),
                           "out_of_date": sum(1 for o in outcomes if o.status in ("out-of-date", "missing"))})
    return 0 if all(o.ok for o in outcomes) else 1


def _finish(job: Job, result: EncodeResult, check: bool) -> Outcome:
    """Write (or compare) one result; what went wrong is a finding of its transcript."""
    outcome = Outcome(job, result, findings=list(result.findings))
    target = job.target
    if not result.ok:
        if target is not None and target.exists() and not check:
            outcome.findings.append(Finding(
                job.name, 1, 1, Severity.WARNING, "W012",
                f"{target} is now stale: it was left as it was, encoded from an earlier version of this transcript",
                "fix the errors above and encode again, or delete the stale file"))
        return outcome
    if target is None:
        sys.stdout.buffer.write(result.xml)
        sys.stdout.flush()
        outcome.status = "stdout"
        return outcome
    if check:
        try:
            current = target.read_bytes()
        except OSError:
            current = None
        if current == result.xml:
            outcome.status = "unchanged"
        else:
            outcome.status = "missing" if current is None else "out-of-date"
            what = "is missing" if current is None else "is out of date"
            outcome.findings.append(Finding(job.name, 1, 1, Severity.ERROR, "E014",
                                            f"{target} {what}: encoding this transcript would change it",
                                            "run `tei encode` and commit the result"))
        return outcome
    try:
        write_atomically(target, result.xml)
    except OSError as error:
        stale = f"; the existing {target} is now stale" if target.is_file() else ""
        outcome.findings.append(Finding(job.name, 1, 1, Severity.ERROR, "E010",
                                        f"cannot write {target}: {why_not_written(target, error)}{stale}"))
        return outcome
    outcome.status = "written"
    return outcome
