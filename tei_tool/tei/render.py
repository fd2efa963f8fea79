"""Stage 5: render TEI. The one place where each kind of thing gets its TEI element.

Inline kinds get their element, attributes and printed delimiters from the two-way table in
`mapping.py` (which `tei text` reads back); block kinds are mapped below; the
structure (teiHeader, front/body/back) is built around them. See docs/tei-mapping.md for the
contract. Every element that comes from the transcript is remembered with its source offset, so
validation findings can point at the transcript's line and column.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from lxml import etree

from tei_tool import TEI_NS, XML_NS, __version__
from tei_tool.config import Personography
from tei_tool.model import Block, Document, Inline, NodeKind, Paragraph, Person, content_text
from tei_tool.passes import LANGUAGE_CODES
from tei_tool.read.rules.archival import ArchivalId
from tei_tool.read.rules.header import header_label
from tei_tool.read.rules.speakers import strip_titles
from tei_tool.read.source import Source
from tei_tool.tei.mapping import (
    INLINE,
    LIST_SEPARATORS,
    RENDITIONS,
    RESP,
    attributes,
    list_form,
    page_form,
    rendition,
    separator_form,
)
from tei_tool.tei.textback import inline_text, list_blocks

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
TRANSLATOR_ID = "resp-translator"
EDITORS_ID = "resp-editors"

# "Telegram From the Embassy in the Soviet Union to the Department of State": the FRUS title convention.
TITLE_FROM_TO_RE = re.compile(r"\bFrom (?P<sender>[^,;]+?) to (?P<addressee>[^,;]+?)\s*(?:\d+)?$")
# Block kinds that render as a typed <ab> inside the record (meeting header and similar lines).
HEADER_AB_TYPES = frozenset({"time", "place", "participants", "interpreter", "recorder", "subject", "addressee",
                             "sender", "occasion", "classification", "subtitle", "stamp", "dateline", "copy",
                             "signature", "salute"})
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
        "opener closer correspDesc correspAction encodingDesc appInfo application editorialDecl interpretation "
        "normalization tagsDecl revisionDesc "
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
                 licence: str, encoder_name: str, date: str = "",
                 personography: Personography | None = None) -> None:
        self.source = source
        self.doc = document
        self.schema_href = schema_href
        self.publisher = publisher
        self.licence = licence
        self.encoder_name = encoder_name
        self.date = date
        self.entries = {entry.id: entry for entry in (personography.persons if personography else [])}
        meta = document.meta
        self.bracket_resp = (f"#{TRANSLATOR_ID}" if meta.translators
                             else f"#{EDITORS_ID}" if meta.bracket_editors else "")
        self.rendition_targets: etree._Element | None = None
        self.counters: dict[str, int] = {}
        self.footnote_refs: dict[str, list[str]] = {}  # "#fn-1" -> ids of the refs pointing at it
        self.footnotes: list[etree._Element] = []
        self.origins: list[tuple[etree._Element, int]] = []

    # -- helpers ----------------------------------------------------------------------------------

    def footnote_id(self, number: str) -> str:
        """`fn-N`; a number printed twice gets `fn-N-2`, so ids stay unique (references point at the first)."""
        base = f"fn-{number}"
        taken = {note.get(XML_ID) for note in self.footnotes}
        candidate, count = base, 1
        while candidate in taken:
            count += 1
            candidate = f"{base}-{count}"
        return candidate

    def next_id(self, prefix: str) -> str:
        """`sp-1`, `note-3`: ids in document order, so the same transcript always gives the same ids."""
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}-{self.counters[prefix]}"

    def el(self, parent: etree._Element | None, tag: str, attrs: dict[str, str] | None = None,
           text: str | None = None, offset: int | None = None) -> etree._Element:
        if parent is None:
            node = etree.Element(T + tag, attrs, nsmap={None: TEI_NS})  # type: ignore[dict-item]
        else:
            node = etree.SubElement(parent, T + tag, attrs)  # attributes in one call, in the dict's order
        if text:
            node.text = text
        if offset is not None:
            self.origins.append((node, offset))
        return node

    @staticmethod
    def append_text(parent: etree._Element, text: str) -> None:
        if not text:
            return
        # `len(parent)` counts every child (quadratic on long runs); the last child is found directly.
        last = next(reversed(parent), None)  # type: ignore[call-overload]
        if last is not None:
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def inline(self, parent: etree._Element, nodes: Sequence[Inline]) -> None:
        """Render nodes into `parent`. Text (of text nodes, and of parentheticals and unknown kinds, which
        print their delimiters and children) is gathered and joined before it reaches lxml: adding to a
        growing `.text`/`.tail` piece by piece copies it each time, quadratic on long runs."""
        pending: list[str] = []
        stack: list[Inline | str] = list(reversed(nodes))
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                pending.append(item)
            elif item.kind == "text":
                pending.append(item.text)
            elif item.kind == "parenthetical":
                open_, close = ("[", "]") if item.delim == "brackets" else ("(", ")")
                pending.append(open_)
                stack.append(close)
                stack.extend(reversed(item.children))
            elif item.kind not in INLINE:  # an unknown kind never loses text
                stack.extend(reversed(item.children))
            else:
                self.append_text(parent, "".join(pending))
                pending.clear()
                self.inline_element(parent, item)
        self.append_text(parent, "".join(pending))

    def inline_node(self, parent: etree._Element, node: Inline) -> None:
        self.inline(parent, [node])

    def inline_element(self, parent: etree._Element, node: Inline) -> None:
        """A node with its own TEI element (`mapping.INLINE`)."""
        spec = INLINE[node.kind]
        attrs = attributes(node.kind, node.info)
        if attrs.get("resp") == RESP:
            if self.bracket_resp:
                attrs["resp"] = self.bracket_resp
            else:
                del attrs["resp"]
        if node.delim:
            attrs["rend"] = node.delim
        if node.kind == "pagebreak" and node.delim == "brackets":
            attrs.update(rendition(page_form(node.info.get("printed", ""), node.info.get("n", ""))))
        if spec.tag == "note":  # printed where it stands, citable by its id
            attrs = {XML_ID: self.next_id("note"), **attrs, "place": "inline"}
        elif node.kind == "footnote_ref":
            attrs = {XML_ID: self.next_id("fnref"), **attrs}
            self.footnote_refs.setdefault(attrs.get("target", ""), []).append(attrs[XML_ID])
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
        self.link_footnotes_back()
        self.finish_renditions(root)
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
        if meta.translators:  # only translators the document names; none is ever invented
            translators = self.el(title_stmt, "respStmt", {XML_ID: TRANSLATOR_ID})
            self.el(translators, "resp", text="translated by")
            for name in meta.translators:
                self.el(translators, "persName", text=name)
        elif meta.bracket_editors:
            editors = self.el(title_stmt, "respStmt", {XML_ID: EDITORS_ID})
            self.el(editors, "resp", text="bracketed insertions and notes of the printed edition")
            self.el(editors, "name", text=meta.bracket_editors)
        if meta.obtained_by:
            obtained = self.el(title_stmt, "respStmt", {XML_ID: "resp-obtained"})
            self.el(obtained, "resp", text="obtained by")
            for name in meta.obtained_by:
                self.el(obtained, "persName", text=name)
        encoder = self.el(title_stmt, "respStmt", {XML_ID: "resp-encoder"})
        self.el(encoder, "resp", text="encoded by")
        self.el(encoder, "name", text=self.encoder_name)
        self.publication(file_desc)
        self.source_desc(file_desc, file_name)
        self.encoding_desc(header)
        self.profile_desc(header)
        self.revision_desc(header, file_name)

    def publication(self, file_desc: etree._Element) -> None:
        """This TEI file's publication: only what tei.yaml states, never the source's."""
        publication = self.el(file_desc, "publicationStmt")
        if not self.publisher and not self.licence:
            self.el(publication, "p", text="Publication of this TEI file is not stated "
                                           "(tei.yaml header.publisher and header.licence are empty).")
            return
        if self.publisher:
            self.el(publication, "publisher", text=self.publisher)
        else:
            self.el(publication, "authority", text="not stated")
        if self.licence:
            self.el(self.el(publication, "availability"), "licence", text=self.licence)

    def source_desc(self, file_desc: etree._Element, file_name: str) -> None:
        """The printed source: citation, archival ids, and the publisher/URL/record/rights of the copy used."""
        meta = self.doc.meta
        source_desc = self.el(file_desc, "sourceDesc")
        if meta.citation:
            self.el(source_desc, "bibl", {"type": "citation"}, text=meta.citation)
        for archival in meta.archival_ids:
            self.archival_bibl(source_desc, archival)
        if meta.source_url or meta.record_id or meta.rights or meta.series or meta.source_language:
            bibl = self.el(source_desc, "bibl", {"type": "source"})
            if meta.title:
                self.el(bibl, "title", text=meta.title)
            if meta.series:
                self.el(bibl, "title", {"level": "s"}, text=meta.series)
            if meta.source_publisher:
                self.el(bibl, "publisher", text=meta.source_publisher)
            if meta.source_url:
                self.el(bibl, "idno", {"type": "URI"}, text=meta.source_url)
            if meta.record_id:
                self.el(bibl, "idno", {"type": "record"}, text=meta.record_id)
            if meta.source_language:
                attrs = {"mainLang": meta.source_language} if meta.source_language != "und" else {}
                name = meta.original_language or _LANGUAGE_NAMES.get(meta.source_language, meta.source_language)
                self.el(bibl, "textLang", attrs, text=name)
            if meta.rights:
                self.el(self.el(bibl, "availability"), "p", text=meta.rights)
        if not len(source_desc):
            self.el(source_desc, "p", text=f"Transcript {file_name}; no citation in the text.")

    def encoding_desc(self, header: etree._Element) -> None:
        """The tool and version, the editorial conventions, what was removed, the @rend values used."""
        meta = self.doc.meta
        encoding = self.el(header, "encodingDesc")
        application = self.el(self.el(encoding, "appInfo"), "application", {"ident": "tei", "version": __version__})
        self.el(application, "label", text="tei encode")
        decl = self.el(encoding, "editorialDecl")
        if meta.translators:
            who = "the brackets are the translators' (named in the credits: #resp-translator)"
        elif meta.bracket_editors:
            who = f"the brackets are those of {meta.bracket_editors} (#{EDITORS_ID})"
        elif meta.translated:
            who = "the brackets are the translation's; the document does not name its translator"
        else:
            who = "the document does not say who wrote the brackets"
        self.el(self.el(decl, "interpretation"), "p", text=(
            f"Square brackets and parentheses of the transcript are kept as markup with @rend; {who}. Words "
            "added to complete the sense are supplied, a name or phrase saying whom a pronoun means is a gloss, "
            "alternative spellings and remarks are notes printed inline "
            "(@place inline), omissions and redactions are gap with the printed words in desc, printed page "
            "numbers are pb."))
        self.el(self.el(decl, "normalization"), "p", text=(
            "The text is as transcribed: no spelling, punctuation or romanisation is normalised; "
            "person names are linked to one id per person in particDesc."))
        if self.doc.layout:
            segmentation = self.el(self.el(decl, "segmentation"), "p", text="Paragraphs and turns were read from a "
                                   "transcript in the ")
            self.el(segmentation, "term", {"type": "layout"}, text=self.doc.layout)
            segmentation[-1].tail = (" layout; line breaks inside a paragraph are lb, page breaks (form feeds) "
                                     "are pb.")
        removed = self.doc.clutter_lines
        if removed:
            lines = ", ".join(str(n) for n in removed)
            self.el(decl, "p", text=(f"Removed: {len(removed)} line{'s' if len(removed) != 1 else ''} of page "
                                     f"clutter or running headers (transcript line{'s' if len(removed) != 1 else ''} "
                                     f"{lines})."))
        else:
            self.el(decl, "p", text="Removed: nothing; every line of the transcript is in the text.")
        self.rendition_targets = self.el(encoding, "tagsDecl")

    def profile_desc(self, header: etree._Element) -> None:
        meta = self.doc.meta
        profile = self.el(header, "profileDesc")
        if meta.date:
            self.el(self.el(profile, "creation"), "date", {"when": meta.date}, text=meta.date_text or meta.date)
        if meta.summary:
            self.el(self.el(profile, "abstract"), "p", text=meta.summary)
        lang_usage = self.el(profile, "langUsage")  # the language of this text; the original's is in textLang
        self.el(lang_usage, "language", {"ident": "en"}, text="English")
        self.corresp_desc(profile)
        if meta.document_type:
            keywords = self.el(self.el(profile, "textClass"), "keywords")
            self.el(keywords, "term", {"type": "document-type"}, text=meta.document_type)
        if self.doc.persons:
            list_person = self.el(self.el(profile, "particDesc"), "listPerson")
            groups = self.participant_groups()
            placed: set[str] = set()
            for person in self.doc.persons:
                if person.id in placed:
                    continue
                group = next(((label, ids) for label, ids in groups if person.id in ids), None)
                if group is None:
                    self.person(list_person, person)
                    continue
                label, ids = group  # the whole group where its first member stands, as the document lists it
                nested = self.el(list_person, "listPerson", {"type": "participants"})
                self.el(nested, "head", text=label)
                for member in self.doc.persons:
                    if member.id in ids and member.id not in placed:
                        self.person(nested, member)
                        placed.add(member.id)

    def corresp_desc(self, profile: etree._Element) -> None:
        """Sender and addressee of a letter, cable or report, as its From:/To: lines or its title
        ("Telegram From X to Y") say, with the place and date of its dateline."""
        meta = self.doc.meta
        lines = {kind: self.header_text(kind) for kind in ("sender", "addressee", "dateline")}
        sender, addressee = lines["sender"], lines["addressee"]
        titled = TITLE_FROM_TO_RE.search(meta.title or "")
        if titled and not sender and not addressee:
            sender, addressee = titled.group("sender").strip(), titled.group("addressee").strip()
        if not sender and not addressee:
            return
        corresp = self.el(profile, "correspDesc")
        dateline = lines["dateline"]
        place = dateline.split(",", 1)[0].strip() if "," in dateline else ""
        date = next((n for b in self.doc.blocks if b.kind == "header_line" and b.info.get("type") == "dateline"
                     for n in b.nodes() if n.kind == "date" and (n.info.get("when") or n.info.get("from"))), None)
        if sender or date is not None or place:  # where and when it was sent, even when the sender is unnamed
            sent = self.el(corresp, "correspAction", {"type": "sent"})
            if sender:
                self.el(sent, "name", text=sender)
            if place and not place[:1].isdigit():
                self.el(sent, "placeName", text=place)
            if date is not None:
                span = {k: date.info[k] for k in ("when", "from", "to") if date.info.get(k)}
                self.el(sent, "date", span, text=content_text(date.children).strip())
        if addressee:
            received = self.el(corresp, "correspAction", {"type": "received"})
            self.el(received, "name", text=addressee)

    def header_text(self, kind: str) -> str:
        """The words of the first header line of a kind, without its label and the brackets' marks."""
        for block in self.doc.blocks:
            if block.kind == "header_line" and block.info.get("type") == kind:
                nodes = [n for item in block.items for p in item.paragraphs for n in p.content]
                nodes += [n for p in block.paragraphs for n in p.content]
                if nodes and nodes[0].kind != "text":  # "[To] the Ministry …": a supplied label word
                    found = header_label(content_text(nodes[0].children).strip() + ":")
                    if found and found[0].kind == kind:
                        nodes = nodes[1:]
                return " ".join(content_text(nodes).split()).rstrip(":").strip()
        return ""

    def participant_groups(self) -> list[tuple[str, set[str]]]:
        """Persons listed under each participants label ("Our side:", "Korean side:"), in document order."""
        groups: list[tuple[str, set[str]]] = []
        for block in self.doc.blocks:
            if block.kind != "header_line" or block.info.get("type") != "participants" or not block.label:
                continue
            ids = {n.info["ref"].lstrip("#") for n in block.nodes() if n.kind == "person" and n.info.get("ref")}
            ids -= {i for _, members in groups for i in members}
            if ids:
                groups.append((content_text(block.label).strip().rstrip(":").strip(), ids))
        return groups

    def revision_desc(self, header: etree._Element, file_name: str) -> None:
        """One change per encoding; its date only from configuration or SOURCE_DATE_EPOCH (reproducible)."""
        attrs = {"who": "#resp-encoder"}
        if self.date:
            attrs["when"] = self.date
        change = self.el(self.el(header, "revisionDesc"), "change", attrs)
        change.text = f"Encoded from the transcript {file_name} by tei {__version__}."

    def link_footnotes_back(self) -> None:
        """Each footnote body points back at the references to it (`@target`), as the refs point at it."""
        for note in self.footnotes:
            refs = self.footnote_refs.get(f"#{note.get(XML_ID)}", [])
            if refs:
                note.set("target", " ".join(f"#{ref}" for ref in refs))

    def finish_renditions(self, root: etree._Element) -> None:
        """Declare each @rend value the text uses (tagsDecl/rendition), or drop an empty tagsDecl."""
        tags_decl = self.rendition_targets
        if tags_decl is None:
            return
        # the attribute values gathered by XPath (in libxml2), not by a Python walk of every element
        values = {str(value) for value in cast(list[str], _ALL_REND(root))}
        values |= {str(value).removeprefix("#rend-") for value in cast(list[str], _ALL_RENDITION(root))}
        used = sorted(values - {""})
        for value in used:
            self.el(tags_decl, "rendition", {XML_ID: f"rend-{value}", "scheme": "free"},
                    text=RENDITIONS.get(value, f"printed as {value}"))
        parent = tags_decl.getparent()
        if not len(tags_decl) and parent is not None:
            parent.remove(tags_decl)

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
        entry = self.entries.get(person.id)  # what the corpus personography knows about this person
        if entry is not None:
            for title in dict.fromkeys(entry.titles):  # the title before the name (13.2.1: roleName)
                titled = self.el(element, "persName", {"type": "titled"})
                self.el(titled, "roleName", {"type": "title"}, text=title).tail = " " + person.name
            for role in entry.roles:
                self.el(element, "occupation", text=role)
            if entry.wikidata:
                self.el(element, "idno", {"type": "wikidata"}, text=entry.wikidata)
            if entry.viaf:
                self.el(element, "idno", {"type": "VIAF"}, text=entry.viaf)

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
        if idno is not None:  # a decimal file number goes on after its slash: "740.00119 Control (Korea)/1–2546"
            suffix = re.match(r"/\S+", text[idno[1]:])
            if suffix and (pages is None or pages[0] >= idno[1] + suffix.end()):
                idno = (idno[0], idno[1] + suffix.end(), idno[2])
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
                    element = self.el(div, "note", {"type": "footnote", XML_ID: self.footnote_id(note.info["n"]),
                                                    "n": printed}, offset=note.span.start)
                    self.footnotes.append(element)
                    self.paragraph_content(element, note.paragraphs[0])
                continue
            self.meta_div(back, block)

    def meta_div(self, parent: etree._Element, block: Block) -> None:
        kind = block.info.get("field") if block.kind == "field" else META_DIV_TYPES.get(block.kind, "other")
        div = self.el(parent, "div", {"type": kind or "other"}, offset=block.span.start)
        if kind == "author" and self.byline(div, block):
            return
        if block.label:
            run_on = {"rendition": "#rend-run-on"} if block.info.get("run_on") else {}
            self.inline(self.el(div, "head", run_on, offset=block.span.start), block.label)
        for paragraph in block.paragraphs:
            p = self.el(div, "p", offset=paragraph.span.start)
            self.paragraph_content(p, paragraph)
        if not block.paragraphs:
            self.el(div, "p")

    def byline(self, div: etree._Element, block: Block) -> bool:
        """`Author: Mao Zedong` as printed, the statement of responsibility at the head of the work:
        `<byline>Author: <docAuthor>Mao Zedong</docAuthor></byline>`. False (no byline) when the label
        names nobody (`Author:` and nothing after it) or the name is not on the label's line."""
        if not block.label or len(block.paragraphs) != 1 or not content_text(block.paragraphs[0].content).strip():
            return False
        paragraph = block.paragraphs[0]
        between = self.source.text[block.label[-1].span.end: paragraph.span.start]
        if "\n" in between or between.strip():
            return False
        byline = self.el(div, "byline", offset=block.span.start)
        self.inline(byline, block.label)
        self.append_text(byline, between)
        self.paragraph_content(self.el(byline, "docAuthor", offset=paragraph.span.start), paragraph)
        return True

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
        for record in body.iterfind(f"{T}div[@type='record']"):
            for container in (record, *record.iterfind(f"{T}sp")):
                _participant_paragraphs(container)
            _letter_parts(record)

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
            spec = INLINE.get(node.kind)
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
        sp = self.el(div, "sp", {XML_ID: self.next_id("sp"), **attrs}, offset=block.span.start)
        if block.label:
            run_on = {"rendition": "#rend-run-on"} if block.info.get("run_on") else {}
            self.inline(self.el(sp, "speaker", run_on, offset=block.span.start), block.label)
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
        if kind == "participants":
            listed = participants_list(ab)
            if listed is not None:
                ab.getparent().replace(ab, listed)  # type: ignore[union-attr]

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
        separators = [self.source.text[a.span.end:b.span.start] for a, b in zip(block.items, block.items[1:],
                                                                                     strict=False)]
        attrs = {"type": "distribution", "rend": "inline" if inline else "lines"}
        default = ""
        if inline:
            default = list_form([s for s in separators if "\n" not in s])
            attrs.update(rendition(default))
        lst = self.el(div, "list", attrs, offset=block.span.start)
        if block.label:
            self.inline(self.el(lst, "head", offset=block.span.start), _strip_trailing_space(block.label))
        previous: Block | None = None
        for index, item in enumerate(block.items):
            if previous is not None and inline and "\n" in self.source.text[previous.span.end: item.span.start]:
                self.el(lst, "lb")  # the run of recipients goes on in a new paragraph
            self.distribution_item(lst, item)
            if inline:  # a separator other than the list's, or one after the last item, is recorded on the item
                end = block.items[index + 1].span.start if index + 1 < len(block.items) else block.span.end
                after = self.source.text[item.span.end:end]
                printed = after.split("\n", 1)[0]  # before a line break: what ends the run's last item
                token = separator_form(printed) if printed else None
                ends_run = index + 1 == len(block.items) or "\n" in after
                if token is not None and (ends_run or printed != LIST_SEPARATORS[default]):
                    lst[-1].set("rendition", f"#rend-{token}")
            else:  # one item a line: a separator printed before the line end (`Comrade Pak,`) is recorded
                end = block.items[index + 1].span.start if index + 1 < len(block.items) else block.span.end
                before_break = self.source.text[item.span.end:max(end, item.span.end)].split("\n", 1)[0]
                token = separator_form(before_break) if before_break else None
                if token is not None:
                    lst[-1].set("rendition", f"#rend-{token}")
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
            name_nodes = name_nodes[:-1] + [Inline(NodeKind.TEXT, last.span, last.text.rstrip())]
        tag = {"person": "persName", "org": "orgName", "place": "placeName", "role": "roleName"}.get(kind)
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


