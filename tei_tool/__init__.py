"""tei: turn plain-text transcripts of archival diplomatic records into TEI-XML, and check TEI.

For scripts::

    import tei_tool
    result = tei_tool.encode("transcripts/meeting.txt", output="encoded")  # tei.yaml from the file's folder up
    print(result.ok, result.stats.turns, [f.format() for f in result.findings])
    for finding in tei_tool.validate("encoded/meeting.xml"):
        print(finding.format())

Both are imported on first use: `import tei_tool` (and so `tei --version`) loads nothing heavy.
`tei_tool.validate` is also the validation package (`tei_tool.validate.validate_paths` …); calling it
runs `validate_paths` on the files and folders given and returns their findings.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from os import PathLike

    from tei_tool.api import EncodeResult
    from tei_tool.findings import Finding

__version__ = "0.1.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

__all__ = ["TEI_NS", "XML_NS", "__version__", "encode", "validate"]


def encode(path: str | PathLike[str] | None = None, *, text: str | None = None,
           config: str | PathLike[str] | None = None, output: str | PathLike[str] | None = None,
           validate: bool = True, name: str | None = None) -> EncodeResult:
    """Encode one transcript, as `tei encode` would.

    `path`: a transcript file; its `tei.yaml` is found from its folder upward (or give `config`), its
    sidecar `<stem>.yaml` beside it is used. Or `text`: the transcript itself (the `tei.yaml` of the
    current folder upward applies, and `name` is used in findings). With `output` (a folder), a
    result without errors is written there as `<stem>.xml`, atomically; OSError when it cannot be.

    Never raises on the transcript's content: an `EncodeResult` with `.ok` (False when a finding is an
    error: then `.xml` is not to be written), `.xml` (bytes), `.findings` (file:line:col) and `.stats`.
    """
    from pathlib import Path

    from tei_tool.api import EncodeResult, encode_bytes
    from tei_tool.config.corpus import Corpora, load_sidecar

    if (path is None) == (text is None):
        raise TypeError("encode() takes a transcript path or text=, not both")
    transcript = Path(path) if path is not None else None
    corpus = Corpora(Path(config) if config is not None else None).for_transcript(transcript)
    label = name or (str(transcript) if transcript is not None else "<text>")
    findings = list(corpus.findings)
    sidecar = None
    if transcript is not None:
        sidecar, more = load_sidecar(transcript)
        findings += more
    if not corpus.ok or any(f.severity.value == "error" for f in findings):
        return EncodeResult(label, findings=findings)
    if transcript is not None:
        try:
            data = transcript.read_bytes()
        except OSError as error:
            from tei_tool.findings import Finding, Severity

            return EncodeResult(label, findings=[*findings, Finding(
                label, 1, 1, Severity.ERROR, "E005", f"cannot read the file: {error.strerror or error}")])
    else:
        assert text is not None
        data = text.encode("utf-8")
    settings = corpus.config
    if output is not None:
        import dataclasses

        settings = dataclasses.replace(settings, output_dir=Path(output))
    result = encode_bytes(data, label, settings, corpus.personography, sidecar, validate)
    result.findings[:0] = findings
    if output is not None and result.ok:
        from tei_tool.commands.encode import write_atomically

        stem = transcript.stem if transcript is not None else Path(label).stem
        write_atomically(Path(output) / f"{stem}.xml", result.xml)
    return result


def _validate(paths: str | PathLike[str] | list[str | PathLike[str]], *, schema: str | PathLike[str] | None = None,
              jobs: int | None = None) -> list[Finding]:
    """Validate TEI files (folders: every *.xml below them) as `tei validate` does; their findings."""
    import os
    from pathlib import Path

    from tei_tool.validate import validate_paths

    given = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    files: list[Path] = []
    for item in map(Path, given):
        files += sorted(item.rglob("*.xml")) if item.is_dir() else [item]
    results = validate_paths(files, Path(schema) if schema is not None else None, jobs)
    return [finding for result in results for finding in result.findings]


class _CallableModule(types.ModuleType):
    """The `tei_tool.validate` package, callable: `tei_tool.validate(paths)` validates them."""

    def __call__(self, paths: Any, **options: Any) -> list[Finding]:
        return _validate(paths, **options)


class _Package(types.ModuleType):
    """`tei_tool` itself: `validate` is imported on first use and made callable when it is."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "validate" and type(value) is types.ModuleType:
            value.__class__ = _CallableModule
        super().__setattr__(name, value)

    def __getattr__(self, name: str) -> Any:
        if name == "validate":
            import importlib

            return importlib.import_module("tei_tool.validate")
        raise AttributeError(f"module 'tei_tool' has no attribute {name!r}")


sys.modules[__name__].__class__ = _Package
