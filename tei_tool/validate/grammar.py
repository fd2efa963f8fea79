"""The grammar check: RELAX NG compiled once per process, errors as findings with line and column."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lxml import etree

from ..findings import Finding, Severity

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECT_SCHEMA = REPO_ROOT / "schemas" / "tei-archival.rng"
TEI_ALL = REPO_ROOT.parent / "shared" / "tei" / "tei_all.rng"


def default_schema() -> Path:
    """The project's RELAX NG schema (the official tei_all only when the project schema is missing)."""
    return PROJECT_SCHEMA if PROJECT_SCHEMA.is_file() else TEI_ALL


@functools.lru_cache(maxsize=4)
def compiled(path: str) -> etree.RelaxNG:
    """Compile a schema once however many files are checked."""
    return etree.RelaxNG(etree.parse(path))


_NAMESPACE_RE = re.compile(r"\{http://www\.tei-c\.org/ns/1\.0\}")
_PATH_RE = re.compile(r"\[\d+\]")


def grammar_findings(tree: etree._ElementTree, name: str, schema: Path | None = None) -> list[Finding]:
    """Findings for every place where the document breaks the grammar."""
    rng = compiled(str(schema or default_schema()))
    if rng.validate(tree):
        return []
    findings = []
    for entry in rng.error_log:
        message = _NAMESPACE_RE.sub("", entry.message)
        where = _NAMESPACE_RE.sub("", getattr(entry, "path", "") or "")
        element = where.rsplit("/", 1)[-1] if where else ""
        hint = f"at {_PATH_RE.sub('', where)}" if where else ""
        if "Invalid attribute" in message or "invalid" in message.lower():
            hint += "; the project schema allows only the values listed in schemas/tei-archival.odd"
        findings.append(Finding(name, entry.line or 1, max(entry.column, 1), Severity.ERROR, "RNG",
                                f"schema: {message}" + (f" (in <{element.split('[')[0]}>)" if element else ""),
                                hint.strip("; ")))
    return findings
