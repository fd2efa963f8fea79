"""The one way this project parses XML: as untrusted input.

Files come from anywhere, so the parser never reads a local file or a URL because the document asks
it to (XXE), never loads a DTD and never expands entities without bound (billion laughs). One parser
per thread is reused for every file (building a parser per file costs time).

Why a resolver on top of `load_dtd=False`: libxml2 keeps "do not collect ids" (collect_ids=False, which
we need so a duplicate xml:id is a TEI002 finding rather than a parse failure) in the same field as
"load the external subset", so with it a `<!DOCTYPE TEI SYSTEM "x.dtd">` makes libxml2 open x.dtd.
The resolver answers every such request with an empty document instead. The only request it lets
through is the document itself when a caller parses by file name (`etree.parse(path)`), recognised as
an existing .xml/.tei file, and only outside `parse_untrusted` (parsing from bytes: what validate and
text use), where every request is refused.

`refusal(data)` is the DOCTYPE check every command shares (`tei validate` reports it as a finding,
`tei text` exits on it): entity declarations are refused, except TEI P4's parameter-entity switches
(`<!ENTITY % TEI.prose 'INCLUDE'>`), which only choose DTD sections and expand to nothing dangerous.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import Any

from lxml import etree

_LOCAL = threading.local()
_DOCUMENT_SUFFIXES = (".xml", ".tei")


class _RefuseExternal(etree.Resolver):
    """Every DTD, external entity or URL the document names resolves to nothing (see module doc)."""

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:  # type: ignore[override]
        url = system_url or ""
        if (public_id is None and "://" not in url and url.lower().endswith(_DOCUMENT_SUFFIXES)
                and os.path.isfile(url) and _LOCAL.__dict__.get("by_name", True)):
            return None  # the document a caller parses by file name
        return self.resolve_string("", context, base_url=None)


def safe_parser() -> etree.XMLParser:
    """The shared safe parser of this thread.

    collect_ids=False: libxml2 would otherwise reject a duplicate xml:id as malformed XML; rule TEI002
    reports it with both places instead."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                 dtd_validation=False, attribute_defaults=False, collect_ids=False)
        parser.resolvers.add(_RefuseExternal())
        _LOCAL.parser = parser
    return parser


# --- the DOCTYPE check ---------------------------------------------------------------------------

# The prolog (XML declaration, comments, processing instructions, blanks) and then a DOCTYPE.
_DOCTYPE_RE = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*(<!DOCTYPE\b)", re.DOTALL)
_FIRST_ELEMENT_RE = re.compile(rb"<[A-Za-z_]")
_ENTITY_RE = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s>]+)\s*(?:(SYSTEM|PUBLIC)\b|(\"[^\"]*\"|'[^']*'))?",
                        re.IGNORECASE)
_SWITCHES = (b"INCLUDE", b"IGNORE")


@dataclass(frozen=True)
class Refusal:
    """Why a document is refused: code XML002 (external entity) or XML003 (internal), where, which."""

    code: str
    line: int
    col: int
    entity: str
    count: int

    @property
    def message(self) -> str:
        if self.code == "XML002":
            return (f"the DOCTYPE declares an external entity \"{self.entity}\" ({self.count} entity "
                    "declaration(s)); external entities are never resolved (XXE)")
        return (f"the DOCTYPE declares entity \"{self.entity}\" ({self.count} entity declaration(s)); entities "
                "are never expanded (entity expansion, \"billion laughs\")")


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


def _is_switch(declaration: re.Match[bytes]) -> bool:
    """A P4 DTD switch: a parameter entity whose literal value is only INCLUDE or IGNORE."""
    value = declaration.group(4)
    return bool(declaration.group(1)) and value is not None and value[1:-1].strip() in _SWITCHES


def refusal(data: bytes) -> Refusal | None:
    """Why the document must not be parsed (its DOCTYPE declares entities), or None."""
    data = _as_utf8(data)
    first = _FIRST_ELEMENT_RE.search(data)
    prolog = data[: first.start()] if first else data  # a DOCTYPE can only come before the root element
    if b"<!DOCTYPE" not in prolog and b"<!doctype" not in prolog:
        return None  # the common case, decided without scanning the document
    doctype = _DOCTYPE_RE.match(data)
    if doctype is None:
        return None
    declarations = [d for d in _ENTITY_RE.finditer(data, doctype.start(1), first.start() if first else len(data))
                    if not _is_switch(d)]
    if not declarations:
        return None
    external = [d for d in declarations if d.group(3)]
    chosen = external[0] if external else declarations[0]
    line, col = _line_col(data, chosen.start())
    return Refusal("XML002" if external else "XML003", line, col, chosen.group(2).decode("utf-8", "replace"),
                   len(declarations))


def tree_refusal(tree: etree._ElementTree) -> Refusal | None:
    """The same check on a parsed tree (a DOCTYPE the byte scan could not see, in another encoding)."""
    dtd: Any = tree.docinfo.internalDTD
    entities = [e for e in dtd.iterentities() if not _parsed_switch(e)] if dtd is not None else []
    if not entities:
        return None
    first = entities[0]
    return Refusal("XML002" if first.system_url else "XML003", 1, 1, first.name or "?", len(entities))


def _parsed_switch(entity: etree._DTDEntityDecl) -> bool:
    return (entity.content or "").strip() in ("INCLUDE", "IGNORE") and not entity.system_url


class UnsafeXML(ValueError):
    """A document refused before parsing (entity declarations); `refusal` says why and where."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def parse_untrusted(data: bytes, name: str | None = None) -> etree._Element:
    """Parse bytes safely: raises UnsafeXML for entity declarations, XMLSyntaxError for malformed XML."""
    refused = refusal(data)
    if refused is not None:
        raise UnsafeXML(refused)
    _LOCAL.by_name = False  # from bytes: no request is the document itself, so every one is refused
    try:
        root = etree.fromstring(data, safe_parser(), base_url=name or "")
    finally:
        _LOCAL.by_name = True
    refused = tree_refusal(root.getroottree())
    if refused is not None:
        raise UnsafeXML(refused)
    return root
