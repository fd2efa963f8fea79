"""`tei text FILE.xml` (or `-` for stdin): print the transcript rebuilt from the TEI.

The TEI is parsed as `tei validate` parses it (`validate.parsing.parse_bytes`): what validate refuses
as XML (malformed, entity declarations) `tei text` refuses too, with the same finding.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tei_tool import TEI_NS


def _error(name: str, line: int, col: int, code: str, message: str) -> int:
    sys.stderr.write(f"{name}:{max(line, 1)}:{max(col, 1)}: error[{code}] {message}\n")
    return 2


def run_text(path: Path) -> int:
    """Print the rebuilt transcript; exit 2 (with `file:line:col: error[...]`) on unreadable or non-TEI input."""
    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        data = sys.stdin.buffer.read() if name == "<stdin>" else path.read_bytes()
    except OSError as error:
        return _error(name, 1, 1, "IO001", f"cannot read the file: {error.strerror or error}")
    from tei_tool.tei.textback import tei_to_text
    from tei_tool.validate.parsing import parse_bytes

    parsed = parse_bytes(data, name)
    if parsed.tree is None:
        first = parsed.findings[0]
        return _error(name, first.line, first.col, first.code, first.message)
    root = parsed.tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI" or root.find(f"{{{TEI_NS}}}text") is None:
        where = root.sourceline
        return _error(name, where if isinstance(where, int) else 1, 1, "TXT001",
                      f'not a TEI document with a <text> (expected <TEI xmlns="{TEI_NS}">, found <{root.tag}>)')
    sys.stdout.write(tei_to_text(root))
    return 0
