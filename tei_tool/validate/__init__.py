"""Validation: safe parsing, the RELAX NG grammar and the project rules, in one pass per file.

`validate_tree` is what `tei encode` runs on what it writes (it maps the findings back to transcript
lines); `validate_paths` is `tei validate`. `RULES` is the rule table (see rules.py), `CHECKS` the
file-level checks (reading, parsing, schema).

Which rules run on a file (`Options.rules`): "auto" (the default) runs the rules valid for any TEI
(scope "any") on every file and the project's rules (scope "project": brackets, language list, speaker
labels, distribution totals…) only on files `tei encode` wrote (`written_by_tei`); "all", "none", or a
set of ids runs exactly those on every file. XML that is not TEI (root outside the TEI namespace) is
reported (XML004) and not checked.
"""

from __future__ import annotations

import gc
import os
import pickle
import re
import select
import signal
import struct
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from tei_tool import TEI_NS, XML_NS
from tei_tool.findings import Finding
from tei_tool.validate import grammar, prune
from tei_tool.validate.grammar import SchemaError, choose, grammar_findings, label
from tei_tool.validate.messages import CHECKS, CHECKS_BY_ID, USAGE, Check
from tei_tool.validate.parsing import parse_bytes
from tei_tool.validate.prune import scanned_names
from tei_tool.validate.rules import RULES, RULES_BY_ID, DocumentView, Rule, sourceline

__all__ = ["CHECKS", "RULES", "RULES_BY_ID", "USAGE", "Check", "FileResult", "Options", "Rule", "select_rules",
           "validate_bytes", "validate_file", "validate_paths", "validate_tree", "written_by_tei"]

# Below this many files a process pool costs more than it saves (measured: bench/README.md).
PARALLEL_THRESHOLD = 48
DEFAULT_TIME_LIMIT = 120.0  # seconds per file; tei_all's largest third-party files take about 1 s
_T = f"{{{TEI_NS}}}"
_XINCLUDE = "{http://www.w3.org/2001/XInclude}include"


@dataclass(frozen=True)
class Options:
    """What a run checks: the schema every file is checked against (None: each file's own, see
    grammar.choose), the rules ("auto", "all", "none" or ids) and the time limit per file (0: none)."""

    schema: Path | None = None
    rules: str | frozenset[str] = "auto"
    time_limit: float = DEFAULT_TIME_LIMIT


def select_rules(spec: str) -> str | frozenset[str]:
    """`all`, `none`, `auto` or comma-separated rule ids (ValueError naming an unknown id)."""
    text = spec.strip()
    if text.lower() in ("all", "none", "auto"):
        return text.lower()
    ids = frozenset(part.strip().upper() for part in text.split(",") if part.strip())
    unknown = sorted(ids - set(RULES_BY_ID))
    if unknown or not ids:
        raise ValueError(f"unknown rule id(s): {', '.join(unknown) or spec!r}; known: {', '.join(RULES_BY_ID)}")
    return ids


def written_by_tei(root: etree._Element) -> bool:
    """True for files `tei encode` wrote: the header's `encodingDesc/appInfo/application[@ident="tei"]`,
    or, for encodings written before that, the encoder's signature in titleStmt
    (`respStmt[@xml:id="resp-encoder"]`, which tei_tool/render.py always writes)."""
    header = root.find(f"{_T}teiHeader")
    if header is None:
        return False
    for application in header.iterfind(f"{_T}encodingDesc/{_T}appInfo/{_T}application"):
        if application.get("ident") == "tei":
            return True
    return any(resp.get(f"{{{XML_NS}}}id") == "resp-encoder"
               for resp in header.iterfind(f"{_T}fileDesc/{_T}titleStmt/{_T}respStmt"))


def rules_for(root: etree._Element, selection: str | frozenset[str], ours: bool | None = None) -> Iterable[Rule]:
    """The rules that run on this document (see the module docstring); `ours`: written_by_tei(root),
    when the caller knows it already."""
    if selection == "none":
        return ()
    if selection == "all":
        return RULES
    if isinstance(selection, frozenset):
        return tuple(rule for rule in RULES if rule.id in selection)
    if ours is None:
        ours = written_by_tei(root)
    return tuple(rule for rule in RULES if ours or rule.scope == "any")


