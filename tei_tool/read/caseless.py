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


def plain_case(text: str) -> bool:
    """Whether `text.lower()` answers for `re.IGNORECASE` here: no character of ODD_CASE (then it also
    has the text's length, so match positions carry over)."""
    # four substring tests (each a skipping C search) are ten times faster than one class scan
    return text.isascii() or not ("\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text)


_FOLD_CHUNK = 4096


def fold(text: str) -> str:
    """`text.lower()` without its transient peak: for text beyond ASCII, CPython's `lower` first builds
    a buffer of 3 four-byte characters per character (14x a 62 kB transcript, measured), so long texts
    are lowered in pieces (the same characters: every mapping used here is one character to one)."""
    if text.isascii() or len(text) <= _FOLD_CHUNK:
        return text.lower()
    return "".join([text[i: i + _FOLD_CHUNK].lower() for i in range(0, len(text), _FOLD_CHUNK)])


_GROUP_NAME_RE = re.compile(r"\(\?P<\w+>|\(\?P=\w+\)|\(\?\(\w+\)")


def lower_literals(pattern: str) -> str:
    """`pattern` for lower-cased text: its letters in lower case, except escapes (`\\S`, `\\B`) and
    group names (`(?P<Name>`, `(?P=Name)`, `(?(Name)`), which keep their meaning only as written."""
    out: list[str] = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            out.append(pattern[position: position + 2])
            position += 2
            continue
        name = _GROUP_NAME_RE.match(pattern, position)
        if name is not None:
            out.append(name.group(0))
            position = name.end()
            continue
        out.append(char.lower())
        position += 1
    return "".join(out)


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
        if not plain_case(text):
            return self.original.search(text) is not None
        return self.search_folded(fold(text))

    def search_folded(self, folded: str) -> bool:
        """`search` of a text whose `plain_case` holds, asked of its `fold` (when the caller has it)."""
        if self.words and not any(word in folded for word in self.words):
            return False
        return self.lowered.search(folded) is not None
