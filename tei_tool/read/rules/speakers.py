"""Speaker-label rules: where a turn's label is, and what name, title and alias it carries.

A label is a short run of capitalised words, bracket groups and parentheses at the start of a
paragraph, ended by a colon (or by a full stop right after an alias declaration). The checks are
small named functions so that a false label ("The reason is:") can be traced to the rule that let it
through.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tei_tool.read.lexicon import PRONOUNS, TITLE_WORDS
from tei_tool.read.rules.header import header_label

_TOKEN = r"(?:\[[^\]\n]{0,80}\]|\([^)\n]{0,80}\)|[^\s:：\[\]()]+)"
# a colon and a space, or a full-width colon (CJK typesetting runs the speech on without a space)
LABEL_RE = re.compile(rf"^(?P<label>{_TOKEN}(?:[ \u00a0]+{_TOKEN}){{0,14}}?)[ \u00a0]*(?P<term>:(?=\s|$)|：)")
ALIAS_LABEL_RE = re.compile(
    rf"^(?P<label>{_TOKEN}(?:[ \u00a0]+{_TOKEN}){{0,10}}?[ \u00a0]*\((?:[^)\n]*?)(?:abbreviat|hereafter|hereinafter)"
    rf"[^)\n]*\))[ \u00a0]*(?P<term>[.:])(?=\s|$)",
    re.IGNORECASE,
)

CONNECTORS = frozenset("of for the and de du van von la le to in on at al el bin".split())
NOT_LABELS = frozenset(
    "note notes summary citation subject cc cc. copies distribution contents credits original language "
    "answer question reply comment comments attachment enclosure ps p.s. nb n.b. re from to date time "
    "place location agenda item items conclusion result results example remark remarks source".split()
)

LabelCheck = Callable[[list[str]], bool]


_GROUPS_RE = re.compile(r"\[[^\]]*\]|\([^)]*\)")


def _words(label: str) -> list[str]:
    """The label's words outside brackets and parentheses."""
    bare = _GROUPS_RE.sub(" ", label)
    return [w for w in bare.replace("\u00a0", " ").split() if w]


def has_words(words: list[str]) -> bool:
    """At least one word, at most eight (titles included)."""
    return 1 <= len(words) <= 8


def starts_like_a_name(words: list[str]) -> bool:
    """The first word is capitalised and not a pronoun or sentence opener."""
    first = words[0].strip("*")
    return first[:1].isupper() and first.lower() not in PRONOUNS and first.lower() not in NOT_LABELS


def words_are_capitalised(words: list[str]) -> bool:
    """Every word is capitalised, a connector inside a title ("Minister of Foreign Affairs"), or an initial."""
    for index, word in enumerate(words):
        bare = word.strip("*").strip(",")
        if not bare:
            continue
        if bare[:1].isupper() or bare.lower() in ("d’affaires", "d'affaires"):
            continue
        if bare.lower() in CONNECTORS and 0 < index < len(words) - 1:
            continue
        return False
    return True


def has_no_digits(words: list[str]) -> bool:
    """No numbers (times, dates, list numbers) outside brackets."""
    return not any(ch.isdigit() for w in words for ch in w)


def not_a_header_label(words: list[str]) -> bool:
    """`Time:`, `Our side:`, `CC:` are header fields, not speakers."""
    label = " ".join(words)
    return header_label(label + ":") is None and label.lower().strip("*") not in NOT_LABELS


def not_only_common_words(words: list[str]) -> bool:
    """A label names someone: it is not made only of words like "The", "Our", "Soviet"."""
    return any(w.lower().strip("*.,") not in CONNECTORS for w in words)


LABEL_CHECKS: list[LabelCheck] = [
    has_words,
    starts_like_a_name,
    words_are_capitalised,
    has_no_digits,
    not_a_header_label,
    not_only_common_words,
]


BOLD_LABEL_RE = re.compile(r"^\*\*(?P<inner>[^*\n]{1,100}?[:.])\*\*(?=\s|$)")


def _label_marks(text: str) -> tuple[bool, bool]:
    """Whether the first line holds a colon (`:` or `：`), which `LABEL_RE` needs, and a parenthesis,
    which `ALIAS_LABEL_RE` needs (issue 10: most paragraphs have neither, and no label pattern crosses
    a line break): a pattern whose mark is missing is not asked."""
    end = text.find("\n")
    if end < 0:
        end = len(text)
    return text.find(":", 0, end) >= 0 or text.find("：", 0, end) >= 0, text.find("(", 0, end) >= 0


def find_label(text: str) -> tuple[int, int] | None:
    """(label end, content start) offsets within a paragraph's text when it opens with a speaker label.

    The label end includes the terminator (colon or full stop) and, for a markdown label
    (`**Liu:**`), the closing asterisks; None when no label rule accepts it. (Not memoised: measured,
    a memo saved 15 % of this function on the corpus but made 4x the turns cost 4.5x instead of 4.1x.)
    """
    colon, parenthesis = _label_marks(text)
    if not colon and not parenthesis:
        return None
    bold = BOLD_LABEL_RE.match(text)
    if bold:
        inner = find_label(bold.group("inner"))
        if inner is not None and inner[0] == len(bold.group("inner")):
            end = bold.end()
            content = end
            while content < len(text) and text[content] in " \u00a0\t":
                content += 1
            return end, content
    for pattern in (ALIAS_LABEL_RE, LABEL_RE):
        if not (parenthesis if pattern is ALIAS_LABEL_RE else colon):
            continue
        match = pattern.match(text)
        if not match:
            continue
        label = match.group("label")
        words = _words(label)
        if label.lstrip().startswith("[") and not words:
            continue
        if words and all(check(words) for check in LABEL_CHECKS):
            content_start = match.end()
            while content_start < len(text) and text[content_start] in " \u00a0\t":
                content_start += 1
            return match.end(), content_start
    return None


def strip_titles(name: str, extra_titles: frozenset[str] = frozenset()) -> tuple[list[str], str]:
    """Split "Minister of Foreign Affairs Pak Seong-cheol" into (title words, "Pak Seong-cheol")."""
    words = name.replace("\u00a0", " ").split()
    titles: list[str] = []
    titles_lower = TITLE_WORDS | extra_titles if extra_titles else TITLE_WORDS  # no copy of the 119 words
    while words and (words[0].lower().strip(",") in titles_lower or words[0].lower() in CONNECTORS
                     or (words[0][:1].islower() and any(w[:1].isupper() for w in words[1:]))):
        titles.append(words.pop(0))
    while titles and titles[-1].lower() in CONNECTORS:  # "Chairman of" + "the X"? keep the name whole
        words.insert(0, titles.pop())
    return titles, " ".join(words).strip(" ,")
