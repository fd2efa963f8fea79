"""Stage 3: inline marks. Turns the characters of one block into text and marked nodes.

Finds bracket and parenthesis groups (nested ones too), runs of illegible-character boxes, markdown
bold, line breaks and glued footnote numbers, and asks the rule tables in `rules/marks.py` what each
group is. Never raises: an unbalanced bracket stays text and is reported as a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tei_tool.findings import Finding, Severity
from tei_tool.model import Inline
from tei_tool.read.rules.marks import BRACKET_RULES, PAREN_RULES, Group, Mark, classify
from tei_tool.read.source import Source, Span

ILLEGIBLE_BOX = "□"
MARKDOWN_HEADING_RE = re.compile(r"(#{1,6})[ \t]+(?=\S)")
GLUED_FOOTNOTE_RE = re.compile(r"(?<=[^\W\d_]|[).\]”’\"])(\d{1,3})(?=[\s,;:]|$)")
# Without a footnote section only the unmistakable forms: a number glued after a closing bracket,
# parenthesis or quote, or after a word and its full stop ("separately.39", "(Benninghoff)38").
STRONG_FOOTNOTE_RE = re.compile(r"(?:(?<=[)\]”’\"])|(?<=[^\W\d_][.,;:]))(\d{1,2})(?=\s|$)")
# FRUS headings glue note 1 to the year: "January 23, 19541".
GLUED_YEAR_FOOTNOTE_RE = re.compile(r"[A-Z][a-z]{2,8}\.? \d{1,2}, (?:1[89]|20)\d\d(\d{1,2})(?=\s*$)")


@dataclass
class InlineOptions:
    """Per-document switches for the inline stage."""

    footnotes: bool = False  # the document has footnote bodies: glued numbers are references
    title_context: bool = False  # parsing a title line (FRUS glues note 1 to the year)
    extra_redaction: tuple[str, ...] = ()
    corrections: dict[tuple[int, str], str] = field(default_factory=dict)  # (line, group text) -> kind
    corrections_by_line: dict[int, str] = field(default_factory=dict)


class InlineParser:
    """Parses spans of one source; collects findings (unbalanced brackets, applied corrections)."""

    def __init__(self, source: Source, options: InlineOptions | None = None) -> None:
        self.source = source
        self.text = source.text
        self.options = options or InlineOptions()
        self.findings: list[Finding] = []
        self.rule_hits: dict[str, int] = {}

    # -- public ---------------------------------------------------------------------------------

    def parse(self, start: int, end: int, context: str) -> list[Inline]:
        """Inline nodes for source[start:end] inside a block of kind `context`."""
        nodes = self._parse(start, end, start, end, context)
        return _merge_text(nodes)

    # -- scanning -------------------------------------------------------------------------------

    def _parse(self, start: int, end: int, block_start: int, block_end: int, context: str) -> list[Inline]:
        text = self.text
        nodes: list[Inline] = []
        pos = start
        run_start = start
        bold_close = self._bold_pairs(start, end)
        heading = MARKDOWN_HEADING_RE.match(text, start, end) if start == block_start else None
        if heading:  # "## Citation": a markdown heading keeps its level, the marks are not text
            level = len(heading.group(1))
            children = self._parse(heading.end(), end, heading.end(), block_end, context)
            return [Inline("bold", Span(start, end), children=children, delim=f"h{level}")]
        while pos < end:
            ch = text[pos]
            if ch in "[(":
                close = self._match(pos, end, ch)
                if close is None:
                    if ch == "[":
                        self._error(pos, "E101", "unbalanced '[': no matching ']' in this paragraph",
                                    "close the bracket group in the transcript (a stray '[' cannot be encoded "
                                    "as a mark, and TEI text must not keep it literally)")
                    pos += 1
                    continue
                nodes += self._text(run_start, pos)
                nodes.append(self._group(pos, close, block_start, block_end, context))
                pos = close + 1
                run_start = pos
                continue
            if ch == "]":
                self._error(pos, "E102", "unbalanced ']': no matching '[' before it in this paragraph",
                            "add the opening bracket in the transcript, or remove the stray one")
            elif ch == ILLEGIBLE_BOX:
                stop = pos
                while stop < end and text[stop] == ILLEGIBLE_BOX:
                    stop += 1
                nodes += self._text(run_start, pos)
                count = stop - pos
                boxes = Inline("text", Span(pos, stop), text[pos:stop])
                nodes.append(Inline("omission", Span(pos, stop), children=[boxes],
                                    info={"reason": "illegible", "quantity": str(count), "unit": "chars"}))
                pos = run_start = stop
                continue
            elif ch == "*" and pos in bold_close:
                close = bold_close[pos]
                nodes += self._text(run_start, pos)
                children = self._parse(pos + 2, close, block_start, block_end, context)
                nodes.append(Inline("bold", Span(pos, close + 2), children=children, delim="bold"))
                pos = run_start = close + 2
                continue
            elif ch == "\n":
                nodes += self._text(run_start, pos)
                nodes.append(Inline("linebreak", Span(pos, pos + 1)))
                pos += 1
                run_start = pos
                continue
            pos += 1
        nodes += self._text(run_start, end)
        return nodes

    def _bold_pairs(self, start: int, end: int) -> dict[int, int]:
        """Markdown `**bold**` pairs on one line: opening offset -> closing offset."""
        pairs: dict[int, int] = {}
        for match in re.finditer(r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*", self.text[start:end]):
            pairs[start + match.start()] = start + match.end() - 2
        return pairs

    def _match(self, open_pos: int, end: int, opener: str) -> int | None:
        """Offset of the delimiter closing the group at open_pos, or None (nesting of the same kind)."""
        closer = "]" if opener == "[" else ")"
        depth = 0
        for pos in range(open_pos, end):
            ch = self.text[pos]
            if ch == opener:
                depth += 1
            elif ch == closer:
                depth -= 1
                if depth == 0:
                    return pos
            elif ch == "\n" and opener == "(" and self.text[pos + 1: pos + 2] == "\n":
                return None
        return None

    def _text(self, start: int, end: int) -> list[Inline]:
        if start >= end:
            return []
        pattern = GLUED_FOOTNOTE_RE if self.options.footnotes else STRONG_FOOTNOTE_RE
        matches = list(pattern.finditer(self.text, start, end))
        if self.options.title_context:
            matches += list(GLUED_YEAR_FOOTNOTE_RE.finditer(self.text, start, end))
        nodes: list[Inline] = []
        pos = start
        for match in sorted(matches, key=lambda m: m.start(1)):
            if match.start(1) < pos:
                continue
            a, b = match.start(1), match.end(1)
            if a > pos:
                nodes.append(Inline("text", Span(pos, a), self.text[pos:a]))
            n = match.group(1)
            nodes.append(Inline("footnote_ref", Span(a, b), children=[Inline("text", Span(a, b), n)],
                                info={"n": n, "rule": "glued_footnote"}))
            pos = b
        if pos < end:
            nodes.append(Inline("text", Span(pos, end), self.text[pos:end]))
        return nodes

    def _group(self, open_pos: int, close_pos: int, block_start: int, block_end: int, context: str) -> Inline:
        text = self.text
        opener = text[open_pos]
        inner_start, inner_end = open_pos + 1, close_pos
        group = Group(
            inner=text[inner_start:inner_end],
            before=text[block_start:open_pos],
            after=text[close_pos + 1: block_end],
            context=context,
            whole_block=not text[block_start:open_pos].strip() and not text[close_pos + 1: block_end].strip(),
            extra_redaction=self.options.extra_redaction,
        )
        delim = "brackets" if opener == "[" else "parentheses"
        mark, rule = self._corrected(open_pos, group, delim)
        if mark is None and rule != "sidecar":
            mark, rule = classify(group, BRACKET_RULES if opener == "[" else PAREN_RULES)
        span = Span(open_pos, close_pos + 1)
        if mark is None:  # ordinary parentheses: stay text, their content is still parsed
            return Inline("parenthetical", span, children=self._parse(inner_start, inner_end, block_start,
                                                                       block_end, context), delim=delim)
        self.rule_hits[rule] = self.rule_hits.get(rule, 0) + 1
        if mark.parse_inner:
            children = self._parse(inner_start, inner_end, block_start, block_end, context)
        else:
            children = [Inline("text", Span(inner_start, inner_end), text[inner_start:inner_end])]
        info = dict(mark.info)
        info["rule"] = rule
        return Inline(mark.kind, span, children=_merge_text(children), info=info, delim=delim)

    def _corrected(self, open_pos: int, group: Group, delim: str) -> tuple[Mark | None, str]:
        """A sidecar correction for the group at this line, if any."""
        if not self.options.corrections and not self.options.corrections_by_line:
            return None, ""
        line, _ = self.source.line_col(open_pos)
        printed = ("[" if delim == "brackets" else "(") + group.inner + ("]" if delim == "brackets" else ")")
        kind = self.options.corrections.get((line, printed)) or self.options.corrections_by_line.get(line)
        if kind is None:
            return None, ""
        if kind == "text":  # the editor says: ordinary text, not a mark
            return None, "sidecar"
        return SIDECAR_KINDS.get(kind, Mark("supplied", {"reason": "omitted"})), "sidecar"

    def _error(self, pos: int, code: str, message: str, hint: str) -> None:
        self.findings.append(self.source.finding(pos, Severity.ERROR, code, message, hint))


SIDECAR_KINDS: dict[str, Mark] = {
    "supplied": Mark("supplied", {"reason": "omitted"}),
    "variant": Mark("variant"),
    "note": Mark("editorial_note"),
    "redaction": Mark("omission", {"reason": "redacted"}, parse_inner=False),
    "other": Mark("editorial_note"),
}


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for node in nodes:
        if node.kind == "text" and merged and merged[-1].kind == "text" and merged[-1].span.end == node.span.start:
            last = merged[-1]
            merged[-1] = Inline("text", Span(last.span.start, node.span.end), last.text + node.text)
        else:
            merged.append(node)
    return merged
