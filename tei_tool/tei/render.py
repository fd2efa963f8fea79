"""Stage 5: render TEI. The one place where each kind of thing gets its TEI element.

`INLINE_TEI` maps inline mark kinds to elements and attributes, `BLOCK_TEI` block kinds; the
structure (teiHeader, front/body/back) is built around them. See docs/tei-mapping.md for the
contract. Every element that comes from the transcript is remembered with its source offset, so
validation findings can point at the transcript's line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from tei_tool import TEI_NS, XML_NS
from tei_tool.model import Block, Document, Inline, Paragraph, Person, content_text
from tei_tool.read.rules.archival import ArchivalId
from tei_tool.read.rules.speakers import strip_titles
from tei_tool.read.source import Source

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
TRANSLATOR_ID = "resp-translator"


@dataclass(frozen=True)
class InlineTEI:
    tag: str
    attrs: Callable[[Inline], dict[str, str]] = lambda node: {}
    content: str = "children"  # children | desc | empty


def _info(*keys: str, **fixed: str) -> Callable[[Inline], dict[str, str]]:
    def attrs(node: Inline) -> dict[str, str]:
        values = dict(fixed)
        for key in keys:
            if node.info.get(key):
                values[key] = node.info[key]
        return values

    return attrs


def _resp(**fixed: str) -> Callable[[Inline], dict[str, str]]:
    def attrs(node: Inline) -> dict[str, str]:
        return {**fixed, "resp": f"#{TRANSLATOR_ID}"}

    return attrs


INLINE_TEI: dict[str, InlineTEI] = {
    "supplied": InlineTEI("supplied", lambda n: {"reason": n.info.get("reason", "omitted"),
                                                "resp": f"#{TRANSLATOR_ID}"}),
    "variant": InlineTEI("note", _resp(type="variant")),
    "translator_note": InlineTEI("note", _resp(type="translator")),
    "editorial_note": InlineTEI("note", _info(type="editorial")),
    "sic": InlineTEI("note", _info(type="sic")),
    "artefact": InlineTEI("note", _info(type="artefact")),
    "status_note": InlineTEI("note", _info(type="status")),
    "correction_note": InlineTEI("note", _info(type="correction")),
    "alias": InlineTEI("note", _info(type="alias")),
    "stage": InlineTEI("stage"),
    "omission": InlineTEI("gap", _info("reason", "quantity", "unit"), content="desc"),
    "pagebreak": InlineTEI("pb", _info("n"), content="empty"),
    "footnote_ref": InlineTEI("ref", _info("n", "target", type="footnote")),
    "person": InlineTEI("persName", _info("ref")),
    "org": InlineTEI("orgName"),
    "place": InlineTEI("placeName"),
    "date": InlineTEI("date", _info("when")),
    "archival_id": InlineTEI("idno", _info(type="archival")),
    "measure": InlineTEI("measure", _info("type", "quantity")),
    "title_words": InlineTEI("roleName"),
    "bold": InlineTEI("hi"),  # @rend from the delimiter: bold or h1..h6 (markdown)
    "linebreak": InlineTEI("lb", content="empty"),
    "unmatched": InlineTEI("pc", _info("type")),  # a delimiter kept as printed: its partner is missing
}

# Block kinds that render as a typed <ab> inside the record (meeting header and similar lines).
HEADER_AB_TYPES = frozenset({"time", "place", "participants", "interpreter", "recorder", "subject", "addressee",
                             "sender", "occasion", "classification", "subtitle", "stamp", "dateline", "copy",
                             "signature"})
# Front/back block kinds and the div/@type they render as.
META_DIV_TYPES: dict[str, str] = {
    "credits": "credits", "citation": "citation", "summary": "summary", "file_number": "file-number",
    "document_number": "document-number", "date_line": "date-line", "title": "title", "rights": "rights",
    "record_type": "record-type", "funder": "funder", "source": "source", "footer": "footer",
}
DIRECT_IN_DIV = frozenset({"note", "stage", "gap", "pb"})
ELEMENT_ONLY = frozenset(
    f"{T}{tag}" for tag in (
        "TEI teiHeader fileDesc titleStmt publicationStmt sourceDesc profileDesc langUsage textClass keywords "
        "particDesc listPerson person text front body back div sp list availability abstract docTitle respStmt"
    ).split()
)


@dataclass
class RenderResult:
    tree: etree._ElementTree
    origins: list[tuple[etree._Element, int]] = field(default_factory=list)  # element -> source offset


class Renderer:
    """Builds the TEI tree for one document."""

    def __init__(self, source: Source, document: Document, schema_href: str | None, publisher: str,
                 licence: str, encoder_name: str) -> None:
        self.source = source
        self.doc = document
        self.schema_href = schema_href
        self.publisher = publisher
        self.licence = licence
        self.encoder_name = encoder_name
        self.origins: list[tuple[etree._Element, int]] = []

    # -- helpers ----------------------------------------------------------------------------------

    def el(self, parent: etree._Element | None, tag: str, attrs: dict[str, str] | None = None,
           text: str | None = None, offset: int | None = None) -> etree._Element:
        if parent is None:
            node = etree.Element(T + tag, nsmap={None: TEI_NS})  # type: ignore[dict-item]
        else:
            node = etree.SubElement(parent, T + tag)
        for key, value in (attrs or {}).items():
            node.set(key, value)
        if text:
            node.text = text
        if offset is not None:
            self.origins.append((node, offset))
        return node

    @staticmethod
    def append_text(parent: etree._Element, text: str) -> None:
        if not text:
            return
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def inline(self, parent: etree._Element, nodes: list[Inline]) -> None:
        for node in nodes:
            self.inline_node(parent, node)

    def inline_node(self, parent: etree._Element, node: Inline) -> None:
        if node.kind == "text":
            self.append_text(parent, node.text.replace("\u00a0", "\u00a0"))
            return
        if node.kind == "parenthetical":
            open_, close = ("[", "]") if node.delim == "brackets" else ("(", ")")
            self.append_text(parent, open_)
            self.inline(parent, node.children)
            self.append_text(parent, close)
            return
        spec = INLINE_TEI.get(node.kind)
        if spec is None:  # an unknown kind never loses text
            self.inline(parent, node.children)
            return
        attrs = spec.attrs(node)
        if node.delim:
            attrs["rend"] = node.delim
        element = self.el(parent, spec.tag, attrs, offset=node.span.start)
        if spec.content == "desc":
            desc = self.el(element, "desc")
            self.inline(desc, node.children)
        elif spec.content == "children":
            self.inline(element, node.children)

    # -- document ---------------------------------------------------------------------------------

    def render(self) -> RenderResult:
        root = self.el(None, "TEI", {XML_ID: _doc_id(self.doc.name), XML_LANG: "en"})
        self.header(root)
        text = self.el(root, "text")
        regions = {"front": [b for b in self.doc.blocks if b.region == "front"],
                   "body": [b for b in self.doc.blocks if b.region == "body"],
                   "back": [b for b in self.doc.blocks if b.region == "back"]}
        if regions["front"]:
            self.front(self.el(text, "front"), regions["front"])
        self.body(self.el(text, "body"), regions["body"])
        if regions["back"]:
            self.back(self.el(text, "back"), regions["back"])
        _indent(root)
        tree = etree.ElementTree(root)
        if self.schema_href:
            pi = etree.ProcessingInstruction(
                "xml-model",
                f'href="{self.schema_href}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"')
            root.addprevious(pi)
        return RenderResult(tree, self.origins)

    # -- teiHeader --------------------------------------------------------------------------------

    def header(self, root: etree._Element) -> None:
        meta = self.doc.meta
        header = self.el(root, "teiHeader")
        file_desc = self.el(header, "fileDesc")
        title_stmt = self.el(file_desc, "titleStmt")
        file_name = self.doc.name.replace("\\", "/").rsplit("/", 1)[-1]  # output must not depend on the path given
        self.el(title_stmt, "title", text=meta.title or f"Transcript {file_name}")
        for funder in meta.funders:
            self.el(title_stmt, "funder", text=funder)
        translators = self.el(title_stmt, "respStmt", {XML_ID: TRANSLATOR_ID})
        self.el(translators, "resp", text="translated by")
        if meta.translators:
            for name in meta.translators:
                self.el(translators, "persName", text=name)
        else:
            self.el(translators, "name", text="the English translator (not named in the transcript)")
        if meta.obtained_by:
            obtained = self.el(title_stmt, "respStmt", {XML_ID: "resp-obtained"})
            self.el(obtained, "resp", text="obtained by")
            for name in meta.obtained_by:
                self.el(obtained, "persName", text=name)
        encoder = self.el(title_stmt, "respStmt", {XML_ID: "resp-encoder"})
        self.el(encoder, "resp", text="encoded by")
        self.el(encoder, "name", text=self.encoder_name)
        publication = self.el(file_desc, "publicationStmt")
        self.el(publication, "publisher", text=self.publisher)
        if meta.source_url:
            self.el(publication, "idno", {"type": "URI"}, text=meta.source_url)
        if meta.record_id:
            self.el(publication, "idno", {"type": "record"}, text=meta.record_id)
        if meta.rights or self.licence:
            availability = self.el(publication, "availability")
            self.el(availability, "p", text=meta.rights or self.licence)
        source_desc = self.el(file_desc, "sourceDesc")
        if meta.citation:
            self.el(source_desc, "bibl", {"type": "citation"}, text=meta.citation)
        for archival in meta.archival_ids:
            self.archival_bibl(source_desc, archival)
        if not meta.citation and not meta.archival_ids:
            self.el(source_desc, "p", text=f"Transcript {file_name}; no citation in the text.")
        profile = self.el(header, "profileDesc")
        if meta.date:
            self.el(self.el(profile, "creation"), "date", {"when": meta.date}, text=meta.date_text or meta.date)
        if meta.summary:
            self.el(self.el(profile, "abstract"), "p", text=meta.summary)
        lang_usage = self.el(profile, "langUsage")
        self.el(lang_usage, "language", {"ident": "en"}, text="English")
        if meta.original_language:
            code = _LANGUAGE_CODES.get(meta.original_language.lower(), "und")
            if code != "en":
                self.el(lang_usage, "language", {"ident": code}, text=meta.original_language)
        if meta.document_type:
            keywords = self.el(self.el(profile, "textClass"), "keywords")
            self.el(keywords, "term", {"type": "document-type"}, text=meta.document_type)
        if self.doc.persons:
            list_person = self.el(self.el(profile, "particDesc"), "listPerson")
            for person in self.doc.persons:
                self.person(list_person, person)

    def person(self, parent: etree._Element, person: Person) -> None:
        element = self.el(parent, "person", {XML_ID: person.id, "role": person.role}, offset=person.first_offset)
        self.el(element, "persName", {"type": "full"}, text=person.name)
        seen = {person.name}
        for form in sorted(person.short_forms):
            if form not in seen:
                self.el(element, "persName", {"type": "short"}, text=form)
                seen.add(form)
        for form in sorted(person.variants):
            if form not in seen:
                self.el(element, "persName", {"type": "variant"}, text=form)
                seen.add(form)
        for form in sorted(person.forms):
            if form not in seen and form:
                label = self.el(element, "persName", {"type": "label"})
                titles, rest = strip_titles(form)
                if titles and rest:
                    self.el(label, "roleName", text=" ".join(titles)).tail = " " + rest
                elif titles:
                    self.el(label, "roleName", text=" ".join(titles))
                else:
                    label.text = form
                seen.add(form)

    def archival_bibl(self, parent: etree._Element, archival: dict[str, object]) -> None:
        """`<bibl type="archival">` whose text reads as printed, its parts marked."""
        found = archival.get("match")
        bibl = self.el(parent, "bibl", {"type": "archival"})
        if not isinstance(found, ArchivalId):
            self.el(bibl, "idno", {"type": "archival"}, text=str(archival.get("text", "")))
            return
        text = found.text
        parts = sorted(found.parts(), key=lambda p: p[0])
        repository = next((p for p in parts if p[2] == "repository"), None)
        idno = next((p for p in parts if p[2] == "idno"), None)
        pages = next((p for p in parts if p[2] == "pages"), None)
        cursor = 0
        if repository:
            self.append_text(bibl, text[cursor: repository[0]])
            ms = self.el(bibl, "msIdentifier")
            self.el(ms, "repository", text=text[repository[0]: repository[1]])
            cursor = repository[1]
            if idno and not text[cursor: idno[0]].strip():
                ms[-1].tail = text[cursor: idno[0]]
                self.el(ms, "idno", {"type": "shelfmark"}, text=text[idno[0]: idno[1]])
                cursor = idno[1]
                idno = None
        if idno:
            self.append_text(bibl, text[cursor: idno[0]])
            self.el(bibl, "idno", {"type": "shelfmark"}, text=text[idno[0]: idno[1]])
            cursor = idno[1]
        if pages and pages[0] >= cursor:
            self.append_text(bibl, text[cursor: pages[0]])
            attrs = {"unit": "folio" if re.match(r"(?:ll?\.|list|listy|sh\.)", text[pages[0]:]) else "page"}
            if found.pages_from:
                attrs["from"] = found.pages_from
            if found.pages_to:
                attrs["to"] = found.pages_to
            self.el(bibl, "citedRange", attrs, text=text[pages[0]: pages[1]])
            cursor = pages[1]
        self.append_text(bibl, text[cursor:])

    # -- front and back ---------------------------------------------------------------------------

    def front(self, front: etree._Element, blocks: list[Block]) -> None:
        divs_started = False
        for block in blocks:
            if not divs_started and block.kind == "date_line":
                date = self.el(front, "docDate", _when(block), offset=block.span.start)
                self.paragraph_content(date, block.paragraphs[0])
                continue
            if not divs_started and block.kind == "title":
                title = self.el(self.el(front, "docTitle", offset=block.span.start), "titlePart")
                self.paragraph_content(title, block.paragraphs[0])
                continue
            divs_started = True
            self.meta_div(front, block)

    def back(self, back: etree._Element, blocks: list[Block]) -> None:
        for block in blocks:
            if block.kind == "footnotes":
                div = self.el(back, "div", {"type": "footnotes"}, offset=block.span.start)
                for note in block.items:
                    printed = content_text(note.label).strip()  # the label as printed: "1."
                    element = self.el(div, "note", {"type": "footnote", XML_ID: f"fn-{note.info['n']}",
                                                    "n": printed}, offset=note.span.start)
                    self.paragraph_content(element, note.paragraphs[0])
                continue
            self.meta_div(back, block)

    def meta_div(self, parent: etree._Element, block: Block) -> None:
        kind = block.info.get("field") if block.kind == "field" else META_DIV_TYPES.get(block.kind, "other")
        div = self.el(parent, "div", {"type": kind or "other"}, offset=block.span.start)
        if block.label:
            self.inline(self.el(div, "head", offset=block.span.start), block.label)
        for paragraph in block.paragraphs:
            p = self.el(div, "p", offset=paragraph.span.start)
            self.paragraph_content(p, paragraph)
        if not block.paragraphs:
            self.el(div, "p")

    # -- body -------------------------------------------------------------------------------------

    def body(self, body: etree._Element, blocks: list[Block]) -> None:
        div: etree._Element | None = None
        distribution: etree._Element | None = None
        for block in blocks:
            if block.kind == "distribution":
                distribution = self.distribution(body, block)
                div = None
                continue
            if distribution is not None and block.kind == "header_line" and block.info.get("type") == "stamp":
                self.block(distribution, block)
                continue
            distribution = None
            if div is None:
                div = self.el(body, "div", {"type": "record"}, offset=block.span.start)
            self.block(div, block)
        if not len(body):
            self.el(self.el(body, "div", {"type": "record"}), "p")

    def block(self, div: etree._Element, block: Block) -> None:
        kind = block.kind
        if kind == "heading":
            tag = "head" if not len(div) else "ab"
            attrs = {} if tag == "head" else {"type": "heading"}
            self.paragraph_content(self.el(div, tag, attrs, offset=block.span.start), block.paragraphs[0])
        elif kind == "turn":
            self.turn(div, block)
        elif kind == "header_line":
            self.header_line(div, block)
        elif kind == "note_block":
            node = block.paragraphs[0].content[0]
            spec = INLINE_TEI.get(node.kind)
            if spec and spec.tag in DIRECT_IN_DIV:
                self.inline_node(div, node)
                if node.kind == "stage":
                    div[-1].set("type", "narrative")
            else:
                self.paragraph_content(self.el(div, "p", offset=block.span.start), block.paragraphs[0])
        elif kind == "narrative":
            stage = self.el(div, "stage", {"type": "narrative"}, offset=block.span.start)
            self.paragraph_content(stage, block.paragraphs[0])
        else:
            self.paragraph_content(self.el(div, "p", offset=block.span.start), block.paragraphs[0])

    def turn(self, div: etree._Element, block: Block) -> None:
        attrs = {}
        if block.info.get("who"):
            attrs["who"] = f"#{block.info['who']}"
        if block.info.get("cert"):
            attrs["cert"] = block.info["cert"]
        sp = self.el(div, "sp", attrs, offset=block.span.start)
        if block.label:
            self.inline(self.el(sp, "speaker", offset=block.span.start), block.label)
        for paragraph in block.paragraphs:
            attrs = {"part": paragraph.part} if paragraph.part else {}
            p = self.el(sp, "p", attrs, offset=paragraph.span.start)
            self.paragraph_content(p, paragraph)
        if not block.paragraphs:
            self.el(sp, "p")

    def header_line(self, div: etree._Element, block: Block) -> None:
        kind = block.info.get("type", "")
        ab = self.el(div, "ab", {"type": kind if kind in HEADER_AB_TYPES else "header"}, offset=block.span.start)
        if block.label:
            label_nodes = _strip_trailing_space(block.label)
            self.inline(self.el(ab, "label", offset=block.span.start), label_nodes)
        cursor = _label_end(block)
        for item in block.items:
            self.gap_text(ab, cursor, item.span.start)
            content = item.paragraphs[0].content if item.paragraphs else []
            if kind == "place":
                place = self.el(ab, "placeName", offset=item.span.start)
                self.inline(place, content)
            else:
                self.inline(ab, content)
            cursor = item.span.end
        if not block.items and block.paragraphs:
            self.paragraph_content(ab, block.paragraphs[0])

    def gap_text(self, parent: etree._Element, start: int, end: int) -> None:
        """The white space between two parts of a line; a line break becomes <lb/>."""
        if start < 0 or end <= start:
            return
        between = self.source.text[start:end]
        if "\n" in between:
            self.el(parent, "lb")
        else:
            self.append_text(parent, between)

    def distribution(self, body: etree._Element, block: Block) -> etree._Element:
        div = self.el(body, "div", {"type": "distribution"}, offset=block.span.start)
        pairs = zip(block.items, block.items[1:], strict=False)
        inline = any("\n" not in self.source.text[a.span.end:b.span.start] for a, b in pairs)
        attrs = {"type": "distribution", "rend": "inline" if inline else "lines"}
        lst = self.el(div, "list", attrs, offset=block.span.start)
        if block.label:
            self.inline(self.el(lst, "head", offset=block.span.start), _strip_trailing_space(block.label))
        previous: Block | None = None
        for item in block.items:
            if previous is not None and inline and "\n" in self.source.text[previous.span.end: item.span.start]:
                self.el(lst, "lb")  # the run of recipients goes on in a new paragraph
            self.distribution_item(lst, item)
            previous = item
        if not block.items:
            self.el(lst, "item")
        return div

    def distribution_item(self, lst: etree._Element, item: Block) -> None:
        attrs = {}
        if item.label:
            attrs["n"] = content_text(item.label).strip()
        element = self.el(lst, "item", attrs, offset=item.span.start)
        nodes = item.paragraphs[0].content if item.paragraphs else []
        kind = item.info.get("item", "other")
        copies = item.info.get("copies", "1")
        if kind in ("total", "copies"):
            measure = self.el(element, "measure", {"type": "total" if kind == "total" else "copies",
                                                   "quantity": copies})
            self.inline(measure, nodes)
            return
        count_node = nodes[-1] if nodes and nodes[-1].kind == "parenthetical" and \
            content_text(nodes[-1].children).strip().isdigit() else None
        name_nodes = nodes[:-1] if count_node else nodes
        trailing = ""
        if name_nodes and name_nodes[-1].kind == "text" and name_nodes[-1].text != name_nodes[-1].text.rstrip():
            last = name_nodes[-1]
            trailing = last.text[len(last.text.rstrip()):]
            name_nodes = name_nodes[:-1] + [Inline("text", last.span, last.text.rstrip())]
        tag = {"person": "persName", "org": "orgName", "place": "placeName"}.get(kind)
        if copies != "1" and count_node is None:  # "4-5 - to file": the marker gives the count
            element = self.el(element, "measure", {"type": "copies", "quantity": copies})
        if tag:
            attrs = {"ref": f"#{item.info['ref']}"} if item.info.get("ref") else {}
            self.inline(self.el(element, tag, attrs), name_nodes)
        else:
            self.inline(element, name_nodes)
        self.append_text(element, trailing)
        if count_node:
            measure = self.el(element, "measure", {"type": "copies", "quantity": copies, "rend": "parentheses"})
            self.inline(measure, count_node.children)

    def paragraph_content(self, parent: etree._Element, paragraph: Paragraph) -> None:
        self.inline(parent, paragraph.content)


def _when(block: Block) -> dict[str, str]:
    return {"when": block.info["when"]} if block.info.get("when") else {}


def _label_end(block: Block) -> int:
    return block.label[-1].span.end if block.label else -1


def _strip_trailing_space(nodes: list[Inline]) -> list[Inline]:
    if nodes and nodes[-1].kind == "text":
        last = nodes[-1]
        return nodes[:-1] + [Inline("text", last.span, last.text.rstrip())]
    return nodes


def _doc_id(name: str) -> str:
    stem = re.sub(r"\.[^.]*$", "", name.rsplit("/", 1)[-1])
    return "doc-" + (re.sub(r"[^A-Za-z0-9_.\-]+", "-", stem).strip("-") or "stdin")


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; mixed content (p, ab, speaker, ...) is left exactly as is."""
    if element.tag not in ELEMENT_ONLY or not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        _indent(child, level + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * level


_LANGUAGE_CODES = {
    "chinese": "zh", "korean": "ko", "russian": "ru", "german": "de", "hungarian": "hu", "english": "en",
    "japanese": "ja", "vietnamese": "vi", "polish": "pl", "czech": "cs", "romanian": "ro", "bulgarian": "bg",
    "mongolian": "mn", "albanian": "sq", "french": "fr", "spanish": "es", "serbian": "sr", "slovak": "sk",
    "italian": "it", "portuguese": "pt", "arabic": "ar", "hindi": "hi", "persian": "fa",
}
