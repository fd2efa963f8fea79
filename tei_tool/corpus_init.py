"""`tei init`: a corpus skeleton whose tei.yaml shows every option with its default.

The template is the first documentation most users read, so every key of the config schema appears
in it (a test checks this), commented where the default is "nothing".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

TEI_YAML = """\
# tei.yaml: configuration of this corpus (reference: docs/configuration.md of the tei tool).
# Paths are relative to this file. Every key is optional; the values below are the defaults.
# Precedence: built-in defaults < this file < a transcript's sidecar (<stem>.yaml) < command-line flags.

# Plain-text transcripts (*.txt), each with an optional sidecar <stem>.yaml beside it.
input: transcripts
# Where `tei encode` writes the TEI files (<stem>.xml); `tei encode -o DIR` overrides it.
output: encoded
# RELAX NG schema referenced by every TEI file and used by `tei validate`.
# Default: the schema bundled with the tool (schemas/tei-archival.rng).
# schema: schemas/tei-archival.rng
# The personography: corpus-wide person ids, name variants, short forms and titles.
persons: persons.yaml

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

# teiHeader values used when the transcript does not state them.
header:
  publisher: Wilson Center Digital Archive
  licence: ''
  encoder: tei encode

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
    return result


def _write_new(path: Path, text: str, result: InitResult) -> None:
    if path.exists():
        result.kept.append(path)
        return
    with open(path, "x", encoding="utf-8") as stream:
        stream.write(text)
    result.created.append(path)
