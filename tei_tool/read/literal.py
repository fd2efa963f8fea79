"""The longest piece of plain text every match of a regular expression contains (issue 10).

A pattern that starts with `\\b`, `^` or `\\s*` gives the regex engine no literal prefix to skip ahead
with, so it is tried at every position of the text; `literal in text` (a C substring search) answers
first whether it can match at all. The piece is read from the parsed pattern: consecutive literal
characters at its top level, where every item is required (no alternation, no optional group).
"""

from __future__ import annotations

import re
from re import _parser  # type: ignore[attr-defined]

_LITERAL = _parser.LITERAL
_SKIPPABLE = frozenset({_parser.AT})  # zero-width assertions (\b, ^, $) do not break a run's requirement


def required_literal(pattern: str, flags: int = 0) -> str:
    """The longest run of literal characters every match of `pattern` contains ("" when none is sure).

    Only the top level is read, and only patterns without case folding or verbose syntax."""
    if flags & (re.IGNORECASE | re.VERBOSE):
        return ""
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:
        return ""
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):  # inline (?i) / (?x)
        return ""
    best, run = "", []
    for op, argument in parsed:
        if op is _LITERAL:
            run.append(chr(argument))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
        if op in _SKIPPABLE:
            continue
    if len(run) > len(best):
        best = "".join(run)
    return best
