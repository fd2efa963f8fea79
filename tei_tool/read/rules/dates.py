"""Date rules: every way the document family writes a date, normalised to ISO for `@when`.

`DATE_RULES` is an ordered table of small named patterns; `find_dates` runs them all over a string
and keeps the leftmost-longest non-overlapping matches (ties go to the earlier rule). Invalid calendar
dates (30 February) are never returned. A year alone is too noisy for running text, so only
`parse_date`, which reads a whole header value, accepts one. A range ("August 20–21, 1968",
"2:50-3:55pm", "9:35–11:40 a.m.") keeps its end in `to`; a FRUS Zulu time ("1512Z") is UTC.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from tei_tool.read.caseless import CaselessPattern, fold, lower_literals, plain_case

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
ROMAN_MONTHS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
                "xi": 11, "xii": 12}

_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)(?!\w)")
_WEEKDAY = (r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
            r"Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?,?\s+)?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
# A year may carry a glued footnote number ("January 23, 19541") or word ("1964before"), never 3+ digits.
_YEAR = r"(?<!\d)(?P<year>1[89]\d\d|20\d\d)(?!\d{3})"
# "21 September [1963]": a year supplied by the editor, brackets balanced
_YEAR_MAYBE_SUPPLIED = rf"(?P<lb>\[)?{_YEAR}(?(lb)\])"
_AMPM = r"[ap]\.?\s?m\b\.?"
_TIME = (rf"(?P<hour>2[0-3]|[01]?\d)(?:[:.](?P<minute>[0-5]\d))?(?!\d)\s*(?P<ampm>{_AMPM})?"
         r"(?:\s*(?:hrs?\b\.?|hours\b))?")
# the end of a time range ("2:50-3:55pm") lends its am/pm to the start; after "a.m." a digit may be a
# glued footnote number ("9:35 a.m.1"), elsewhere a following digit means the number was cut
_RANGE_END = (rf"(?:\s*(?:[-–—]|to)\s*(?P<hour2>2[0-3]|[01]?\d)(?:[:.](?P<minute2>[0-5]\d))?(?!\d)"
              rf"\s*(?P<ampm2>{_AMPM})?)?(?:(?<=[.mM])|(?![\d:]))")
# a telegram's Zulu (UTC) time, "1512Z"
_ZULU = r"(?P<hour>2[0-3]|[01]\d)(?P<minute>[0-5]\d)(?P<zulu>Z)\b"
# a day range inside one month ("August 20–21, 1968", "20–21 August 1968")
_DAY2 = r"\s*[-–]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_TIME_FULL = _TIME + _RANGE_END
_DATE_TIME_SEP = r"(?:\s*[-–—;,]\s*(?:at\s+)?|\s+at\s+)"
_TIME_DATE_SEP = r"(?:\s*,\s*(?:on\s+)?|\s+on\s+|\s+)"


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    when: str  # ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY or YYYY-MM-DDThh:mm:ss (Z when printed in UTC)
    rule: str
    to: str | None = None  # the end of a printed range, as precise as `when` (for @from/@to)
    # the printed pieces when the date is split by other text (two interleaved columns), else ()
    pieces: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class DateRule:
    name: str
    pattern: re.Pattern[str]
    needs_year: bool = False  # written without a year: only with a default year
    needs_month: bool = False  # the pattern requires a month name: skipped when the text has none
    needs_printed_year: bool = False  # the pattern requires a year (1800-2099): skipped when none is printed
    # the same pattern for lower-cased text, without re.IGNORECASE (2-3x faster; see read/caseless.py)
    lowered: re.Pattern[str] | None = None
    # characters (lower case) one of which every match holds: a text with none skips the rule
    needs_any: tuple[str, ...] = ()
    # an all-numeric date (`1946-01-25`, `25.1.1946`, `12.III.1963`, `1972.08.12`): skipped when the
    # lower-cased text has no `_NUMERIC_DATE_TEST` match (one scan for the four rules)
    numeric: bool = False
    # where a match can begin ("digit", "month", "weekday": see `_Starts`): the lower-cased pattern is
    # tried there only, instead of at every position; () scans the whole text
    starts: tuple[str, ...] = ()


def _rule(name: str, pattern: str, needs_year: bool = False, needs_any: tuple[str, ...] = (),
          numeric: bool = False) -> DateRule:
    return DateRule(name, re.compile(pattern, re.IGNORECASE), needs_year, _MONTH in pattern, _YEAR in pattern,
                    re.compile(lower_literals(pattern)), needs_any, numeric, _starts_of(pattern))


def _starts_of(pattern: str) -> tuple[str, ...]:
    """What a rule's match begins with: an hour or a day (a digit), a weekday or a month name, read
    from how the pattern opens (every rule opens with `\\b` or a lookbehind, so no match begins inside
    a word or a number)."""
    for opening, starts in _OPENINGS:
        if pattern.startswith(opening):
            return starts
    return ()


_DMY = rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR_MAYBE_SUPPLIED}"
# "December 18, 1949", "December 18,1949" (no space after the comma in PDF text)
_MDY = rf"{_WEEKDAY}{_MONTH}\s+{_DAY}(?:,\s*|\s+){_YEAR_MAYBE_SUPPLIED}"

# How rules open, and so where their matches can begin (the longest opening first). A weekday is
# optional before a day or a month; a time opens with its hour.
_OPENINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (rf"\b{_TIME_FULL}", ("digit",)),
    (rf"\b{_WEEKDAY}{_DAY}", ("weekday", "digit")),
    (rf"\b{_WEEKDAY}{_MONTH}", ("weekday", "month")),
    (rf"\b{_MONTH}", ("month",)),
    (rf"\b{_DAY}", ("digit",)),
    (rf"{_YEAR}", ("digit",)),
    (r"(?<![\d.])(?P<day>[0-3]?\d)", ("digit",)),
)

DATE_RULES: list[DateRule] = [
    # "4:00 p.m., 21 April 1962", "4 p.m., 28 April 1964before delivery"
    _rule("time_then_day_month_year", rf"\b{_TIME_FULL}{_TIME_DATE_SEP}{_DMY}"),
    # "10:30 a.m., February 15, 1962"
    _rule("time_then_month_day_year", rf"\b{_TIME_FULL}{_TIME_DATE_SEP}{_MDY}"),
    # "15 February 1962, 5:30PM"
    _rule("day_month_year_then_time", rf"\b{_DMY}{_DATE_TIME_SEP}{_TIME_FULL}"),
    # "Monday, February 21, 1972 - 2:50-3:55pm"
    _rule("month_day_year_then_time", rf"\b{_MDY}{_DATE_TIME_SEP}{_TIME_FULL}"),
    # "Moscow, November 29, 1968, 1512Z." (FRUS telegram dateline)
    _rule("month_day_year_then_zulu", rf"\b{_MDY},?\s+{_ZULU}", needs_any=("z",)),
    _rule("day_month_year_then_zulu", rf"\b{_DMY},?\s+{_ZULU}", needs_any=("z",)),
    # "August 20–21, 1968", "20-21 August 1968": a range of days
    _rule("month_day_range_year", rf"\b{_MONTH}\s+{_DAY}{_DAY2}(?:,\s*|\s+){_YEAR}", needs_any=("-", "–")),
    _rule("day_range_month_year", rf"\b{_DAY}{_DAY2}\s+{_MONTH},?\s+{_YEAR}", needs_any=("-", "–")),
    # "Date: December            Source: ..." / " 18,1949     ...": two interleaved columns of PDF
    # text put the month at the end of one line's cell and the day and year at the next line's start
    _rule("month_split_over_lines",
          rf"\b{_MONTH}(?=[ \t]{{2,}}\S|[ \t]*\n)[^\n]*\n[ \t]*"
          rf"(?P<rest>{_DAY}(?:,\s*|\s+){_YEAR})(?=[ \t]{{2,}}|[ \t]*(?:\n|$))", needs_any=("\n",)),
    # "February 15, 1962", "Feb. 3, 1946", "Monday, February 21, 1972"
    _rule("month_day_year", rf"\b{_MDY}"),
    # "15 February 1962", "1 May 1962", "the 12th of March 1963", "21 September [1963]"
    _rule("day_month_year", rf"\b{_DMY}"),
    # "1946-01-25"
    _rule("iso", rf"{_YEAR}-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)(?![\d-])", numeric=True),
    # "25.1.1946", "25.01.1946", "25. 1. 1946"
    _rule("day_month_year_dotted", rf"(?<![\d.])(?P<day>[0-3]?\d)\.\s?(?P<month>[01]?\d)\.\s?{_YEAR}", numeric=True),
    # "12.III.1963", "12. III. 1963" (Roman month, East European style)
    _rule("roman_month",
          rf"(?<![\d.])(?P<day>[0-3]?\d)\.\s?(?P<month>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\.\s?{_YEAR}",
          numeric=True),
    # "1972.08.12" (Hungarian and Chinese year-first order)
    _rule("year_month_day_dotted", rf"{_YEAR}\.(?P<month>0[1-9]|1[0-2])\.(?P<day>[0-3]\d)(?![\d.]\d)", numeric=True),
    # "February 1962"
    _rule("month_year", rf"\b{_MONTH},?\s+{_YEAR}"),
    # "August 10", "July 31 statement", "9 September at the Embassy": only with a known year
    _rule("month_day", rf"\b{_MONTH}\s+{_DAY}(?![:.]\d)(?!,?\s*\[?\d)", needs_year=True),
    _rule("day_month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?!,?\s*\[?\d)", needs_year=True),
]


def _month_number(text: str) -> int:
    key = text.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    if key in ROMAN_MONTHS:
        return ROMAN_MONTHS[key]
    return int(key)


def _hour24(hour: int, ampm: str) -> int:
    if ampm == "pm" and hour < 12:
        return hour + 12
    if ampm == "am" and hour == 12:
        return 0
    return hour


def _ampm(text: str | None) -> str:
    return (text or "").lower().replace(".", "").replace(" ", "")


def _start_ampm(groups: dict[str, str | None]) -> str:
    """The start time's am/pm: its own, else the range end's ("2:50-3:55pm"), unless it wraps noon."""
    own = _ampm(groups.get("ampm"))
    end = _ampm(groups.get("ampm2"))
    if own or not end or not groups.get("hour2"):
        return own
    start, stop = int(groups["hour"] or "0") % 12, int(groups["hour2"] or "0") % 12
    if end == "pm" and start > stop:  # "11:30-12:30pm", "11-1pm": the start is before noon
        return "am"
    return end


def _range_end(groups: dict[str, str | None], default_year: int | None) -> str | None:
    """The end of a printed range: the second day, or the second time on the same day."""
    if groups.get("day2"):
        return _iso({**groups, "day": groups["day2"], "hour": None}, default_year)
    if groups.get("hour2"):
        ampm = groups.get("ampm2") or groups.get("ampm")
        return _iso({**groups, "hour": groups["hour2"], "minute": groups.get("minute2"), "ampm": ampm,
                     "hour2": None, "ampm2": None}, default_year)
    return None


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
        hour = _hour24(int(groups["hour"] or "0"), _start_ampm(groups))
        minute = int(groups.get("minute") or "0")
        if hour > 23:
            return day.isoformat()
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00" + ("Z" if groups.get("zulu") else "")
    return day.isoformat()


def _is_clock(groups: dict[str, str | None]) -> bool:
    """A bare number is not a clock time ("No. 13, 21 May 1962"): it needs minutes or am/pm."""
    return bool(groups.get("minute") or groups.get("ampm") or groups.get("ampm2"))


def _capitalised_month(groups: dict[str, str | None]) -> bool:
    """Year-less dates need a capitalised month, so the verb "may" or "march" is never a date."""
    return (groups.get("month") or "a")[:1].isupper()


# strptime directives and the text each can match, for turning corpus formats into search patterns
_MONTH_NAMES = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DIRECTIVES = {
    "d": r"[0-3]?\d", "m": r"[01]?\d", "Y": r"\d{4}", "y": r"\d{2}", "B": _MONTH_NAMES, "b": _MONTH_ABBR,
    "H": r"[0-2]?\d", "I": r"[01]?\d", "M": r"[0-5]\d", "S": r"[0-5]\d", "p": r"(?:AM|PM)", "j": r"\d{1,3}",
    "A": r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", "a": r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)",
    "%": "%",
}


def format_pattern(fmt: str) -> re.Pattern[str] | None:
    """A search pattern for a strptime format (None if it uses a directive we cannot search for)."""
    out: list[str] = []
    position = 0
    while position < len(fmt):
        char = fmt[position]
        if char == "%":
            directive = fmt[position + 1: position + 2]
            if directive not in _DIRECTIVES:
                return None
            out.append(_DIRECTIVES[directive])
            position += 2
            continue
        out.append(r"\s+" if char.isspace() else re.escape(char))
        position += 1
    return re.compile(r"(?<![\w])" + "".join(out) + r"(?!\d)", re.IGNORECASE)


def _format_when(fmt: str, value: str) -> str | None:
    """The ISO value of `value` read with strptime format `fmt`, as precise as the format is."""
    try:
        parsed = datetime.strptime(value, fmt)
    except ValueError:
        return None
    if "%H" in fmt or "%I" in fmt:
        return parsed.strftime("%Y-%m-%dT%H:%M:%S")
    if "%d" in fmt or "%j" in fmt:
        return parsed.date().isoformat()
    if any(d in fmt for d in ("%m", "%B", "%b")):
        return parsed.strftime("%Y-%m")
    return parsed.strftime("%Y")


def _format_candidates(text: str, formats: Iterable[str]) -> list[DateMatch]:
    found: list[DateMatch] = []
    for fmt in formats:
        pattern = format_pattern(fmt)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            when = _format_when(fmt, match.group(0))
            if when:
                found.append(DateMatch(match.start(), match.end(), when, "extra_format"))
    return found


def find_dates(text: str, extra_formats: Iterable[str] = (), default_year: int | None = None) -> list[DateMatch]:
    """Every date in `text`, left to right, never overlapping (the longest match wins at a position)."""
    # Several stages ask about the same paragraph: the answer is memoised (a fresh list each time).
    return list(_find_dates(text, tuple(extra_formats), default_year))


def clear_date_memo() -> None:
    """Forget the memoised answers of `find_dates` (the encoder calls this after each document)."""
    _find_dates.cache_clear()


@lru_cache(maxsize=256)
def _find_dates(text: str, extra_formats: tuple[str, ...], default_year: int | None) -> tuple[DateMatch, ...]:
    candidates = _format_candidates(text, extra_formats)  # the corpus's own formats win ties
    if not _has_digit(text):  # every built-in rule needs a digit (day, year or hour)
        return _choose(candidates)
    # One cheap scan for what most rules need rules them out at once (after substring tests for the
    # century, which every printed year 1800-2099 holds).
    has_year = ("19" in text or "20" in text or "18" in text) and _YEAR_DIGITS_RE.search(text) is not None
    # The rules run on the lower-cased text (same length, same positions) when it answers as the
    # IGNORECASE patterns do (see read/caseless.py); the groups are then read from the printed text.
    # The lowered text, the month test and the rest are made when a rule first needs them (a text
    # without a year skips every rule unless a default year is given).
    folded: str | None = None
    lowered = False  # whether `folded` has been decided
    has_month: bool | None = None
    numeric: bool | None = None  # whether an all-numeric date may be printed
    starts: _Starts | None = None  # where matches can begin
    for rule in DATE_RULES:
        if rule.needs_year and default_year is None or rule.needs_printed_year and not has_year:
            continue
        if not lowered:
            folded, lowered = (fold(text) if plain_case(text) else None), True
        if rule.needs_month:
            if has_month is None:
                has_month = _MONTH_TEST.search(text) if folded is None else _MONTH_TEST.search_folded(folded)
            if not has_month:
                continue
        if folded is not None and rule.needs_any and not any(char in folded for char in rule.needs_any):
            continue
        if folded is not None and rule.numeric:
            if numeric is None:
                numeric = _NUMERIC_DATE_TEST.search(folded) is not None
            if not numeric:
                continue
        if folded is None or rule.lowered is None:
            matches: Iterable[re.Match[str]] = rule.pattern.finditer(text)
        elif rule.starts:
            if starts is None:
                starts = _Starts(folded)
            matches = _matches_from(rule.lowered, folded, starts.of(rule.starts))
        else:
            matches = rule.lowered.finditer(folded)
        for match in matches:
            groups = match.groupdict() if folded is None else _printed_groups(match, text)
            if groups.get("hour") and not _is_clock(groups):
                continue
            if rule.needs_year and not _capitalised_month(groups):
                continue
            # an impossible date ("30 February 1962") still claims its span, so that no shorter
            # reading ("February 1962") is taken from it; it is dropped below
            when = _iso(groups, default_year) or ""
            to = _range_end(groups, default_year) if when else None
            if when and groups.get("day2") and (to is None or to <= when):
                when = ""  # "August 21–20": not a range
            pieces = ((match.start(), match.end("month")), (match.start("rest"), match.end())) \
                if groups.get("rest") else ()
            candidates.append(DateMatch(match.start(), match.end(), when, rule.name, to, pieces))
    return _choose(candidates)


class _Starts:
    """Where in a lower-cased text a date rule's match can begin (issue 10): at the start of a run of
    digits (an hour, a day, a year), of a weekday or of a month name. Every rule opens with `\\b` or a
    lookbehind that rules out a digit before it, so no match begins inside a word or a run of digits.
    Found with two scans that skip ahead; a rule is then tried at these positions only (a few per
    paragraph) instead of at every character."""

    __slots__ = ("by_kind", "merged")

    def __init__(self, folded: str) -> None:
        self.by_kind: dict[str, list[int]] = {"digit": [m.start() for m in _DIGIT_RUN_RE.finditer(folded)],
                                              "weekday": [], "month": []}
        for match in _NAME_START_RE.finditer(folded):
            self.by_kind["weekday" if match.group() in _WEEKDAY_STARTS else "month"].append(match.start())
        self.merged: dict[tuple[str, ...], list[int]] = {}

    def of(self, kinds: tuple[str, ...]) -> list[int]:
        if len(kinds) == 1:
            return self.by_kind[kinds[0]]
        if kinds not in self.merged:
            self.merged[kinds] = sorted(position for kind in kinds for position in self.by_kind[kind])
        return self.merged[kinds]


def _matches_from(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` when every match begins at one of `starts` (ascending): the leftmost match
    at or after the previous one's end, tried at those positions only (`match` at a position is what a
    search finds there; the lookbehinds and `\\b` still see the text before it). No rule matches empty."""
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match is not None:
                end = match.end()
                yield match


