"""`tei text FILE.xml`: print the transcript rebuilt from the TEI."""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

from ..textback import tei_to_text

SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def run_text(path: Path) -> int:
    try:
        tree = etree.parse(str(path), SAFE_PARSER)
    except OSError as error:
        sys.stderr.write(f"{path}:1:1: error[E005] cannot read the file: {error}\n")
        return 2
    except etree.XMLSyntaxError as error:
        line, col = error.position
        sys.stderr.write(f"{path}:{line}:{col}: error[E006] not well-formed XML: {error.msg}\n")
        return 2
    root = tree.getroot()
    if root.tag != "{http://www.tei-c.org/ns/1.0}TEI" or root.find("{http://www.tei-c.org/ns/1.0}text") is None:
        sys.stderr.write(f"{path}:{root.sourceline or 1}:1: error[E007] not a TEI document with a <text> "
                         "(expected <TEI xmlns=\"http://www.tei-c.org/ns/1.0\">)\n")
        return 2
    sys.stdout.write(tei_to_text(tree))
    return 0
