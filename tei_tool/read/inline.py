"""Stage 3: inline marks. Turns the characters of one block into text and marked nodes.

Finds bracket and parenthesis groups (nested ones too), runs of illegible-character boxes, markdown
bold, line breaks and glued footnote numbers, and asks the rule tables in `rules/marks.py` what each
group is. Never raises and never refuses: a delimiter without a partner becomes an `unmatched` node
(TEI `<pc type="unmatched">`) and a warning at its line and column.

Linear on every input: the delimiters are matched once per `parse` call with a stack, the tree is
built without recursion, the rules see bounded context windows (`CONTEXT` characters each side), and
groups nested deeper than `MAX_NESTING` keep their delimiters as printed characters (a warning) so
neither the rules nor the TEI tree grow with the nesting depth.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field

from tei_tool.findings import Finding, Severity
from tei_tool.model import Inline, NodeKind
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
# The characters the scanner stops at; everything between them is copied as one text run.
SPECIAL_RE = re.compile(r"[\[\]()□*\n]")
DELIMITER_RE = re.compile(r"[\[\]()]|\n[ \t]*\n")
BOLD_RE = re.compile(r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*")
NON_SPACE_RE = re.compile(r"\S")
DIGIT_RE = re.compile(r"\d")
CONTEXT = 200  # characters of block text each rule sees before and after a group: they read words, not pages
MAX_NESTING = 32  # deeper groups keep their delimiters as characters (real records nest two or three deep)


@dataclass
class InlineOptions:
    """Per-document switches for the inline stage."""

    footnotes: bool = False  # the document has footnote bodies: glued numbers are references
    title_context: bool = False  # parsing a title line (FRUS glues note 1 to the year)
    extra_redaction: tuple[str, ...] = ()
    corrections: dict[tuple[int, str], str] = field(default_factory=dict)  # (line, group text) -> kind
    corrections_by_line: dict[int, str] = field(default_factory=dict)


@dataclass
class _Frame:
    """One open container of the iterative walk: its nodes so far and how to close it."""

    end: int  # exclusive: the container's closing delimiter or the span's end
    depth: int
    pos: int
    nodes: list[Inline] = field(default_factory=list)
    # the text run not yet added to `nodes` (start, end; -1: none): adjacent text becomes one node as the
    # walk goes, so neither a second pass over the nodes nor a node per stray character is needed
    run_start: int = -1
    run_end: int = -1
    # the node this frame becomes when it closes: Inline(kind, span, children, info, delim); None: the top level
    made: tuple[NodeKind, Span, dict[str, str], str] | None = None


@dataclass
class _Scan:
    """What one pass over a span found: delimiter partners, bold pairs and the block's edges."""

    start: int
    end: int
    partner: dict[int, int]  # opening offset -> closing offset, for `[` and `(`
    bold: dict[int, int]  # opening `**` offset -> closing `**` offset
    first_ink: int  # first non-space offset (end when none)
    last_ink: int  # last non-space offset (start - 1 when none)


