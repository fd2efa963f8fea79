"""Which configuration applies to a transcript: the `tei.yaml` found from the transcript's own folder
upward (not from the current folder), each one loaded once per run with its personography.

The same command gives the same TEI wherever it is run from; a batch may span several corpora, each
encoded with its own `tei.yaml`. `--config FILE` (or `explicit`) applies one file to every transcript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tei_tool.config import Config, Personography, Sidecar
from tei_tool.findings import Finding, Severity


@dataclass
class Corpus:
    """One tei.yaml (or none: built-in defaults), its personography, and what loading them found."""

    path: Path | None
    config: Config
    personography: Personography
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)


class Corpora:
    """tei.yaml per transcript folder, each loaded once."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = explicit
        self._by_folder: dict[Path, Path | None] = {}
        self._loaded: dict[Path | None, Corpus] = {}

    def config_path_for(self, transcript: Path | None) -> Path | None:
        """The tei.yaml of a transcript (None: stdin, looked for from the current folder)."""
        if self.explicit is not None:
            return self.explicit
        folder = (transcript.parent if transcript is not None else Path.cwd()).resolve()
        if folder not in self._by_folder:
            from tei_tool.config.load import find_config

            found = find_config(folder)
            self._by_folder[folder] = _near(found) if found is not None else None
        return self._by_folder[folder]

    def load(self, path: Path | None) -> Corpus:
        """The corpus of one tei.yaml (None: built-in defaults), loaded on first use."""
        if path not in self._loaded:
            self._loaded[path] = _load(path)
        return self._loaded[path]

    def for_transcript(self, transcript: Path | None) -> Corpus:
        return self.load(self.config_path_for(transcript))

    @property
    def loaded(self) -> list[Corpus]:
        return list(self._loaded.values())


def _near(path: Path) -> Path:
    """A found tei.yaml as the user would name it: relative to the current folder when below it, so
    that messages and output paths read `encoded/m.xml` rather than a long absolute path."""
    import os

    relative = os.path.relpath(path)
    return Path(relative) if not relative.startswith("..") else path


def _load(path: Path | None) -> Corpus:
    from tei_tool.config.load import load_config, load_personography

    config, findings = load_config(path)
    personography = Personography()
    if config.persons_path is not None and not any(f.severity is Severity.ERROR for f in findings):
        personography, more = load_personography(config.persons_path)
        findings = findings + more
    return Corpus(path, config, personography, findings)


def load_sidecar(transcript: Path) -> tuple[Sidecar | None, list[Finding]]:
    """The sidecar `<stem>.yaml` beside a transcript (None when there is none)."""
    from tei_tool.config.load import load_sidecar as load

    return load(transcript)
