"""Safe parsing of untrusted TEI: no network, no external entities, no DTD expansion."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..findings import Finding, Severity

SAFE_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_blank_text=False)
ENTITY_DECLARATION_RE = re.compile(rb"<!DOCTYPE[^>]*\[|<!ENTITY", re.IGNORECASE)


@dataclass
class Parsed:
    tree: etree._ElementTree | None
    findings: list[Finding]


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(**SAFE_PARSER_OPTIONS)  # type: ignore[arg-type]


def parse_bytes(data: bytes, name: str) -> Parsed:
    """Parse TEI bytes; a DTD with entity declarations or malformed XML becomes an error finding."""
    declaration = ENTITY_DECLARATION_RE.search(data)
    if declaration:
        before = data[: declaration.start()]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1]) + 1
        return Parsed(None, [Finding(
            name, line, col, Severity.ERROR, "XML002",
            "the file declares a DTD or entities; entity declarations are not processed (they can read local "
            "files or expand without bound)", "remove the <!DOCTYPE …[…]> block; TEI needs no DTD")])
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as error:
        line, col = error.position
        return Parsed(None, [Finding(name, line or 1, col or 1, Severity.ERROR, "XML001",
                                     f"not well-formed XML: {error.msg}",
                                     "fix the markup at this position (an unclosed or mismatched tag?)")])
    return Parsed(tree, [])
