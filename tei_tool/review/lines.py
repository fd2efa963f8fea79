"""Where each TEI element came from in the transcript: line and column, for the page's margin.

The TEI does not carry transcript positions, and the encoder's element-to-offset map is internal to
it. The TEI text is, by the mapping's contract, the transcript minus page clutter with the printed
delimiters recorded as `@rend`; so the printed characters rebuilt from the TEI are aligned with the
transcript's characters, white space ignored. A block's first characters re-anchor the alignment, so a
difference (a page marker printed otherwise, a list separator) shifts at most a few characters.
"""

from __future__ import annotations

from bisect import bisect_right

from lxml import etree

from .. import TEI_NS

T = f"{{{TEI_NS}}}"
DELIMITERS = {"brackets": ("[", "]"), "parentheses": ("(", ")"), "bold": ("**", "**")}
# Elements that start a paragraph or line of the transcript: the alignment re-anchors at each.
BLOCKS = frozenset(f"{T}{tag}" for tag in (
    "p", "ab", "head", "sp", "speaker", "stage", "item", "docDate", "titlePart", "note", "label", "lb", "list"))
ANCHOR_CHARS = 24  # characters searched as one piece to re-anchor at a block
ANCHOR_WINDOW = 60_000  # how far ahead a block may start (clutter, footnote bodies)
CHAR_WINDOW = 300  # how far ahead one character may be (delimiters the TEI does not spell)

Position = tuple[int, int]


class _Stream:
    """The printed non-space characters of the TEI text, and where each element starts in them."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[tuple[etree._Element, int]] = []

    def add(self, text: str | None) -> None:
        if text:
            self.chars.extend(ch for ch in text if not ch.isspace())

    def walk(self, element: etree._Element) -> None:
        if not isinstance(element.tag, str):
            return
        self.starts.append((element, len(self.chars)))
        tag, rend = element.tag, element.get("rend") or ""
        if tag == f"{T}pb":
            if rend == "brackets":
                self.add(f"[Page {element.get('n', '')}]")
            return
        if tag in (f"{T}item", f"{T}note"):
            self.add(element.get("n"))  # the printed marker: "1 -", "1."
        if tag == f"{T}hi" and len(rend) == 2 and rend[0] == "h" and rend[1].isdigit():
            self.add("#" * int(rend[1]))
        opener, closer = DELIMITERS.get(rend, ("", ""))
        self.add(opener)
        self.add(element.text)
        for child in element:
            self.walk(child)
            self.add(child.tail)
        self.add(closer)


def transcript_positions(text: etree._Element, source: str, clutter_lines: set[int]) -> dict[etree._Element, Position]:
    """Line and column (1-based) in `source` of every element under `text` (the TEI `<text>`)."""
    stream = _Stream()
    stream.walk(text)
    tei = "".join(stream.chars)
    offsets: list[int] = []
    printed: list[str] = []
    line_starts = [0]
    line = 1
    for offset, ch in enumerate(source):
        if ch == "\n":
            line += 1
            line_starts.append(offset + 1)
        elif not ch.isspace() and line not in clutter_lines:
            offsets.append(offset)
            printed.append(ch)
    src = "".join(printed)
    anchors = {index for element, index in stream.starts if element.tag in BLOCKS}
    matched = [-1] * len(tei)
    cursor = 0
    for i, ch in enumerate(tei):
        if i in anchors:
            found = src.find(tei[i:i + ANCHOR_CHARS], cursor, cursor + ANCHOR_WINDOW)
            if found >= 0:
                cursor = found
        found = src.find(ch, cursor, cursor + CHAR_WINDOW)
        if found >= 0:
            matched[i] = found
            cursor = found + 1
    following = [-1] * (len(tei) + 1)  # the first matched character at or after each index
    for i in range(len(tei) - 1, -1, -1):
        following[i] = matched[i] if matched[i] >= 0 else following[i + 1]
    positions: dict[etree._Element, Position] = {}
    previous: Position = (1, 1)
    for element, index in stream.starts:
        at = following[index]
        if at >= 0:
            offset = offsets[at]
            line_index = _line_index(line_starts, offset)
            previous = (line_index + 1, offset - line_starts[line_index] + 1)
        positions[element] = previous
    return positions


def xml_positions(root: etree._Element) -> dict[etree._Element, Position]:
    """Fallback for a TEI file reviewed on its own: the XML line of each element (column unknown: 0)."""
    return {element: (getattr(element, "sourceline", 0) or 0, 0) for element in root.iter()
            if isinstance(element.tag, str)}


def _line_index(line_starts: list[int], offset: int) -> int:
    return bisect_right(line_starts, offset) - 1