_MARKER_RE = re.compile(r"^([•·\-–*]|\d+[.)])\s")  # a printed bullet or number before a listed person


def _split_line(tokens: list[str | etree._Element]) -> tuple[list[etree._Element], list[str]] | None:
    """A line `A, B; C` of persons: the persNames and the separators printed after each (None: not such a line)."""
    items: list[etree._Element] = []
    separators: list[str] = []
    for token in tokens:
        if isinstance(token, str):
            if not token:
                continue
            if not items or token not in LIST_SEPARATORS.values() or len(separators) == len(items):
                return None
            separators.append(token)
        elif token.tag == f"{T}persName":
            if len(separators) != len(items):
                return None
            items.append(token)
        else:
            return None
    return (items, separators) if items and len(separators) in (len(items) - 1, len(items)) else None


def participants_list(ab: etree._Element) -> etree._Element | None:
    """A participants line (`Our side: A, B, C`; `Participants:` with one person a line) as
    `list type="participants"`: the label as head, one item per person (per printed line when a line
    holds more than a name), `persName/@ref` kept. None, and the line stays an `ab`, unless `tei text`
    rebuilds from the list exactly what it rebuilds from the line."""
    printed = inline_text(ab)
    ab = copy.deepcopy(ab)  # the line itself stays as it is when the list would not rebuild it
    label = ab.find(f"{T}label")
    if label is None or ab.index(label) != 0 or len(ab) < 2:
        return None
    tokens: list[str | etree._Element] = [label.tail or ""]
    for child in list(ab)[1:]:
        tokens += [child, child.tail or ""]
    lines: list[list[str | etree._Element]] = [[]]
    for token in tokens:
        if isinstance(token, str) or token.tag != f"{T}lb":
            lines[-1].append(token)
        else:
            lines.append([])
    lst = etree.Element(f"{T}list", {"type": "participants"})
    head = etree.SubElement(lst, f"{T}head")
    head.text, label.tail = label.text, None
    for child in label:
        head.append(child)
    own_line = not any(t for t in lines[0] if not isinstance(t, str) or t)
    run: list[str | etree._Element] | None = None
    if own_line and len(lines) == 2:
        run = lines[1]
    elif len(lines) == 1 and isinstance(lines[0][0], str) and lines[0][0].startswith(" "):
        run = [lines[0][0][1:], *lines[0][1:]]  # the one space after the label
    if run is not None:
        split = _split_line(run)
        if split is None:
            return None
        items, separators = split
        default = list_form(separators[: len(items) - 1]) if len(items) > 1 else ""
        lst.set("rend", "inline")
        for key, value in rendition(default).items():
            lst.set(key, value)
        if own_line:
            head.set("rendition", "#rend-own-line")
        for index, person in enumerate(items):
            item = etree.SubElement(lst, f"{T}item")
            person.tail = None
            item.append(person)
            after = separators[index] if index < len(separators) else None
            if after is not None and (index + 1 == len(items) or after != LIST_SEPARATORS[default]):
                form = separator_form(after)
                if form is None:
                    return None
                item.set("rendition", f"#rend-{form}")
    elif own_line and len(lines) > 2:
        lst.set("rend", "lines")
        for line in lines[1:]:
            item = etree.SubElement(lst, f"{T}item")
            parts = list(line)
            first_part = parts[0] if parts else None
            if isinstance(first_part, str) and (marker := _MARKER_RE.match(first_part)):
                item.set("n", marker.group(1))
                parts[0] = first_part[marker.end():]
            for part in parts:
                if isinstance(part, str):
                    if len(item):
                        item[-1].tail = (item[-1].tail or "") + part
                    else:
                        item.text = (item.text or "") + part
                else:
                    part.tail = None
                    item.append(part)
    else:
        return None
    if not any(item.find(f"{T}persName") is not None for item in lst.iterfind(f"{T}item")):
        return None
    return lst if list_blocks(lst) == [printed] else None