@dataclass
class FileResult:
    """The findings for one file; `checked` is False when it could not be read or its schema not used."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    checked: bool = True
    schema: str = ""  # the label of the schema the file was checked against ("" when it was not)


class _Columns:
    """Best-effort columns: where the element's start tag is on its line (1 when it cannot be found).

    Each (tag, line) is searched once, however many findings it has: a broken file with thousands of
    findings on one long line stays linear.
    """

    def __init__(self, root: etree._Element, data: bytes | None) -> None:
        self.root = root
        self.data = data
        self._lines: list[bytes] | None = None
        self._by_tag: dict[str, dict[int, dict[etree._Element, int]]] = {}
        self._starts: dict[tuple[str, int], list[int]] = {}

    def __call__(self, element: etree._Element) -> int:
        line = sourceline(element)
        if self.data is None or not line or not isinstance(element.tag, str):
            return 1
        if self._lines is None:
            self._lines = self.data.split(b"\n")
        if line > len(self._lines):
            return 1
        tag = element.tag
        if tag not in self._by_tag:
            index: dict[int, dict[etree._Element, int]] = {}
            for same in self.root.iter(tag):
                on_line = index.setdefault(sourceline(same), {})
                on_line[same] = len(on_line)
            self._by_tag[tag] = index
        nth = self._by_tag[tag].get(line, {}).get(element, 0)
        starts = self._starts.get((tag, line))
        if starts is None:
            name = re.escape(etree.QName(element).localname.encode())
            pattern = rb"<(?:[\w.-]+:)?" + name + rb"(?=[\s/>]|$)"
            starts = [len(self._lines[line - 1][: m.start()].decode("utf-8", "replace")) + 1
                      for m in re.finditer(pattern, self._lines[line - 1])]
            self._starts[(tag, line)] = starts
        return starts[min(nth, len(starts) - 1)] if starts else 1


def _run_rule(rule: Rule, view: DocumentView, name: str, column: Callable[[etree._Element], int],
              ours: bool = True) -> list[Finding]:
    """The rule's findings; on TEI that tei encode did not write, at the rule's `elsewhere` severity."""
    assert rule.check is not None
    found = []
    for hit in rule.check(view):
        line = sourceline(hit.element) or 1
        finding = rule.finding(name, line, column(hit.element), hit.hint, **hit.fields)
        if not ours and rule.elsewhere is not None:
            finding = replace(finding, severity=rule.elsewhere)
        found.append(finding)
    return found


def validate_tree(tree: etree._ElementTree, name: str, schema: Path | None = None,
                  data: bytes | None = None, rules: str | frozenset[str] = "auto") -> list[Finding]:
    """Grammar and rule findings for a parsed document, sorted by position.

    schema: force a schema (default: see grammar.choose); data: the file's bytes, for columns (without
    them every column is 1); rules: which rules run (see the module docstring). `tei encode` calls this
    on what it is about to write, before the file exists, so its xml-model (relative to the output
    folder) need not resolve from name: then the default schema is used without an SCH002 finding.
    """
    return _check_tree(tree, name, schema, data, rules, report_declared=False)[0]


def _not_tei(root: etree._Element, name: str) -> Finding | None:
    if isinstance(root.tag, str) and etree.QName(root).namespace == TEI_NS:
        return None
    qname = etree.QName(root) if isinstance(root.tag, str) else None
    namespace = qname.namespace if qname is not None and qname.namespace else "no namespace"
    return CHECKS_BY_ID["XML004"].finding(name, sourceline(root) or 1, 1, root=qname.localname if qname else "?",
                                          namespace=namespace)


def _check_tree(tree: etree._ElementTree, name: str, schema: Path | None, data: bytes | None,
                rules: str | frozenset[str], report_declared: bool = True,
                names: frozenset[str] | None = None) -> tuple[list[Finding], str]:
    """The findings and the label of the schema used ("" when the file was not checked)."""
    root = tree.getroot()
    not_tei = _not_tei(root, name)
    if not_tei is not None:
        return [not_tei], ""
    column = _Columns(root, data)
    findings: list[Finding] = []
    ours = written_by_tei(root)  # asked once: the schema choice and the rules both need it
    chosen = choose(tree, tree.docinfo.URL or name, schema, ours)
    declared = chosen.declared
    if declared is not None and report_declared:
        pi = next((n for n in root.itersiblings(preceding=True) if isinstance(n, etree._ProcessingInstruction)
                   and n.target == "xml-model" and (n.get("href") or "").strip() == declared.href), None)
        findings.append(CHECKS_BY_ID["SCH002"].finding(name, sourceline(pi) or 1, 1, href=declared.href,
                                                       problem=declared.problem, schema=label(chosen.path)))
    includes = list(root.iter(_XINCLUDE))
    if includes:
        findings.append(CHECKS_BY_ID["XML005"].finding(name, sourceline(includes[0]) or 1, column(includes[0]),
                                                       count=len(includes), href=includes[0].get("href") or ""))
    used = label(chosen.path)
    view = DocumentView(tree, data)  # first: its walk also tells the grammar check which attributes to keep
    try:
        findings += grammar_findings(tree, name, chosen.path, column, data, names, view.attribute_use())
    except SchemaError as error:
        findings.append(CHECKS_BY_ID["SCH001"].finding(name, 1, 1, schema=chosen.path, reason=error))
        used = ""
    covered: set[tuple[int, str]] = set()
    for rule in rules_for(root, rules, ours):
        try:
            found = _run_rule(rule, view, name, column, ours)
        except Exception as error:  # noqa: BLE001 - one broken rule must not hide the others' findings
            found = [CHECKS_BY_ID["INT001"].finding(name, 1, 1, what=rule.id, reason=repr(error))]
        findings += found
        covered.update((f.line, attribute) for f in found for attribute in rule.covers)
    if covered:  # one precise rule finding instead of the grammar's "Invalid attribute when" beside it
        findings = [f for f in findings if not _covered(f, covered)]
    return sorted(findings, key=lambda f: (f.line, f.col, f.code, f.message)), used


_INVALID_ATTRIBUTE_RE = re.compile(r"schema: Invalid attribute (\S+) for element")


def _covered(finding: Finding, covered: set[tuple[int, str]]) -> bool:
    match = _INVALID_ATTRIBUTE_RE.match(finding.message) if finding.code == "RNG001" else None
    return match is not None and (finding.line, match.group(1)) in covered


def validate_bytes(data: bytes, name: str, schema: Path | None = None, options: Options | None = None,
                   names: frozenset[str] | None = None) -> FileResult:
    """Parse (safely) and validate one document given as bytes (names: prune.scanned_names of data,
    when it is known already)."""
    options = options or Options(schema=schema)
    parsed = parse_bytes(data, name)
    if parsed.tree is None:
        return FileResult(name, parsed.findings)
    findings, used = _check_tree(parsed.tree, name, options.schema, data, options.rules, names=names)
    return FileResult(name, findings, checked=not any(f.code == "SCH001" for f in findings), schema=used)


def validate_file(path: str | Path, schema: Path | None = None, options: Options | None = None) -> FileResult:
    """Read and validate one file; an unreadable file is an IO001 finding, not an exception."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return FileResult(name, [CHECKS_BY_ID["IO001"].finding(name, 1, 1, reason=reason)], checked=False)
    known = _SCANNED.get(name)  # the run's survey scanned these bytes already, unless the file changed
    names = None
    if known is not None and known[0] == len(data):
        try:
            if os.stat(path).st_mtime_ns == known[1]:  # taken after the read: a later change shows too
                names = known[2]
        except OSError:
            pass
    return validate_bytes(data, name, schema, options, names)


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


