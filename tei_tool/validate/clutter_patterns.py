"""Page clutter that must never be left in the text of an encoding.

A plain tuple of regular expressions (matched case-insensitively against a whole block's text, spaces
normalised), taken from the encoder's clutter rules (`tei_tool/rules/clutter.py`), so the encoder and
the validator agree on what clutter is.
"""

from __future__ import annotations

import re

from tei_tool.read.rules.clutter import UNAMBIGUOUS_NAVIGATION

CLUTTER_PATTERNS: tuple[str, ...] = UNAMBIGUOUS_NAVIGATION

CLUTTER_RE: re.Pattern[str] = re.compile("|".join(f"(?:{p})" for p in CLUTTER_PATTERNS), re.IGNORECASE)


# The leading literal words of each pattern (lower-cased bytes): a block whose text does not start with
# one of them is no clutter line, which the validator tests before anything dearer.
CLUTTER_KEYWORDS: tuple[bytes, ...] = tuple(
    re.match(r"[a-z ]*[a-z]", p).group().encode() for p in CLUTTER_PATTERNS  # type: ignore[union-attr]
)

def is_clutter(text: str) -> bool:
    """True when the whole (whitespace-normalised) text is one clutter line."""
    return CLUTTER_RE.fullmatch(" ".join(text.split())) is not None
