"""Page-clutter rules: lines that belong to the web page or PDF around the document, not to it.

Each rule looks at one stripped line and returns a short reason or None. Clutter lines are kept out
of the TEI and reported as info findings with their line numbers, so nothing is lost silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ClutterRule = Callable[[str], "str | None"]

_BULLET = r"(?:[•·▪◦*\-]\s*)?"

_NAVIGATION = re.compile(
    _BULLET
    + r"(?:skip to (?:main )?content|search in|search|get citation|share document|share|english html|"
    r"english pdf|original scan|download(?: pdf)?|print|you are here|click here to read the full document\.?|"
    r"citation|back to top|menu|home|related documents|digital archive international history declassified|"
    r"view (?:pdf|original)|translation - english html|print this page|email this page)",
    re.IGNORECASE,
)

_EMPTY_FIELD_LABEL = re.compile(
    r"(?:original uploaded date|record id|original archive|record type|document type|date uploaded|"
    r"language|subjects? discussed|keywords|theme|people|places|collections?|associated places|"
    r"associated people|associated topics)",
    re.IGNORECASE,
)

_PAGE_COUNTER = re.compile(r"(?:page\s+)?\d{1,4}\s*(?:/|of)\s*\d{1,4}|-\s*\d{1,4}\s*-|page\s+\d{1,4}", re.IGNORECASE)


def navigation(line: str) -> str | None:
    """Web-page navigation and buttons: "Skip to content", "get citation", "Print"."""
    return "web-page navigation" if _NAVIGATION.fullmatch(line) else None


def empty_field_label(line: str) -> str | None:
    """Footer field labels whose value the page did not print: "Original Uploaded Date", "Record ID"."""
    return "empty field label" if _EMPTY_FIELD_LABEL.fullmatch(line.rstrip(":")) else None


def page_counter(line: str) -> str | None:
    """PDF page counters: "Page 3 of 5", "- 4 -", "2/7"."""
    return "page counter" if _PAGE_COUNTER.fullmatch(line) else None


CLUTTER_RULES: list[ClutterRule] = [navigation, empty_field_label, page_counter]


def clutter_reason(line: str, extra: list[re.Pattern[str]]) -> str | None:
    """Why a stripped line is clutter, or None. `extra` are the corpus's own patterns (tei.yaml)."""
    if not line:
        return None
    for rule in CLUTTER_RULES:
        reason = rule(line)
        if reason:
            return reason
    for pattern in extra:
        if pattern.fullmatch(line):
            return "corpus clutter pattern"
    return None
