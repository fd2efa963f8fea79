"""Case-insensitive tests without `re.IGNORECASE` scans (issue 10).

An `re.IGNORECASE` alternation is tried at every position with case-folded comparisons, so asking
"does this paragraph mention a month / a copyright notice?" cost more than the rules it guards. The
same question is asked here of `text.lower()`: substring tests (`in`, which skips ahead) or a pattern
written in lower case without the flag. That gives the same answer as the `IGNORECASE` pattern for
every text except those holding one of the four characters whose case mapping `re` and `str.lower`
disagree on (`İ ı ſ K`: `re` takes them for `i`, `s` or `k`, `str.lower` does not, or maps them to
more than one character); for those the original pattern is asked (`ODD_CASE`, checked over every code
point by tests/test_speed_equivalence.py).
"""

from __future__ import annotations

import re

ODD_CASE = "\u0130\u0131\u017f\u212a"
_ODD_CASE_RE = re.compile(f"[{ODD_CASE}]")


def _plain_case(text: str) -> bool:
    return text.isascii() or _ODD_CASE_RE.search(text) is None


class CaselessPattern:
    """`search(text)`: whether `pattern` (compiled with `re.IGNORECASE`) occurs in `text`.

    `lowered` is the same pattern written for lower-case text (literals in lower case, no `[A-Z]`
    classes); `words`, when given, are substrings one of which every match contains (in lower case):
    a text holding none of them is answered at once."""

    __slots__ = ("original", "lowered", "words")

    def __init__(self, pattern: str, lowered: str, words: tuple[str, ...] = ()) -> None:
        self.original = re.compile(pattern, re.IGNORECASE)
        self.lowered = re.compile(lowered)
        self.words = words

    def search(self, text: str) -> bool:
        if not _plain_case(text):
            return self.original.search(text) is not None
        folded = text.lower()
        if self.words and not any(word in folded for word in self.words):
            return False
        return self.lowered.search(folded) is not None
