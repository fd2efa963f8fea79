"""Stage 4: document passes. Whole-document work after the blocks are known, one pass per job.

Passes run in the order of `DOCUMENT_PASSES`: metadata is copied into the header, archival ids and
dates are marked where they are printed, persons are resolved, footnote references are linked to
their bodies, distribution recipients are linked to persons.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tei_tool.config import Personography, Sidecar
from tei_tool.findings import Finding, Severity
from tei_tool.model import (
    Block,
    Document,
    Inline,
    NodeKind,
    Paragraph,
    Person,
    content_text,
    name_text,
    printed_text,
    walk,
    wrap_span,
)
from tei_tool.passes.persons import resolve_persons
from tei_tool.passes.provenance import SOURCE_SERIES, find_series, is_translation, series_from_config
from tei_tool.read.layout import split_columns
from tei_tool.read.lexicon import name_key
from tei_tool.read.rules import frontback as fb
from tei_tool.read.rules.archival import find_archival_ids
from tei_tool.read.rules.dates import DateMatch, find_dates
from tei_tool.read.rules.speakers import strip_titles
from tei_tool.read.source import Source, Span


@dataclass
class PassContext:
    source: Source
    document: Document
    personography: Personography
    sidecar: Sidecar | None
    date_formats: list[str] = field(default_factory=list)
    archive_patterns: list[dict[str, str]] = field(default_factory=list)
    title_words: frozenset[str] = frozenset()
    funders: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    source_series: list[dict[str, object]] = field(default_factory=list)  # tei.yaml rules.source_series
    column_fields: dict[str, str] | None = None  # fields of a two-column header, read once


DocumentPass = Callable[[PassContext], None]

URL_RE = re.compile(r"https?://[^\s<>\"”)\]]+")
OBTAINED_TRANSLATED_RE = re.compile(
    r"obtained by (?P<obtained>.+?) and translated by (?P<translated>.+?)(?:\.\s|\.$|$)", re.IGNORECASE)
OBTAINED_AND_TRANSLATED_RE = re.compile(r"obtained and translated (?:for \S+ )?by (?P<both>.+?)(?:\.\s|\.$|$)",
                                        re.IGNORECASE)
TRANSLATED_RE = re.compile(r"translated (?:for \S+ )?by (?P<translated>.+?)(?:\.\s|\.$|$)", re.IGNORECASE)


LANGUAGE_CODES = {
    "chinese": "zh", "korean": "ko", "russian": "ru", "german": "de", "hungarian": "hu", "english": "en",
    "japanese": "ja", "vietnamese": "vi", "polish": "pl", "czech": "cs", "romanian": "ro", "bulgarian": "bg",
    "mongolian": "mn", "albanian": "sq", "french": "fr", "spanish": "es", "serbian": "sr", "slovak": "sk",
    "italian": "it", "portuguese": "pt", "arabic": "ar", "hindi": "hi", "persian": "fa",
}


def language_code(name: str) -> str:
    """ISO 639-1 code of a language name as printed ("und" when unknown)."""
    return LANGUAGE_CODES.get(name.strip().lower(), "und")


def _blocks(ctx: PassContext, *kinds: str) -> list[Block]:
    return [b for b in ctx.document.blocks if b.kind in kinds]


def _text(block: Block) -> str:
    """A block's text as printed (brackets kept, footnote numbers left out), on one line."""
    return " ".join(" ".join(printed_text(p.content).split()) for p in block.paragraphs).strip()


def _names(text: str) -> list[str]:
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", text.strip().rstrip("."))
    return [p.strip() for p in parts if p.strip()]


SOURCE_NOTE_RE = re.compile(r"Source:\s")


COLUMN_FIELD_RE = re.compile(r"(?P<label>Date|Source|Title|Author|Citation)\s*:[\s.]*(?P<value>.*?)"
                             r"(?=\s+(?:Date|Source|Title|Author|Citation)\s*:|$)", re.IGNORECASE)


HEADER_BLOCKS = 12  # a two-column header stands among the document's first blocks


def _column_fields(ctx: PassContext) -> dict[str, str]:
    """Labelled fields of a two-column header (`Date: December` / `18,1949` beside `Source: …`), read
    column by column; the text itself keeps the transcript's order. Cached on the context."""
    if ctx.column_fields is not None:
        return ctx.column_fields
    fields: dict[str, str] = {}
    for block in ctx.document.blocks[:HEADER_BLOCKS]:
        if block.kind in (NodeKind.TURN, NodeKind.FOOTNOTES):
            continue
        start = ctx.source.text.rfind("\n", 0, block.span.start) + 1  # whole lines: columns need their indent
        columns = split_columns(ctx.source.text[start: block.span.end].split("\n"))
        for column in columns or ():
            for match in COLUMN_FIELD_RE.finditer(column):
                fields.setdefault(match.group("label").lower(), match.group("value").strip())
    ctx.column_fields = fields
    return fields