class InlineParser:
    """Parses spans of one source; collects findings (unmatched delimiters, applied corrections)."""

    def __init__(self, source: Source, options: InlineOptions | None = None) -> None:
        self.source = source
        self.text = source.text
        self.options = options or InlineOptions()
        self.findings: list[Finding] = []
        self.rule_hits: dict[str, int] = {}

    # -- public ---------------------------------------------------------------------------------

    def parse(self, start: int, end: int, context: str) -> list[Inline]:
        """Inline nodes for source[start:end] inside a block of kind `context`."""
        levels: list[tuple[int, int]] = []  # markdown headings: "## Citation" keeps its level
        body = start
        while heading := MARKDOWN_HEADING_RE.match(self.text, body, end):
            levels.append((body, len(heading.group(1))))
            body = heading.end()
        # The walk allocates a few objects per character of markup and none of them form cycles: the
        # cyclic collector would only rescan the growing tree (measured: 4x input, 6x time with it on).
        collecting = gc.isenabled()
        gc.disable()
        try:
            nodes = self._walk(self._scan(body, end), context)
        finally:
            if collecting:
                gc.enable()
        for begin, level in reversed(levels):
            nodes = [Inline(NodeKind.BOLD, Span(begin, end), children=nodes, delim=f"h{level}")]
        return nodes

    # -- scanning -------------------------------------------------------------------------------

    def _scan(self, start: int, end: int) -> _Scan:
        """Pair the delimiters in two linear passes: every `[` with its `]`, then every `(` with its
        `)` unless the pair would cross a bracket group (`Honan.[)]` supplies the `)`, the `(` before it
        stays text) or a blank line (parentheses never run across paragraphs of the source).
        Unpaired delimiters are simply absent from `partner`."""
        text = self.text
        partner: dict[int, int] = {}
        delimiters = [(m.start(), text[m.start()]) for m in DELIMITER_RE.finditer(text, start, end)]
        brackets: list[int] = []
        for pos, ch in delimiters:
            if ch == "[":
                brackets.append(pos)
            elif ch == "]" and brackets:
                partner[brackets.pop()] = pos
        groups: list[int] = [-1]  # the paired bracket groups around the current position (-1: none)
        parens: list[tuple[int, int]] = []  # (offset of "(", the bracket group it stands in)
        for pos, ch in delimiters:
            if ch == "[":
                if pos in partner:
                    groups.append(pos)
            elif ch == "]":
                if len(groups) > 1 and partner[groups[-1]] == pos:
                    groups.pop()
            elif ch == "(":
                parens.append((pos, groups[-1]))
            elif ch == ")":
                if parens and parens[-1][1] == groups[-1]:
                    partner[parens.pop()[0]] = pos
            else:  # a blank line
                parens.clear()
        bold = {start + m.start(): start + m.end() - 2 for m in BOLD_RE.finditer(text[start:end])}
        first = NON_SPACE_RE.search(text, start, end)
        last = start - 1
        if first is not None:
            last = end - 1
            while last > first.start() and text[last].isspace():
                last -= 1
        return _Scan(start, end, partner, bold, first.start() if first else end, last)

    def _walk(self, scan: _Scan, context: str) -> list[Inline]:
        """The node tree of the scanned span, built with an explicit stack of open groups."""
        text = self.text
        stack = [_Frame(scan.end, 0, scan.start)]
        flat_closers: set[int] = set()  # closing delimiters of groups nested too deep to be elements
        deep_reported = False
        while True:
            frame = stack[-1]
            match = SPECIAL_RE.search(text, frame.pos, frame.end)
            stop = match.start() if match else frame.end
            if stop > frame.pos:
                self._text(frame, frame.pos, stop)
                frame.pos = stop
            if match is None:
                self._flush(frame)
                if frame.made is None:
                    return frame.nodes
                stack.pop()
                kind, span, info, delim = frame.made
                self._add(stack[-1], Inline(kind, span, children=frame.nodes, info=info, delim=delim))
                continue
            pos = stop
            ch = text[pos]
            if ch in "[(":
                close = scan.partner.get(pos)
                if close is None or close >= frame.end:  # unpaired, or its partner lies outside this group
                    if ch == "[":
                        self._unmatched(frame, pos, "W101", "unmatched '[': no ']' closes it here",
                                        "close the bracket group in the transcript if it was cut; the '[' is "
                                        'kept as <pc type="unmatched">')
                    else:
                        self._add_text(frame, pos, pos + 1)
                        frame.pos = pos + 1
                    continue
                if frame.depth >= MAX_NESTING:
                    if not deep_reported:
                        self._warn(pos, "W103", f"groups nested more than {MAX_NESTING} deep: the deeper "
                                   "delimiters are kept as printed characters",
                                   "check the transcript: real records nest brackets two or three deep")
                        deep_reported = True
                    flat_closers.add(close)
                    self._character(frame, pos, "too-deep" if ch == "[" else "")
                    continue
                self._group(stack, frame, pos, close, scan, context)
                continue
            if ch in "])":
                if pos in flat_closers:
                    self._character(frame, pos, "too-deep" if ch == "]" else "")
                elif ch == "]":
                    self._unmatched(frame, pos, "W102", "unmatched ']': no '[' opens it here",
                                    "add the opening bracket in the transcript if it was cut; the ']' is "
                                    'kept as <pc type="unmatched">')
                else:
                    self._character(frame, pos, "")
            elif ch == ILLEGIBLE_BOX:
                stop = pos
                while stop < frame.end and text[stop] == ILLEGIBLE_BOX:
                    stop += 1
                boxes = Inline(NodeKind.TEXT, Span(pos, stop), text[pos:stop])
                self._add(frame, Inline(NodeKind.OMISSION, Span(pos, stop), children=[boxes],
                                        info={"reason": "illegible", "quantity": str(stop - pos), "unit": "char"}))
                frame.pos = stop
            elif ch == "*" and pos in scan.bold and scan.bold[pos] + 2 <= frame.end:
                close = scan.bold[pos]
                bold: tuple[NodeKind, Span, dict[str, str], str] = (NodeKind.BOLD, Span(pos, close + 2), {}, "bold")
                stack.append(_Frame(close, frame.depth, pos + 2, made=bold))
                frame.pos = close + 2
            elif ch == "\n":
                self._add(frame, Inline(NodeKind.LINEBREAK, Span(pos, pos + 1)))
                frame.pos = pos + 1
            else:  # a lone "*"
                self._character(frame, pos, "")

    def _character(self, frame: _Frame, pos: int, pc_type: str) -> None:
        """Keep one delimiter as printed: as text, or as a `pc` of the given type."""
        if pc_type:
            char = Inline(NodeKind.TEXT, Span(pos, pos + 1), self.text[pos])
            self._add(frame, Inline(NodeKind.UNMATCHED, Span(pos, pos + 1), children=[char], info={"type": pc_type}))
        else:
            self._add_text(frame, pos, pos + 1)
        frame.pos = pos + 1

    def _add(self, frame: _Frame, node: Inline) -> None:
        """Append a marked node (the pending text run goes first)."""
        self._flush(frame)
        frame.nodes.append(node)

    def _add_text(self, frame: _Frame, start: int, end: int) -> None:
        """Extend the frame's text run with source[start:end], or start a new run after a gap."""
        if frame.run_end != start:
            self._flush(frame)
            frame.run_start = start
        frame.run_end = end

    def _flush(self, frame: _Frame) -> None:
        """The pending text run as one text node (sliced once, so long runs stay linear)."""
        if frame.run_start >= 0:
            start, end = frame.run_start, frame.run_end
            frame.nodes.append(Inline(NodeKind.TEXT, Span(start, end), self.text[start:end]))
            frame.run_start = frame.run_end = -1

    def _unmatched(self, frame: _Frame, pos: int, code: str, message: str, hint: str) -> None:
        self._warn(pos, code, message, hint)
        self._character(frame, pos, "unmatched")

    def _group(self, stack: list[_Frame], frame: _Frame, open_pos: int, close_pos: int, scan: _Scan,
               context: str) -> None:
        """Classify the group at open_pos and open a frame for its content (or add it whole)."""
        text = self.text
        opener = text[open_pos]
        inner_start, inner_end = open_pos + 1, close_pos
        window_start = max(scan.start, open_pos - CONTEXT)
        inner_is_group = False  # `[[…]]`: from the pairs already found, not by reading a long group again
        if opener == "[":
            ink = NON_SPACE_RE.search(text, inner_start, inner_end)
            if ink is not None and text[ink.start()] == "[":
                inner_close = scan.partner.get(ink.start())
                inner_is_group = inner_close is not None and not NON_SPACE_RE.search(text, inner_close + 1, inner_end)
        group = Group(
            inner=text[inner_start:inner_end],
            before=text[window_start:open_pos],
            after=text[close_pos + 1: min(scan.end, close_pos + 1 + CONTEXT)],
            context=context,
            whole_block=scan.first_ink >= open_pos and scan.last_ink <= close_pos,
            extra_redaction=self.options.extra_redaction,
            at_start=scan.first_ink >= open_pos,
            inner_is_group=inner_is_group,
        )
        delim = "brackets" if opener == "[" else "parentheses"
        mark, rule = self._corrected(open_pos, group, delim)
        if mark is None and rule != "sidecar":
            mark, rule = classify(group, BRACKET_RULES if opener == "[" else PAREN_RULES)
        span = Span(open_pos, close_pos + 1)
        frame.pos = close_pos + 1
        made: tuple[NodeKind, Span, dict[str, str], str]
        if mark is None:  # ordinary parentheses: stay text, their content is still parsed
            made = (NodeKind.PARENTHETICAL, span, {}, delim)
        else:
            self.rule_hits[rule] = self.rule_hits.get(rule, 0) + 1
            info = dict(mark.info)
            info["rule"] = rule
            if not mark.parse_inner:
                inner = Inline(NodeKind.TEXT, Span(inner_start, inner_end), group.inner)
                self._add(frame, Inline(mark.kind, span, children=[inner], info=info, delim=delim))
                return
            made = (mark.kind, span, info, delim)
        stack.append(_Frame(inner_end, frame.depth + 1, inner_start, made=made))

    def _text(self, frame: _Frame, start: int, end: int) -> None:
        """Plain text, with glued footnote numbers taken out as references."""
        digit = DIGIT_RE.search(self.text, start, end)  # the patterns start at a digit: skip to the first
        matches: list[re.Match[str]] = []
        if digit is not None:
            pattern = GLUED_FOOTNOTE_RE if self.options.footnotes else STRONG_FOOTNOTE_RE
            matches = list(pattern.finditer(self.text, digit.start(), end))  # lookbehinds still see before it
        if self.options.title_context:
            matches += list(GLUED_YEAR_FOOTNOTE_RE.finditer(self.text, start, end))
            matches.sort(key=lambda m: m.start(1))
        pos = start
        for match in matches:
            if match.start(1) < pos:
                continue
            a, b = match.start(1), match.end(1)
            if a > pos:
                self._add_text(frame, pos, a)
            n = match.group(1)
            self._add(frame, Inline(NodeKind.FOOTNOTE_REF, Span(a, b), children=[Inline(NodeKind.TEXT, Span(a, b), n)],
                                    info={"n": n, "rule": "glued_footnote"}))
            pos = b
        if pos < end:
            self._add_text(frame, pos, end)

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
        return SIDECAR_KINDS.get(kind, Mark(NodeKind.SUPPLIED, {"reason": "omitted"})), "sidecar"

    def _warn(self, pos: int, code: str, message: str, hint: str) -> None:
        self.findings.append(self.source.finding(pos, Severity.WARNING, code, message, hint))


SIDECAR_KINDS: dict[str, Mark] = {
    "supplied": Mark(NodeKind.SUPPLIED, {"reason": "omitted"}),
    "variant": Mark(NodeKind.VARIANT),
    "note": Mark(NodeKind.EDITORIAL_NOTE),
    "redaction": Mark(NodeKind.OMISSION, {"reason": "redacted"}, parse_inner=False),
    "other": Mark(NodeKind.EDITORIAL_NOTE),
}