NAME_LINE_WORDS = 8  # a paragraph of this many words or fewer, without a sentence end, can be a listed person


def _participants_label(text: str) -> bool:
    """A paragraph that is only a participants label (`Participants:`, `Also present:`, `Chinese side:`),
    by the header's own label table (`read/rules/header.py`), so both readings know the same labels."""
    found = header_label(text)
    return found is not None and found[0].kind == "participants" and found[1] == len(text)


def _may_hold_colon(p: etree._Element) -> bool:
    """Whether the printed text of `p` (`inline_text`) can hold a colon, as a participants label must: its
    characters come from the text nodes, the delimiters (none is a colon) and the page numbers (`pb/@n`).
    Asked without rebuilding the text (most paragraphs are prose without a colon)."""
    return any(":" in text for text in p.itertext()) or any(":" in (pb.get("n") or "") for pb in p.iter(f"{T}pb"))


def _name_paragraph(p: etree._Element) -> bool:
    text = " ".join(inline_text(p).split())
    return (p.tag == f"{T}p" and not p.attrib and bool(text) and len(text.split()) <= NAME_LINE_WORDS
            and text[-1] not in ".:;?!" and not any(c.tag == f"{T}lb" for c in p))


def _participant_paragraphs(div: etree._Element) -> None:
    """`Participants:` printed as a paragraph of its own and one paragraph per person after it (FRUS
    pages with blank lines between the names): `list type="participants" rend="lines"` with
    @rendition="#rend-paragraphs", when `tei text` rebuilds the same paragraphs from the list."""
    children = list(div)
    index = 0
    while index < len(children):
        label = children[index]
        index += 1
        if label.tag != f"{T}p" or label.attrib or not _may_hold_colon(label) \
                or not _participants_label(inline_text(label).strip()):
            continue
        names: list[etree._Element] = []
        while index < len(children) and _name_paragraph(children[index]):
            names.append(children[index])
            index += 1
        if len(names) < 2:
            continue
        printed = [inline_text(p) for p in (label, *names)]
        lst = etree.Element(f"{T}list", {"type": "participants", "rend": "lines", "rendition": "#rend-paragraphs"})
        for source, tag in ((label, "head"), *((p, "item") for p in names)):
            target = etree.SubElement(lst, f"{T}{tag}")
            target.text = source.text
            for child in source:
                target.append(child)
        if list_blocks(lst) != printed:
            for source, target in zip((label, *names), lst, strict=True):  # give the content back
                for child in target:
                    source.append(child)
            continue
        lst.tail = names[-1].tail
        div.replace(label, lst)
        for p in names:
            div.remove(p)


