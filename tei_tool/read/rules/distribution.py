"""Distribution-list rules: CC lists, "Produced in N copies for:", Soviet numbered copy lists, stamps.

Splits a list into items, reads each item's copy count, and recognises the stated total, so that the
validator can check that the counts add up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tei_tool.read.caseless import CaselessPattern, lower_literals
from tei_tool.read.lexicon import NUMBER_WORDS, ORG_WORDS

HEADING_RE = re.compile(
    r"(?P<head>(?:\*\*)?(?:cc|c\.c\.|copies? to|distribution(?: list)?|distributed to|sent to|copy to|"
    r"produced in (?P<n1>\d+|[a-z]+) (?:copies|copy)(?: for)?|(?P<n2>\d+|[a-z]+) cop(?:ies|y) (?:printed|made|produced)"
    r"(?: for)?|printed in (?P<n3>\d+|[a-z]+) copies(?: for)?)\s*:?(?:\*\*)?)(?=\s|$)",
    re.IGNORECASE,
)

STAMP_RE = re.compile(
    r"(?:received|submitted for printing|printed and distributed|printed|distributed|sent|dispatched|"
    r"registered|filed|typed)\b[^\n]{0,40}?\b(?:on\s+)?\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}",
    re.IGNORECASE,
)

ITEM_MARKER_RE = re.compile(r"^(?:[-–—•]\s+|(?P<first>\d{1,3})(?:\s*[-–]\s*(?P<last>\d{1,3}))?\s*[-–—.)]\s+)")


def marker_copies(marker: str) -> int:
    """Copies a numbered marker stands for: "4-5 - " is two copies, "1 - " one."""
    match = ITEM_MARKER_RE.match(marker)
    if match and match.group("first") and match.group("last"):
        return max(1, int(match.group("last")) - int(match.group("first")) + 1)
    return 1
COUNT_SUFFIX_RE = re.compile(r"\s*\((?P<n>\d{1,3})\)\s*$")
FILE_COPIES_RE = re.compile(r"^(?P<n>\d{1,3}|[a-z]+) (?:file )?cop(?:ies|y)(?: (?:for (?:the )?file|on file))?$",
                            re.IGNORECASE)
TOTAL_RE = re.compile(r"^(?:total:?\s*)?(?P<n>\d{1,4}|[a-z]+) cop(?:ies|y) (?:in total|total|altogether|in all)$"
                      r"|^total(?: of)?:?\s*(?P<m>\d{1,4}) cop(?:ies|y)$", re.IGNORECASE)


@dataclass(frozen=True)
class ItemReading:
    """What one distribution item is: recipient kind, copies, and the span of the count."""

    kind: str  # person | org | place | copies | total | other
    copies: int
    count_start: int = -1  # offset of the printed count within the item text (-1: none)
    count_end: int = -1


def heading_total(text: str) -> tuple[int, int | None] | None:
    """(end of heading, stated total or None) when text opens with a distribution heading."""
    match = HEADING_RE.match(text)
    if not match:
        return None
    number = match.group("n1") or match.group("n2") or match.group("n3")
    return match.end("head"), _number(number) if number else None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = NUMBER_WORDS.get(word.lower())
    return value if value else None


def split_items(text: str) -> list[tuple[int, int]]:
    """(start, end) of each comma- or line-separated item, not splitting inside brackets/parentheses."""
    items: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for pos, ch in enumerate(text):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth = max(0, depth - 1)
        elif (ch in ",;\n") and depth == 0:
            items.append((start, pos))
            start = pos + 1
    items.append((start, len(text)))
    result = []
    for a, b in items:
        while a < b and text[a] in " \u00a0\t\n":
            a += 1
        while b > a and text[b - 1] in " \u00a0\t\n":
            b -= 1
        if a < b:
            result.append((a, b))
    return result


def read_item(text: str, place_names: frozenset[str] = frozenset()) -> ItemReading:
    """Classify one item's text (marker already removed)."""
    total = TOTAL_RE.match(text)
    if total:
        n = _number(total.group("n") or total.group("m") or "") or 0
        return ItemReading("total", n, 0, len(text))
    file_copies = FILE_COPIES_RE.match(text)
    if file_copies:
        return ItemReading("copies", _number(file_copies.group("n")) or 1, 0, len(text))
    count = COUNT_SUFFIX_RE.search(text)
    copies = int(count.group("n")) if count else 1
    start, end = (count.start("n") - 1, count.end("n") + 1) if count else (-1, -1)
    bare = text[: count.start()] if count else text
    words = {w.strip(".,").lower() for w in re.sub(r"[\[\]]", "", bare).split()}
    if words <= {"own", "file", "files", "archive", "original", "copy", "the"}:
        kind = "other"  # the author's own or the file copy
    elif words & ORG_WORDS:
        kind = "org"
    elif bare.strip() in place_names:
        kind = "place"
    elif bare[:1].isupper() or bare.startswith("["):
        kind = "person"
    else:
        kind = "other"
    return ItemReading(kind, copies, start, end)


def is_item_line(line: str) -> bool:
    return bool(ITEM_MARKER_RE.match(line))


def is_stamp(text: str) -> bool:
    """A processing stamp ("Received on 12 May 1962"). Block rules ask this of most paragraphs, so a
    year (four digits, which every stamp has) is looked for first: most paragraphs stop there."""
    return _YEAR_DIGITS_RE.search(text) is not None and _STAMP_TEST.search(text)


_YEAR_DIGITS_RE = re.compile(r"\d{4}")
# STAMP_RE asked of the lower-cased text (read/caseless.py); every stamp word contains one of these
_STAMP_TEST = CaselessPattern(STAMP_RE.pattern, lower_literals(STAMP_RE.pattern), (
    "received", "submitted", "printed", "distributed", "sent", "dispatched", "registered", "filed", "typed"))
