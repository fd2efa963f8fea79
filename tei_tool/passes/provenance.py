"""Who stands behind the text and its brackets, as far as the document itself says.

Nothing is invented: a translation is a translation only when the document says so (a "translated by"
credit, an original language other than English, "English Translation"); a document published in a
series whose editors add the brackets (FRUS) is recognised by what the series prints, from the data
table `SOURCE_SERIES`, which a corpus can extend. When nothing is said, the header says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tei_tool.read.caseless import CaselessPattern, lower_literals
from tei_tool.read.literal import required_literal


@dataclass(frozen=True)
class SourceSeries:
    """A publication series recognised by what its pages print."""

    name: str  # the series as a reader names it
    publisher: str  # who publishes the series (the source's publisher, for sourceDesc)
    editors: str  # who writes the brackets and notes of its documents
    signals: tuple[str, ...]  # regexes (multiline); one match is enough
    language: str = ""  # ISO code of the documents' language when the series publishes originals


SOURCE_SERIES: tuple[SourceSeries, ...] = (
    SourceSeries(
        name="Foreign Relations of the United States",
        publisher="Office of the Historian, U.S. Department of State",
        editors="the editors of Foreign Relations of the United States (Office of the Historian)",
        signals=(r"Foreign Relations of the United States", r"history\.state\.gov",
                 r"^\s*1\s+Source:\s", r"\[Page \d+\]"),
        language="en",
    ),
    SourceSeries(
        name="Wilson Center Digital Archive",
        publisher="History and Public Policy Program, Wilson Center",
        editors="",
        signals=(r"digitalarchive\.wilsoncenter\.org", r"History and Public Policy Program Digital Archive",
                 r"\bWilson Center Digital Archive\b"),
    ),
)

TRANSLATION_RE = re.compile(r"\bEnglish Translation\b|\btranslated (?:for \S+ )?by\b", re.IGNORECASE)
# the same question asked of the lower-cased transcript (read/caseless.py): one IGNORECASE scan of the
# whole text cost more than the rest of the pass
_TRANSLATION_TEST = CaselessPattern(TRANSLATION_RE.pattern, lower_literals(TRANSLATION_RE.pattern),
                                    ("english translation", "translated "))


def series_from_config(entries: list[dict[str, object]]) -> tuple[SourceSeries, ...]:
    """The corpus's own series (tei.yaml rules.source_series), checked before the built-in ones."""
    out = []
    for entry in entries:
        signals = entry.get("signals")
        out.append(SourceSeries(str(entry.get("name", "")), str(entry.get("publisher", "")),
                                str(entry.get("editors", "")),
                                tuple(str(s) for s in signals) if isinstance(signals, list) else (),
                                str(entry.get("language", ""))))
    return tuple(out)


def find_series(text: str, series: tuple[SourceSeries, ...] = SOURCE_SERIES) -> SourceSeries | None:
    """The first series whose signals the transcript prints."""
    for entry in series:
        if any(_signal_found(signal, text) for signal in entry.signals):
            return entry
    return None


_SIGNALS: dict[str, tuple[str, re.Pattern[str]]] = {}


def _signal_found(signal: str, text: str) -> bool:
    """re.search(signal, text, re.MULTILINE), asked first as a substring test of the text the signal
    needs (read/literal.py): a signal like `\\bWilson Center…` is otherwise tried at every position."""
    known = _SIGNALS.get(signal)
    if known is None:
        known = _SIGNALS[signal] = (required_literal(signal, re.MULTILINE), re.compile(signal, re.MULTILINE))
    literal, pattern = known
    if literal and literal not in text:
        return False
    return pattern.search(text) is not None


def is_translation(text: str, translators: list[str], original_language: str) -> bool:
    """Only what the document states: a translator credit, or an original language other than English."""
    if translators or _TRANSLATION_TEST.search(text):
        return True
    return bool(original_language) and original_language.strip().lower() != "english"