_XML_MODEL_RE = re.compile(rb"<\?xml-model\s[^>]*?href\s*=\s*[\"']([^\"']+)[\"']")


class _Surveyed(NamedTuple):
    schema: Path  # the schema the file will need, found from its prolog (cheap)
    names: frozenset[str] | None  # the local names of its start tags (prune.scanned_names)
    size: int  # bytes: large files are handed out first
    mtime: int = 0  # st_mtime_ns: a worker reuses names only for the same size and time


# The names the run's survey scanned, by file name: (size, mtime_ns, names); workers inherit them.
_SCANNED: dict[str, tuple[int, int, frozenset[str]]] = {}


def _survey(names: list[str], options: Options) -> list[_Surveyed | None]:
    """For each file: what _Surveyed says; None for a file that cannot be read. A file whose choice
    or names this misses still works (its worker compiles what it needs)."""
    survey: list[_Surveyed | None] = []
    for name in names:
        try:
            with open(name, "rb") as stream:
                stat = os.fstat(stream.fileno())
                head = stream.read(4096)
                chosen, cut = _schema_from_head(head, name, options)
                data = head + stream.read() if cut else head  # the names are needed for a cut schema only
        except OSError:
            survey.append(None)
            continue
        names_found = scanned_names(data) if cut else None
        if cut and names_found is None:  # not UTF-8: the names of the parsed tree (the worker's too)
            parsed = parse_bytes(data, name)
            names_found = prune.tree_names(parsed.tree) if parsed.tree is not None else None
        survey.append(_Surveyed(chosen, names_found, stat.st_size, stat.st_mtime_ns))
    return survey