def collect_metadata(ctx: PassContext) -> None:
    """Copy title, date, citation, summary, credits, language, source, rights into the header."""
    meta = ctx.document.meta
    fields = {b.info.get("field"): b for b in _blocks(ctx, "field")}
    titles = _blocks(ctx, "title")
    headings = _blocks(ctx, "heading")
    citations = _blocks(ctx, "citation") or ([fields["citation"]] if "citation" in fields else [])
    if not citations:  # FRUS: the source note (footnote 1, "Source: …") is the citation
        citations = [note for block in _blocks(ctx, "footnotes") for note in block.items
                     if SOURCE_NOTE_RE.match(_text(note))][:1]
    if "title" in fields:  # a labelled `Title:` beats a guessed page title
        meta.title = _text(fields["title"])
    elif titles:
        meta.title = " ".join(_text(titles[0]).split())
        number = titles[0].info.get("number")
        if number and meta.title.startswith(number):  # FRUS: `92. Memorandum …`; the number is an identifier
            meta.document_number = number.rstrip(".")
            meta.title = meta.title[len(number):].strip()
    elif citations:
        quoted = re.match(r"\s*[“\"](.+?)[,.]?[”\"]", _text(citations[0]))
        meta.title = quoted.group(1).rstrip(",") if quoted else ""
    if not meta.title and headings:
        meta.title = _text(headings[0])
    if citations:
        meta.citation = _text(citations[0])
    elif _column_fields(ctx).get("source"):  # `Source:` in one column of a two-column header
        source = _column_fields(ctx)["source"]
        url = URL_RE.search(source)
        meta.citation = source[: url.start()].strip() if url else source
        meta.source_url = meta.source_url or (url.group().rstrip(".,;") if url else "")
    summaries = _blocks(ctx, "summary") or ([fields["summary"]] if "summary" in fields else [])
    if summaries:
        meta.summary = _text(summaries[0])
    meta.funders = list(dict.fromkeys(ctx.funders))
    if "language" in fields:
        meta.original_language = _text(fields["language"]).split(",")[0].strip()
    rights = _blocks(ctx, "rights")
    if rights:
        meta.rights = " ".join(_text(b) for b in rights)
    for block in ctx.document.blocks:
        if block.region in ("front", "back") or block.kind == "title":
            for url in URL_RE.findall(_text(block)):
                meta.source_url = meta.source_url or url.rstrip(".,;")
    record = re.search(r"/document/(\d+)", meta.source_url)
    if record:
        meta.record_id = record.group(1)
    source_fields = [b for b in _blocks(ctx, "field") if b.info.get("field") == "source"]
    for block in citations + _blocks(ctx, "source") + source_fields:
        text = _text(block)
        both = OBTAINED_AND_TRANSLATED_RE.search(text)
        pair = OBTAINED_TRANSLATED_RE.search(text)
        alone = TRANSLATED_RE.search(text)
        if both:
            names = _names(both.group("both"))
            meta.obtained_by = meta.obtained_by or names
            meta.translators = meta.translators or names
        elif pair:
            meta.obtained_by = meta.obtained_by or _names(pair.group("obtained"))
            meta.translators = meta.translators or _names(pair.group("translated"))
        elif alone:
            meta.translators = meta.translators or _names(alone.group("translated"))
    record_types = _blocks(ctx, "record_type")
    if record_types:
        meta.document_type = _text(record_types[0])
    else:
        for block in _blocks(ctx, "file_number"):
            match = fb.FILE_NUMBER_RE.fullmatch(_text(block))
            if match and match.group("type"):
                meta.document_type = match.group("type").strip()
        meta.document_type = meta.document_type or fb.document_type_in(meta.title) or ""
    series = find_series(ctx.source.text, series_from_config(ctx.source_series) + SOURCE_SERIES)
    meta.translated = is_translation(ctx.source.text, meta.translators, meta.original_language)
    if series is not None:
        meta.series, meta.source_publisher = series.name, series.publisher
        if not meta.translated:
            meta.bracket_editors = series.editors
            meta.source_language = series.language
    if meta.original_language:
        meta.source_language = language_code(meta.original_language)
    side = ctx.sidecar
    if side is not None:
        meta.title = side.title or meta.title
        meta.source_url = side.source_url or meta.source_url
        if side.date:
            meta.date = side.date


