"""Stage 2: layout. Turns a transcript in any layout into logical paragraphs that still point at it.

Users paste what their source gives them: a web page with blank-line paragraphs, PDF text with
running headers, form feeds and hard-wrapped lines, a page flattened onto one line, an HTML-to-text
dump with every inline element on a line of its own (`General Yu` / `: The Generalissimo …`,
footnote numbers alone on a line). Later stages should not care which: this stage

1. splits the text into physical lines, and a flattened page (one very long line) into segments at
   its field labels and speaker labels (`flatten` rules);
2. classifies every line (`LINE_RULES`): blank, page clutter (navigation, page counters, running
   headers and banners, which are reported with their line and left out), or text;
3. decides for each pair of neighbouring text lines whether they belong to one paragraph
   (`JOIN_RULES`, an ordered table of small named rules over the pair and what lies between them).

Every decision is a named rule, so a finding or a test can say why two lines were joined or split.
The document's `Profile` (measured, never guessed from a sample's wording) switches rules on: the
hard-wrap rules only apply to text that is hard-wrapped. The words rules need (banners, running
headers) are data in `rules/clutter.py` that `tei.yaml` extends (`rules.clutter_lines`).
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from tei_tool.findings import Finding, Severity
from tei_tool.read.rules.clutter import BANNER_PATTERNS, FOOTER_LABEL, clutter_reason
from tei_tool.read.rules.dates import find_dates
from tei_tool.read.rules.header import header_label
from tei_tool.read.rules.speakers import find_label
from tei_tool.read.source import Source, Span

BLANK_CHARS = " \t\u00a0\f\u2007\u202f\u3000"
FORM_FEED = "\f"
_STRIP_CHARS = BLANK_CHARS + "\n"


class LayoutName(str, Enum):
    """The layouts the stage tells apart; named in the summary line, `tei eval` and the TEI header."""

    WEB = "web"  # blank-line paragraphs (web-page copy, markdown export)
    SINGLE_SPACED = "single-spaced"  # one paragraph per line, no blank lines
    PDF = "pdf"  # hard-wrapped lines, often with form feeds and running headers
    FLATTENED = "flattened"  # the whole page on one or a few very long lines
    HTML_DUMP = "html-dump"  # every inline element on its own line, lines holding one space


@dataclass(slots=True)
class Line:
    """A physical line (or, in a flattened page, a segment of one) with its offsets in the source.

    Slotted, with `stripped` computed once on creation: every line rule reads it, and a cached
    property's lookup cost more than the strip itself."""

    start: int
    end: int  # excludes the newline
    text: str
    number: int  # 1-based
    stripped: str = field(init=False, repr=False, compare=False)
    _span: Span | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.stripped = self.text.strip(_STRIP_CHARS).replace("\u00a0", " ")

    def content_span(self) -> Span:
        """The line without leading and trailing white space; a page break (form feed) that opens the
        line stays in, so the page break is encoded where the new page begins."""
        if self._span is None:
            lead = len(self.text) - len(self.text.lstrip(BLANK_CHARS))
            if FORM_FEED in self.text[:lead]:
                lead = self.text.index(FORM_FEED)
            trail = len(self.text.rstrip(BLANK_CHARS))
            self._span = Span(self.start + lead, self.start + max(lead, trail))
        return self._span

    @property
    def text_start(self) -> int:
        """The source offset of the first character of `stripped`."""
        return self.start + len(self.text) - len(self.text.lstrip(_STRIP_CHARS))


