"""The encoding pipeline: read source -> blocks -> inline marks -> document passes -> TEI -> validate.

`encode_text` is the library entry point the CLI, the tests and other tools call. It never raises on
bad transcript content: what it cannot read becomes a finding.
"""

from __future__ import annotations

import gc
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, cast

from lxml import etree

from tei_tool.config import Config, Personography, Sidecar
from tei_tool.findings import Finding, Severity
from tei_tool.model import Document
from tei_tool.passes import PassContext, run_passes
from tei_tool.read.blocks import BlockOptions, BlockReader
from tei_tool.read.inline import InlineOptions, InlineParser
from tei_tool.read.rules.dates import clear_date_memo
from tei_tool.read.source import Source, SourceError, decode
from tei_tool.resources import SCHEMA_URL, schema_file
from tei_tool.tei.render import Renderer
from tei_tool.xmlsafe import safe_parser

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

MAX_BYTES = 50 * 1024 * 1024
DEFAULT_SCHEMA = schema_file("tei-archival.rng")
# Where each release's project schema is published; `tei init` maps it to a local copy in schemas/catalog.xml.


@dataclass
class EncodeStats:
    turns: int = 0
    persons: int = 0
    interpolations: int = 0
    gaps: int = 0
    clutter_lines: int = 0
    layout: str = ""

    def summary(self) -> str:
        layout = f"{self.layout} layout, " if self.layout else ""
        return (f"{layout}{self.turns} turns, {self.persons} persons, {self.interpolations} interpolations, "
                f"{self.gaps} gaps, {self.clutter_lines} clutter lines dropped")


@dataclass
class EncodeResult:
    name: str
    xml: bytes = b""
    findings: list[Finding] = field(default_factory=list)
    stats: EncodeStats = field(default_factory=EncodeStats)
    document: Document | None = None

    @property
    def ok(self) -> bool:
        return bool(self.xml) and not any(f.severity is Severity.ERROR for f in self.findings)


def encode_bytes(data: bytes, name: str, config: Config | None = None, personography: Personography | None = None,
                 sidecar: Sidecar | None = None, validate: bool = True, schema_href: str | None = None) -> EncodeResult:
    """Encode raw transcript bytes; unreadable input gives an error finding and no XML."""
    source = _read_source(data, name)
    if isinstance(source, EncodeResult):
        return source
    return encode_source(source, config, personography, sidecar, validate, schema_href)


def encode_text(text: str, name: str, config: Config | None = None, personography: Personography | None = None,
                sidecar: Sidecar | None = None, validate: bool = True, schema_href: str | None = None) -> EncodeResult:
    """Encode a transcript given as text (read as its UTF-8 bytes would be; the bytes are freed once read)."""
    source = _read_source(text.encode("utf-8"), name)
    if isinstance(source, EncodeResult):
        return source
    return encode_source(source, config, personography, sidecar, validate, schema_href)


def _read_source(data: bytes, name: str) -> Source | EncodeResult:
    """The decoded transcript, or the result that refuses it (too big, not text)."""
    if len(data) > MAX_BYTES:
        return EncodeResult(name, findings=[Finding(
            name, 1, 1, Severity.ERROR, "E004",
            f"the transcript is {len(data) / 1024 / 1024:.1f} MB; transcripts over {MAX_BYTES // 1024 // 1024} MB "
            "are refused", "split the file into one transcript per document")])
    try:
        return decode(name, data)
    except SourceError as error:
        return EncodeResult(name, findings=[error.finding])


def encode_source(source: Source, config: Config | None = None, personography: Personography | None = None,
                  sidecar: Sidecar | None = None, validate: bool = True,
                  schema_href: str | None = None) -> EncodeResult:
    with _no_cyclic_gc():
        try:
            return _encode_source(source, config, personography, sidecar, validate, schema_href)
        finally:
            _forget_paragraph_memos()