def mark_archival_ids(ctx: PassContext) -> None:
    """Mark archival identifiers wherever the document prints them: the citation, a source line or
    note (FRUS prints its source in footnote 1), a file number, the last paragraph of a note."""
    meta = ctx.document.meta
    seen: set[str] = set()
    for block in ctx.document.blocks:
        if block.kind == "field" and block.info.get("field") not in ("citation", "source"):
            continue
        for paragraph in block.all_paragraphs():
            base = paragraph.span.start
            printed = ctx.source.text[base: paragraph.span.end]
            for found in find_archival_ids(printed, ctx.archive_patterns):
                wrapped = wrap_span(paragraph.content, base + found.start, base + found.end, NodeKind.ARCHIVAL_ID, {})
                if wrapped is not None:
                    paragraph.content = [_digits_are_text(node) if node.kind == "archival_id" else node
                                         for node in wrapped]
                    _remember_id(meta.archival_ids, seen, found)
    if ctx.sidecar is not None and ctx.sidecar.archival_ref:
        ref = ctx.sidecar.archival_ref
        matches = find_archival_ids(ref, ctx.archive_patterns)
        meta.archival_ids = [{"text": ref, "match": matches[0] if matches and matches[0].text == ref else None}]


def _digits_are_text(node: Inline) -> Inline:
    """Inside an archival id, a number glued to a letter is part of it (`Lot 54–D270`), not a footnote,
    and a PDF's line break (`APRF:` / `F. 3, …`) is white space of the id (idno holds text only)."""
    children = [Inline(NodeKind.TEXT, child.span, content_text(child.children)) if child.kind == "footnote_ref"
                else Inline(NodeKind.TEXT, child.span, "\n") if child.kind == "linebreak" else child
                for child in node.children]
    merged: list[Inline] = []
    for child in children:
        if merged and child.kind == "text" and merged[-1].kind == "text":
            merged[-1] = Inline(NodeKind.TEXT, Span(merged[-1].span.start, child.span.end),
                                merged[-1].text + child.text)
        else:
            merged.append(child)
    node.children = merged
    return node


def _remember_id(store: list[dict[str, object]], seen: set[str], found: object) -> None:
    text = getattr(found, "text", "")
    if text and text not in seen:
        seen.add(text)
        store.append({"text": text, "match": found})


def _mark_dates_in(paragraph: Paragraph, found_dates: list[DateMatch]) -> list[tuple[int, int]]:
    """Wrap each found date (`when`, or `from`/`to` for a range) in a `date` node; the spans marked."""
    base, taken = paragraph.span.start, []
    for found in reversed(found_dates):
        span = {"from": found.when, "to": found.to} if found.to else {"when": found.when}
        wrapped = wrap_span(paragraph.content, base + found.start, base + found.end, NodeKind.DATE, span)
        if wrapped is not None:
            paragraph.content = wrapped
            taken.append((found.start, found.end))
    return taken


def mark_dates(ctx: PassContext) -> None:
    """Mark dates with ISO `when` in date lines, header times, datelines and stamps; set the document date."""
    meta = ctx.document.meta
    default_year = None
    for block in ctx.document.blocks:
        if block.kind == "date_line" and block.info.get("when"):
            meta.date = meta.date or block.info["when"]
            meta.date_text = meta.date_text or _text(block)
    if meta.date[:4].isdigit():
        default_year = int(meta.date[:4])
    for block in ctx.document.blocks:
        if block.kind != "header_line" or block.info.get("type") not in ("time", "dateline", "stamp", "occasion"):
            continue
        for paragraph in [p for item in block.items for p in item.paragraphs[:1]] + block.paragraphs:
            base = paragraph.span.start
            printed = ctx.source.text[base: paragraph.span.end]
            _mark_dates_in(paragraph, find_dates(printed, ctx.date_formats, default_year))
        if block.kind == "header_line" and block.info.get("type") in ("time", "dateline") and not meta.date:
            for node in block.nodes():
                if node.kind == "date" and (node.info.get("when") or node.info.get("from")):
                    meta.date = (node.info.get("when") or node.info["from"])[:10]
                    break
    if not meta.date:
        for text in [meta.citation, meta.title]:
            dates = find_dates(text or "", ctx.date_formats)
            if dates:
                meta.date = dates[0].when[:10]
                break
    if not meta.date:  # `Date:` in one column of a two-column header
        column_date = _column_fields(ctx).get("date", "")
        dates = find_dates(column_date, ctx.date_formats) if column_date else []
        if dates:
            meta.date = dates[0].when[:10]
    if not meta.date:  # a decimal file number encodes its filing date (`/1–2546`)
        for entry in meta.archival_ids:
            when = getattr(entry.get("match"), "when", None)
            if when:
                meta.date = str(when)[:10]
                break
    if not meta.date:  # an editorial note: the first date it discusses, said in a finding
        for block in ctx.document.blocks:
            if block.region != "body" or block.kind == "turn":
                continue
            dates = find_dates(" ".join(printed_text(p.content) for p in block.paragraphs), ctx.date_formats)
            if dates:
                meta.date = dates[0].when[:10]
                ctx.findings.append(ctx.source.finding(
                    block.span.start, Severity.INFO, "W301",
                    f"no dateline: the document is dated {meta.date}, the first date its text gives",
                    "set the date in the sidecar (date:) if that is not the document's date"))
                break


