"""Date rules: every way the document family writes a date, normalised to ISO for `@when`.

`DATE_RULES` is an ordered table of named patterns; `find_dates` runs them over a string and keeps
the leftmost-longest non-overlapping matches. Invalid calendar dates (30 February) are never returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
ROMAN_MONTHS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
                "xi": 11, "xii": 12}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_TIME = (r"(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*"
         r"(?P<ampm>a\.\s?m\.|p\.\s?m\.|am|pm|AM|PM|A\.M\.|P\.M\.)?")

# the end of a time range ("2:50-3:55pm") lends its am/pm to the start
_RANGE_END = r"(?:\s*[-–]\s*\d{1,2}(?::\d\d)?\s*(?P<ampm2>a\.\s?m\.|p\.\s?m\.|am|pm|AM|PM))?(?=\W|$)"


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    when: str  # ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY or YYYY-MM-DDThh:mm:ss
    rule: str


@dataclass(frozen=True)
class DateRule:
    name: str
    pattern: re.Pattern[str]
    needs_year: bool = False  # matches without a year: only with a default year


def _rule(name: str, pattern: str, needs_year: bool = False) -> DateRule:
    return DateRule(name, re.compile(pattern, re.IGNORECASE), needs_year)


DATE_RULES: list[DateRule] = [
    # "4:00 p.m., 21 April 1962", "4 p.m., 28 April 1964"
    _rule("time_then_day_month_year",
          rf"\b{_TIME}\s*,\s*{_DAY}\s+{_MONTH}\s+{_YEAR}"),
    # "15 February 1962, 5:30PM"
    _rule("day_month_year_then_time", rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\s*,\s*{_TIME}{_RANGE_END}"),
    # "February 21, 1972 - 2:50-3:55pm"
    _rule("month_day_year_then_time", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\s*[-–;,]\s*{_TIME}{_RANGE_END}"),
    # "February 15, 1962", "Feb. 3, 1946"
    _rule("month_day_year", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)"),
    # "15 February 1962", "1 May 1962", "28 April 1964before"
    _rule("day_month_year", rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}(?!\d)"),
    # "1946-01-25"
    _rule("iso", r"\b(?P<year>1[89]\d\d|20\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    # "25.1.1946", "25.01.1946"
    _rule("dotted", rf"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.{_YEAR}(?!\d)"),
    # "12.III.1963" (Roman month, East European style)
    _rule("roman_month",
          rf"\b(?P<day>[0-3]?\d)\.\s?(?P<month>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\.\s?{_YEAR}(?!\d)"),
    # "February 1962"
    _rule("month_year", rf"\b{_MONTH}\s+{_YEAR}(?!\d)"),
    # "August 10", "10 August" with a known year
    _rule("month_day", rf"\b{_MONTH}\s+{_DAY}(?![\d,]*\s*\d{{4}})(?!\d)", needs_year=True),
    _rule("day_month", rf"\b{_DAY}\s+{_MONTH}(?!\s*,?\s*\d)", needs_year=True),
]


def _month_number(text: str) -> int:
    key = text.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    if key in ROMAN_MONTHS:
        return ROMAN_MONTHS[key]
    return int(key)


def _iso(groups: dict[str, str | None], default_year: int | None) -> str | None:
    year = int(groups["year"] or "0") if groups.get("year") else default_year
    if year is None:
        return None
    month = _month_number(groups["month"] or "") if groups.get("month") else None
    if month is None:
        return f"{year:04d}"
    if not groups.get("day"):
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    try:
        day = date(year, month, int(groups["day"] or "0"))
    except ValueError:
        return None
    if groups.get("hour"):
        hour = int(groups["hour"] or "0")
        minute = int(groups.get("minute") or "0")
        ampm = (groups.get("ampm") or groups.get("ampm2") or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23:
            return day.isoformat()
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00"
    return day.isoformat()


def find_dates(text: str, extra_formats: Iterable[str] = (), default_year: int | None = None) -> list[DateMatch]:
    """Every date in `text`, left to right, never overlapping (the longest match wins at a position)."""
    candidates: list[DateMatch] = []
    for rule in DATE_RULES:
        if rule.needs_year and default_year is None:
            continue
        for match in rule.pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("hour") and not (groups.get("minute") or groups.get("ampm") or groups.get("ampm2")):
                continue  # "No. 13, 21 May 1962": a bare number is not a clock time
            when = _iso(groups, default_year)
            if when:
                candidates.append(DateMatch(match.start(), match.end(), when, rule.name))
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[DateMatch] = []
    for candidate in candidates:
        if chosen and candidate.start < chosen[-1].end:
            continue
        chosen.append(candidate)
    if not chosen and extra_formats:
        whole = parse_date(text, extra_formats)
        if whole:
            stripped = text.strip()
            start = text.index(stripped)
            chosen.append(DateMatch(start, start + len(stripped), whole, "extra_format"))
    return chosen


def parse_date(text: str, extra_formats: Iterable[str] = ()) -> str | None:
    """The ISO form of a string that is wholly a date ("February 15, 1962", "1962", "February 1962")."""
    stripped = text.strip().strip("*").strip()
    for fmt in extra_formats:
        try:
            return datetime.strptime(stripped, fmt).date().isoformat()
        except ValueError:
            continue
    if re.fullmatch(r"1[89]\d\d|20\d\d", stripped):
        return stripped
    found = find_dates(stripped)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
        return found[0].when
    return None


DateFinder = Callable[[str], list[DateMatch]]