OPENER_PARTS = ("dateline", "salute")


def _letter_parts(div: etree._Element) -> None:
    """Datelines and salutes before anything but the heading open the letter (`opener/dateline`,
    `opener/salute`); a signature that ends the record closes it (`closer/signed`). Elsewhere they stay
    typed `ab` lines."""
    children = [c for c in div if isinstance(c.tag, str)]
    for child in children:
        kind = child.get("type") if child.tag == f"{T}ab" else None
        if kind in OPENER_PARTS:
            _wrap(child, "opener", str(kind))
        elif child.tag != f"{T}head":
            break
    last = children[-1] if children else None
    if last is not None and last.tag == f"{T}ab" and last.get("type") == "signature":
        _wrap(last, "closer", "signed")


def _wrap(ab: etree._Element, wrapper: str, tag: str) -> None:
    """Turn `<ab type=…>` into `<wrapper><tag>…</tag></wrapper>` in place (merging into a wrapper just before)."""
    previous = ab.getprevious()
    ab.tag = f"{T}{tag}"
    del ab.attrib["type"]
    if previous is not None and previous.tag == f"{T}{wrapper}":
        previous.append(ab)
        return
    outer = etree.Element(f"{T}{wrapper}")
    ab.addprevious(outer)
    outer.append(ab)


