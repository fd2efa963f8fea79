"""Validation: safe parsing, the RELAX NG grammar and the project rules, in one pass per file.

`validate_tree` is what `tei encode` runs on what it writes (it maps the findings back to transcript
lines); `validate_paths` is `tei validate`. `RULES` is the rule table (see rules.py), `CHECKS` the
file-level checks (reading, parsing, schema).
"""

from __future__ import annotations

import gc
import os
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_tool.findings import Finding
from tei_tool.validate.grammar import SchemaError, compiled, default_schema, grammar_findings, schema_for
from tei_tool.validate.messages import CHECKS, CHECKS_BY_ID, USAGE, Check
from tei_tool.validate.parsing import parse_bytes
from tei_tool.validate.rules import RULES, RULES_BY_ID, DocumentView, Rule, sourceline

__all__ = ["CHECKS", "RULES", "RULES_BY_ID", "USAGE", "Check", "FileResult", "Rule", "validate_bytes",
           "validate_file", "validate_paths", "validate_tree"]

# Below this many files a process pool costs more than it saves (measured: bench/README.md).
PARALLEL_THRESHOLD = 48


@dataclass
class FileResult:
    """The findings for one file; `checked` is False when it could not be read or its schema not used."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    checked: bool = True


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


def _run_rule(rule: Rule, view: DocumentView, name: str, column: Callable[[etree._Element], int]) -> list[Finding]:
    assert rule.check is not None
    found = []
    for hit in rule.check(view):
        line = sourceline(hit.element) or 1
        found.append(rule.finding(name, line, column(hit.element), hit.hint, **hit.fields))
    return found


def validate_tree(tree: etree._ElementTree, name: str, schema: Path | None = None,
                  data: bytes | None = None) -> list[Finding]:
    """Grammar and rule findings for a parsed document, sorted by position.

    schema: force a schema (default: the xml-model PI's local file, else the project schema, else
    tei_all); data: the file's bytes, for columns (without them every column is 1).
    """
    column = _Columns(tree.getroot(), data)
    findings: list[Finding] = []
    chosen = schema_for(tree, tree.docinfo.URL or name, schema)
    try:
        findings += grammar_findings(tree, name, chosen, column)
    except SchemaError as error:
        findings.append(CHECKS_BY_ID["SCH001"].finding(name, 1, 1, schema=chosen, reason=error))
    view = DocumentView(tree, data)
    covered: set[tuple[int, str]] = set()
    for rule in RULES:
        try:
            found = _run_rule(rule, view, name, column)
        except Exception as error:  # noqa: BLE001 - one broken rule must not hide the others' findings
            found = [CHECKS_BY_ID["INT001"].finding(name, 1, 1, what=rule.id, reason=repr(error))]
        findings += found
        covered.update((f.line, attribute) for f in found for attribute in rule.covers)
    if covered:  # one precise rule finding instead of the grammar's "Invalid attribute when" beside it
        findings = [f for f in findings if not _covered(f, covered)]
    return sorted(findings, key=lambda f: (f.line, f.col, f.code, f.message))


_INVALID_ATTRIBUTE_RE = re.compile(r"schema: Invalid attribute (\S+) for element")


def _covered(finding: Finding, covered: set[tuple[int, str]]) -> bool:
    match = _INVALID_ATTRIBUTE_RE.match(finding.message) if finding.code == "RNG001" else None
    return match is not None and (finding.line, match.group(1)) in covered


def validate_bytes(data: bytes, name: str, schema: Path | None = None) -> FileResult:
    """Parse (safely) and validate one document given as bytes."""
    parsed = parse_bytes(data, name)
    if parsed.tree is None:
        return FileResult(name, parsed.findings)
    findings = validate_tree(parsed.tree, name, schema, data)
    return FileResult(name, findings, checked=not any(f.code == "SCH001" for f in findings))


def validate_file(path: str | Path, schema: Path | None = None) -> FileResult:
    """Read and validate one file; an unreadable file is an IO001 finding, not an exception."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return FileResult(name, [CHECKS_BY_ID["IO001"].finding(name, 1, 1, reason=reason)], checked=False)
    return validate_bytes(data, name, schema)


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _in_children(names: list[str], schema: Path | None, workers: int) -> list[FileResult]:
    """Share the files out: workers - 1 forked children take every workers-th file each, the parent
    takes the rest. Children inherit the compiled schema and the parser (fork), and send their results
    back pickled through a pipe. Cheaper than a multiprocessing pool (no task queue, no extra threads,
    the parent works too). A child that fails is redone in the parent: results never go missing."""
    shares = [names[k::workers] for k in range(workers)]
    children: list[tuple[int, int, int]] = []  # (pid, read end, share index)
    for k in range(1, workers):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, reported through the pipe
            code = 0
            try:
                os.close(read)
                payload = pickle.dumps([validate_file(name, schema) for name in shares[k]])
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
            except BaseException:  # noqa: BLE001 - the parent redoes this share
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        children.append((pid, read, k))
    results: list[list[FileResult]] = [[] for _ in shares]
    results[0] = [validate_file(name, schema) for name in shares[0]]
    for pid, read, k in children:
        with os.fdopen(read, "rb") as incoming:
            payload = incoming.read()
        _, status = os.waitpid(pid, 0)
        try:
            results[k] = pickle.loads(payload) if status == 0 else []
        except Exception:  # noqa: BLE001 - a truncated payload: redo below
            results[k] = []
        if len(results[k]) != len(shares[k]):
            results[k] = [validate_file(name, schema) for name in shares[k]]
    ordered: list[FileResult] = [None] * len(names)  # type: ignore[list-item]
    for k, share in enumerate(results):
        ordered[k::workers] = share
    return ordered


def validate_paths(paths: list[Path], schema: Path | None = None, jobs: int | None = None) -> list[FileResult]:
    """Validate files, in the order given. The schema is compiled once, before the work is shared out:
    large batches are split over one process per core (forked: they inherit the compiled schema)."""
    names = [str(p) for p in paths]
    try:
        compiled(schema or default_schema())
    except SchemaError:
        pass  # each file reports SCH001
    workers = min(jobs if jobs is not None else _workers(), len(names))
    collecting = gc.isenabled()
    gc.disable()  # nothing here makes reference cycles; the collector's passes cost ~10% of a large batch
    try:
        if workers <= 1 or len(names) < PARALLEL_THRESHOLD or not hasattr(os, "fork"):
            return [validate_file(name, schema) for name in names]
        return _in_children(names, schema, workers)
    finally:
        if collecting:
            gc.enable()
