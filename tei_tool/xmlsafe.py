"""The one way this project parses XML: as untrusted input.

Files come from anywhere, so the parser never reads a local file or a URL because the document asks
it to (XXE), never loads a DTD and never expands entities without bound (billion laughs). One parser
per thread is reused for every file (building a parser per file costs time).
"""

from __future__ import annotations

import threading

from lxml import etree

_LOCAL = threading.local()


def safe_parser() -> etree.XMLParser:
    """The shared safe parser of this thread.

    collect_ids=False: libxml2 would otherwise reject a duplicate xml:id as malformed XML; rule TEI002
    reports it with both places instead."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                 dtd_validation=False, attribute_defaults=False, collect_ids=False)
        _LOCAL.parser = parser
    return parser