def _has_digit(text: str) -> bool:
    """`_DIGIT_RE.search(text)`: in ASCII text by substring tests (each a C search that skips ahead; the
    class scan tests every character), else by the pattern (`\\d` is any Unicode digit)."""
    if not text.isascii():
        return _DIGIT_RE.search(text) is not None
    for digit in "0123456789":
        if digit in text:
            return True
    return False


def _printed_groups(match: re.Match[str], text: str) -> dict[str, str | None]:
    """A match's named groups as printed (the match was made on the lower-cased text)."""
    groups: dict[str, str | None] = {}
    for name, value in match.groupdict().items():
        if value is None:
            groups[name] = None
        else:
            start, end = match.span(name)
            groups[name] = text[start:end]
    return groups


def _choose(candidates: list[DateMatch]) -> tuple[DateMatch, ...]:
    """The leftmost-longest non-overlapping candidates that are real dates."""
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[DateMatch] = []
    for candidate in candidates:
        if chosen and candidate.start < chosen[-1].end:
            continue
        chosen.append(candidate)
    return tuple(match for match in chosen if match.when)


_DIGIT_RE = re.compile(r"\d")
_MONTH_RE = re.compile(_MONTH, re.IGNORECASE)
# the same question asked of the lower-cased text (an IGNORECASE scan cost more than the rules it guards)
_MONTH_TEST = CaselessPattern(_MONTH, _MONTH.replace("(?P<month>", "(?:").lower(),
                              ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
_YEAR_DIGITS_RE = re.compile(r"(?:1[89]|20)\d\d")  # what `_YEAR` needs, without its lookarounds
_DIGIT_RUN_RE = re.compile(r"\d+")
# the first three letters of every weekday and month name `_WEEKDAY` and `_MONTH` accept (lower case)
_WEEKDAY_STARTS = frozenset(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
_MONTH_STARTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NAME_START_RE = re.compile("|".join(sorted(_WEEKDAY_STARTS) + list(_MONTH_STARTS)))
# What every match of the four all-numeric rules holds (in the lower-cased text), without their leading
# lookbehinds, which keep the engine from skipping ahead to a digit: a digit, then `-MM-` (iso) or a dot,
# a month in digits or Roman numerals and another dot before the next number (the dotted forms).
_NUMERIC_DATE_TEST = re.compile(r"\d(?:-[01]\d-|\.\s?(?:[01]?\d|[ivx]+)\.\s?\d)")


_WHOLE_STRIP = " \t\r\n*_.,;:"
_YEAR_ONLY = re.compile(r"\[?(1[89]\d\d|20\d\d)\]?")
_ISO_MONTH = re.compile(r"(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])")


def parse_date(text: str, extra_formats: Iterable[str] = (), default_year: int | None = None) -> str | None:
    """The ISO form of a string that is wholly a date: a header value ("February 15, 1962", "1962",
    "February 1962"). Unlike `find_dates` it accepts a bare year, since the whole value is the date."""
    stripped = text.strip(_WHOLE_STRIP)
    for fmt in extra_formats:
        when = _format_when(fmt, stripped)
        if when:
            return when
    year = _YEAR_ONLY.fullmatch(stripped)
    if year:
        return year.group(1)
    month = _ISO_MONTH.fullmatch(stripped)
    if month:
        return stripped
    found = find_dates(stripped, (), default_year)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
        return found[0].when
    return None


DateFinder = Callable[[str], list[DateMatch]]
