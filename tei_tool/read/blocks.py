"""Stage 2: blocks. Recognises what each paragraph of a transcript is and where it renders.

The transcript is read as three regions: the metadata printed before the record (front), the record
itself (body) and the metadata after it (back). Each region has an ordered table of rules; the first
rule that accepts a paragraph decides its block. Inline marks are parsed here too, per block, so
every node keeps its span.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tei_tool.findings import Finding
from tei_tool.model import Block, Inline, NodeKind, Paragraph, content_text, name_text, wrap_span
from tei_tool.read.inline import InlineParser
from tei_tool.read.layout import LayoutOptions, Line, Para, read_layout
from tei_tool.read.lexicon import NON_NAME_WORDS, ORG_WORDS, similar_at_least
from tei_tool.read.rules import frontback as fb
from tei_tool.read.rules.clutter import FOOTER_LABEL
from tei_tool.read.rules.dates import find_dates, parse_date
from tei_tool.read.rules.distribution import (
    ITEM_MARKER_RE,
    heading_total,
    is_item_line,
    is_stamp,
    marker_copies,
    read_item,
    split_items,
)
from tei_tool.read.rules.header import header_label, is_classification
from tei_tool.read.rules.speakers import find_label, strip_titles
from tei_tool.read.source import Source, Span


@dataclass
class BlockOptions:
    clutter_patterns: list[re.Pattern[str]] = field(default_factory=list)
    clutter_lines: set[int] = field(default_factory=set)
    text_lines: set[int] = field(default_factory=set)
    date_formats: list[str] = field(default_factory=list)
    title_words: frozenset[str] = frozenset()
    disabled: frozenset[str] = frozenset()  # rule names switched off in tei.yaml
    layout: str = ""  # a layout forced by the sidecar or tei.yaml


class BlockReader:
    """Reads one source into blocks. Never raises on odd input: unknown things become paragraphs."""

    def __init__(self, source: Source, parser: InlineParser, options: BlockOptions) -> None:
        self.source = source
        self.parser = parser
        self.options = options
        self.findings: list[Finding] = []
        self.clutter_lines: list[int] = []
        self.blocks: list[Block] = []
        self.title = ""
        self.funders: list[str] = []
        self.document_type = ""
        self.citation_seen = False
        self.default_year: int | None = None
        self._title_matcher: tuple[str, difflib.SequenceMatcher[str]] | None = None  # see _is_heading

    # -- entry ------------------------------------------------------------------------------------

    def read(self) -> list[Block]:
        self.layout = read_layout(self.source, LayoutOptions(
            clutter_patterns=self.options.clutter_patterns, clutter_lines=self.options.clutter_lines,
            text_lines=self.options.text_lines, disabled=self.options.disabled, layout=self.options.layout))
        self.clutter_lines = self.layout.clutter_lines
        self.findings += self.layout.findings
        if self.layout.clutter_spans:  # a paragraph joined across a dropped line must not read that line
            self.parser.text = mask(self.source.text, self.layout.clutter_spans)
        paras = self.layout.paragraphs
        self.footnote_start = self._footnote_run(paras)
        self.footnotes_present = self._has_footnotes(paras) or self.footnote_start < len(paras)
        self.parser.options.footnotes = self.footnotes_present
        back_start = self._back_start(paras)
        body = self._read_front(paras[:back_start])
        self._read_body(body)
        self._read_back(paras[back_start:])
        notes = {item.info["n"] for block in self.blocks if block.kind == "footnotes" for item in block.items}
        for block in self.blocks:
            mark_layout_characters(block, self.footnotes_present, self.layout.page_numbers, notes)
            if block.kind in ("title", "heading") and block.paragraphs:
                mark_trailing_note_number(block.paragraphs[-1], notes)
        return self.blocks

    # -- regions ----------------------------------------------------------------------------------

    def _footnote_run(self, paras: list[Para]) -> int:
        """Where the trailing run of footnote bodies starts (`1 Source: …`, `81` + body; numbers rising,
        at least half of them referenced in the text before); len(paras) when there is none."""
        start, numbers, pending = len(paras), list[int](), 0
        while start > 1:
            match = FOOTNOTE_PARA_RE.match(paras[start - 1].text)
            if not match and numbers and pending < 3 and len(paras[start - 1].text) < 300:
                pending += 1  # a piece of a note body after a blank line (`see` / ` ` / `Foreign Relations`)
                start -= 1
                continue
            if not match or (numbers and int(match.group("n")) >= numbers[-1]):
                start += pending
                break
            if pending and paras[start - 1].text.rstrip().endswith((".", "?", "!")):
                start += pending  # the note before was finished: those pieces are not its body
                break
            numbers.append(int(match.group("n")))
            start -= 1
            pending = 0
        start += pending if start <= 1 else 0
        if not numbers:
            return len(paras)
        referenced_numbers = referenced_note_numbers("\n".join(para.text for para in paras[:start]))
        referenced = sum(1 for n in numbers if str(n) in referenced_numbers)
        return start if referenced * 2 >= len(numbers) else len(paras)

    def _has_footnotes(self, paras: list[Para]) -> bool:
        return bool(paras) and fb.is_footnote_section([line.text for line in paras[-1].lines])

    def _back_start(self, paras: list[Para]) -> int:
        """Index of the first paragraph of the trailing metadata (len(paras) when there is none)."""
        start = len(paras)
        for index, para in enumerate(paras):
            text = fb.unbold(para.text)
            if fb.field_label(text) == "source" and text.lower().startswith("document information"):
                start = index
                if index > 0 and self._is_summary_candidate(paras[index - 1]):
                    start = index - 1
                break
            if index > len(paras) // 2 and fb.is_rights(text):  # the cheap test first
                start = index
                break
            if index > len(paras) // 2 and FOOTER_LABEL.fullmatch(text):  # the newer page: `Author(s):`
                start = index
                if index > 0 and self._is_summary_candidate(paras[index - 1]):
                    start = index - 1
                break
        if self.footnotes_present:
            start = min(start, len(paras) - 1, self.footnote_start)
        return start

    def _is_summary_candidate(self, para: Para) -> bool:
        text = para.text
        return (
            find_label(text) is None
            and len(text) > 60
            and len(para.lines) <= 3
            and not text.startswith(("(", "["))
            and heading_total(text) is None
            and not is_stamp(text)
        )

    # -- front ------------------------------------------------------------------------------------

    def _units(self, paras: list[Para]) -> list[tuple[int, Para]]:
        units = []
        for index, para in enumerate(paras):
            if len(para.lines) > 1 and not para.text.startswith("**"):
                first = 0
                for group in _wrapped_groups(para.lines):
                    units.append((index, para.part(group, first)))
                    first += len(group)
            else:
                units.append((index, para))
        return units

    def _read_front(self, paras: list[Para]) -> list[Para]:
        """Front blocks from the leading paragraphs; returns the paragraphs left for the body."""
        units = self._units(paras)
        position = 0
        while position < len(units):
            index, unit = units[position]
            consumed = self._front_unit(units, position)
            if consumed == 0:
                rest = [line for i, u in units[position:] if i == index for line in u.lines]
                return [paras[index].part(rest)] + paras[index + 1:]
            position += consumed
        return []

    def _front_unit(self, units: list[tuple[int, Para]], position: int) -> int:
        """How many units the front rules (`FRONT_RULES`) consumed here (0: the body starts here)."""
        _, unit = units[position]
        look = FrontLook(units, position, fb.unbold(unit.text),
                         fb.unbold(units[position + 1][1].text) if position + 1 < len(units) else "")
        for rule in FRONT_RULES:
            if rule.__name__ in self.options.disabled:
                continue
            consumed = rule(self, look)
            if consumed:
                return consumed
        return 0

    def _title_like(self, text: str) -> bool:
        after_date_line = bool(self.blocks) and self.blocks[-1].kind == "date_line" and "\n" not in text
        return (
            0 < len(text) <= 300
            and not text.endswith(":")
            # "Kim Il Sung: Speech at …" right under the date line is the page title, not a turn
            and (find_label(text) is None or after_date_line and not _ends_with(SENTENCE_END_RE, text))
            and header_label(text) is None
            and not text.startswith(("(", "[", "-", "•"))
            and not is_classification(text)
            and not (_ends_with(PROSE_END_RE, text) and text.count(". ") >= 1)  # prose, not a title
        )

    def _add_front(self, kind: NodeKind, unit: Para, info: dict[str, str]) -> None:
        block = Block(kind, Span(unit.start, unit.end), region="front", info=info, rule=kind)
        self.parser.options.title_context = kind == "title"
        block.paragraphs = [Paragraph(block.span, self.parser.parse(unit.start, unit.end, kind))]
        self.parser.options.title_context = False
        self.blocks.append(block)

    def _add_inline_field(self, kind: str, unit: Para, label_end: int, value_start: int) -> None:
        """A field whose label and value share a line (`Title: Telegram to Liu`)."""
        block = Block(NodeKind.FIELD, unit.span, region="front", info={"field": kind}, rule=f"field:{kind}")
        block.label = self.parser.parse(unit.start, unit.offset(label_end), "field")
        if value_start == label_end:
            block.info["run_on"] = "yes"  # `Original Language:Korean`: the value follows the colon directly
        start = unit.offset(value_start)
        block.paragraphs = [Paragraph(Span(start, unit.end), self.parser.parse(start, unit.end, kind))]
        self.blocks.append(block)

    def _add_field(self, kind: str, label: Para, values: list[Para], region: str) -> None:
        block = Block(NodeKind.FIELD, Span(label.start, values[-1].end if values else label.end), region=region,
                      info={"field": kind}, rule=f"field:{kind}")
        block.label = self.parser.parse(label.start, label.end, "field")
        block.paragraphs = [Paragraph(Span(v.start, v.end), self.parser.parse(v.start, v.end, kind)) for v in values]
        self.blocks.append(block)

    # -- body -------------------------------------------------------------------------------------

    def _read_body(self, paras: list[Para]) -> None:
        """Apply the body rules (`BODY_RULES`, in order) to each paragraph; the first that takes it wins."""
        labelled = [p for p in paras if find_label(p.text) is not None and header_label(p.lines[0].stripped) is None]
        state = BodyState(paras=paras, dialogue=len(labelled) >= 2)
        rules = [rule for rule in BODY_RULES if rule.__name__ not in self.options.disabled]
        for index, para in enumerate(paras):
            state.index = index
            for rule in rules:
                if rule(self, state, para):
                    break
            else:
                body_paragraph(self, state, para)

    @staticmethod
    def _continues_participants(para: Para) -> bool:
        """Indented or list-like lines after a participant label: one name (or side) per line."""
        if find_label(para.text) is not None or header_label(para.lines[0].stripped) is not None:
            return False
        if all(line.text[:1].isspace() for line in para.lines):
            return True
        return all(len(line.stripped) <= 100 and not _ends_with(WORD_SENTENCE_END_RE, line.stripped)
                   for line in para.lines)

    def _strong_label(self, text: str) -> bool:
        """A lone label in a document that is otherwise not a dialogue needs a title or an alias."""
        found = find_label(text)
        if not found:
            return False
        label = text[: found[0]]
        titles, _ = strip_titles(label.rstrip(":.："), self.options.title_words)
        return bool(titles) or "abbreviat" in label or "hereafter" in label

    def _is_heading(self, text: str) -> bool:
        bare = fb.unbold(text)
        if fb.is_letter_spaced(bare):
            return True
        if not self.title or len(bare) > 300:
            return False
        title = _norm(self.title)
        if self._title_matcher is None or self._title_matcher[0] != title:
            # difflib learns the second sequence once: every paragraph is compared with the same title
            self._title_matcher = title, difflib.SequenceMatcher(None, "", title)
        return similar_at_least(_norm(bare), title, 0.75, self._title_matcher[1])

    def _is_occasion(self, para: Para) -> bool:
        """"President Liu and Premier Zhou on 9 September at the Embassy ...": who met, when, where."""
        if len(para.lines) != 1 or len(para.text) > 250 or para.text.rstrip().endswith((".", "?", "!")):
            return False
        return bool(find_dates(para.text, self.options.date_formats, self.default_year))

    def _is_dateline(self, para: Para) -> bool:
        if len(para.lines) != 1 or len(para.text) > 60:
            return False
        text = para.text
        dates = find_dates(text, self.options.date_formats)
        if not dates:
            return False
        rest = (text[: dates[0].start] + text[dates[-1].end:]).strip(" ,.")
        return len(rest.split()) <= 3 and (not rest or rest[:1].isupper())

    def _whole_group(self, para: Para) -> Inline | None:
        """The single mark a paragraph consists of ("(section redacted from document)"), if so."""
        text = para.text
        if not (text.startswith(("(", "[")) and text.endswith((")", "]"))):
            return None
        nodes = self.parser.parse(para.start, para.end, "narrative")
        marks = [n for n in nodes if not (n.kind == "text" and not n.text.strip())]
        if len(marks) == 1 and marks[0].kind not in ("text", "parenthetical"):
            return marks[0]
        return None

    def _paragraph(self, para: Para, context: str, start: int | None = None) -> Paragraph:
        begin = para.start if start is None else start
        return Paragraph(Span(begin, para.end), self.parser.parse(begin, para.end, context))

    def _add_body(self, kind: NodeKind, para: Para, context: str, info: dict[str, str] | None = None,
                  nodes: list[Inline] | None = None) -> Block:
        block = Block(kind, para.span, region="body", info=dict(info or {}), rule=kind)
        content = nodes if nodes is not None else self.parser.parse(para.start, para.end, context)
        block.paragraphs = [Paragraph(para.span, content)]
        self.blocks.append(block)
        return block

    # -- turns ------------------------------------------------------------------------------------

    def _start_turn(self, para: Para, label_end: int, content_start: int) -> Block:
        block = Block(NodeKind.TURN, para.span, region="body", rule="speaker_label")
        if label_end:
            block.label = self.parser.parse(para.start, para.offset(label_end), "label")
            if content_start == label_end and content_start < len(para.text):
                block.info["run_on"] = "yes"  # `Zhou Enlai：We …`: the speech follows the label directly
        if para.offset(content_start) < para.end and content_start < len(para.text) + 1:
            block.paragraphs.append(self._paragraph(para, "turn", para.offset(content_start)))
        self.blocks.append(block)
        return block

    def _continue_turn(self, turn: Block, para: Para) -> None:
        paragraph = self._paragraph(para, "turn")
        first = para.text[:1]
        if first.islower() and turn.paragraphs:
            previous = turn.paragraphs[-1]
            previous.part = "M" if previous.part in ("F", "M") else "I"
            paragraph.part = "F"
        turn.span = Span(turn.span.start, para.end)
        turn.paragraphs.append(paragraph)

    @staticmethod
    def _last_text(turn: Block) -> str:
        return content_text(turn.paragraphs[-1].content) if turn.paragraphs else ""

    # -- header lines -----------------------------------------------------------------------------

    def _add_header_lines(self, para: Para, continuing: Block | None) -> Block | None:
        """One header block per labelled line; unlabelled lines continue the previous label's list."""
        current = continuing
        last: Block | None = continuing
        one_per_line = len(para.lines) > 1 or continuing is not None
        for line in para.lines:
            span = line.content_span()
            found = header_label(line.stripped)
            lead = len(line.text) - len(line.text.lstrip())
            if found is not None:
                entry, after = found
                label_end = line.start + lead + after
                value_start = label_end
                while value_start < span.end and self.source.text[value_start] in " \u00a0\t":
                    value_start += 1
                current = Block(NodeKind.HEADER_LINE, Span(span.start, span.end), region="body",
                                info={"type": entry.kind, "role": entry.role}, rule=f"header:{entry.kind}")
                current.label = self.parser.parse(span.start, label_end, "header_label")
                if value_start < span.end:
                    current.items.append(self._header_value(entry.kind, value_start, span.end,
                                                            split=not one_per_line))
                self.blocks.append(current)
                last = current
            elif current is not None:
                current.items.append(self._header_value(current.info["type"], span.start, span.end, split=False))
                current.span = Span(current.span.start, span.end)
            else:
                current = self._add_body(NodeKind.PARAGRAPH, Para([line]), "record")
                last = None
        return last if last is not None and last.info.get("type") == "participants" else None

    def _header_value(self, kind: str, start: int, end: int, split: bool) -> Block:
        """A header value; participant lists become one item per person, with spans."""
        item = Block(NodeKind.HEADER_VALUE, Span(start, end), region="body", info={"type": kind})
        text = self.source.text[start:end]
        if kind == "time":
            item.paragraphs = [Paragraph(item.span, self.parser.parse(start, end, "header_line"))]
            return item
        if kind in ("participants", "interpreter", "recorder"):
            bullet = re.match(r"[•·▪◦*\-]\s*", text)
            offset = bullet.end() if bullet else 0
            inner = text[offset:]
            if inner.rstrip().endswith(":") or SIDE_RE.fullmatch(inner.strip()):  # a group or side heading
                item.info["group"] = "yes"
                item.paragraphs = [Paragraph(item.span, self.parser.parse(start, end, "header_line"))]
                return item
            # "A, B" lists two people; "Wang Hai-jung, Deputy Chief of Protocol" a person and a role
            pieces = [(a, b) for a, b in split_items(inner)
                      if self._is_personal_name(inner[a:b])] or [(0, len(inner))]
            nodes: list[Inline] = []
            cursor = start
            for a, b in pieces:
                a_abs, b_abs = start + offset + a, start + offset + b
                if a_abs > cursor:
                    nodes += self.parser.parse(cursor, a_abs, "header_line")
                nodes.append(self._person_node(a_abs, b_abs))
                cursor = b_abs
            if cursor < end:
                nodes += self.parser.parse(cursor, end, "header_line")
            item.paragraphs = [Paragraph(item.span, nodes)]
            return item
        item.paragraphs = [Paragraph(item.span, self.parser.parse(start, end, "header_line"))]
        return item

    def _is_personal_name(self, text: str) -> bool:
        """A participant entry that names someone, as against a role or office after a comma."""
        _, name = strip_titles(_drop_groups(text), self.options.title_words)
        words = name.split()
        if not 1 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
            return False
        if any(w.lower().strip(".,") in ORG_WORDS | NON_NAME_WORDS for w in words):
            return False
        return not (len(words) == 1 and (words[0].isupper() or words[0].endswith(".")))

    def _person_node(self, start: int, end: int) -> Inline:
        """A name in a header list: the title words as a role name, the rest as the name."""
        children = self.parser.parse(start, end, "header_line")
        titles, name = strip_titles(name_text(children), self.options.title_words)
        title_text = " ".join(titles)
        first = children[0] if children else None
        if title_text and name and first is not None and first.kind == "text" and first.text.startswith(title_text):
            cut = first.span.start + len(title_text)
            role = Inline(NodeKind.TITLE_WORDS, Span(first.span.start, cut),
                          children=[Inline(NodeKind.TEXT, Span(first.span.start, cut), title_text)])
            rest = Inline(NodeKind.TEXT, Span(cut, first.span.end), first.text[len(title_text):])
            children = [role, rest] + children[1:]
        return Inline(NodeKind.PERSON, Span(start, end), children=children, info={"name": name, "titles": title_text})

    # -- distribution -----------------------------------------------------------------------------

    def _start_distribution(self, para: Para, heading: tuple[int, int | None]) -> Block:
        end, total = heading
        block = Block(NodeKind.DISTRIBUTION, para.span, region="body", rule="distribution")
        block.label = self.parser.parse(para.start, para.offset(end), "distribution")
        if total is not None:
            block.info["stated_total"] = str(total)
            count = STATED_COUNT_RE.search(self.source.text, para.start, para.offset(end))
            wrapped = wrap_span(block.label, count.start(), count.end(), "measure",
                                {"type": "total", "quantity": str(total)}) if count else None
            if wrapped is not None:  # "Produced in 8 copies for:": the heading states the total
                block.label = wrapped
        self.blocks.append(block)
        rest_start = para.offset(end)
        while rest_start < para.end and self.source.text[rest_start] in " \u00a0\t\n":
            rest_start += 1
        if rest_start < para.end:
            self._add_distribution_range(block, rest_start, para.end)
        return block

    def _extends_distribution(self, block: Block, para: Para) -> bool:
        if all(is_item_line(line.stripped) for line in para.lines):
            return True
        text = para.text
        if is_stamp(text) or find_label(text) is not None:
            return False
        if block.items and block.items[-1].info.get("item") != "total" and text.count(",") >= 2 \
                and not re.search(r"[.!?]\s+[A-Z]", text):
            return True
        return False

    def _add_distribution_items(self, block: Block, para: Para) -> None:
        self._add_distribution_range(block, para.start, para.end)
        block.span = Span(block.span.start, para.end)

    def _add_distribution_range(self, block: Block, start: int, end: int) -> None:
        text = self.source.text[start:end]
        lines_are_items = all(is_item_line(line.strip()) for line in text.split("\n") if line.strip())
        pieces = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)] if lines_are_items else split_items(text)
        for a, b in pieces:
            piece = text[a:b]
            lead = len(piece) - len(piece.lstrip())
            marker = ITEM_MARKER_RE.match(piece.lstrip())
            item_start = start + a + lead + (marker.end() if marker else 0)
            item_end = start + b
            while item_end > item_start and self.source.text[item_end - 1] in " \u00a0\t":
                item_end -= 1
            reading = read_item(self.source.text[item_start:item_end])
            copies = reading.copies * (marker_copies(marker.group(0)) if marker else 1)
            item = Block(NodeKind.DISTRIBUTION_ITEM, Span(start + a + lead, item_end), region="body",
                         info={"item": reading.kind, "copies": str(copies)})
            if marker:
                item.label = self.parser.parse(start + a + lead, item_start, "distribution")
            count_start = item_start + reading.count_start if reading.count_start >= 0 else -1
            if reading.kind in ("total", "copies"):
                item.info["count_span"] = f"{item_start}:{item_end}"
            elif count_start >= 0:
                item.info["count_span"] = f"{count_start}:{item_start + reading.count_end}"
            item.paragraphs = [Paragraph(item.span, self.parser.parse(item_start, item_end, "distribution"))]
            block.items.append(item)

    # -- back -------------------------------------------------------------------------------------

    def _read_back(self, paras: list[Para]) -> None:
        index = 0
        notes_from = len(paras) - (len(self.layout.paragraphs) - self.footnote_start)
        if notes_from < len(paras):
            self._add_footnote_paras(paras[notes_from:])
            paras = paras[:notes_from]
        while index < len(paras):
            para = paras[index]
            text = fb.unbold(para.text)
            unit = para
            if fb.is_footnote_section([line.text for line in para.lines]):
                self._add_footnotes(para)
            elif FOOTER_LABEL.fullmatch(text):  # `Author(s):` and its values, up to the next label
                values: list[Para] = []
                while index + 1 + len(values) < len(paras) and not FOOTER_LABEL.fullmatch(
                        fb.unbold(paras[index + 1 + len(values)].text)) and not fb.field_label(
                        fb.unbold(paras[index + 1 + len(values)].text)):
                    values.append(paras[index + 1 + len(values)])
                kind = "author" if text.lower().startswith("author") else "footer"
                self._add_field(kind, unit, values, "back")
                index += 1 + len(values)
                continue
            elif text.lower().startswith("document information") and fb.field_label(text):
                values = [paras[index + 1]] if index + 1 < len(paras) else []
                self._add_field("source", unit, values, "back")
                index += 1 + len(values)
                continue
            elif fb.is_rights(text):
                self._add_back(NodeKind.RIGHTS, para)
            elif fb.document_type(text) and len(para.lines) == 1:
                self.document_type = self.document_type or fb.document_type(text) or ""
                self._add_back(NodeKind.RECORD_TYPE, para)
            elif text in self.funders:
                self._add_back(NodeKind.FUNDER, para)
            elif fb.is_source_line(text):
                self._add_back(NodeKind.SOURCE, para)
            elif index == 0 and len(text) > 60:
                self._add_back(NodeKind.SUMMARY, para)
            else:
                self._add_back(NodeKind.FOOTER, para)
            index += 1

    def _add_back(self, kind: NodeKind, para: Para) -> None:
        block = Block(kind, para.span, region="back", rule=kind)
        block.paragraphs = [Paragraph(para.span, self.parser.parse(para.start, para.end, kind))]
        self.blocks.append(block)

    def _add_footnote_paras(self, paras: list[Para]) -> None:
        """One footnote per paragraph of the trailing run: its number as the label, the rest as the body."""
        block = Block(NodeKind.FOOTNOTES, Span(paras[0].start, paras[-1].end), region="back", rule="footnote_run")
        saved = self.parser.options.footnotes
        self.parser.options.footnotes = False
        for para in paras:
            match = FOOTNOTE_PARA_RE.match(para.text)
            if match is None:  # a piece of the previous note's body, after a blank line
                if block.items:
                    previous = block.items[-1]
                    begin = previous.paragraphs[-1].span.start
                    previous.span = Span(previous.span.start, para.end)
                    previous.paragraphs[-1] = Paragraph(Span(begin, para.end),
                                                        self.parser.parse(begin, para.end, "footnote"))
                continue
            label_end = para.offset(match.end("n") + (1 if match.group("dot") else 0))
            body_start = para.offset(match.end())
            note = Block(NodeKind.FOOTNOTE, para.span, region="back", info={"n": str(int(match.group("n")))},
                         rule="footnote_run")
            note.label = self.parser.parse(para.start, label_end, "footnote")
            body = self.parser.parse(body_start, para.end, "footnote")
            note.paragraphs = [Paragraph(Span(body_start, para.end), body)]
            block.items.append(note)
        self.parser.options.footnotes = saved
        self.blocks.append(block)

    def _add_footnotes(self, para: Para) -> None:
        block = Block(NodeKind.FOOTNOTES, para.span, region="back", rule="footnotes")
        for line in para.lines:
            match = fb.FOOTNOTE_LINE_RE.match(line.text)
            if not match:
                continue
            label_start = line.start + match.start("n")
            body_start = line.start + match.end("n") + 1
            while body_start < line.end and self.source.text[body_start] in " \u00a0\t":
                body_start += 1
            note = Block(NodeKind.FOOTNOTE, Span(label_start, line.content_span().end), region="back",
                         info={"n": match.group("n")})
            note.label = self.parser.parse(label_start, line.start + match.end("n") + 1, "footnote")
            saved = self.parser.options.footnotes
            self.parser.options.footnotes = False
            note.paragraphs = [Paragraph(Span(body_start, line.content_span().end),
                                         self.parser.parse(body_start, line.content_span().end, "footnote"))]
            self.parser.options.footnotes = saved
            block.items.append(note)
        self.blocks.append(block)


