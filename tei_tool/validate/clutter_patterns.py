"""Page clutter that must never be left in the text of an encoding.

A plain tuple of regular expressions (matched case-insensitively against a whole block's text, spaces
normalised), so that `tei encode` can import the same list when it decides which transcript lines to
drop: the encoder and the validator then agree on what clutter is.
"""

from __future__ import annotations

import re

CLUTTER_PATTERNS: tuple[str, ...] = (
    r"skip to (?:main )?content",
    r"search in",
    r"get citation",
    r"share document",
    r"english html",
    r"print",
    r"you are here",
    r"click here to read the full document\.?",
)

CLUTTER_RE: re.Pattern[str] = re.compile("|".join(f"(?:{p})" for p in CLUTTER_PATTERNS), re.IGNORECASE)


# The leading literal words of each pattern (lower-cased bytes): a block whose text does not start with
# one of them is no clutter line, which the validator tests before anything dearer.
CLUTTER_KEYWORDS: tuple[bytes, ...] = tuple(
    re.match(r"[a-z ]*[a-z]", p).group().encode() for p in CLUTTER_PATTERNS  # type: ignore[union-attr]
)

def is_clutter(text: str) -> bool:
    """True when the whole (whitespace-normalised) text is one clutter line."""
    return CLUTTER_RE.fullmatch(" ".join(text.split())) is not None
