"""What the reading stages make of a layout fixture (its layout, paragraphs, clutter and blocks) and
the TEI the encoder writes for it.

`python -m tests.layouts.expected` rewrites every `NAME.expected.yaml` and `NAME.expected.xml` beside its
`NAME.txt`; read the diff before committing it (tests/test_layouts.py compares them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tei_tool.api import encode_bytes
from tei_tool.config import Config, Personography
from tei_tool.read.layout import read_layout
from tei_tool.read.source import decode

HERE = Path(__file__).resolve().parent


def describe(path: Path) -> dict[str, Any]:
    """The layout stage's and the block stage's reading of one fixture, in a form a person can review."""
    data = path.read_bytes()
    layout = read_layout(decode(path.name, data))
    result = encode_bytes(data, path.name, Config(), Personography(), None, validate=True)
    assert result.document is not None
    blocks = []
    for block in result.document.blocks:
        text = data.decode("utf-8")[block.span.start: block.span.end]
        blocks.append(f"{block.kind}{'/' + block.info['type'] if 'type' in block.info else ''}: "
                      f"{' '.join(text.split())[:70]}")
    return {
        "layout": layout.profile.name.value,
        "clutter_lines": layout.clutter_lines,
        "paragraphs": [" ".join(p.text.split())[:70] for p in layout.paragraphs],
        "blocks": blocks,
        "turns": sum(1 for b in result.document.blocks if b.kind == "turn"),
        "errors": [f.format() for f in result.findings if f.severity.value == "error"],
    }


def encoded(path: Path) -> bytes:
    """The TEI of one fixture, encoded with the built-in defaults (no tei.yaml, no personography)."""
    return encode_bytes(path.read_bytes(), path.name, Config(), Personography(), None).xml


def write_all() -> None:
    for path in sorted(HERE.glob("*.txt")):
        text = yaml.safe_dump(describe(path), sort_keys=False, allow_unicode=True, width=120)
        path.with_suffix(".expected.yaml").write_text(text, encoding="utf-8")
        path.with_suffix(".expected.xml").write_bytes(encoded(path))


if __name__ == "__main__":
    write_all()
