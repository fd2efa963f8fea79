"""Page-clutter rules: lines that belong to the web page or PDF around the document, not to it.

Each rule looks at one stripped line and returns a short reason or None. Clutter lines are kept out
of the TEI and reported as info findings with their line numbers, so nothing is lost silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ClutterRule = Callable[[str], "str | None"]

_BULLET = r"(?:[•·▪◦*\-]\s*)?"

# Phrases that are page clutter wherever they stand alone; `tei validate` flags them left in a text.
UNAMBIGUOUS_NAVIGATION: tuple[str, ...] = (
    r"skip to (?:main )?content",
    r"search in",
    r"get citation",
    r"share document",
    r"english html",
    r"print",
    r"you are here",
    r"click here to read the full document\.?",
)
# Phrases that are clutter as a line of a web page, but may be a heading in an encoded text ("Citation").
PAGE_NAVIGATION: tuple[str, ...] = (
    r"search", r"share", r"english pdf", r"original scan", r"download(?: pdf)?", r"citation", r"back to top",
    r"menu", r"home", r"related documents", r"digital archive international history declassified",
    r"view (?:pdf|original)", r"translation - english html", r"print this page", r"email this page",
)

_NAVIGATION = re.compile(_BULLET + "(?:" + "|".join(UNAMBIGUOUS_NAVIGATION + PAGE_NAVIGATION) + ")", re.IGNORECASE)

_EMPTY_FIELD_LABEL = re.compile(
    r"(?:original uploaded date|record id|original archive|record type|document type|date uploaded|"
    r"language|subjects? discussed|keywords|theme|people|places|collections?|associated places|"
    r"associated people|associated topics)",
    re.IGNORECASE,
)

# Labels of a catalogue page's footer that carry values when the page has them ("Author(s):" and the
# names under it); printed without a value they are clutter. The layout stage decides with the next line.
FOOTER_LABELS: tuple[str, ...] = (
    r"author\(s\)", r"authors?", r"associated people (?:&|and) organi[sz]ations", r"subjects? discussed",
    r"related documents?",
)
FOOTER_LABEL = re.compile(r"(?:\*\*)?(?:" + "|".join(FOOTER_LABELS) + r")\s*:?(?:\*\*)?", re.IGNORECASE)

# Site banners printed at the top of PDF pages and page copies. A line that is one of these (or, in a
# page flattened onto one line, a run of it) is clutter. Extend with `rules.clutter_lines` in tei.yaml.
BANNER_PATTERNS: list[str] = [
    r"Digital Archive\s+digitalarchive\.wilsoncenter\.org",
    r"International History Declassified",
    r"You are on page \d+ of \d+",
]
_BANNER = re.compile("|".join(BANNER_PATTERNS), re.IGNORECASE)

_PAGE_COUNTER = re.compile(r"(?:page\s+)?\d{1,4}\s*(?:/|of)\s*\d{1,4}|[-–—]{1,2}\s*\d{1,4}\s*[-–—]{1,2}|page\s+\d{1,4}",
                           re.IGNORECASE)


def navigation(line: str) -> str | None:
    """Web-page navigation and buttons: "Skip to content", "get citation", "Print"."""
    return "web-page navigation" if _NAVIGATION.fullmatch(line) else None


def empty_field_label(line: str) -> str | None:
    """Footer field labels whose value the page did not print: "Original Uploaded Date", "Record ID"."""
    return "empty field label" if _EMPTY_FIELD_LABEL.fullmatch(line.rstrip(":")) else None


def page_counter(line: str) -> str | None:
    """PDF page counters: "Page 3 of 5", "- 4 -", "2/7"."""
    return "page counter" if _PAGE_COUNTER.fullmatch(line) else None


_SITE_NAME = re.compile(
    r"(?:[A-Z][\w&-]*\s+){1,5}\s*(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|edu|gov|info)")


def site_banner(line: str) -> str | None:
    """A site banner: "Digital Archive   digitalarchive.wilsoncenter.org", a site's name and bare domain."""
    return "site banner" if _BANNER.fullmatch(line) or _SITE_NAME.fullmatch(line) else None


CLUTTER_RULES: list[ClutterRule] = [navigation, empty_field_label, page_counter, site_banner]


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