_ALL_REND = etree.XPath("descendant-or-self::*/@rend")
_ALL_RENDITION = etree.XPath("descendant-or-self::*/@rendition")


def _when(block: Block) -> dict[str, str]:
    return {"when": block.info["when"]} if block.info.get("when") else {}


def _label_end(block: Block) -> int:
    return block.label[-1].span.end if block.label else -1


def _strip_trailing_space(nodes: list[Inline]) -> list[Inline]:
    if nodes and nodes[-1].kind == "text":
        last = nodes[-1]
        return nodes[:-1] + [Inline(NodeKind.TEXT, last.span, last.text.rstrip())]
    return nodes


_EXTENSION_RE = re.compile(r"\.[^.]*$")
_NOT_ID_RE = re.compile(r"[^A-Za-z0-9_.\-]+")


def _doc_id(name: str) -> str:
    stem = _EXTENSION_RE.sub("", name.rsplit("/", 1)[-1])
    return "doc-" + (_NOT_ID_RE.sub("-", stem).strip("-") or "stdin")


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; mixed content (p, ab, speaker, ...) is left exactly as is."""
    if element.tag not in ELEMENT_ONLY or not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        if child.tag in ELEMENT_ONLY:  # the test _indent would make first: no call for mixed content
            _indent(child, level + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * level


_LANGUAGE_NAMES = {code: name.capitalize() for name, code in LANGUAGE_CODES.items()}
