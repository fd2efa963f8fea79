"""Meeting-header rules: `Time:`, `Place:`, attendance by side, interpreter, recorder, subject.

Each entry maps a label pattern to the header kind it introduces. Labels are matched at the start of
a line (markdown bold and leading brackets allowed); the first entry that matches wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class HeaderLabel:
    kind: str  # time | place | participants | interpreter | recorder | subject | addressee | sender | occasion
    pattern: re.Pattern[str]
    role: str = ""  # person role for the names listed under this label


def _label(kind: str, words: str, role: str = "") -> HeaderLabel:
    return HeaderLabel(kind, re.compile(rf"(?:{words})", re.IGNORECASE), role)


HEADER_LABELS: list[HeaderLabel] = [
    _label("time", r"date and time|time and date|time|date|when"),
    _label("place", r"place|location|venue|where"),
    _label("interpreter", r"interpreters?|translators?|interpretation|interpreted by", "interpreter"),
    _label("recorder", r"recorders?|documentation|note-?takers?|recorded by|minutes taken by|record(?:ed)? by|"
                       r"prepared by|drafted by", "recorder"),
    _label("participants", r"participants|present|attendees|attendance|those (?:in attendance|present)|"
                           r"persons? attending(?: the meeting)?|also present|in attendance|"
                           r"(?:[\w.’'\-]+ ){1,2}participants", "participant"),
    _label("participants", r"accompanying (?:persons?|personnel|officials|staff)|accompanied by|"
                           r"foreign guests|guests", "accompanying"),
    _label("participants", r"(?:[\w\[\]’'.\- ]{1,30}\s)?side", "participant"),
    _label("subject", r"subject|subj\.|re|topic|regarding"),
    _label("addressee", r"to|\[to\]|addressee|recipients?"),
    _label("sender", r"from|sender"),
    _label("occasion", r"occasion|event"),
    # Fields of cables, catalogue records and PDF covers: metadata, never speakers.
    _label("field", r"title|author|archival signature|signature|sent to|sent|approved by|level|dispatch no\.?|"
                    r"copied to|copy to|classification|drafted by|cleared by|telegram no\.?|cable no\.?|"
                    r"file no\.?|reference|ref\.?|priority|precedence|received|date received|distribution"),
]

# Every entry's pattern as one alternative (`e0`, `e1`, …, in the table's order): a full match takes the
# first alternative that matches the whole label, which is the first entry that would (one call, not 12).
_ANY_LABEL = re.compile("|".join(f"(?P<e{index}>{entry.pattern.pattern})" for index, entry in enumerate(HEADER_LABELS)),
                        re.IGNORECASE)

LABEL_LINE_RE = re.compile(r"^(?P<pre>\*\*)?(?P<label>[^:\n]{1,48}?)(?P<post>\*\*)?\s*:(?:\*\*)?(?=\s|$)")


def header_label(line: str) -> tuple[HeaderLabel, int] | None:
    """The header label a stripped line starts with and the offset just after its colon, or None."""
    if ":" not in line:  # the pattern needs its colon: most lines have none, and a test skips ahead
        return None
    match = LABEL_LINE_RE.match(line)
    if not match:
        return None
    label = match.group("label").strip().strip("*").strip()
    entry = _ANY_LABEL.fullmatch(label)
    if entry is None:
        return None
    return HEADER_LABELS[int(str(entry.lastgroup)[1:])], match.end()


CLASSIFICATION_RE = re.compile(
    r"(?:[\w ]{0,40}\b)?(?:top secret|secret|confidential|classified|restricted|for official use only|"
    r"strictly confidential|eyes only|unclassified)(?:\b[\w /\-]{0,40})?[!.]?",
    re.IGNORECASE,
)


def is_classification(line: str) -> bool:
    """`Top Secret!`, `confidential`, `Foreign Ministry Top Secret File`: a short security marking."""
    return len(line) <= 60 and bool(CLASSIFICATION_RE.fullmatch(line)) and len(line.split()) <= 6
