"""Corpus configuration: `tei.yaml`, the personography `persons.yaml`, per-document sidecars.

Precedence, lowest first: built-in defaults < tei.yaml < sidecar (<transcript>.yaml) < command-line flags.
The dataclasses below are what the encoder reads; loading, JSON-Schema validation and YAML line
numbers for mistakes live in `tei_tool/config/load.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = "tei.yaml"


def find_config(start: Path) -> Path | None:
    """The nearest tei.yaml in `start` (a folder, or a file's folder) or one of its parents."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


@dataclass
class RuleOptions:
    """Corpus-specific additions to the built-in recognition rules."""

    clutter_lines: list[str] = field(default_factory=list)  # regexes (full line match) of page clutter
    redaction_phrases: list[str] = field(default_factory=list)  # regexes marking a redaction inside () or []
    archive_patterns: list[dict[str, str]] = field(default_factory=list)  # {"name": repository, "regex": ...}
    title_words: list[str] = field(default_factory=list)  # extra titles stripped from names ("Counselor")
    date_formats: list[str] = field(default_factory=list)  # extra strptime formats ("%d.%m.%Y")
    disabled: list[str] = field(default_factory=list)  # reading rules switched off by name
    source_series: list[dict[str, object]] = field(default_factory=list)  # {"name", "signals", ...} (provenance)


@dataclass
class HeaderDefaults:
    """Header values used when the transcript does not state them."""

    publisher: str = ""  # of the TEI files; the source's publisher is read from the transcript
    licence: str = ""
    encoder: str = "tei encode"
    date: str = ""  # ISO date of this encoding for revisionDesc; "" = SOURCE_DATE_EPOCH or none


@dataclass
class Config:
    """The effective configuration of one run (tei.yaml merged over the built-in defaults)."""

    path: Path | None = None  # the tei.yaml it came from, if any
    input_dir: Path = Path("transcripts")
    output_dir: Path = Path("encoded")
    schema: Path | None = None  # RELAX NG schema referenced by xml-model and used by validation
    persons_path: Path | None = None
    layout: str = ""  # the transcripts' layout when the measured one is wrong ("" = measure it)
    rules: RuleOptions = field(default_factory=RuleOptions)
    header: HeaderDefaults = field(default_factory=HeaderDefaults)


@dataclass
class PersonEntry:
    """One person of the corpus personography."""

    id: str
    name: str
    variants: list[str] = field(default_factory=list)  # other spellings / romanisations of the full name
    short_forms: list[str] = field(default_factory=list)  # "Liu", "Zhou"
    titles: list[str] = field(default_factory=list)  # "Chairman", "Premier"
    roles: list[str] = field(default_factory=list)
    wikidata: str | None = None
    viaf: str | None = None


@dataclass
class Personography:
    path: Path | None = None
    persons: list[PersonEntry] = field(default_factory=list)


@dataclass
class BracketCorrection:
    """Sidecar: reclassify the bracket/parenthesis group at `line` (optionally matching `text`)."""

    line: int
    kind: str  # supplied | variant | note | redaction | other | text
    text: str | None = None


@dataclass
class Sidecar:
    """Per-document corrections and metadata (`<transcript>.yaml` next to the transcript)."""

    path: Path | None = None
    speakers: dict[str, str] = field(default_factory=dict)  # label as printed (without colon) -> person id
    brackets: list[BracketCorrection] = field(default_factory=list)
    title: str | None = None
    date: str | None = None  # ISO
    archival_ref: str | None = None
    source_url: str | None = None
    clutter_lines: list[int] = field(default_factory=list)  # 1-based line numbers to treat as clutter
    text_lines: list[int] = field(default_factory=list)  # 1-based line numbers never to treat as clutter
    layout: str | None = None  # this transcript's layout when the measured one is wrong
