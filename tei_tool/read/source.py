"""Reading a transcript: bytes to text, and offsets to `line:col`.

Every node of the document model keeps offsets into `Source.text`; this module turns them into the
1-based line and column that editors see in their editor's status bar.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from tei_tool.findings import Finding, Severity

_NEWLINE_RE = re.compile("\n")


class SourceError(Exception):
    """A transcript that cannot be read as text at all (the finding says where and why)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.format())
        self.finding = finding


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) in the source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")


@dataclass
class Source:
    """A transcript's text, its display name, and a line index for offset -> line:col."""

    name: str
    text: str
    line_starts: list[int] = field(init=False, repr=False)
    warnings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        # One C-level scan instead of a Python loop over every character.
        self.line_starts = [0] + [match.end() for match in _NEWLINE_RE.finditer(self.text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def finding(self, offset: int, severity: Severity, code: str, message: str, hint: str = "") -> Finding:
        line, col = self.line_col(offset)
        return Finding(self.name, line, col, severity, code, message, hint)


def decode(name: str, data: bytes) -> Source:
    """Decode UTF-8 (with or without BOM), or UTF-16/UTF-32 with a BOM (as Windows tools save "Unicode
    text"); CRLF and CR become LF. Raise SourceError on bad input, at the 1-based line and column."""
    encoding = "utf-8"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding, data = codec, data[len(bom):]
            break
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        raise SourceError(Finding(name, 1, 1, Severity.ERROR, "E002",
                                  "the file is binary (it contains NUL bytes), not a text transcript",
                                  "export the document as plain UTF-8 text"))
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode(encoding, errors="replace")
        line = before.count("\n") + 1
        col = len(before.rsplit("\n", 1)[-1]) + 1
        what = f"byte 0x{data[exc.start]:02x}" if exc.start < len(data) else "the end of the file"
        label = "UTF-8" if encoding == "utf-8" else encoding.upper().replace("-LE", "").replace("-BE", "")
        raise SourceError(Finding(name, line, col, Severity.ERROR, "E003",
                                  f"the file is not {label} ({what} cannot be decoded)",
                                  "re-save the transcript as UTF-8, e.g. `iconv -f cp1252 -t utf-8`")) from None
    if not text.strip():
        raise SourceError(Finding(name, 1, 1, Severity.ERROR, "E001", "the transcript is empty",
                                  "give a UTF-8 text file with the document's text"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    warnings = []
    if NOT_XML_RE.search(text):
        probe = Source(name, text)
        for match in NOT_XML_RE.finditer(text):
            warnings.append(probe.finding(match.start(), Severity.WARNING, "W004",
                                          f"dropped character U+{ord(match.group()):04X}, which XML cannot hold",
                                          "remove control characters from the transcript"))
        text = NOT_XML_RE.sub("", text)
    return Source(name, text, warnings=warnings)


# Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


# Characters XML 1.0 cannot contain. Form feeds (PDF page breaks) stay: the layout stage reads them as
# page breaks and the inline stage turns each into a `pagebreak` node (TEI `pb`).
NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")