@dataclass(slots=True)
class Para:
    """A logical paragraph: lines joined by the layout, with a map from its text back to the source.

    `text` is what rules read: the stripped lines joined by their `joiners` ("\\n", or "" where a split
    label `General Yu` / `: …` is put back together). `offset(i)` gives the source offset of text
    index i, so a rule's match always points at the transcript.
    """

    lines: list[Line] = field(default_factory=list)
    joiners: list[str] = field(default_factory=list)  # joiners[i] stands before lines[i + 1]
    rule: str = ""  # the join rule that ended the previous paragraph here (for findings and tests)
    _text: str | None = field(default=None, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def add(self, line: Line, joiner: str = "\n") -> None:
        if self.lines:
            self.joiners.append(joiner)
        self.lines.append(line)
        self._text = None

    def part(self, lines: list[Line], first: int | None = None) -> Para:
        """A paragraph of some of these lines (consecutive, in order, the first at index `first` when the
        caller knows it), keeping their joiners."""
        if first is None:
            first = next(i for i, line in enumerate(self.lines) if line is lines[0])
        return Para(list(lines), self.joiners[first: first + len(lines) - 1], self.rule)

    @property
    def start(self) -> int:
        return self.lines[0].content_span().start

    @property
    def end(self) -> int:
        return self.lines[-1].content_span().end

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def first_line(self) -> int:
        return self.lines[0].number

    @property
    def text(self) -> str:
        if self._text is None:
            parts: list[str] = []
            starts: list[int] = []
            length = 0
            for index, line in enumerate(self.lines):
                if index:
                    joiner = self.joiners[index - 1] if index - 1 < len(self.joiners) else "\n"
                    parts.append(joiner)
                    length += len(joiner)
                starts.append(length)
                parts.append(line.stripped)
                length += len(line.stripped)
            self._text = "".join(parts)
            self._starts = starts
        return self._text

    def offset(self, index: int) -> int:
        """The source offset of `self.text[index]` (the end of a line for an index inside a joiner)."""
        text = self.text
        index = max(0, min(index, len(text)))
        which = bisect.bisect_right(self._starts, index) - 1
        line = self.lines[which]
        return min(line.text_start + index - self._starts[which], line.content_span().end)


@dataclass(slots=True)
class Profile:
    """What the layout stage measured about a document; it switches rules on and is reported."""

    name: LayoutName = LayoutName.WEB
    line_width: int = 0  # the typical length of a full line of hard-wrapped text
    form_feeds: int = 0
    wrapped: bool = False
    space_blank_lines: bool = False


@dataclass(slots=True)
class Layout:
    """The layout stage's result: logical paragraphs, the lines left out, and what it measured."""

    paragraphs: list[Para]
    profile: Profile
    clutter_lines: list[int] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    page_breaks: list[int] = field(default_factory=list)  # offsets of form feeds
    clutter_spans: list[tuple[int, int]] = field(default_factory=list)  # what was left out, exactly
    page_numbers: dict[int, str] = field(default_factory=dict)  # form feed offset -> the new page's number


@dataclass(slots=True)
class LayoutOptions:
    clutter_patterns: list[re.Pattern[str]] = field(default_factory=list)
    clutter_lines: set[int] = field(default_factory=set)  # sidecar: lines the editor marked as clutter
    text_lines: set[int] = field(default_factory=set)  # sidecar: lines that are text whatever the rules say
    disabled: frozenset[str] = frozenset()  # rule names switched off in tei.yaml
    layout: str = ""  # forced layout (sidecar or tei.yaml), else measured


# -- physical lines and flattened pages -----------------------------------------------------------

FLATTENED_MIN = 2000  # a line this long holds a page, not a paragraph
# Where a flattened page is cut: before a field label or a speaker label that follows a sentence end.
# The field labels of a catalogue page (data: extend here); a label, its colon and a space.
FLAT_FIELD_LABELS = ("Citation", "Summary", "Original Language", "Contents", "Credits", "Document Information",
                     "Source", "Original Archive", "Rights", "Description", "Title", "Author", "Date", "Subject",
                     "Translated by", "Record ID")
FLAT_LABEL_RE = re.compile(r"(?:" + "|".join(re.escape(label) for label in FLAT_FIELD_LABELS) + r")\s*:\s")
FLAT_FIELD_RE = re.compile(r"(?<=\S)\s+(?=" + FLAT_LABEL_RE.pattern + ")")
# What a catalogue page lists under `Contents:` (extend here: these are words of the page, not the document).
CONTENTS_ITEMS_RE = re.compile(r"(?<=Contents:)\s*(?:(?:English|Original) (?:Translation|Transcription|Scan)\s*)+")
FLAT_SENTENCE_RE = re.compile(r"(?<=[.?!”\"\]])\s+(?=[A-Z])")


def split_lines(source: Source) -> list[Line]:
    lines = []
    offset = 0
    for number, raw in enumerate(source.text.split("\n"), start=1):
        lines.append(Line(offset, offset + len(raw), raw, number))
        offset += len(raw) + 1
    return lines


def flatten_segments(line: Line, banners: list[re.Pattern[str]]) -> list[Line]:
    """Cut a page flattened onto one line into segments: banners, field labels, speaker labels."""
    cuts = {0, len(line.text)}
    for pattern in banners:
        for match in pattern.finditer(line.text):
            cuts.update((match.start(), match.end()))
    for match in FLAT_FIELD_RE.finditer(line.text):
        cuts.add(match.end())
    for match in FLAT_SENTENCE_RE.finditer(line.text):
        rest = line.text[match.end(): match.end() + 200]
        if find_label(rest) is not None and header_label(rest) is None:
            cuts.add(match.end())
    # the page's date line stands before its title; a `Contents:` list ends with its last item
    for found in find_dates(line.text[:300]):
        cuts.update((found.start, found.end))
        break
    for match in CONTENTS_ITEMS_RE.finditer(line.text):
        cuts.add(match.end())
    for match in re.finditer(r"https?://\S+", line.text):  # the page's address stands apart
        cuts.update((match.start(), match.end()))
    # a field's value ends where the next field starts; a label's value starts after its colon
    for match in FLAT_LABEL_RE.finditer(line.text):
        if match.start() in cuts:
            cuts.add(match.end())
    ordered = sorted(cuts)
    return [Line(line.start + a, line.start + b, line.text[a:b], line.number)
            for a, b in zip(ordered, ordered[1:], strict=False) if line.text[a:b].strip()]


# -- line rules: blank, clutter or text ---------------------------------------------------------------

class LineKind(str, Enum):
    BLANK = "blank"
    CLUTTER = "clutter"
    TEXT = "text"


@dataclass
class LineState:
    """What line rules may look at: the document's lines, the options and the measured profile."""

    lines: list[Line]
    options: LayoutOptions
    profile: Profile
    running: set[str] = field(default_factory=set)  # normalised running headers found by repetition


LineRule = Callable[[LineState, int], "tuple[LineKind, str] | None"]


def blank_line(state: LineState, index: int) -> tuple[LineKind, str] | None:
    """Nothing but white space: spaces, no-break spaces, tabs, form feeds."""
    return (LineKind.BLANK, "") if not state.lines[index].text.strip(BLANK_CHARS) else None


def sidecar_text(state: LineState, index: int) -> tuple[LineKind, str] | None:
    """The editor's sidecar says this line is text."""
    return (LineKind.TEXT, "") if state.lines[index].number in state.options.text_lines else None


def sidecar_clutter(state: LineState, index: int) -> tuple[LineKind, str] | None:
    """The editor's sidecar says this line is clutter."""
    if state.lines[index].number in state.options.clutter_lines:
        return LineKind.CLUTTER, "marked as clutter in the sidecar"
    return None


def running_header(state: LineState, index: int) -> tuple[LineKind, str] | None:
    """A line printed at the top or foot of several pages (a site banner, a running title)."""
    if state.running and _normal(state.lines[index].stripped) in state.running:
        return LineKind.CLUTTER, "running header"
    return None


def footer_label(state: LineState, index: int) -> tuple[LineKind, str] | None:
    """A footer label (`Author(s):`, `Subjects Discussed`) is text when a value follows it, clutter when
    the next line is another label or nothing."""
    if not FOOTER_LABEL.fullmatch(state.lines[index].stripped):
        return None
    for line in state.lines[index + 1:]:
        if line.text.strip(BLANK_CHARS):
            if FOOTER_LABEL.fullmatch(line.stripped) or clutter_reason(line.stripped, []):
                return LineKind.CLUTTER, "empty field label"
            return LineKind.TEXT, ""
    return LineKind.CLUTTER, "empty field label"


def page_clutter(state: LineState, index: int) -> tuple[LineKind, str] | None:
    """Navigation, page counters, banners and the corpus's own patterns (`rules/clutter.py`, tei.yaml)."""
    reason = clutter_reason(state.lines[index].stripped, state.options.clutter_patterns)
    return (LineKind.CLUTTER, reason) if reason else None


LINE_RULES: list[LineRule] = [
    blank_line,
    sidecar_text,
    sidecar_clutter,
    running_header,
    page_clutter,
    footer_label,
]


def _normal(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _could_be_running_header(key: str) -> bool:
    """A banner or running title has words; a repeated omission mark (`[…]`) or a sentence is text."""
    return (0 < len(key) <= 100 and len(re.findall(r"[^\W\d_]{2,}", key)) >= 2
            and not key.startswith(("[", "(")) and not key.endswith((".", "?", "!", ":")))


def find_running_headers(lines: list[Line]) -> set[str]:
    """Lines repeated next to page breaks: each page's first or last two text lines, on 2+ pages."""
    pages: list[list[Line]] = [[]]
    for line in lines:
        if FORM_FEED in line.text:
            pages.append([])
        if line.text.strip(BLANK_CHARS):
            pages[-1].append(line)
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        edge = {_normal(line.stripped) for line in page[:2] + page[-2:]}
        counts.update(key for key in edge if _could_be_running_header(key))
    return {key for key, count in counts.items() if count >= 2 and count >= (len(pages) - 1) // 2}


# -- join rules: one paragraph or two ----------------------------------------------------------------

class Join(str, Enum):
    JOIN = "join"  # same paragraph, joined by a line break
    GLUE = "glue"  # same paragraph, joined with nothing (a label split from its colon)
    SPLIT = "split"  # a new paragraph starts


@dataclass
class Gap:
    """What stands between two text lines: blank lines, dropped clutter, page breaks."""

    blank: int = 0
    clutter: int = 0
    page_break: bool = False
    nbsp_only: bool = False  # every blank line held a no-break space (HTML footnote bodies)


@dataclass
class Pair:
    previous: Line
    line: Line
    gap: Gap
    profile: Profile
    after: Line | None  # the text line after `line`, when there is one
    after_gap: Gap | None
    open_brackets: int = 0  # bracket groups the paragraph so far has opened and not closed
    closes_ahead: bool = False  # ... and they close within the next few lines
    opened_with_label: bool = False  # the paragraph so far opens with a speaker label


JoinRule = Callable[[Pair], "Join | None"]

SENTENCE_END = tuple(".?!:;\"”’)]")
LIST_MARKER_RE = re.compile(r"(?:\(\d{1,3}\)|\d{1,3}[.)]\s|[IVX]{1,5}\.\s|[a-z]\)\s|[•▪◦·]\s)")
NUMBER_LINE_RE = re.compile(r"\d{1,3}")


def split_label_colon(pair: Pair) -> Join | None:
    """`General Yu` / `: The Generalissimo …`: an HTML dump puts the speaker's name and colon apart."""
    if pair.gap.blank == 0 and pair.line.stripped.startswith(":") and 0 < len(pair.previous.stripped) <= 60 \
            and find_label(pair.previous.stripped + pair.line.stripped) is not None:
        return Join.GLUE
    return None


def footnote_body_number(pair: Pair) -> Join | None:
    """`81` / (a line with a no-break space) / `Ante, pp. …`: a footnote body's number in an HTML dump."""
    if NUMBER_LINE_RE.fullmatch(pair.line.stripped) and pair.after is not None and pair.after_gap is not None \
            and pair.after_gap.blank >= 1 and pair.after_gap.nbsp_only:
        return Join.SPLIT
    if NUMBER_LINE_RE.fullmatch(pair.previous.stripped) and pair.gap.nbsp_only and pair.gap.blank >= 1:
        return Join.JOIN
    return None


def footnote_number_line(pair: Pair) -> Join | None:
    """A footnote number alone on its line, inside or at the end of a sentence: the sentence goes on."""
    if pair.gap.blank == 0 and (NUMBER_LINE_RE.fullmatch(pair.line.stripped)
                                or NUMBER_LINE_RE.fullmatch(pair.previous.stripped)):
        return Join.JOIN
    return None


def page_break_continuation(pair: Pair) -> Join | None:
    """A sentence cut by a page break (or by a dropped running header) goes on in lower case."""
    if (pair.gap.page_break or pair.gap.clutter) and not pair.previous.stripped.endswith(SENTENCE_END) \
            and pair.line.stripped[:1].islower():
        return Join.JOIN
    return None


def open_bracket_continues(pair: Pair) -> Join | None:
    """A bracket group left open goes on across blank lines and page breaks when it closes soon after
    (`[` / ` ` / `Clubb` / ` ` / `]` in an HTML dump; `[post` / form feed / `of the]` in PDF text)."""
    return Join.JOIN if pair.open_brackets > 0 and pair.closes_ahead else None


def blank_line_separates(pair: Pair) -> Join | None:
    """A blank line (or a line holding one space) ends a paragraph."""
    return Join.SPLIT if pair.gap.blank else None


def label_starts_paragraph(pair: Pair) -> Join | None:
    """A speaker label after a finished sentence opens a new turn: in single-spaced or wrapped text, and
    in any layout inside a paragraph that itself opened with a label (turns printed without blank lines)."""
    if not (pair.profile.wrapped or pair.profile.name is LayoutName.SINGLE_SPACED or pair.opened_with_label):
        return None
    if pair.previous.stripped.endswith(SENTENCE_END) and find_label(pair.line.stripped) is not None \
            and header_label(pair.line.stripped) is None:
        return Join.SPLIT
    return None


def list_item_starts_paragraph(pair: Pair) -> Join | None:
    """In hard-wrapped text, a numbered point `(2)`, `3.`, `II.` after a finished sentence starts a paragraph."""
    if pair.profile.wrapped and pair.previous.stripped.endswith(SENTENCE_END) \
            and LIST_MARKER_RE.match(pair.line.stripped):
        return Join.SPLIT
    return None


def short_line_ends_paragraph(pair: Pair) -> Join | None:
    """In hard-wrapped text, a line that stops well short of the margin after a full stop ends a paragraph."""
    width = pair.profile.line_width
    if pair.profile.wrapped and width and pair.previous.stripped.endswith((".", "?", "!", "”", "\"")) \
            and len(pair.previous.text.rstrip()) < 0.7 * width and pair.line.stripped[:1].isupper():
        return Join.SPLIT
    return None


def indent_starts_paragraph(pair: Pair) -> Join | None:
    """In hard-wrapped text, an indented line after a finished sentence starts a paragraph."""
    if pair.profile.wrapped and pair.previous.stripped.endswith(SENTENCE_END) \
            and _indent(pair.line) >= 2 and _indent(pair.line) > _indent(pair.previous):
        return Join.SPLIT
    return None


def single_spaced_lines(pair: Pair) -> Join | None:
    """One paragraph per line (no blank lines at all; a flattened page's segments): each line is a
    paragraph, unless it plainly goes on (the next starts in lower case)."""
    if pair.profile.name in (LayoutName.SINGLE_SPACED, LayoutName.FLATTENED) \
            and not pair.line.stripped[:1].islower():
        return Join.SPLIT
    return None


JOIN_RULES: list[JoinRule] = [
    split_label_colon,
    footnote_body_number,
    footnote_number_line,
    page_break_continuation,
    label_starts_paragraph,  # a new turn ends even an open bracket group
    open_bracket_continues,
    blank_line_separates,
    list_item_starts_paragraph,
    short_line_ends_paragraph,
    indent_starts_paragraph,
    single_spaced_lines,
]


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip(BLANK_CHARS))


# -- the profile -----------------------------------------------------------------------------------

def measure(lines: list[Line], text_kinds: list[LineKind], flattened: bool = False) -> Profile:
    """Measure the layout: form feeds, blank-line habits, hard wrapping, typical line width."""
    profile = Profile()
    texts = [line for line, kind in zip(lines, text_kinds, strict=False) if kind is LineKind.TEXT]
    profile.form_feeds = sum(line.text.count(FORM_FEED) for line in lines)
    if not texts:
        return profile
    blanks = [line for line, kind in zip(lines, text_kinds, strict=False) if kind is LineKind.BLANK]
    profile.space_blank_lines = sum(1 for line in blanks if line.text and not line.text.strip(BLANK_CHARS)) \
        > len(blanks) // 2 > 0
    lengths = [len(line.text.rstrip()) for line in texts]
    if flattened:
        profile.name = LayoutName.FLATTENED
        return profile
    # hard-wrapped: many lines of nearly the same length that run on without a sentence end
    long_lines = [n for n in lengths if n >= 50]
    if len(long_lines) >= 5:
        width = int(statistics.quantiles(long_lines, n=10)[7]) if len(long_lines) >= 10 else max(long_lines)
        full = [n for n in long_lines if n >= 0.8 * width]
        runs_on = sum(1 for line in texts if len(line.text.rstrip()) >= 0.8 * width
                      and not line.stripped.endswith(SENTENCE_END))
        if width <= 140 and len(full) >= 0.4 * len(texts) and runs_on >= 0.3 * len(full):
            profile.wrapped = True
            profile.line_width = width
    blank_between = sum(1 for a, b in zip(text_kinds, text_kinds[1:], strict=False)
                        if a is LineKind.TEXT and b is LineKind.BLANK)
    if profile.wrapped or profile.form_feeds:
        profile.name = LayoutName.PDF
        profile.wrapped = True
    elif profile.space_blank_lines and sum(1 for t in texts if t.stripped.startswith(":")) >= 1:
        profile.name = LayoutName.HTML_DUMP
    elif len(texts) >= 8 and blank_between <= len(texts) // 10:
        profile.name = LayoutName.SINGLE_SPACED
    elif profile.space_blank_lines:
        profile.name = LayoutName.HTML_DUMP
    return profile


# -- the stage ---------------------------------------------------------------------------------------

_BANNERS = [re.compile(p, re.IGNORECASE) for p in BANNER_PATTERNS]


def read_layout(source: Source, options: LayoutOptions | None = None) -> Layout:
    """The logical paragraphs of a transcript, whatever its layout; clutter lines reported."""
    options = options or LayoutOptions()
    physical = split_lines(source)
    banners = _BANNERS + options.clutter_patterns
    lines: list[Line] = []
    # a flattened page: most of the text stands on a few very long lines (not one long paragraph)
    long_chars = sum(len(line.text) for line in physical if len(line.text) >= FLATTENED_MIN)
    written = sum(1 for line in physical if line.text.strip(BLANK_CHARS))
    flattened = long_chars >= 0.8 * len(source.text) and written <= 3 and "flatten" not in options.disabled
    for line in physical:
        if flattened and len(line.text) >= FLATTENED_MIN:
            lines += flatten_segments(line, banners)
        else:
            lines.append(line)
    state = LineState(lines, options, Profile())
    if "running_header" not in options.disabled:
        state.running = find_running_headers(lines)
    kinds: list[LineKind] = []
    reasons: list[str] = []
    line_rules = [rule for rule in LINE_RULES if rule.__name__ not in options.disabled]  # once, not per line
    for index in range(len(lines)):
        kind, reason = LineKind.TEXT, ""
        for rule in line_rules:
            found = rule(state, index)
            if found is not None:
                kind, reason = found
                break
        kinds.append(kind)
        reasons.append(reason)
    profile = measure(lines, kinds, flattened)
    if options.layout:
        try:
            profile.name = LayoutName(options.layout)
        except ValueError:
            pass
    profile.wrapped = profile.wrapped or profile.name is LayoutName.PDF
    layout = Layout([], profile)
    layout.page_breaks = [m.start() for m in re.finditer(FORM_FEED, source.text)]
    for line, kind, reason in zip(lines, kinds, reasons, strict=False):
        if kind is LineKind.CLUTTER:
            if line.number not in layout.clutter_lines[-1:]:  # a flattened page's line holds several pieces
                layout.clutter_lines.append(line.number)
            layout.clutter_spans.append((line.content_span().start, line.content_span().end))
            layout.findings.append(source.finding(line.content_span().start, Severity.INFO, "CLUTTER",
                                                  f"dropped page clutter ({reason}): {line.stripped!r}"))
    layout.page_numbers = _page_numbers(lines, kinds, reasons)
    text_index = [i for i, kind in enumerate(kinds) if kind is LineKind.TEXT]
    gaps = [_gap(lines, kinds, a, b) for a, b in zip(text_index, text_index[1:], strict=False)]
    current: Para | None = None
    depth = 0
    opened_with_label = False
    join_rules = [rule for rule in JOIN_RULES if rule.__name__ not in options.disabled]
    for position, index in enumerate(text_index):
        line = lines[index]
        if current is None:
            current = Para()
            current.add(line)
            depth = max(0, line.text.count("[") - line.text.count("]"))
            opened_with_label = find_label(line.stripped) is not None
            continue
        gap = gaps[position - 1]
        after = lines[text_index[position + 1]] if position + 1 < len(text_index) else None
        after_gap = gaps[position] if position < len(gaps) else None
        pair = Pair(lines[text_index[position - 1]], line, gap, profile, after, after_gap, depth,
                    opened_with_label=opened_with_label)
        if depth > 0:
            pair.closes_ahead = _closes_within(lines, text_index[position:position + BRACKET_REACH], depth)
        decision, rule_name = Join.JOIN, "default_join"
        for join_rule in join_rules:
            verdict = join_rule(pair)
            if verdict is not None:
                decision, rule_name = verdict, join_rule.__name__
                break
        if decision is Join.SPLIT:
            layout.paragraphs.append(current)
            current = Para(rule=rule_name)
            current.add(line)
            depth = 0
            opened_with_label = find_label(line.stripped) is not None
        else:
            current.add(line, "" if decision is Join.GLUE else "\n")
        depth = max(0, depth + line.text.count("[") - line.text.count("]"))
    if current is not None:
        layout.paragraphs.append(current)
    return layout


def _page_numbers(lines: list[Line], kinds: list[LineKind], reasons: list[str]) -> dict[int, str]:
    """The number a page counter next to a form feed prints (after it: this page; before it: the last)."""
    numbers: dict[int, str] = {}
    for index, line in enumerate(lines):
        if FORM_FEED not in line.text:
            continue
        feed = line.start + line.text.index(FORM_FEED)
        for step, offset in ((0, 0), (1, 0), (-1, 1), (-2, 1), (2, 0)):
            near = index + step
            if 0 <= near < len(lines) and kinds[near] is LineKind.CLUTTER and reasons[near] == "page counter":
                digits = re.search(r"\d+", lines[near].stripped)
                if digits:
                    numbers[feed] = str(int(digits.group()) + offset)
                    break
    return numbers


BRACKET_REACH = 12  # text lines within which an open bracket group must close to hold lines together


def _closes_within(lines: list[Line], ahead: list[int], depth: int) -> bool:
    for index in ahead:
        depth += lines[index].text.count("[") - lines[index].text.count("]")
        if depth <= 0:
            return True
    return False


def _gap(lines: list[Line], kinds: list[LineKind], a: int, b: int) -> Gap:
    text = lines[b].text
    gap = Gap(page_break=FORM_FEED in text and FORM_FEED in text[: max(1, len(text) - len(text.lstrip()))])
    nbsp = True
    for index in range(a + 1, b):
        if kinds[index] is LineKind.BLANK:
            gap.blank += 1
            nbsp = nbsp and "\u00a0" in lines[index].text
        else:
            gap.clutter += 1
        if FORM_FEED in lines[index].text:
            gap.page_break = True
    gap.nbsp_only = nbsp and gap.blank > 0
    return gap


# -- two interleaved columns -----------------------------------------------------------------------

COLUMN_GAP_RE = re.compile(r"\S(?P<gap>[ \t\u00a0]{4,})(?=\S)")


def _may_have_gap(line: str) -> bool:
    """Whether `COLUMN_GAP_RE` can find a gap: four blanks in a row are four spaces unless the line has a
    tab or a no-break space (substring tests: the pattern is tried at every character of prose)."""
    return "    " in line or "\t" in line or "\u00a0" in line


def split_columns(lines: list[str]) -> tuple[str, str] | None:
    """The left and right column of lines printed side by side (a PDF's two-column header, whose lines
    interleave the two columns' fields), each as one text; None when the lines are not two columns.

    Two columns: at least two lines have a wide gap (4+ spaces) before text that starts in the same
    place (±2 characters), and every other line is indented to that place (right column only) or ends
    before it (left column only). The transcript keeps its source order; this is for reading fields.
    """
    written = [line.rstrip() for line in lines if line.strip(BLANK_CHARS)]
    starts = [m.end("gap") for line in written if _may_have_gap(line) for m in [COLUMN_GAP_RE.search(line)] if m]
    if len(written) < 2 or len(starts) < 2 or max(starts) - min(starts) > 2:
        return None
    column = min(starts)
    left: list[str] = []
    right: list[str] = []
    for line in written:
        indent = len(line) - len(line.lstrip(BLANK_CHARS))
        if indent >= column - 2:
            right.append(line.strip(BLANK_CHARS))
        elif len(line) <= column:
            left.append(line.strip(BLANK_CHARS))
        else:
            gap = COLUMN_GAP_RE.search(line)
            if gap is None or abs(gap.end("gap") - column) > 2:
                return None  # prose that runs across the middle: not two columns
            left.append(line[: gap.start("gap") + 1].strip(BLANK_CHARS))
            right.append(line[gap.end("gap"):].strip(BLANK_CHARS))
    return " ".join(part for part in left if part), " ".join(part for part in right if part)
