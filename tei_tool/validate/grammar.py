"""The grammar check: find the document's RELAX NG schema, compile it once per process, report errors.

Which schema: the xml-model processing instruction's href when it names a local file that exists,
else the project schema (schemas/tei-archival.rng next to the package), else the official tei_all.rng
in ../shared. Compiling a schema costs from 0.1 s (project) to 6 s (tei_all) while validating one file
costs about a millisecond, so compiled schemas are cached by resolved path for the whole run.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from tei_tool.findings import Finding
from tei_tool.resources import schema_file
from tei_tool.validate.messages import CHECKS_BY_ID
from tei_tool.validate.rules import sourceline
from tei_tool.xmlsafe import safe_parser

PACKAGE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_DIR.parent
PROJECT_SCHEMAS = (schema_file("tei-archival.rng"),)
TEI_ALL = REPO_ROOT.parent / "shared" / "tei" / "tei_all.rng"
RNG_NS = "http://relaxng.org/ns/structure/1.0"


class SchemaError(Exception):
    """A schema that is missing or does not compile: the file cannot be checked."""


def default_schema() -> Path:
    """The project's RELAX NG schema, or the official tei_all while the project schema is missing."""
    for candidate in PROJECT_SCHEMAS:
        if candidate.is_file():
            return candidate
    return TEI_ALL


def declared_schema(tree: etree._ElementTree, base: str | None) -> Path | None:
    """The local file named by an xml-model PI (RELAX NG), resolved against the document's folder."""
    root = tree.getroot()
    for node in root.itersiblings(preceding=True):
        if not isinstance(node, etree._ProcessingInstruction) or node.target != "xml-model":
            continue
        href = node.get("href")
        kind = node.get("schematypens")
        if not href or (kind and kind != RNG_NS):
            continue
        found = _resolve_href(href, os.path.dirname(base) if base else "")
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=256)
def _resolve_href(href: str, folder: str) -> Path | None:
    """A local schema path for an href, or None (cached: a corpus's files share one or two hrefs)."""
    parsed = urlparse(href)
    if parsed.scheme not in ("", "file"):
        return None  # never fetch a schema from the network
    path = Path(unquote(parsed.path))
    if not path.is_absolute():
        path = Path(folder or ".") / path
    return path if path.is_file() else None


def schema_for(tree: etree._ElementTree, base: str | None, override: Path | None = None) -> Path:
    """The schema one document is checked against (see the module docstring for the order)."""
    if override is not None:
        return override
    return declared_schema(tree, base) or default_schema()


@functools.lru_cache(maxsize=8)
def _compile(path: str) -> etree.RelaxNG | SchemaError:
    """The compiled schema, or the error (cached too: a corpus naming a broken schema fails once)."""
    if not Path(path).is_file():
        return SchemaError("no such file")
    try:
        return etree.RelaxNG(etree.parse(path, safe_parser()))
    except (etree.XMLSyntaxError, etree.RelaxNGParseError) as error:
        return SchemaError(str(error))


def compiled(path: Path | str) -> etree.RelaxNG:
    """The compiled schema at path, compiled once per process (raises SchemaError)."""
    result = _compile(_resolved(str(path)))
    if isinstance(result, SchemaError):
        raise result
    return result


@functools.lru_cache(maxsize=256)
def _resolved(path: str) -> str:
    return os.path.realpath(path)


_NAMESPACE_RE = re.compile(r"\{http://www\.tei-c\.org/ns/1\.0\}")


def grammar_findings(tree: etree._ElementTree, name: str, schema: Path,
                     column: Callable[[etree._Element], int] | None = None) -> list[Finding]:
    """A finding for every place where the document breaks the grammar (raises SchemaError)."""
    rng = compiled(schema)
    if rng.validate(tree):
        return []
    findings: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    for entry in rng.error_log:
        message = _NAMESPACE_RE.sub("", entry.message)
        element = _element_at(tree, entry.path)
        line = entry.line or sourceline(element) or 1
        if (line, message) in seen:
            continue
        seen.add((line, message))
        col = entry.column
        if not col and element is not None and column is not None:
            col = column(element)
        where = f" in <{etree.QName(element).localname}>" if element is not None else ""
        hint = "the project schema allows only the elements, attributes and values of schemas/tei-archival.odd" \
            if "Invalid attribute" in message or "not allowed" in message or "value" in message.lower() else ""
        findings.append(CHECKS_BY_ID["RNG001"].finding(name, line, col or 1, reason=message + where, hint=hint))
    return findings


def _element_at(tree: etree._ElementTree, path: str | None) -> etree._Element | None:
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    return None