def _survey_shared(names: list[str], options: Options, workers: int) -> list[_Surveyed | None]:
    """_survey, with a forked child surveying every second file when there are many and the cores to
    spare (the name scan of a cut schema reads every byte: 0.2 s for 31 MB). The first file is surveyed
    before forking, so both processes share what it loaded (the schema's label, whether it is cut)."""
    if workers < 2 or len(names) < PARALLEL_THRESHOLD or not hasattr(os, "fork"):
        return _survey(names, options)
    first = _survey(names[:1], options)
    if first[0] is None or first[0].names is None:
        return first + _survey(names[1:], options)  # no scan (schema used whole): reading 4 kB heads is cheap
    rest = names[1:]
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 0
        try:
            os.close(reading)
            with os.fdopen(writing, "wb") as out:
                pickle.dump(_survey(rest[1::2], options), out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - the parent surveys these files itself
            code = 1
        finally:
            os._exit(code)
    os.close(writing)
    mine = _survey(rest[0::2], options)
    try:
        with os.fdopen(reading, "rb") as incoming:
            theirs = pickle.load(incoming)
    except Exception:  # noqa: BLE001 - the child failed: survey its files here
        theirs = None
    finally:
        os.waitpid(pid, 0)
    if not isinstance(theirs, list) or len(theirs) != len(rest[1::2]):
        theirs = _survey(rest[1::2], options)
    merged: list[_Surveyed | None] = [None] * len(rest)
    merged[0::2] = mine
    merged[1::2] = theirs
    return first + merged


def _schema_from_head(head: bytes, name: str, options: Options) -> tuple[Path, bool]:
    """The schema a file will need, from its first 4 kB, and whether that schema is cut (prune.py)."""
    if options.schema is not None:
        return options.schema, grammar._prunable(grammar._resolved(str(options.schema)))
    prolog = head.split(b"<TEI", 1)[0].split(b"<teiCorpus", 1)[0]
    hrefs = [m.group(1).decode("utf-8", "replace") for m in _XML_MODEL_RE.finditer(prolog)]
    chosen = grammar.TEI_ALL
    for href in hrefs:
        declared = grammar._resolve_href(href, os.path.dirname(name))
        if declared.path is not None:
            chosen = declared.path
            break
    else:
        if b"resp-encoder" in head or b'ident="tei"' in head:
            chosen = grammar.default_schema()
    return chosen, grammar._prunable(grammar._resolved(str(chosen)))


def schemas_needed(names: list[str], options: Options,
                   survey: list[_Surveyed | None] | None = None,
                   ) -> dict[str, tuple[Path, list[frozenset[str]]]]:
    """The schemas the files will need (by resolved path), each with the element-name sets of its
    files: planned before forking (grammar.plan), so workers inherit them."""
    needed: dict[str, tuple[Path, list[frozenset[str]]]] = {}
    if options.schema is not None:
        needed[grammar._resolved(str(options.schema))] = (options.schema, [])
    for item in survey if survey is not None else _survey(names, options):
        if item is None:
            continue
        entry = needed.setdefault(grammar._resolved(str(item.schema)), (item.schema, []))
        if item.names is not None:
            entry[1].append(item.names)
    return needed


def _timed_out(name: str, limit: float) -> FileResult:
    return FileResult(name, [CHECKS_BY_ID["TIM001"].finding(name, 1, 1, seconds=f"{limit:g}")], checked=True)


def _child(tasks: int, results: int, names: list[str], options: Options) -> None:  # pragma: no cover - child
    """A worker: read a file index, validate the file, send the pickled result; index -1 ends it."""
    code = 0
    grammar.CUTTING.clear()  # no attribute cut of its own: what the parent compiled, else the whole schema
    try:
        with os.fdopen(tasks, "rb", buffering=0) as incoming, os.fdopen(results, "wb", buffering=0) as out:
            while True:
                raw = incoming.read(4)
                if len(raw) < 4:
                    break
                (index,) = struct.unpack("<i", raw)
                if index < 0:
                    break
                payload = pickle.dumps((index, validate_file(names[index], options=options)))
                out.write(struct.pack("<I", len(payload)) + payload)
    except BaseException:  # noqa: BLE001 - the parent notices the closed pipe and redoes the file
        code = 1
    finally:
        os._exit(code)


# Files a worker holds: the one it checks and the next, so that it goes on without waiting for the
# parent to be scheduled (on a busy machine that wait cost as much as the checking).
PREFETCH = 2


@dataclass
class _Worker:
    pid: int
    tasks: int  # write end: file indexes
    results: int  # read end: length-prefixed pickles
    held: deque[int] = field(default_factory=deque)  # the indexes sent, in order; the first is being checked
    started: float = 0.0  # when it began the first
    buffer: bytearray = field(default_factory=bytearray)


class _Queue:
    """The files still to hand out, largest first, so that no large file is left for the end while
    the other workers wait; files a stopped worker held go out again first."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.free: deque[int] = deque(sorted(range(len(sizes)), key=lambda i: -sizes[i]))

    def give_back(self, indexes: Iterable[int]) -> None:
        """Files a stopped worker held but had not begun: handed out again first."""
        self.free.extendleft(reversed(list(indexes)))

    def take(self) -> int | None:
        return self.free.popleft() if self.free else None


def _spawn(names: list[str], options: Options) -> _Worker:
    task_read, task_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(task_write)
        os.close(result_read)
        _child(task_read, result_write, names, options)
    os.close(task_read)
    os.close(result_write)
    return _Worker(pid, task_write, result_read)


def _stop(worker: _Worker, kill: bool) -> None:
    try:
        if kill:
            os.kill(worker.pid, signal.SIGKILL)
        else:
            os.write(worker.tasks, struct.pack("<i", -1))
    except OSError:
        pass
    for fd in (worker.tasks, worker.results):
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        os.waitpid(worker.pid, 0)
    except ChildProcessError:
        pass


def _in_children(names: list[str], options: Options, workers: int,
                 sizes: Sequence[int] | None = None) -> list[FileResult]:
    """Forked workers (they inherit the compiled schemas) each take the next file as soon as they are
    free; the parent hands out indexes, collects results in input order and watches the clock: a file
    that takes longer than the time limit gets a TIM001 finding, its worker is killed and replaced. A
    worker that dies is replaced and its file gets an INT001 finding: results never go missing."""
    results: list[FileResult | None] = [None] * len(names)
    pending = _Queue(sizes if sizes is not None else [0] * len(names))
    pool: dict[int, _Worker] = {}

    def give(worker: _Worker) -> bool:
        """Top up what the worker holds; stop it (False) when it holds nothing and nothing is left."""
        while len(worker.held) < PREFETCH:
            index = pending.take()
            if index is None:
                break
            if not worker.held:
                worker.started = time.monotonic()
            worker.held.append(index)
            os.write(worker.tasks, struct.pack("<i", index))
        if worker.held:
            return True
        _stop(worker, kill=False)
        return False

    def restart(worker: _Worker, result: FileResult) -> None:
        """The worker is killed (or dead): its first file gets result, the others go back to the queue."""
        del pool[worker.results]
        _stop(worker, kill=True)
        results[worker.held.popleft()] = result
        pending.give_back(worker.held)
        fresh = _spawn(names, options)
        if give(fresh):
            pool[fresh.results] = fresh

    for _ in range(min(workers, len(names))):
        worker = _spawn(names, options)
        if give(worker):
            pool[worker.results] = worker
    limit = options.time_limit
    while pool:
        now = time.monotonic()
        wait = None if not limit else max(0.0, min(w.started + limit for w in pool.values()) - now)
        ready, _, _ = select.select(list(pool), [], [], wait)
        for fd in ready:
            worker = pool[fd]
            chunk = os.read(fd, 1 << 20)
            if not chunk:  # the worker died on this file: say so, carry on with a new worker
                name = names[worker.held[0]]
                restart(worker, FileResult(name, [CHECKS_BY_ID["INT001"].finding(
                    name, 1, 1, what="the worker process", reason="it stopped on this file")]))
                continue
            worker.buffer += chunk
            while len(worker.buffer) >= 4:
                (size,) = struct.unpack("<I", worker.buffer[:4])
                if len(worker.buffer) < 4 + size:
                    break
                index, result = pickle.loads(bytes(worker.buffer[4:4 + size]))
                del worker.buffer[:4 + size]
                results[index] = result
                if worker.held and worker.held[0] == index:
                    worker.held.popleft()
                worker.started = time.monotonic()  # it goes on with the next file it holds
                if not give(worker):
                    del pool[fd]
                    break
        if limit:
            now = time.monotonic()
            for worker in list(pool.values()):
                if now - worker.started >= limit and results[worker.held[0]] is None:
                    restart(worker, _timed_out(names[worker.held[0]], limit))
    return [r if r is not None else validate_file(n, options=options) for r, n in zip(results, names, strict=True)]


CUT_SAMPLE = 8  # files per schema (or group of a large one) whose attributes the parent's first cut covers
GROUP_CUT_FILES = 300  # files of one group of a large schema that pay for its cut (0.1-0.2 s, in the parent)


def _sampled_use(files: list[str]) -> prune.AttributeUse:
    """The attribute use of CUT_SAMPLE files spread over files."""
    step = max(1, len(files) // CUT_SAMPLE)
    used: prune.AttributeUse = {}
    for name in files[::step][:CUT_SAMPLE]:
        try:
            parsed = parse_bytes(Path(name).read_bytes(), name)
        except OSError:
            continue
        if parsed.tree is not None:
            used = prune.merged(used, prune.attribute_use(parsed.tree))
    return used


def _first_cuts(names: list[str], survey: list[_Surveyed | None]) -> None:
    """Before the workers fork: each small schema of the run may be cut (grammar.CUTTING), and its first
    attribute cut (grammar.compiled_cut) is compiled for a few of its files spread over the run, so that
    the workers inherit it and, on a run of like files (tei encode's), compile none of their own (a cut
    costs 0.03-0.05 s; each worker would otherwise compile one for each new kind of file it meets).
    A planned group of a large schema (tei_all) that many files use gets its attribute cut the same way
    (grammar.cut_group); its files that the cut does not cover use the group's grammar."""
    by_schema: dict[Path, list[str]] = {}
    by_group: dict[tuple[Path, frozenset[str]], list[str]] = {}
    for name, item in zip(names, survey, strict=True):
        if item is None:
            continue
        resolved = grammar._resolved(str(item.schema))
        if not grammar._prunable(resolved):  # a small schema
            by_schema.setdefault(item.schema, []).append(name)
        elif item.names is not None:
            by_group.setdefault((item.schema, grammar._group(resolved, item.names)), []).append(name)
    for schema, files in by_schema.items():
        grammar.CUTTING.add(grammar._resolved(str(schema)))
        try:
            grammar.compiled_cut(schema, _sampled_use(files))
        except SchemaError:
            pass  # each file reports SCH001
    for (schema, group), files in by_group.items():
        if len(files) >= GROUP_CUT_FILES:
            grammar.cut_group(schema, group, _sampled_use(files))


def validate_paths(paths: list[Path], schema: Path | None = None, jobs: int | None = None,
                   options: Options | None = None) -> list[FileResult]:
    """Validate files; results in the order given whatever the number of jobs. The schemas are compiled
    once, before the work is shared out over forked workers (they inherit them). With a time limit every
    file is checked in a worker, so a file that hangs in libxml2 can be stopped."""
    options = options or Options(schema=schema)
    names = [str(p) for p in paths]
    workers = max(1, min(jobs if jobs is not None else _workers(), len(names)))
    survey = _survey_shared(names, options, workers)
    _SCANNED.clear()
    _SCANNED.update((name, (item.size, item.mtime, item.names)) for name, item in zip(names, survey, strict=True)
                    if item is not None and item.names is not None)
    for schema, name_sets in schemas_needed(names, options, survey).values():
        try:
            grammar.plan(schema, name_sets)
        except SchemaError:
            pass  # each file reports SCH001
    grammar.CUTTING.clear()
    if len(names) >= PARALLEL_THRESHOLD:  # enough files to pay for compiling attribute cuts
        _first_cuts(names, survey)
    collecting = gc.isenabled()
    gc.disable()  # nothing here makes reference cycles; the collector's passes cost ~10% of a large batch
    try:
        few = not options.time_limit and (workers <= 1 or len(names) < PARALLEL_THRESHOLD)
        if not names or few or not hasattr(os, "fork"):
            return [validate_file(name, options=options) for name in names]
        sizes = [item.size if item is not None else 0 for item in survey]
        return _in_children(names, options, workers, sizes)
    finally:
        if collecting:
            gc.enable()