def resolve_document_persons(ctx: PassContext) -> None:
    """One person, one id (see persons.py)."""
    def names(block: Block) -> str:
        return " ".join(name_text(p.content) for p in block.paragraphs)

    title_texts = [names(b) for b in _blocks(ctx, "title", "summary")] + [ctx.document.meta.title]
    title_texts += [names(b) for b in _blocks(ctx, "heading", "citation", "narrative", "note_block")]
    title_texts += [names(b) for b in _blocks(ctx, "paragraph")[:3]]
    speaker_map = ctx.sidecar.speakers if ctx.sidecar else {}
    persons, findings = resolve_persons(ctx.document.blocks, ctx.source, title_texts, ctx.personography,
                                        speaker_map, ctx.title_words)
    ctx.document.persons = persons
    ctx.findings += findings


RUNNING_TEXT = ("turn", "paragraph", "narrative")


def mark_running_text(ctx: PassContext) -> None:
    """Where turns and prose name a person of the document (full name or a variant it gives) or print a
    full date, mark it: `persName/@ref`, `date/@when` (or @from/@to for a range), as FRUS editors do by hand.
    Short forms are left alone: "Kim" or "Pak" in running text may be anyone."""
    forms: list[tuple[str, str]] = []
    for person in ctx.document.persons:
        for form in {person.name, *person.variants}:
            if len(form.split()) >= 2:
                forms.append((form, person.id))
    known = {person.id for person in ctx.document.persons}
    names = {name_key(form) for person in ctx.document.persons for form in {person.name, *person.variants}}
    for entry in ctx.personography.persons:  # corpus persons the text names in full become "mentioned"
        if entry.id not in known and not names & {name_key(f) for f in {entry.name, *entry.variants}}:
            forms += [(form, entry.id) for form in {entry.name, *entry.variants} if len(form.split()) >= 2]
    forms.sort(key=lambda f: -len(f[0]))  # the longest form first: "Mao Zedong" before a shorter variant
    patterns = [(form, re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])"), pid) for form, pid in forms]
    for block in ctx.document.blocks:
        if block.kind not in RUNNING_TEXT or block.region != "body":
            continue
        for paragraph in block.paragraphs:
            base = paragraph.span.start
            printed = ctx.source.text[base: paragraph.span.end]
            taken = _mark_dates_in(paragraph, find_dates(printed, ctx.date_formats))
            for form, pattern, person_id in patterns:
                if form not in printed:  # the pattern needs the form itself: a substring test skips ahead
                    continue
                for match in reversed(list(pattern.finditer(printed))):
                    if any(a < match.end() and match.start() < b for a, b in taken):
                        continue
                    wrapped = wrap_span(paragraph.content, base + match.start(), base + match.end(), "person",
                                        {"ref": f"#{person_id}"})
                    if wrapped is not None:
                        paragraph.content = wrapped
                        taken.append((match.start(), match.end()))
                        if person_id not in known:
                            _add_mentioned(ctx, person_id, base + match.start())
                            known.add(person_id)


_POSSESSIVE_RE = re.compile(r"(?:[’']s|s[’'])$")


def _referent_person(ctx: PassContext, name: str) -> str | None:
    """The one person a glossed name means: a person of the document by any form it gives, else a
    person of the personography by name, variant or short form (a short form is listed there only
    when it means one person in the whole corpus); None when nobody or several match."""
    key = name_key(name)
    if not key:
        return None
    found = {p.id for p in ctx.document.persons
             if key in {name_key(f) for f in {p.name, *p.variants, *p.short_forms, *p.forms}}}
    if not found:
        found = {e.id for e in ctx.personography.persons
                 if key in {name_key(f) for f in {e.name, *e.variants, *e.short_forms}}}
    return next(iter(found)) if len(found) == 1 else None


