"""Safe parsing of untrusted TEI: no network, no DTD loading, no entity expansion.

Files come from anywhere (other projects, scrapes, contributors), so the parser must never read a
local file or a URL because the document asks it to (XXE), and never expand entities without bound
(billion laughs). lxml is told not to resolve entities, not to load DTDs, not to use the network and
to keep its default size limits; on top of that, a DOCTYPE that declares entities is rejected before
the parser sees the file, so such a file gets one clear error finding and is never expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from tei_tool.findings import Finding
from tei_tool.validate.messages import CHECKS_BY_ID
from tei_tool.xmlsafe import safe_parser

# The prolog (XML declaration, comments, processing instructions, blanks) and then a DOCTYPE.
_DOCTYPE_RE = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*(<!DOCTYPE\b)", re.DOTALL)
_FIRST_ELEMENT_RE = re.compile(rb"<[A-Za-z_]")
_ENTITY_RE = re.compile(rb"<!ENTITY\s+(?:%\s+)?([^\s>]+)\s*(SYSTEM|PUBLIC)?", re.IGNORECASE)


@dataclass
class Parsed:
    """A parse result: the tree, or None and the findings that say why not."""

    tree: etree._ElementTree | None
    findings: list[Finding]


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


def _as_utf8(data: bytes) -> bytes:
    """UTF-16/32 documents re-encoded for the byte scan (the DOCTYPE must be found in any encoding)."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
                       (b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be")):
        if data.startswith(bom):
            return data.decode(codec, "replace").lstrip("\ufeff").encode("utf-8")
    return data


def entity_declarations(data: bytes, name: str) -> list[Finding]:
    """An error finding when the DOCTYPE declares entities (external: XXE; internal: expansion bombs)."""
    data = _as_utf8(data)
    first = _FIRST_ELEMENT_RE.search(data)
    prolog = data[: first.start()] if first else data  # a DOCTYPE can only come before the root element
    if b"<!DOCTYPE" not in prolog and b"<!doctype" not in prolog:
        return []  # the common case, decided without scanning the document
    doctype = _DOCTYPE_RE.match(data)
    if doctype is None:
        return []
    declarations = list(_ENTITY_RE.finditer(data, doctype.start(1)))
    if not declarations:
        return []
    external = [d for d in declarations if d.group(2)]
    first = external[0] if external else declarations[0]
    line, col = _line_col(data, first.start())
    entity = first.group(1).decode("utf-8", "replace")
    check = CHECKS_BY_ID["XML002" if external else "XML003"]
    return [check.finding(name, line, col, entity=entity, count=len(declarations))]


def parse_bytes(data: bytes, name: str) -> Parsed:
    """Parse TEI bytes; entity declarations or malformed XML become error findings, never exceptions."""
    rejected = entity_declarations(data, name)
    if rejected:
        return Parsed(None, rejected)
    try:
        root = etree.fromstring(data, safe_parser(), base_url=name)
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (1, 1)
        return Parsed(None, [CHECKS_BY_ID["XML001"].finding(name, line or 1, col or 1, reason=error.msg)])
    tree = root.getroottree()
    dtd: Any = tree.docinfo.internalDTD
    entities = list(dtd.iterentities()) if dtd is not None else []
    if entities:  # a DOCTYPE the byte scan could not see (another encoding): never expanded, still rejected
        first = entities[0]
        return Parsed(None, [CHECKS_BY_ID["XML002" if first.system_url else "XML003"].finding(
            name, 1, 1, entity=first.name or "?", count=len(entities))])
    return Parsed(tree, [])
