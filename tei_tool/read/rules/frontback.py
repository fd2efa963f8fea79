"""Rules for the metadata printed around a record: date line, title, credits, citation, summary,
field labels, document information, source line, rights statement, footer values, footnotes.

Front rules look at one unit (a line or paragraph) before the record; back rules at one paragraph
after it. Each returns the block kind it recognises or None.
"""

from __future__ import annotations

import re

from tei_tool.read.caseless import CaselessPattern, plain_case
from tei_tool.read.lexicon import DOCUMENT_TYPES

CREDITS_RE = re.compile(
    r"(?:\*\*)?this document was made possible with support from (?:the )?(?P<funders>.+?)(?:\*\*)?\.?$",
    re.IGNORECASE)
FIELD_LABEL_RE = re.compile(
    r"(?:\*\*)?(?P<label>citation|summary|credits|original language|contents|original archive|source|"
    r"record type|document type|description|abstract|translated by|document information|rights|"
    r"how to cite|cite this document)\s*:?\s*(?:\*\*)?",
    re.IGNORECASE,
)
FILE_NUMBER_RE = re.compile(r"\d{3}\.\d{2,}[^\n]{0,60}?/\d[\d\-–—]*\d(?::\s*(?P<type>[A-Z][\w ]+))?")
DOCUMENT_NUMBER_RE = re.compile(r"(?:No\.|Document|Doc\.)\s*\d{1,5}\.?", re.IGNORECASE)
RIGHTS_RE = re.compile(
    r"welcomes reuse|copyright|rights status|permission for commercial use|all rights reserved|"
    r"creative commons|licen[cs]ed under|public domain",
    re.IGNORECASE,
)
SOURCE_LINE_RE = re.compile(r"\b(?:obtained (?:and translated )?(?:by|for)|translated (?:by|for)|"
                            r"contributed by|donated by)\b", re.IGNORECASE)
FOOTNOTE_LINE_RE = re.compile(r"^\s+(?P<n>\d{1,3})\.\s+\S")
LETTER_SPACED_RE = re.compile(r"(?:\w ){2,}\w")

FIELD_KINDS = {
    "citation": "citation", "summary": "summary", "credits": "credits", "original language": "language",
    "contents": "contents", "original archive": "archive", "source": "source", "record type": "record-type",
    "document type": "record-type", "description": "summary", "abstract": "summary",
    "translated by": "translation", "document information": "source", "rights": "rights",
    "how to cite": "citation", "cite this document": "citation",
}


_MARKDOWN_HEADING_RE = re.compile(r"#{1,6}\s+")
_QUOTE_START_RE = re.compile(r"[“\"]")
_CITATION_SOURCE_RE = re.compile(r"digital archive|archive|wilson center|history and public policy", re.IGNORECASE)


def unbold(text: str) -> str:
    """The text without markdown formatting around it (`**…**`, `## …`)."""
    text = text.strip()
    heading = _MARKDOWN_HEADING_RE.match(text)
    if heading:
        text = text[heading.end():].strip()
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        return text[2:-2].strip()
    return text


def field_label(text: str) -> str | None:
    """The field kind when the unit is a field label alone ("**Summary:**", "Document Information")."""
    match = FIELD_LABEL_RE.fullmatch(text.strip())
    return FIELD_KINDS[match.group("label").lower()] if match else None


def is_citation(text: str) -> bool:
    """A citation: opens with a quoted title and names an archive or a digital archive."""
    return bool(_QUOTE_START_RE.match(text.strip())) and bool(_CITATION_SOURCE_RE.search(text))


def credits_funders(text: str) -> list[str] | None:
    match = CREDITS_RE.fullmatch(text.strip())
    if not match:
        return None
    return [f.strip() for f in re.split(r",\s*|\s+and\s+(?=the\s|[A-Z])", match.group("funders")) if f.strip()]


def is_file_number(text: str) -> bool:
    return bool(FILE_NUMBER_RE.fullmatch(text.strip()))


def is_document_number(text: str) -> bool:
    return bool(DOCUMENT_NUMBER_RE.fullmatch(text.strip()))


# RIGHTS_RE asked of the lower-cased text: its phrases are plain words (see read/caseless.py)
_RIGHTS_TEST = CaselessPattern(RIGHTS_RE.pattern, RIGHTS_RE.pattern, (
    "welcomes reuse", "copyright", "rights status", "permission for commercial use", "all rights reserved",
    "creative commons", "licen", "public domain"))


def is_rights(text: str) -> bool:
    return _RIGHTS_TEST.search(text)


def is_source_line(text: str) -> bool:
    return bool(SOURCE_LINE_RE.search(text))


def document_type(text: str) -> str | None:
    """The record type when a line is exactly a document-type name ("Minutes of Conversation")."""
    stripped = text.strip().rstrip(".")
    for name in DOCUMENT_TYPES:
        if stripped.lower() == name.lower():
            return name
    return None


def document_type_in(title: str) -> str | None:
    """The document type a title names ("Record of Conversation between ..." -> that)."""
    best = None
    folded = title.lower() if plain_case(title) else None  # a name not in it cannot match (read/caseless.py)
    for name in DOCUMENT_TYPES:
        if folded is not None and name.lower() not in folded:
            continue
        match = re.search(rf"\b{re.escape(name)}\b", title, re.IGNORECASE)
        if match and (best is None or len(name) > len(best[0])):
            best = (name, match.start())
    return best[0] if best else None


def is_footnote_section(lines: list[str]) -> bool:
    """Every line is an indented numbered note ("  1. This telegram was not received ...")."""
    return bool(lines) and all(FOOTNOTE_LINE_RE.match(line) for line in lines)


def is_letter_spaced(text: str) -> bool:
    """`N o t e`: a heading printed with spaced letters."""
    return bool(LETTER_SPACED_RE.fullmatch(text.strip()))
