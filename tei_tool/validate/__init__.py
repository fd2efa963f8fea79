"""Validation: the project schema (grammar) and the project rules, in one pass per file.

`validate_tree` is what `tei encode` runs on what it writes; `validate_paths` is `tei validate`.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..findings import Finding
from .grammar import compiled, default_schema, grammar_findings
from .parsing import parse_bytes
from .rules import RULES, RULES_BY_ID, DocumentView, Rule

__all__ = ["RULES", "RULES_BY_ID", "FileResult", "Rule", "validate_bytes", "validate_paths", "validate_tree"]


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True


def validate_tree(tree: etree._ElementTree, name: str, schema: Path | None = None,
                  lines: list[bytes] | None = None) -> list[Finding]:
    """Grammar and rule findings for a parsed document (lines: the raw lines, for columns)."""
    findings = grammar_findings(tree, name, schema)
    view = DocumentView(tree)
    for rule in RULES:
        for element, message, hint in rule.check(view):
            line = element.sourceline or 1
            findings.append(Finding(name, line, _column(element, line, lines), rule.severity, rule.id, message,
                                    hint))
    return sorted(findings, key=lambda f: (f.line, f.col, f.code))


def _column(element: etree._Element, line: int, lines: list[bytes] | None) -> int:
    if not lines or line > len(lines) or not isinstance(element.tag, str):
        return 1
    marker = f"<{etree.QName(element).localname}".encode()
    position = lines[line - 1].find(marker)
    return len(lines[line - 1][:position].decode("utf-8", "replace")) + 1 if position >= 0 else 1


def validate_bytes(data: bytes, name: str, schema: Path | None = None) -> FileResult:
    parsed = parse_bytes(data, name)
    if parsed.tree is None:
        return FileResult(name, parsed.findings)
    return FileResult(name, validate_tree(parsed.tree, name, schema, data.split(b"\n")))


def _validate_file(path: str, schema: str | None) -> FileResult:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        from ..findings import Severity

        return FileResult(path, [Finding(path, 1, 1, Severity.ERROR, "IO001",
                                         f"cannot read the file: {error.strerror}")], readable=False)
    return validate_bytes(data, path, Path(schema) if schema else None)


def validate_paths(paths: list[Path], schema: Path | None = None, jobs: int | None = None) -> list[FileResult]:
    """Validate files; large batches are spread over the machine's cores (the schema compiles once per worker)."""
    names = [str(p) for p in paths]
    schema_text = str(schema) if schema else None
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(names) < 64:
        compiled(str(schema or default_schema()))
        return [_validate_file(name, schema_text) for name in names]
    chunk = max(16, len(names) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_validate_file, names, [schema_text] * len(names), chunksize=chunk))