def _forget_paragraph_memos() -> None:
    """`find_dates` memoises its answers per text within one document; drop them after it, so a big
    transcript's paragraphs are not kept alive while the next one is encoded."""
    clear_date_memo()


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while encoding: the model and the tree are millions of live
    objects on big inputs, and each full collection walks them all (turns grew 5x for 4x the input)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _encode_source(source: Source, config: Config | None, personography: Personography | None,
                   sidecar: Sidecar | None, validate: bool, schema_href: str | None) -> EncodeResult:
    config = config or Config()
    personography = personography or Personography()
    document, findings = _read_document(source, config, personography, sidecar)
    xml, origins, stats = _write(source, document, config, personography, schema_href, validate)
    result = EncodeResult(source.name, xml, findings, stats, document)
    if validate:
        result.findings += _validate(xml, origins, source)
    result.findings.sort(key=lambda f: (f.line, f.col, f.code))
    return result


def _read_document(source: Source, config: Config, personography: Personography,
                   sidecar: Sidecar | None) -> tuple[Document, list[Finding]]:
    """Blocks, inline marks and document passes: the model and what its stages found. The readers (the
    layout's lines and paragraphs, the parser's masked text) are freed on return; the model is all the
    later stages read."""
    rules = config.rules
    corrections: dict[tuple[int, str], str] = {}
    by_line: dict[int, str] = {}
    for correction in (sidecar.brackets if sidecar else []):
        if correction.text:
            corrections[(correction.line, correction.text)] = correction.kind
        else:
            by_line[correction.line] = correction.kind
    parser = InlineParser(source, InlineOptions(extra_redaction=tuple(rules.redaction_phrases),
                                                corrections=corrections, corrections_by_line=by_line))
    title_words = frozenset(w.lower() for w in rules.title_words)
    block_options = BlockOptions(
        clutter_patterns=[re.compile(p) for p in rules.clutter_lines],
        clutter_lines=set(sidecar.clutter_lines) if sidecar else set(),
        text_lines=set(sidecar.text_lines) if sidecar else set(),
        date_formats=list(rules.date_formats),
        title_words=title_words,
        disabled=frozenset(rules.disabled),
        layout=(sidecar.layout if sidecar and sidecar.layout else config.layout),
    )
    reader = BlockReader(source, parser, block_options)
    blocks = reader.read()
    document = Document(source.name, blocks=blocks, clutter_lines=reader.clutter_lines,
                        clutter_spans=reader.layout.clutter_spans, layout=reader.layout.profile.name.value)
    reader.layout.paragraphs = []  # read: the passes work on the blocks
    context = PassContext(source, document, personography, sidecar, list(rules.date_formats),
                          list(rules.archive_patterns), title_words, reader.funders,
                          source_series=list(rules.source_series))
    run_passes(context)
    _forget_paragraph_memos()  # nothing after the passes looks for dates
    if reader.document_type and not document.meta.document_type:
        document.meta.document_type = reader.document_type
    return document, source.warnings + reader.findings + parser.findings + context.findings


def _write(source: Source, document: Document, config: Config, personography: Personography,
           schema_href: str | None, validate: bool) -> tuple[bytes, list[int | None], EncodeStats]:
    """The TEI bytes, the source offset of each element in document order (for validation findings) and
    the stats. The tree is freed on return: validation reads the bytes, as a user's validator would."""
    renderer = Renderer(source, document, schema_href if schema_href is not None else _default_href(config),
                        config.header.publisher, config.header.licence, config.header.encoder,
                        encoding_date(config), personography)
    rendered = renderer.render()
    origins = _element_origins(rendered.origins, rendered.tree) if validate else []
    rendered.origins.clear()  # its element proxies (and the tags they cache) go before the bytes are made
    stats = _stats(rendered.tree, document)
    out = _Written()
    rendered.tree.write(out, xml_declaration=True, encoding="UTF-8")
    out.write(b"\n")
    return out.getvalue(), origins, stats


class _Written(io.BytesIO):
    """The serialiser's output in one buffer, which it fills chunk by chunk: the bytes are made once (a
    `replace` on the whole output would copy them again), with the xml-model instruction put on a line
    of its own as the prolog goes by."""

    head: bytes | None = b""  # the output up to the root's start tag; None once written

    def write(self, chunk: ReadableBuffer) -> int:
        if self.head is None:
            return super().write(chunk)
        self.head += bytes(chunk)
        if b"<TEI " in self.head:
            super().write(self.head.replace(b"?><TEI ", b"?>\n<TEI ", 1))
            self.head = None
        return len(memoryview(chunk))

    def getvalue(self) -> bytes:
        if self.head:  # no root start tag went by (never in a TEI document)
            super().write(self.head)
            self.head = None
        return super().getvalue()


