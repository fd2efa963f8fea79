"""`tei init`: a corpus skeleton whose tei.yaml shows every option with its default.

The template is the first documentation most users read, so every key of the config schema appears
in it (a test checks this), commented where the default is "nothing".
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from tei_tool import __version__
from tei_tool.resources import schema_file

TEI_YAML = """\
# tei.yaml: configuration of this corpus (reference: docs/configuration.md of the tei tool).
# Paths are relative to this file. Every key is optional; the values below are the defaults.
# Precedence: built-in defaults < this file < a transcript's sidecar (<stem>.yaml) < command-line flags.

# Plain-text transcripts (*.txt), each with an optional sidecar <stem>.yaml beside it.
input: transcripts
# Where `tei encode` writes the TEI files (<stem>.xml); `tei encode -o DIR` overrides it.
output: encoded
# RELAX NG schema referenced by every TEI file (xml-model) and used by `tei validate`. `tei init` puts a
# copy of the project schema here, so the link in each file is a path inside the corpus that still works
# when the corpus is moved or shared. Without this key the files link the schema's versioned URL.
schema: schemas/tei-archival.rng
# The personography: corpus-wide person ids, name variants, short forms and titles.
persons: persons.yaml
# The transcripts' layout, only when the measured one is wrong (tei encode names it in its summary):
# web, single-spaced, pdf, flattened or html-dump. A sidecar's layout: wins.
# layout: pdf

# Additions to the built-in recognition rules. Regular expressions use Python syntax;
# quote them with single quotes.
rules:
  # Whole lines of page clutter to drop (and report), e.g. '^Back to top$'.
  clutter_lines: []
  # Phrases that make a [bracket] or (parenthesis) a redaction, e.g. 'blacked out'.
  redaction_phrases: []
  # Archival identifiers the built-in tables do not know, one entry per repository; the named
  # groups `file` and `pages` give the structured copy. Example:
  #   - name: PRC FMA
  #     regex: 'PRC FMA (?P<file>\\d{3}-\\d{5}-\\d{2})(?:, (?P<pages>\\d+(?:-\\d+)?))?'
  archive_patterns: []
  # Extra titles stripped from names in labels, e.g. Counselor.
  title_words: []
  # Extra date formats (strptime syntax), e.g. '%d.%m.%Y'.
  date_formats: []
  # Reading rules to switch off by name (tei encode's layout, front and body rules), e.g.
  # short_line_ends_paragraph for PDFs whose short lines do not end paragraphs.
  disabled: []
  # Publication series recognised by what their pages print (built in: FRUS, Wilson Center Digital
  # Archive). Example:
  #   - name: Documents on British Policy Overseas
  #     publisher: Foreign and Commonwealth Office
  #     editors: the editors of DBPO
  #     language: en
  #     signals: ['Documents on British Policy Overseas']
  source_series: []

# The TEI files' own publication statement (not the source's: that is read from the transcript).
# Nothing is claimed unless you say so here.
header:
  # Who publishes these TEI files, e.g. your project or institution (empty: not stated).
  publisher: ''
  # Licence of the TEI files, e.g. 'CC BY 4.0' (empty: not stated).
  licence: ''
  encoder: tei encode
  # Date of this encoding for revisionDesc (ISO 8601); empty: SOURCE_DATE_EPOCH if set, else no date.
  date: ''

# `tei validate`'s own settings (its command-line options override them). Default schema: each file's
# xml-model, else the project schema for files tei encode wrote and tei_all (bundled) for other TEI.
# validate:
#   schema: tei_all          # or project, or a path to a .rng file
#   rules: auto              # all, none, or rule ids such as TEI001,TEI010
#   glob: ['*.xml', '*.tei']
#   time_limit: 120          # seconds per file; 0: no limit
"""

PERSONS_YAML = """\
# persons.yaml: the people of this corpus, so that a person has the same id in every document.
# A name or variant may belong to one person only. Give a short form (a bare surname used as a
# speaker label) only where it is unambiguous in the whole corpus: if two people are called Pak,
# leave "Pak" off both and map the label in the transcript's sidecar (speakers:) instead.
persons:
  - id: zhou-enlai                # lower-case hyphenated slug of the full name; used as xml:id and in sp/@who
    name: Zhou Enlai              # the standard full name
    variants: [Chou En-lai]       # other spellings and romanisations
    short_forms: [Zhou]           # forms used as labels or in the text
    titles: [Premier]             # as printed before the name
    roles: [Premier of the People's Republic of China]
    # wikidata: Q…                # Wikidata item id, only when certain
    # viaf: '…'                   # VIAF cluster id (digits), only when certain
"""

README = """\
Put the plain-text transcripts of this corpus here, one document per UTF-8 *.txt file.
Optional per-document corrections go in a sidecar with the same name and the extension .yaml
(meeting.txt -> meeting.yaml). Then run `tei encode transcripts/` from the corpus folder.
"""


@dataclass
class InitResult:
    """What `init_corpus` did, for the command to report."""

    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # existing files and folders left alone


class CorpusExists(Exception):
    """The folder already has a tei.yaml; nothing is overwritten."""


def init_corpus(directory: Path) -> InitResult:
    """Create DIR/tei.yaml, DIR/persons.yaml, DIR/transcripts/ (with a README) and DIR/encoded/.

    Refuses (CorpusExists) when tei.yaml exists; any other file already present is kept as it is.
    """
    config = directory / "tei.yaml"
    if config.exists():
        raise CorpusExists(f"{config} already exists; not overwriting it")
    result = InitResult()
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in (("tei.yaml", TEI_YAML), ("persons.yaml", PERSONS_YAML)):
        _write_new(directory / name, text, result)
    for folder in ("transcripts", "encoded"):
        path = directory / folder
        if path.is_dir():
            result.kept.append(path)
        else:
            path.mkdir(parents=True)
            result.created.append(path)
    # README.md, not README.txt: `tei encode transcripts/` encodes every *.txt in the folder.
    _write_new(directory / "transcripts" / "README.md", README, result)
    _schema_copy(directory, result)
    return result


def catalog_xml() -> str:
    """An OASIS XML catalog mapping the versioned schema URL to the corpus copy (Oxygen, VS Code)."""
    from tei_tool.resources import SCHEMA_URL

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!-- Lets XML editors resolve the schema URL of files encoded without this corpus\'s tei.yaml\n'
        f'     (tei {__version__}) to the copy beside this catalog, offline. -->\n'
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n'
        f'  <uri name="{SCHEMA_URL}" uri="tei-archival.rng"/>\n'
        '</catalog>\n')


VSCODE_SETTINGS = {"xml.catalogs": ["schemas/catalog.xml"]}


def _schema_copy(directory: Path, result: InitResult) -> None:
    """Copy the project schema into the corpus, so every file's xml-model link stays inside the corpus."""
    folder = directory / "schemas"
    folder.mkdir(exist_ok=True)
    target = folder / "tei-archival.rng"
    if target.exists():
        result.kept.append(target)
    else:
        shutil.copyfile(schema_file("tei-archival.rng"), target)
        result.created.append(target)
    _write_new(folder / "catalog.xml", catalog_xml(), result)
    (directory / ".vscode").mkdir(exist_ok=True)
    _write_new(directory / ".vscode" / "settings.json", json.dumps(VSCODE_SETTINGS, indent=2) + "\n", result)


def _write_new(path: Path, text: str, result: InitResult) -> None:
    if path.exists():
        result.kept.append(path)
        return
    with open(path, "x", encoding="utf-8") as stream:
        stream.write(text)
    result.created.append(path)
