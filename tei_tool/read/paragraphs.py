"""Stage 2a: lines and paragraphs. Splits the source into blank-line separated paragraphs.

A line of nothing but white space (including no-break spaces) is blank. Every line keeps its offsets,
so later stages can point at any character.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tei_tool.read.source import Source, Span


@dataclass
class Line:
    start: int
    end: int  # excludes the newline
    text: str
    number: int  # 1-based

    @property
    def stripped(self) -> str:
        return self.text.strip().replace("\u00a0", " ").strip()

    def content_span(self) -> Span:
        """The line without leading and trailing white space."""
        lead = len(self.text) - len(self.text.lstrip())
        trail = len(self.text.rstrip())
        return Span(self.start + lead, self.start + max(lead, trail))


@dataclass
class Para:
    lines: list[Line] = field(default_factory=list)

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
    def text(self) -> str:
        return "\n".join(line.stripped for line in self.lines)

    @property
    def first_line(self) -> int:
        return self.lines[0].number


def split_lines(source: Source) -> list[Line]:
    lines = []
    offset = 0
    for number, raw in enumerate(source.text.split("\n"), start=1):
        lines.append(Line(offset, offset + len(raw), raw, number))
        offset += len(raw) + 1
    return lines


def is_blank(line: Line) -> bool:
    return not line.text.replace("\u00a0", " ").strip()


def split_paragraphs(lines: list[Line]) -> list[Para]:
    """Blank-line separated groups of the given (non-clutter) lines, in order."""
    paras: list[Para] = []
    current = Para()
    previous_number = 0
    for line in lines:
        if is_blank(line) or (current.lines and line.number != previous_number + 1):
            if current.lines:
                paras.append(current)
                current = Para()
            if is_blank(line):
                previous_number = line.number
                continue
        current.lines.append(line)
        previous_number = line.number
    if current.lines:
        paras.append(current)
    return paras