STATED_COUNT_RE = re.compile(r"\b(?:\d{1,4}|[A-Za-z]+) cop(?:ies|y)\b")
SIDE_RE = re.compile(r"(?:[\w.’'\[\] ]{1,30}\s)?side", re.IGNORECASE)
COPY_NUMBER_RE = re.compile(r"(?:copy|exemplar|ex\.)\s*(?:no\.|nr\.|#)?\s*\d{1,3}", re.IGNORECASE)
SIGNATURE_RE = re.compile(r"(?:/s/|\[signed\]|signed:|\(signed\)|\[signature\])", re.IGNORECASE)


# Patterns anchored at the end (`$`): how far from the end a match, with what its lookarounds and `\b`
# read, can begin (`$` also matches before a final line break). Searched from there (`_ends_with`), they
# answer as a search of the whole text, which the engine would try at every position.
SENTENCE_END_RE = re.compile(r"[.!?]$")
PROSE_END_RE = re.compile(r"[a-z]{2}[.!?]$")
WORD_SENTENCE_END_RE = re.compile(r"[a-z]{3,}[.!?]$")  # asked whether it matches: three letters suffice
HYPHEN_END_RE = re.compile(r"[^\W\d_]-$")
CONNECTOR_END_RE = re.compile(r"(?:\b(?:and|of|between|with|to|the|for|from|on|in|by)|[,–—\-])$", re.IGNORECASE)
END_REACH: dict[re.Pattern[str], int] = {SENTENCE_END_RE: 2, PROSE_END_RE: 4, WORD_SENTENCE_END_RE: 5,
                                         HYPHEN_END_RE: 3, CONNECTOR_END_RE: 9}  # "between" and its \b: 8


