"""The intermediate document model: what the encoder recognised, each node with its source span.

Stages fill it in order (blocks, inline marks, document passes); `tei/render.py` maps it to TEI.
Node kinds are one enumeration, `NodeKind`: semantic ("supplied", "variant", "omission"), never TEI
element names; the TEI mapping of each kind lives in one place, `tei/mapping.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from tei_tool.read.source import Span


class NodeKind(str, Enum):
    """Every kind of block and inline node. A member is its string value in every respect (comparison,
    hashing, formatting), so tables keyed by the value and messages that print it keep working; a
    node built with a kind that is not here fails at once instead of rendering as nothing."""

    __hash__ = str.__hash__
    __str__ = str.__str__
    __format__ = str.__format__  # type: ignore[assignment]

    # blocks: the metadata before and after the record
    DATE_LINE = "date_line"
    TITLE = "title"
    FIELD = "field"
    CITATION = "citation"
    SUMMARY = "summary"
    CREDITS = "credits"
    FILE_NUMBER = "file_number"
    DOCUMENT_NUMBER = "document_number"
    SOURCE = "source"
    RIGHTS = "rights"
    RECORD_TYPE = "record_type"
    FUNDER = "funder"
    FOOTER = "footer"
    FOOTNOTES = "footnotes"
    FOOTNOTE = "footnote"
    # blocks: the record
    HEADING = "heading"
    HEADER_LINE = "header_line"
    HEADER_VALUE = "header_value"
    TURN = "turn"
    PARAGRAPH = "paragraph"
    NARRATIVE = "narrative"
    NOTE_BLOCK = "note_block"
    DISTRIBUTION = "distribution"
    DISTRIBUTION_ITEM = "distribution_item"
    # inline: text and layout
    TEXT = "text"
    LINEBREAK = "linebreak"
    PAGEBREAK = "pagebreak"
    BOLD = "bold"
    UNMATCHED = "unmatched"
    PARENTHETICAL = "parenthetical"
    # inline: what a bracket or parenthesis group is
    SUPPLIED = "supplied"
    REFERENT = "referent"  # `his [Khrushchev’s]`: the editor's gloss naming whom a pronoun means
    VARIANT = "variant"
    TRANSLATOR_NOTE = "translator_note"
    EDITORIAL_NOTE = "editorial_note"
    SIC = "sic"
    ARTEFACT = "artefact"
    STATUS_NOTE = "status_note"
    CORRECTION_NOTE = "correction_note"
    ALIAS = "alias"
    STAGE = "stage"
    OMISSION = "omission"
    FOOTNOTE_REF = "footnote_ref"
    # inline: what the document passes mark
    PERSON = "person"
    ORG = "org"
    PLACE = "place"
    DATE = "date"
    ARCHIVAL_ID = "archival_id"
    MEASURE = "measure"
    TITLE_WORDS = "title_words"


# What a node without children or info holds: one shared, read-only empty value, not a new list and
# dict per node (text nodes are most of a document's nodes). A pass that adds a value assigns a new dict.
NO_CHILDREN: tuple[Inline, ...] = ()
NO_INFO: Mapping[str, str] = MappingProxyType({})


@dataclass(slots=True, init=False)
class Inline:
    """A run of text or a marked thing inside a block.

    `kind == "text"` nodes carry `text`; every other kind has `children` (its content without the
    delimiters) and `info` (kind-specific values: reason, quantity, unit, when, ref, ...).
    `delim` records the printed delimiters: "brackets", "parentheses", "bold", "h1".."h6" (a
    markdown heading) or "".
    """

    kind: NodeKind
    span: Span
    text: str
    children: Sequence[Inline]
    info: Mapping[str, str]
    delim: str

    def __init__(self, kind: NodeKind | str, span: Span, text: str = "", children: Sequence[Inline] = NO_CHILDREN,
                 info: Mapping[str, str] = NO_INFO, delim: str = "") -> None:
        # the enum's own call costs more than the node's creation
        self.kind = kind if type(kind) is NodeKind else NodeKind(kind)
        self.span = span
        self.text = text
        self.children = children or NO_CHILDREN  # an empty list given is not kept: the shared one is
        self.info = info or NO_INFO
        self.delim = delim

    def plain(self) -> str:
        """The characters as printed, delimiters included (for messages and matching)."""
        if self.kind == "text":
            return self.text
        if self.kind == "linebreak":
            return "\n"
        inner = "".join(child.plain() for child in self.children)
        if self.kind == "pagebreak" and self.delim == "brackets":
            return f"[{self.info.get('printed', '')}]"
        if self.delim.startswith("h") and self.delim[1:].isdigit():
            return "#" * int(self.delim[1:]) + " " + inner
        return {"brackets": f"[{inner}]", "parentheses": f"({inner})", "bold": f"**{inner}**"}.get(
            self.delim, inner
        )


def plain_text(nodes: Sequence[Inline]) -> str:
    return "".join(node.plain() for node in nodes)


def printed_text(nodes: Sequence[Inline]) -> str:
    """The text as printed, brackets and parentheses included, without footnote numbers and page
    breaks: what a header copies from a title, a citation or a summary."""
    out = []
    for node in nodes:
        if node.kind in ("footnote_ref", "pagebreak"):
            continue
        if node.kind == "text":
            out.append(node.text)
        elif node.kind == "linebreak":
            out.append(" ")
        else:
            inner = printed_text(node.children)
            opener, closer = {"brackets": ("[", "]"), "parentheses": ("(", ")")}.get(node.delim, ("", ""))
            out.append(opener + inner + closer)
    return "".join(out)


def content_text(nodes: Sequence[Inline], skip: frozenset[str] = frozenset(), gap: str = "") -> str:
    """Text without delimiters (brackets dropped, their content kept); `skip` kinds become `gap`."""
    out = []
    for node in nodes:
        if node.kind == "text":
            out.append(node.text)
        elif node.kind == "linebreak":
            out.append(" ")
        elif node.kind not in skip:
            out.append(content_text(node.children, skip, gap))
        else:
            out.append(gap)
    return "".join(out)


def reading_text(nodes: Sequence[Inline]) -> str:
    """The text as a reader takes it in: footnote numbers and page markers left out."""
    return content_text(nodes, frozenset({"footnote_ref", "pagebreak"}))


@dataclass(slots=True)
class Paragraph:
    """A paragraph of a turn or block: inline content plus its page-break part flag (I/M/F or "")."""

    span: Span
    content: list[Inline] = field(default_factory=list)
    part: str = ""


@dataclass(slots=True)
class Block:
    """One recognised unit of the transcript, in source order.

    `kind` is what the block is (a `NodeKind`: DATE_LINE, TITLE, FIELD, HEADER_LINE, TURN, PARAGRAPH,
    NARRATIVE, DISTRIBUTION, FOOTNOTE, ...); `region` is where it renders ("front", "body", "back").
    `label` is the printed label (field label, speaker label) when there is one.
    """

    kind: NodeKind
    span: Span
    region: str = "body"
    label: list[Inline] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    items: list[Block] = field(default_factory=list)  # list items (distribution, participants)
    rule: str = ""  # the rule that recognised it

    def __post_init__(self) -> None:
        if type(self.kind) is not NodeKind:  # the enum's own call costs more than the node's creation
            self.kind = NodeKind(self.kind)

    def all_paragraphs(self) -> list[Paragraph]:
        """The block's paragraphs, then its items' (distribution recipients, header values)."""
        out = list(self.paragraphs)
        for item in self.items:
            out += item.all_paragraphs()
        return out

    def nodes(self) -> list[Inline]:
        """Every inline node of the block, its items included."""
        return [node for paragraph in self.all_paragraphs() for node in walk(paragraph.content)]


@dataclass(slots=True)
class Person:
    """A person the document names, with every form the document uses for them."""

    id: str
    name: str
    forms: set[str] = field(default_factory=set)
    short_forms: set[str] = field(default_factory=set)
    variants: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    role: str = "mentioned"
    speaks: bool = False
    first_offset: int = 0


@dataclass
class DocumentMeta:
    """Metadata collected from the blocks (copies of text that stays in the body)."""

    title: str = ""
    document_number: str = ""  # the number an edition gives the document (FRUS `92.`), not part of its title
    date: str = ""  # ISO
    date_text: str = ""
    document_type: str = ""
    summary: str = ""
    citation: str = ""
    source_url: str = ""
    record_id: str = ""
    rights: str = ""
    funders: list[str] = field(default_factory=list)
    original_language: str = ""
    translators: list[str] = field(default_factory=list)
    obtained_by: list[str] = field(default_factory=list)
    archival_ids: list[dict[str, object]] = field(default_factory=list)
    translated: bool = False  # the document says it is a translation
    series: str = ""  # the publication series it names (FRUS, ...), "" when none is recognised
    source_publisher: str = ""  # the series' publisher, from the series table
    bracket_editors: str = ""  # who writes the brackets when the series says so ("" = not stated)
    source_language: str = ""  # ISO code of the original when the document or series states it


@dataclass
class Document:
    """The whole intermediate document: blocks, persons, metadata."""

    name: str
    blocks: list[Block] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    clutter_lines: list[int] = field(default_factory=list)
    clutter_spans: list[tuple[int, int]] = field(default_factory=list)  # source ranges left out as clutter
    layout: str = ""  # the layout the layout stage measured (or was told)


NAME_SKIP = frozenset({"variant", "alias", "translator_note", "editorial_note", "status_note", "correction_note",
                       "omission", "footnote_ref", "parenthetical", "sic", "artefact", "stage", "pagebreak"})


def name_text(nodes: Sequence[Inline]) -> str:
    """The words of a name as the reader completes it: supplied parts kept, glosses and notes left out."""
    return squeeze_spaces(content_text(nodes, NAME_SKIP, gap=" "))


_UNUSUAL_SPACE_RE = re.compile(r"[^\S ]|  ")


def squeeze_spaces(text: str) -> str:
    """`" ".join(text.split())` without its list of every word when there is nothing to squeeze (a
    paragraph can be megabytes long, and its word list ten times its size)."""
    text = text.strip()
    return " ".join(text.split()) if _UNUSUAL_SPACE_RE.search(text) else text


def walk(nodes: Sequence[Inline]) -> list[Inline]:
    """Every node below these, depth first, in document order (a stack, not recursion: nesting of any
    depth is walked)."""
    out: list[Inline] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node)
        stack += reversed(node.children)
    return out


def variants_in(nodes: Sequence[Inline]) -> list[str]:
    """The alternative spellings given in a run of nodes (`[Thae Ho]`, `(Mao Ze-dong)`)."""
    found = []
    for node in nodes:
        if node.kind == "variant":
            found.append(content_text(node.children).strip())
        elif node.kind != "text":
            found += variants_in(node.children)
    return found


def wrap_span(nodes: Sequence[Inline], start: int, end: int, kind: str, info: Mapping[str, str]) -> list[Inline] | None:
    """Wrap the top-level nodes covering source[start:end] in one new node; None when the range cuts
    through a mark (a bracket group) rather than through text."""
    out: list[Inline] = []
    inside: list[Inline] = []
    for node in nodes:
        a, b = node.span.start, node.span.end
        if b <= start or a >= end:
            (out if not inside or a >= end else inside).append(node)
            continue
        if node.kind != "text" and (a < start or b > end):
            return None
        if node.kind == "text":
            cut_a, cut_b = max(a, start), min(b, end)
            if a < cut_a:
                out.append(Inline(NodeKind.TEXT, Span(a, cut_a), node.text[: cut_a - a]))
            inside.append(Inline(NodeKind.TEXT, Span(cut_a, cut_b), node.text[cut_a - a: cut_b - a]))
            if cut_b < b:
                rest = Inline(NodeKind.TEXT, Span(cut_b, b), node.text[cut_b - a:])
                out.append(Inline(NodeKind(kind), Span(start, end), children=inside, info=dict(info)))
                inside = []
                out.append(rest)
                continue
        else:
            inside.append(node)
    if inside:
        out.append(Inline(NodeKind(kind), Span(start, end), children=inside, info=dict(info)))
    ordered = sorted(out, key=lambda n: n.span.start)
    return ordered if any(n.kind == kind and n.span == Span(start, end) for n in ordered) else None


