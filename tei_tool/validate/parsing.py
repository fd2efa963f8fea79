"""Safe parsing of untrusted TEI: no network, no DTD loading, no entity expansion.

Files come from anywhere (other projects, scrapes, contributors), so the parser must never read a
local file or a URL because the document asks it to (XXE), and never expand entities without bound
(billion laughs). The checks live in tei_tool/xmlsafe.py (shared with `tei text`); here they become
findings: a DOCTYPE that declares entities gets one clear error and the file is never parsed. TEI P4's
parameter-entity switches (INCLUDE/IGNORE) are not entities of that kind and pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from tei_tool.findings import Finding
from tei_tool.validate.messages import CHECKS_BY_ID
from tei_tool.xmlsafe import Refusal, UnsafeXML, parse_untrusted, refusal


@dataclass
class Parsed:
    """A parse result: the tree, or None and the findings that say why not."""

    tree: etree._ElementTree | None
    findings: list[Finding]


def _refused(refused: Refusal, name: str) -> Finding:
    return CHECKS_BY_ID[refused.code].finding(name, refused.line, refused.col, entity=refused.entity,
                                              count=refused.count)


def entity_declarations(data: bytes, name: str) -> list[Finding]:
    """An error finding when the DOCTYPE declares entities (external: XXE; internal: expansion bombs)."""
    refused = refusal(data)
    return [_refused(refused, name)] if refused is not None else []


def parse_bytes(data: bytes, name: str) -> Parsed:
    """Parse TEI bytes; entity declarations or malformed XML become error findings, never exceptions."""
    try:
        root = parse_untrusted(data, name)
    except UnsafeXML as error:
        return Parsed(None, [_refused(error.refusal, name)])
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (1, 1)
        return Parsed(None, [CHECKS_BY_ID["XML001"].finding(name, line or 1, col or 1, reason=error.msg)])
    return Parsed(root.getroottree(), [])
