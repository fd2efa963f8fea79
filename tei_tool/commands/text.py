"""`tei text FILE.xml`: print the transcript rebuilt from the TEI."""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

from .. import TEI_NS
from ..textback import tei_to_text
from ..xmlsafe import UnsafeXML, parse_untrusted


def _error(path: Path, line: int, col: int, code: str, message: str) -> int:
    sys.stderr.write(f"{path}:{max(line, 1)}:{max(col, 1)}: error[{code}] {message}\n")
    return 2


def run_text(path: Path) -> int:
    """Print the rebuilt transcript; exit 2 (with `file:line:col: error[...]`) on unreadable or non-TEI input."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return _error(path, 1, 1, "IO001", f"cannot read the file: {error.strerror or error}")
    try:
        root = parse_untrusted(data, str(path))
    except UnsafeXML as error:  # the same refusal as `tei validate`: entity declarations are never parsed
        refused = error.refusal
        return _error(path, refused.line, refused.col, refused.code, refused.message)
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (1, 1)
        return _error(path, line or 1, col or 1, "XML001", f"not well-formed XML: {error.msg}")
    if root.tag != f"{{{TEI_NS}}}TEI" or root.find(f"{{{TEI_NS}}}text") is None:
        where = root.sourceline
        return _error(path, where if isinstance(where, int) else 1, 1, "TXT001",
                      f'not a TEI document with a <text> (expected <TEI xmlns="{TEI_NS}">, found <{root.tag}>)')
    sys.stdout.write(tei_to_text(root))
    return 0
