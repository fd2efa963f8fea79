"""`tei review PATH... [-o DIR] [--gold DIR]`: one HTML proofreading page per document, and an index."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..config import Config, Personography, Sidecar
from ..findings import Finding, Severity
from ..review import Review, from_tei, from_transcript, gold_scores, render_index, render_page
from .encode import write_atomically

SUFFIXES = (".txt", ".xml")


def expand(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Transcripts and TEI files to review (folders: their *.txt and *.xml), and usage errors."""
    files: list[Path] = []
    errors = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in SUFFIXES)
            if not found:
                errors.append(f"{path}: no *.txt transcripts or *.xml TEI files in this folder")
            files += found
        elif path.is_file():
            if path.suffix not in SUFFIXES:
                errors.append(f"{path}: not a transcript (.txt) or a TEI file (.xml)")
            files.append(path)
        else:
            errors.append(f"{path}: no such file or folder")
    return files, errors


def _corpus(config_path: Path | None) -> tuple[Config, Personography, list[Finding]]:
    """tei.yaml (given or found upward) and its personography, as `tei encode` reads them."""
    from tei_tool.config.load import find_config, load_config, load_personography

    path = config_path if config_path is not None else find_config(Path.cwd())
    config, findings = load_config(path)
    personography = Personography()
    if config.persons_path is not None and not any(f.severity is Severity.ERROR for f in findings):
        personography, more = load_personography(config.persons_path)
        findings += more
    return config, personography, findings


def _sidecar(transcript: Path) -> tuple[Sidecar | None, list[Finding]]:
    from tei_tool.config.load import load_sidecar

    return load_sidecar(transcript)


def page_names(files: list[Path]) -> list[str]:
    """`<stem>.html` per file, made unique (`<stem>-2.html`) when two inputs share a stem."""
    names: list[str] = []
    used = {"index"}
    for path in files:
        stem, n = path.stem, 1
        while (stem if n == 1 else f"{stem}-{n}") in used:
            n += 1
        name = stem if n == 1 else f"{stem}-{n}"
        used.add(name)
        names.append(f"{name}.html")
    return names


def review_file(path: Path, config: Config, personography: Personography) -> Review:
    """Read one input and build its review; problems become a failed review, never an exception."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Review(str(path), path.stem, "", failure=f"{path}: cannot read the file: {error.strerror}")
    if path.suffix == ".xml":
        return from_tei(path, data, personography)
    sidecar, findings = _sidecar(path)
    if any(f.severity is Severity.ERROR for f in findings):
        return Review(str(path), path.stem, "transcript", findings=findings,
                      failure=f"the sidecar has mistakes: {findings[0].format()}")
    return from_transcript(path, data, config, personography, sidecar)


def run_review(paths: list[Path], output: Path, gold: Path | None, config_path: Path | None,
               quiet: bool = False) -> int:
    """Write OUTPUT/<stem>.html per document and OUTPUT/index.html; exit 1 when a page could not be made."""
    files, usage_errors = expand(paths)
    if gold is not None and not gold.is_dir():
        usage_errors.append(f"{gold}: no such gold folder")
    if usage_errors:
        for message in usage_errors:
            sys.stderr.write(f"error: {message}\n")
        return 2
    config, personography, config_findings = _corpus(config_path)
    if any(f.severity is Severity.ERROR for f in config_findings):
        for finding in config_findings:
            sys.stderr.write(finding.format() + "\n")
        sys.stderr.write("error: the configuration has mistakes; no page was made\n")
        return 2
    entries: list[tuple[Review, str]] = []
    failed = False
    for path, page in zip(files, page_names(files), strict=True):
        started = time.perf_counter()
        review = review_file(path, config, personography)
        if review.failure:
            failed = True
            sys.stderr.write(f"{path}: no page: {review.failure}\n")
            entries.append((review, ""))
            continue
        write_atomically(output / page, render_page(review))
        entries.append((review, page))
        if not quiet:
            seconds = time.perf_counter() - started
            sys.stdout.write(f"{path}: {len(review.queue)} to check, {review.warnings} warnings, "
                             f"{review.errors} errors -> {output / page} ({seconds:.2f} s)\n")
    scores = gold_scores(gold, [r for r, _ in entries]) if gold is not None else None
    write_atomically(output / "index.html", render_index(entries, scores))
    sys.stdout.write(f"{len(entries) - sum(1 for r, _ in entries if r.failure)} of {len(entries)} pages "
                     f"-> {output / 'index.html'}\n")
    return 1 if failed else 0