def _ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` (one of END_REACH) matches at the end of `text`, searched near the end only."""
    return pattern.search(text, max(0, len(text) - END_REACH[pattern])) is not None


_NON_WORDS_RE = re.compile(r"[^\w]+")
DASHED_RE = re.compile(r"[—–\-]{1,3}\s*.+?\s*[—–\-]{1,3}")
ADDRESSEE_RE = re.compile(r"(?:\[To\]|To)\s+\S.{0,80}:$")
_LINE_BREAK_RE = re.compile(r"\s*\n\s*")


def _norm(text: str) -> str:
    return _NON_WORDS_RE.sub(" ", text.replace("’", "'")).lower().strip()


def _drop_groups(text: str) -> str:
    return re.sub(r"\s*[\[(][^\])]*[\])]", "", text).strip()



# A footnote reference in the text: a whole run of ASCII digits after what a reference follows (a letter,
# closing punctuation, a line start, or a space after a word), before white space, the end or `,.;:`. The
# first digit is matched first (so the engine skips ahead to digits), then those contexts are asked as
# lookbehinds one character further back (each excludes a digit, so no run is entered in the middle), and
# the rest of the run is taken whole (possessive: no backtracking into it).
_REFERENCE_RUN_RE = re.compile(r"[0-9](?:(?<=[^\W\d_][0-9])|(?<=[.,;:)\]”’\"][0-9])|(?<=\n[0-9])|(?<=\S [0-9]))"
                               r"[0-9]*+(?=[\s,.;:]|\Z)")


def referenced_note_numbers(text: str) -> set[str]:
    """Every footnote number `text` refers to (without padding zeros), in one scan of its digit runs.

    A reference is a whole run of digits (`_REFERENCE_RUN_RE`), so a number inside a longer run never
    counts. One scan answers for all numbers (each number searched apart cost a pass over the document
    per footnote)."""
    return {run.lstrip("0") or "0" for run in _REFERENCE_RUN_RE.findall(text)}


# A footnote body: its number, then a space, a full stop, a line break, or the text glued on (`1Text`).
FOOTNOTE_PARA_RE = re.compile(r"(?P<n>\d{1,3})(?P<dot>\.)?(?:[ \u00a0\t]+|\n+[ \u00a0]*|(?=[A-Z“\"]))(?=\S)")
def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each dropped span blanked out (same length: every offset and line stays put)."""
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        pieces += [text[cursor:start], " " * (end - start)]
        cursor = max(cursor, end)
    return "".join(pieces) + text[cursor:]


NUMBER_ALONE_RE = re.compile(r"[ \u00a0]*(\d{1,3})[ \u00a0]*")


def mark_layout_characters(block: Block, footnotes: bool, page_numbers: dict[int, str] | None = None,
                           notes: set[str] | None = None) -> None:
    """Page breaks and lone footnote numbers that the layout left inside text become nodes.

    A form feed (a PDF page break, even inside a bracket group) becomes a `pagebreak` node; a line
    break after a word hyphenated at the line end is marked `break="no"`; in a document with footnote
    bodies, a number alone on its line between two lines of text, or ending a paragraph when a note
    has that number (an HTML dump puts each inline element on its own line), becomes a `footnote_ref`.
    """
    lists = [block.label] + [paragraph.content for paragraph in block.all_paragraphs()]
    while lists:
        nodes = lists.pop()
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if node.kind == "linebreak" and 0 < index < len(nodes) - 1 and nodes[index - 1].kind == "text" \
                    and nodes[index + 1].kind == "text" and _ends_with(HYPHEN_END_RE, nodes[index - 1].text) \
                    and nodes[index + 1].text[:1].islower():
                node.info = {**node.info, "break": "no"}  # `rail-` / `road`: the word goes on in the next line
            if node.kind != "text":
                if isinstance(node.children, list):  # not the shared empty tuple of a node without children
                    lists.append(node.children)
                index += 1
                continue
            if "\f" in node.text:
                pieces: list[Inline] = []
                start = node.span.start
                for part_index, part in enumerate(node.text.split("\f")):
                    if part_index:
                        info = {"form_feed": "yes"}
                        if page_numbers and start in page_numbers:
                            info["n"] = page_numbers[start]
                        pieces.append(Inline(NodeKind.PAGEBREAK, Span(start, start + 1), info=info))
                        start += 1
                    if part:
                        pieces.append(Inline(NodeKind.TEXT, Span(start, start + len(part)), part))
                        start += len(part)
                nodes[index: index + 1] = pieces
                index += len(pieces)
                continue
            alone = NUMBER_ALONE_RE.fullmatch(node.text) if footnotes else None
            inside = 0 < index < len(nodes) - 1 and nodes[index + 1].kind == "linebreak"
            at_end = index == len(nodes) - 1 and alone is not None and str(int(alone.group(1))) in (notes or ())
            if alone and index > 0 and nodes[index - 1].kind == "linebreak" and (inside or at_end):
                a, b = node.span.start + alone.start(1), node.span.start + alone.end(1)
                number = Inline(NodeKind.TEXT, Span(a, b), alone.group(1))
                ref = Inline(NodeKind.FOOTNOTE_REF, Span(a, b), children=[number],
                             info={"n": alone.group(1), "rule": "number_alone_on_line"})
                before = Inline(NodeKind.TEXT, Span(node.span.start, a), node.text[: alone.start(1)])
                after = Inline(NodeKind.TEXT, Span(b, node.span.end), node.text[alone.end(1):])
                pieces = ([before] if a > node.span.start else []) + [ref] + ([after] if b < node.span.end else [])
                nodes[index: index + 1] = pieces
                index += len(pieces)
                continue
            index += 1


def _group_crosses_lines(para: Para) -> bool:
    """A bracket group opened on one line of the paragraph closes on another (keep the lines together)."""
    return any(line.stripped.count("[") != line.stripped.count("]") for line in para.lines) \
        and para.text.count("[") == para.text.count("]")


# -- body rules ------------------------------------------------------------------------------------

@dataclass
class BodyState:
    """What the body rules know while they walk the record: the open turn, list or header, and history."""

    paras: list[Para]
    dialogue: bool  # two or more paragraphs open with a speaker label
    index: int = 0
    turn: Block | None = None  # the turn that unlabelled paragraphs continue
    pending_label: Block | None = None  # a label alone in its paragraph, waiting for its speech
    distribution: Block | None = None  # the distribution list that item paragraphs extend
    participants: Block | None = None  # the participant header that name lines extend
    seen_turn: bool = False
    seen_content: bool = False


BodyRule = Callable[["BlockReader", BodyState, Para], bool]


def distribution_continues(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """Item lines (or a comma run) after a distribution heading extend that list."""
    if state.distribution is None:
        return False
    if reader._extends_distribution(state.distribution, para):
        reader._add_distribution_items(state.distribution, para)
        return True
    state.distribution = None
    return False


def participants_continue(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """Name lines after `Participants:` (or a side heading) extend that list."""
    if state.participants is None:
        return False
    if reader._continues_participants(para):
        reader._add_header_lines(para, continuing=state.participants)
        return True
    state.participants = None
    return False


def speech_after_lone_label(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """`The President:` alone in its paragraph: the next paragraph is its speech."""
    if state.pending_label is None:
        return False
    state.pending_label.paragraphs.append(reader._paragraph(para, "turn"))
    state.pending_label = None
    return True


def record_heading(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """The document's heading repeating the title (or a letter-spaced heading) before any content."""
    if not state.seen_content and reader._is_heading(para.text):
        reader._add_body(NodeKind.HEADING, para, "record")
        return True
    return False


def whole_group(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """A paragraph that is one mark: a redaction, a note, a stage direction (in a turn if one is open)."""
    group = reader._whole_group(para)
    if group is None:
        return False
    if state.seen_turn and state.turn is not None and group.kind != "stage":
        state.turn.paragraphs.append(Paragraph(para.span, [group]))
        return True
    state.turn = None
    reader._add_body(NodeKind.NOTE_BLOCK, para, "narrative" if state.dialogue else "record", nodes=[group])
    return True


def dashed_subtitle(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """`—Record of the talks—`: a one-line subtitle between dashes."""
    if len(para.lines) == 1 and DASHED_RE.fullmatch(para.lines[0].stripped):
        state.turn = None  # what follows is not the turn before it (blocks stay in source order)
        reader._add_body(NodeKind.HEADER_LINE, para, "record", info={"type": "subtitle"})
        return True
    return False


def classification_lines(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """`TOP SECRET`, `Copy No. 2`: classification and copy-number lines."""
    if not all(is_classification(line.stripped) or COPY_NUMBER_RE.fullmatch(line.stripped) for line in para.lines):
        return False
    state.turn = None
    for line in para.lines:
        kind = "classification" if is_classification(line.stripped) else "copy"
        reader._add_body(NodeKind.HEADER_LINE, Para([line]), "record", info={"type": kind})
    return True


def signature(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """`/s/ …`, `[signed]`, `(signed)`: a signature, marked as signed by the document itself."""
    if any(SIGNATURE_RE.match(line.stripped) for line in para.lines):
        state.turn = None
        reader._add_body(NodeKind.HEADER_LINE, para, "record", info={"type": "signature"})
        return True
    return False


def distribution_heading(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """`CC:`, `Produced in 8 copies for:`, `Distribution:` opens a distribution list."""
    heading = heading_total(para.text)
    if heading is None:
        return False
    state.turn = None
    state.distribution = reader._start_distribution(para, heading)
    return True


def processing_stamp(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """Received, printed and approval stamps (in a dialogue, only in its second half)."""
    if (not state.dialogue or state.index > len(state.paras) // 2) and is_stamp(para.text):
        state.turn = None
        reader._add_body(NodeKind.HEADER_LINE, para, "record", info={"type": "stamp"})
        return True
    return False


def addressee_line(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """`[To] the Ministry of Foreign Affairs:`: an addressee, not a speaker."""
    if len(para.lines) == 1 and ADDRESSEE_RE.match(para.lines[0].stripped):
        state.turn = None
        reader._add_body(NodeKind.HEADER_LINE, para, "record", info={"type": "addressee"})
        return True
    return False


def salute(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """`Comrade Stalin!`, `Dear Mr. Ambassador,`: a letter's greeting before its first paragraph."""
    text = para.text
    if state.dialogue or state.seen_content or len(para.lines) != 1 or len(text) > 60 \
            or not text.endswith(("!", ",")) or not SALUTE_RE.match(text):
        return False
    reader._add_body(NodeKind.HEADER_LINE, para, "record", info={"type": "salute"})
    return True


def meeting_header(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """`Time:`, `Place:`, `Participants:`, cable fields: header lines before the first turn."""
    if state.seen_turn or header_label(para.lines[0].stripped) is None or _group_crosses_lines(para):
        return False
    state.participants = reader._add_header_lines(para, continuing=None)
    return True


def dateline(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """`Moscow, November 29, 1968.`: a short line that is a place and a date."""
    if reader._is_dateline(para):
        state.turn = None
        reader._add_body(NodeKind.HEADER_LINE, para, "record", info={"type": "dateline"})
        return True
    return False


def speaker_turn(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """A paragraph opening with a speaker label starts a turn (outside a dialogue, only a strong label)."""
    label = find_label(para.text) if (state.dialogue or reader._strong_label(para.text)) else None
    if label is None:
        return False
    state.seen_turn = state.seen_content = True
    state.turn = reader._start_turn(para, *label)
    if not state.turn.paragraphs:
        state.pending_label = state.turn
    return True


def turn_continues(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """An unlabelled paragraph in a dialogue continues the open turn (an indented answer to a question
    is a turn whose label was lost)."""
    if not (state.dialogue and state.seen_turn and state.turn is not None):
        return False
    if para.lines[0].text[:1].isspace() and reader._last_text(state.turn).rstrip().endswith("?"):
        state.turn = reader._start_turn(para, 0, 0)
        state.turn.info["unlabelled"] = "yes"
        return True
    reader._continue_turn(state.turn, para)
    return True


def occasion_line(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """Before the first turn: "President Liu and Premier Zhou on 9 September at …" (who met, when)."""
    if state.dialogue and not state.seen_turn and reader._is_occasion(para):
        reader._add_body(NodeKind.HEADER_LINE, para, "record", info={"type": "occasion"})
        return True
    return False


def narrative_before_turns(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """Short prose before the first turn of a dialogue is narrative (a stage direction)."""
    if state.dialogue and not state.seen_turn and len(para.text) <= 400:
        reader._add_body(NodeKind.NARRATIVE, para, "narrative")
        return True
    return False


def body_paragraph(reader: BlockReader, state: BodyState, para: Para) -> bool:
    """Anything else is a paragraph of the record."""
    state.turn = None
    state.seen_content = True
    reader._add_body(NodeKind.PARAGRAPH, para, "record")
    return True


# The order matters: an open list or a lone label takes the next paragraph before anything else looks.
BODY_RULES: list[BodyRule] = [
    distribution_continues,
    participants_continue,
    speech_after_lone_label,
    record_heading,
    whole_group,
    dashed_subtitle,
    classification_lines,
    signature,
    distribution_heading,
    processing_stamp,
    addressee_line,
    salute,
    meeting_header,
    dateline,
    speaker_turn,
    turn_continues,
    occasion_line,
    narrative_before_turns,
    body_paragraph,
]


# -- front rules -----------------------------------------------------------------------------------

@dataclass
class FrontLook:
    """What a front rule sees: the units (lines or paragraphs) before the record and where it stands."""

    units: list[tuple[int, Para]]
    position: int
    text: str  # this unit's text without markdown marks
    next_text: str  # the next unit's, or ""

    @property
    def unit(self) -> Para:
        return self.units[self.position][1]


FrontRule = Callable[["BlockReader", FrontLook], int]


def date_line(reader: BlockReader, look: FrontLook) -> int:
    """A short line that is a date: the page's date line."""
    when = parse_date(look.text, reader.options.date_formats) if len(look.text) <= 60 else None  # short first
    if not when:
        return 0
    reader.default_year = reader.default_year or int(when[:4])
    reader._add_front(NodeKind.DATE_LINE, look.unit, {"when": when, "rule": "date_line"})
    return 1


def credits_line(reader: BlockReader, look: FrontLook) -> int:
    """"This document was made possible with support from …": the funders."""
    funders = fb.credits_funders(look.text)
    if funders is None:
        return 0
    reader.funders += funders
    reader._add_front(NodeKind.CREDITS, look.unit, {"funders": "|".join(funders)})
    return 1


def labelled_field(reader: BlockReader, look: FrontLook) -> int:
    """`Citation:` / `Summary:` / `Original Language:` alone, its value in the following unit(s)."""
    kind = fb.field_label(look.text)
    units, position = look.units, look.position
    if not kind or position + 1 >= len(units) or look.text.lower().startswith("document information"):
        return 0
    values = [units[position + 1][1]]
    step = 2
    if kind in ("citation", "summary"):  # a value can run over several lines of one paragraph
        while position + step < len(units) and units[position + step][0] == units[position + step - 1][0] \
                and not URL_LINE_RE.fullmatch(units[position + step][1].text):
            values.append(units[position + step][1])
            step += 1
    reader._add_field(kind, look.unit, values, "front")
    return step


def citation_sentence(reader: BlockReader, look: FrontLook) -> int:
    """The unlabelled citation: a quoted title, a date and the archive."""
    if not fb.is_citation(look.text):
        return 0
    reader.citation_seen = True
    reader._add_front(NodeKind.CITATION, look.unit, {})
    return 1


def summary_before_citation(reader: BlockReader, look: FrontLook) -> int:
    """A long unit right before the citation sentence is the summary (the old page layout)."""
    if look.next_text and fb.is_citation(look.next_text) and reader.title != look.text and len(look.text) > 40:
        reader._add_front(NodeKind.SUMMARY, look.unit, {})
        return 1
    return 0


def file_number(reader: BlockReader, look: FrontLook) -> int:
    """A decimal file number (`795.00/1-2546`)."""
    if fb.is_file_number(look.text):
        reader._add_front(NodeKind.FILE_NUMBER, look.unit, {})
        return 1
    return 0


def document_number(reader: BlockReader, look: FrontLook) -> int:
    """`Document 47`, `No. 12`."""
    if fb.is_document_number(look.text):
        reader._add_front(NodeKind.DOCUMENT_NUMBER, look.unit, {})
        return 1
    return 0


def page_title(reader: BlockReader, look: FrontLook) -> int:
    """The first title-like unit before any citation is the document's title (an edition's document
    number before it, `92. `, is kept apart as an identifier)."""
    if reader.title or reader.citation_seen or not reader._title_like(look.text):
        return 0
    reader.title = _LINE_BREAK_RE.sub(" ", look.text).strip()
    number = DOCUMENT_NUMBER_PREFIX_RE.match(look.text)
    reader._add_front(NodeKind.TITLE, look.unit, {"number": number.group(1)} if number else {})
    return 1


def inline_field(reader: BlockReader, look: FrontLook) -> int:
    """`Title: Telegram to Liu`, `Author: …`, `Summary: …` on one line: a labelled field and its value."""
    match = INLINE_FIELD_RE.match(look.text)
    if not match or look.unit.text.startswith("**"):
        return 0
    reader._add_inline_field(FIELD_KINDS_INLINE[match.group("label").lower()], look.unit, match.end("colon"),
                             match.start("value"))
    return 1


def url_line(reader: BlockReader, look: FrontLook) -> int:
    """A bare web address on its own line (the page's address under its citation)."""
    if URL_LINE_RE.fullmatch(look.text):
        reader._add_front(NodeKind.SOURCE, look.unit, {})
        return 1
    return 0


def summary_before_date(reader: BlockReader, look: FrontLook) -> int:
    """Prose under the title and above a date line is the summary."""
    if reader.title and look.next_text and len(look.text) > 30 \
            and parse_date(look.next_text, reader.options.date_formats) and find_label(look.text) is None:
        reader._add_front(NodeKind.SUMMARY, look.unit, {})
        return 1
    return 0


FRONT_RULES: list[FrontRule] = [
    date_line,
    credits_line,
    labelled_field,
    citation_sentence,
    summary_before_citation,
    file_number,
    document_number,
    url_line,
    inline_field,
    page_title,
    summary_before_date,
]


# A greeting: a form of address or "Dear" and a few capitalised words (`Comrade Stalin!`, `Dear Sir,`).
SALUTE_RE = re.compile(r"(?:Dear|My dear|Esteemed|Respected|Comrade|Comrades|Mr\.|Mrs\.|Madam|Sir|Gentlemen|"
                       r"Your Excellency)\b[\w .,’'\-]{0,50}[!,]$")
DOCUMENT_NUMBER_PREFIX_RE = re.compile(r"(\d{1,4}\.)\s+(?=[A-Z])")
URL_LINE_RE = re.compile(r"<?https?://\S+>?")
INLINE_FIELD_RE = re.compile(r"(?P<label>Title|Author|Summary|Original Language|Credits|Record Type|Description)"
                             r"\s*(?P<colon>:)[ \t\u00a0]*(?P<value>\S.*)", re.DOTALL)
FIELD_KINDS_INLINE = {"title": "title", "author": "author", "summary": "summary", "original language": "language",
                      "credits": "credits", "record type": "record-type", "description": "summary"}


def _sentence_runs_on(text: str) -> bool:
    """A long line of prose that ends in a colon goes on in the next line (a label alone does not)."""
    return text.endswith(":") and len(text) > 40 and " " in text and header_label(text) is None


def _wrapped_groups(lines: list[Line]) -> list[list[Line]]:
    """The lines of a multi-line front paragraph, a line wrapped onto the next kept with it: the next
    starts in lower case, or this one ends with a connector (`… between Anastas Mikoyan` / `and Mao`)
    or with a colon after running text (`… Digital Archive, APRF:` / `F. 3, Op. 65, …`)."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and (line.stripped[:1].islower() or _ends_with(CONNECTOR_END_RE, groups[-1][-1].stripped)
                       or _sentence_runs_on(groups[-1][-1].stripped)) \
                and not URL_LINE_RE.fullmatch(line.stripped) and header_label(line.stripped) is None \
                and fb.field_label(fb.unbold(line.stripped)) is None:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


TRAILING_NUMBER_RE = re.compile(r"(?<=\S )(\d{1,3})\s*$")


def mark_trailing_note_number(paragraph: Paragraph, notes: set[str]) -> None:
    """`… to the Department of State 1`: a heading's last word is the number of a footnote printed below."""
    if not paragraph.content or paragraph.content[-1].kind != "text":
        return
    last = paragraph.content[-1]
    match = TRAILING_NUMBER_RE.search(last.text)
    if not match or str(int(match.group(1))) not in notes:
        return
    a, b = last.span.start + match.start(1), last.span.start + match.end(1)
    ref = Inline(NodeKind.FOOTNOTE_REF, Span(a, b), children=[Inline(NodeKind.TEXT, Span(a, b), match.group(1))],
                 info={"n": match.group(1), "rule": "heading_note_number"})
    rest = [Inline(NodeKind.TEXT, Span(b, last.span.end), last.text[match.end(1):])] if b < last.span.end else []
    paragraph.content[-1:] = [Inline(NodeKind.TEXT, Span(last.span.start, a), last.text[: match.start(1)]), ref] + rest