def encoding_date(config: Config) -> str:
    """The revision date: tei.yaml's header.date, else SOURCE_DATE_EPOCH (reproducible builds), else none."""
    if config.header.date:
        return config.header.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat()
    return ""


def _default_href(config: Config) -> str:
    """The xml-model link: never a path into an installation, so the bytes do not depend on where the
    tool or the corpus lives.

    A schema inside the corpus (where `tei init` puts a copy) is linked by its path relative to the
    output folder, so the link survives moving or sharing the corpus; any other case (no corpus, the
    bundled schema, a schema outside the corpus) gets the versioned URL of the project schema, which the
    XML catalog `tei init` writes maps to the local copy for Oxygen and VS Code.
    """
    if config.schema is None or config.path is None:
        return SCHEMA_URL
    root = Path(os.path.realpath(config.path.parent))
    schema = Path(os.path.realpath(config.schema))
    output = Path(os.path.realpath(config.output_dir))
    if not (schema.is_relative_to(root) and output.is_relative_to(root)):
        return SCHEMA_URL
    return Path(os.path.relpath(schema, output)).as_posix()


_NS = {"t": "http://www.tei-c.org/ns/1.0"}
# compiled once per process (compiling cost more than evaluating on a document), and counted in XPath
# (no node list is built)
_COUNT_TURNS = etree.XPath("count(//t:sp)", namespaces=_NS)
_COUNT_INTERPOLATIONS = etree.XPath("count(//t:text//*[@rend='brackets' or @rend='parentheses'])", namespaces=_NS)
_COUNT_GAPS = etree.XPath("count(//t:gap)", namespaces=_NS)


def _stats(tree: etree._ElementTree, document: Document) -> EncodeStats:
    root = tree.getroot()

    def count(path: etree.XPath) -> int:
        return int(cast(float, path(root)))

    return EncodeStats(
        turns=count(_COUNT_TURNS),
        persons=len(document.persons),
        interpolations=count(_COUNT_INTERPOLATIONS),
        gaps=count(_COUNT_GAPS),
        clutter_lines=len(document.clutter_lines),
        layout=document.layout,
    )


def _validate(xml: bytes, origins: list[int | None], source: Source) -> list[Finding]:
    """Validate what is about to be written, reporting at the transcript's line and column."""
    try:
        from tei_tool.validate import validate_tree
    except ImportError:
        return []
    parsed = etree.fromstring(xml, safe_parser()).getroottree()
    findings = validate_tree(parsed, source.name)
    if not findings:  # the usual case: no need to map output lines back to the transcript
        return []
    line_to_offset = _output_line_offsets(origins, parsed)
    mapped = []
    for finding in findings:
        offset = line_to_offset.get(finding.line)
        line, col = source.line_col(offset) if offset is not None else (1, 1)
        mapped.append(Finding(source.name, line, col, finding.severity, finding.code, finding.message, finding.hint))
    return mapped


def _element_origins(origins: list[tuple[etree._Element, int]], tree: etree._ElementTree) -> list[int | None]:
    """The source offset of every node of the tree in document order (None where it has none): what
    validation needs of the rendered tree, so the tree itself can go before the written bytes are parsed.
    Empties `origins` as it goes: its element proxies (and the tags they cache) are freed one by one."""
    offsets: dict[etree._Element, int] = {}
    while origins:
        element, offset = origins.pop()
        offsets.setdefault(element, offset)  # popped from the end: the last offset given for an element wins
    return [offsets.pop(node, None) for node in tree.getroot().iter()]


def _output_line_offsets(origins: list[int | None], parsed: etree._ElementTree) -> dict[int, int]:
    """Line of the written XML -> source offset of the first element on it that came from the transcript."""
    line_to_offset: dict[int, int] = {}
    for offset, reparsed in zip(origins, parsed.getroot().iter(), strict=False):
        line = reparsed.sourceline
        if offset is not None and isinstance(line, int):
            line_to_offset.setdefault(line, offset)
    return line_to_offset
