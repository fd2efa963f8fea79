"""Header fields of `tei eval`: title, date, summary, citation, footnote bodies, and the layout.

Each field is read from the TEI construct docs/tei-mapping.md promises and compared with the gold
field the shared transcripts' README defines (`title`, `date`, `header.summary`, `header.citation`,
`footnotes`). A single-valued field counts GROBID-style: a right value is a true positive, a wrong
value is both a false positive and a false negative, a value where the gold has none is a false
positive. Strict compares exact strings (and the exact footnote label, `1.` is not `1`); lenient
folds case, quotes, dashes and spacing, reads labels by their number, and accepts the competing
dates a gold file lists when it marks its date uncertain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from tei_tool import TEI_NS
from tei_tool.tei.textback import inline_text

T = f"{{{TEI_NS}}}"
HEADER_FIELDS = ("title", "date", "summary", "citation", "footnotes")
SINGLE_FIELDS = ("title", "date", "summary", "citation")
# gold keys naming a competing date, accepted by the lenient mode when `date_uncertain` is set
ALTERNATIVE_DATES = ("conversation_date", "signed_date")

TextMatch = Callable[[str, str, str], bool]
StartsWith = Callable[[str, str, str], bool]


@dataclass(frozen=True)
class Verdict:
    """One single-valued field of one document: what the gold wants, what the TEI says."""

    gold: bool  # the gold has a value
    found: bool  # the TEI has a value
    right: bool  # the TEI value matches a gold value

    @property
    def counts(self) -> tuple[int, int, int]:
        """(tp, fp, fn)."""
        return int(self.right), int(self.found and not self.right), int(self.gold and not self.right)

    @property
    def mark(self) -> str:
        """ok, MISS (nothing found), WRONG (another value), EXTRA (a value the gold does not have), -."""
        if self.right:
            return "ok"
        if self.gold:
            return "WRONG" if self.found else "MISS"
        return "EXTRA" if self.found else "-"


def _clean(text: str) -> str:
    return text.strip()


def header_title(root: etree._Element) -> str | None:
    """The main title of the header (the first `titleStmt/title`)."""
    title = root.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title")
    value = _clean(inline_text(title)) if title is not None else ""
    return value or None


def header_date(root: etree._Element) -> str | None:
    """The document's date: `creation/date` @when, else the start of a range (@from, @notBefore)."""
    date = root.find(f"{T}teiHeader/{T}profileDesc/{T}creation//{T}date")
    if date is None:
        return None
    for attribute in ("when", "from", "notBefore"):
        if date.get(attribute):
            return date.get(attribute)
    return None


def header_summary(root: etree._Element) -> str | None:
    abstract = root.find(f"{T}teiHeader//{T}abstract")
    if abstract is None:
        return None
    paragraphs = [inline_text(p) for p in abstract if isinstance(p.tag, str)] or [inline_text(abstract)]
    value = _clean("\n\n".join(paragraphs))
    return value or None


def header_citations(root: etree._Element) -> list[str]:
    return [_clean(inline_text(b)) for b in root.iterfind(f"{T}teiHeader//{T}bibl[@type='citation']")
            if _clean(inline_text(b))]


def header_layout(root: etree._Element) -> str | None:
    """The layout the encoder says it read (`teiHeader//*[@type='layout']`): its text, else @n or @value."""
    for element in root.iterfind(f"{T}teiHeader//*[@type='layout']"):
        value = " ".join(inline_text(element).split()) or element.get("n") or element.get("value") or ""
        if value:
            return value
    return None


@dataclass(frozen=True)
class Footnote:
    label: str
    text: str


def text_footnotes(root: etree._Element) -> list[Footnote]:
    """Footnote bodies in the text: `note[@type='footnote']` with the printed label in @n (or a `label`)."""
    found = []
    text = root.find(f"{T}text")
    if text is None:
        return []
    for note in text.iter(f"{T}note"):
        if note.get("type") != "footnote":
            continue
        label_element = note.find(f"{T}label")
        label = note.get("n") or (inline_text(label_element) if label_element is not None else "")
        body = "".join(inline_text(child) + (child.tail or "") if child is not label_element else (child.tail or "")
                       for child in note)
        body = (note.text or "") + body
        found.append(Footnote(label.strip(), body.strip()))
    return found


def _number(label: str) -> str:
    """A footnote label read leniently: its digits or letters without the punctuation (`1.` -> `1`)."""
    return re.sub(r"[^\w*†‡§]", "", label).casefold()


def _gold_titles(gold: dict[str, Any]) -> list[str]:
    """The title, its variants (the heading, the page title) and its normalised form.

    `title_as_written` is not a right answer: it keeps what the header must drop (a FRUS document
    number, a glued footnote number, a line break)."""
    values = [gold.get("title"), gold.get("title_normalised"), *(gold.get("title_variants") or [])]
    return [v for v in values if isinstance(v, str) and v.strip()]


def _gold_dates(gold: dict[str, Any], mode: str) -> set[str]:
    dates = {str(gold["date"])} if gold.get("date") else set()
    if mode == "lenient" and gold.get("date_uncertain"):
        dates |= {str(gold[key]) for key in ALTERNATIVE_DATES if gold.get(key)}
    return dates


def _gold_header(gold: dict[str, Any], key: str) -> str | None:
    header = gold.get("header")
    value = header.get(key) if isinstance(header, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def single_verdicts(gold: dict[str, Any], root: etree._Element, mode: str,
                    text_matches: TextMatch) -> dict[str, Verdict]:
    """Title, date, summary and citation of one document under `mode`."""
    verdicts: dict[str, Verdict] = {}
    titles = _gold_titles(gold)
    title = header_title(root)
    verdicts["title"] = Verdict(bool(titles), title is not None,
                                title is not None and any(text_matches(t, title, mode) for t in titles))
    dates = _gold_dates(gold, mode)
    when = header_date(root)
    verdicts["date"] = Verdict(bool(dates), when is not None, when is not None and when[:10] in dates)
    summary_gold, summary = _gold_header(gold, "summary"), header_summary(root)
    verdicts["summary"] = Verdict(summary_gold is not None, summary is not None,
                                  summary is not None and summary_gold is not None
                                  and text_matches(summary_gold, summary, mode))
    citation_gold, citations = _gold_header(gold, "citation"), header_citations(root)
    verdicts["citation"] = Verdict(citation_gold is not None, bool(citations),
                                   citation_gold is not None and any(text_matches(citation_gold, c, mode)
                                                                     for c in citations))
    return verdicts


def footnote_pairs(gold: dict[str, Any], root: etree._Element, mode: str,
                   starts_with: StartsWith) -> tuple[int, int, int]:
    """(tp, fp, fn) of footnote bodies: a gold note is found when a note has its label and opening words."""
    wanted = [f for f in gold.get("footnotes") or [] if isinstance(f, dict) and f.get("text_starts")]
    notes = text_footnotes(root)
    used: set[int] = set()
    for entry in wanted:
        label = str(entry.get("label") or "")
        for index, note in enumerate(notes):
            if index in used:
                continue
            same_label = note.label == label if mode == "strict" else _number(note.label) == _number(label)
            if same_label and starts_with(note.text, str(entry["text_starts"]), mode):
                used.add(index)
                break
    return len(used), len(notes) - len(used), len(wanted) - len(used)