def link_referents(ctx: PassContext) -> None:
    """`his [Khrushchev’s]`: when the gloss is a name the document or the personography resolves to one
    person, the name inside the gloss points at that person (`gloss/persName/@ref`); the possessive stays
    outside the name. A person of the personography named only here is added as mentioned."""
    known = {person.id for person in ctx.document.persons}
    for block in ctx.document.blocks:
        if block.kind not in RUNNING_TEXT or block.region != "body":
            continue
        for paragraph in block.paragraphs:
            for gloss in [node for node in walk(paragraph.content) if node.kind == NodeKind.REFERENT]:
                if len(gloss.children) != 1 or gloss.children[0].kind != NodeKind.TEXT:
                    continue
                text = gloss.children[0]
                words = text.text.strip()
                name = _POSSESSIVE_RE.sub("", words)
                person_id = _referent_person(ctx, name) if name else None
                if person_id is None:
                    continue
                start = text.span.start + text.text.index(words)
                wrapped = wrap_span(gloss.children, start, start + len(name), "person", {"ref": f"#{person_id}"})
                if wrapped is not None:
                    gloss.children = wrapped
                    if person_id not in known:
                        _add_mentioned(ctx, person_id, start)
                        known.add(person_id)


def _add_mentioned(ctx: PassContext, person_id: str, offset: int) -> None:
    entry = next(e for e in ctx.personography.persons if e.id == person_id)
    ctx.document.persons.append(Person(entry.id, entry.name, variants=set(entry.variants), titles=list(entry.titles),
                                       role="mentioned", first_offset=offset))


def link_footnotes(ctx: PassContext) -> None:
    """Point each footnote reference at its body: same number first, else in order of appearance."""
    notes = [item for b in _blocks(ctx, "footnotes") for item in b.items]
    if not notes:  # no reference can point anywhere: the walk of every node is spared
        return
    refs = [n for b in ctx.document.blocks for n in b.nodes()
            if n.kind == "footnote_ref"]
    by_number = {note.info["n"]: note for note in notes}
    unused = [note for note in notes if note.info["n"] not in {r.info.get("n") for r in refs}]
    for ref in refs:
        note = by_number.get(ref.info.get("n", ""))
        if note is None and unused:
            note = unused.pop(0)
        if note is not None:
            ref.info = {**ref.info, "target": f"#fn-{note.info['n']}"}


def _recipient_words(item: Block) -> str:
    return content_text(item.paragraphs[0].content).strip() if item.paragraphs else ""


def unmark_non_persons(ctx: PassContext) -> None:
    """Recipients read as persons that the list itself shows are not: a bare office ("Ambassador": title
    words only) is a roleName; in a list whose persons are addressed ("Comrade Puja"), an unaddressed single
    word ("Pyongyang", the embassy's copy) is left unmarked rather than called a person."""
    for block in _blocks(ctx, "distribution"):
        people = [item for item in block.items if item.info.get("item") == "person"]
        addressed = [item for item in people
                     if strip_titles(_recipient_words(item), ctx.title_words)[0]]
        for item in people:
            titles, bare = strip_titles(re.sub(r"\s*\(\d+\)$", "", _recipient_words(item)), ctx.title_words)
            if titles and not bare:
                item.info["item"] = "role"
            elif not titles and len(addressed) >= 2 and len(bare.split()) == 1:
                item.info["item"] = "other"


def link_distribution(ctx: PassContext) -> None:
    """Recipients who are persons of the document get `ref` (`[Liu] Shaoqi` -> #liu-shaoqi)."""
    persons = ctx.document.persons
    unmark_non_persons(ctx)
    for block in _blocks(ctx, "distribution"):
        for item in block.items:
            if item.info.get("item") != "person" or not item.paragraphs:
                continue
            name = content_text(item.paragraphs[0].content).strip()
            name = re.sub(r"\s*\(\d+\)$", "", name)
            _, bare = strip_titles(name, ctx.title_words)
            for person in persons:
                if bare and name_key(bare) == name_key(person.name):
                    item.info["ref"] = person.id
                    break


DOCUMENT_PASSES: list[DocumentPass] = [
    collect_metadata,
    mark_archival_ids,
    mark_dates,
    resolve_document_persons,
    mark_running_text,
    link_referents,
    link_footnotes,
    link_distribution,
]


def run_passes(ctx: PassContext) -> None:
    for document_pass in DOCUMENT_PASSES:
        document_pass(ctx)
