"""Page clutter that must never be left in the text of an encoding (shared with the encoder's rules)."""

from __future__ import annotations

import re

CLUTTER_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"skip to (?:main )?content",
        r"search in",
        r"get citation",
        r"share document",
        r"english html",
        r"print",
        r"you are here",
        r"click here to read the full document\.?",
        r"digital archive international history declassified",
        r"original uploaded date",
        r"record id",
    )
)
