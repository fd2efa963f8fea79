"""`tei encode`: options in, findings and one summary line per file out, TEI written atomically."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from tei_tool.api import EncodeResult, encode_bytes
from tei_tool.config import Config, Personography, Sidecar
from tei_tool.findings import Finding, Severity


def _load_corpus(config_path: Path | None) -> tuple[Config, Personography, list[Finding]]:
    """tei.yaml (explicit or found upward) and its personography; built-in defaults without one."""
    try:
        from tei_tool.config.load import find_config, load_config, load_personography
    except ImportError:  # configuration support not installed: built-in defaults
        return Config(), Personography(), []
    path = config_path if config_path is not None else find_config(Path.cwd())
    config, findings = load_config(path)
    personography = Personography()
    if config.persons_path is not None and not any(f.severity is Severity.ERROR for f in findings):
        personography, more = load_personography(config.persons_path)
        findings += more
    return config, personography, findings


def _load_sidecar(transcript: Path) -> tuple[Sidecar | None, list[Finding]]:
    try:
        from tei_tool.config.load import load_sidecar
    except ImportError:
        return None, []
    return load_sidecar(transcript)


def expand_paths(paths: list[str]) -> tuple[list[Path | None], list[str]]:
    """Files to encode (None = stdin) and usage errors for paths that do not exist."""
    files: list[Path | None] = []
    errors = []
    for raw in paths:
        if raw == "-":
            files.append(None)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                errors.append(f"{raw}: no *.txt transcripts in this folder")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            errors.append(f"{raw}: no such file or folder")
    return files, errors


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written output."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def print_findings(findings: list[Finding], stream: TextIO, quiet: bool) -> None:
    for finding in findings:
        if quiet and finding.severity is Severity.INFO:
            continue
        stream.write(finding.format() + "\n")


def summary_line(result: EncodeResult, written: str) -> str:
    warnings = sum(1 for f in result.findings if f.severity is Severity.WARNING)
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    if not result.xml or errors:
        return f"{result.name}: not encoded ({errors} errors, {warnings} warnings)"
    return f"{result.name}: {result.stats.summary()}, {warnings} warnings -> {written}"


def run_encode(paths: list[str], output: Path | None, config_path: Path | None, validate: bool = True,
               quiet: bool = False) -> int:
    files, usage_errors = expand_paths(paths)
    if usage_errors:
        for message in usage_errors:
            sys.stderr.write(f"error: {message}\n")
        return 2
    config, personography, config_findings = _load_corpus(config_path)
    if any(f.severity is Severity.ERROR for f in config_findings):
        print_findings(config_findings, sys.stderr, quiet=False)
        sys.stderr.write("error: the configuration has mistakes; nothing was encoded\n")
        return 2
    out_dir = output if output is not None else config.output_dir
    config.output_dir = out_dir
    sidecars: dict[Path, Sidecar | None] = {}
    for path in files:
        if path is not None:
            sidecar, found = _load_sidecar(path)
            config_findings += found
            sidecars[path] = sidecar
    if any(f.severity is Severity.ERROR for f in config_findings):
        print_findings(config_findings, sys.stderr, quiet=False)
        sys.stderr.write("error: a sidecar file has mistakes; nothing was encoded\n")
        return 2
    failed = False
    to_stdout = any(path is None for path in files)
    report = sys.stderr if to_stdout else sys.stdout
    print_findings(config_findings, report, quiet)
    for path in files:
        if path is None:
            name, data = "<stdin>", sys.stdin.buffer.read()
        else:
            name = str(path)
            try:
                data = path.read_bytes()
            except OSError as error:
                report.write(f"{name}:1:1: error[E005] cannot read the file: {error.strerror}\n")
                failed = True
                continue
        result = encode_bytes(data, name, config, personography, sidecars.get(path) if path else None, validate)
        print_findings(result.findings, report, quiet)
        if not result.ok:
            failed = True
            report.write(summary_line(result, "") + "\n")
            continue
        if path is None:
            sys.stdout.buffer.write(result.xml)
            sys.stdout.flush()
            report.write(summary_line(result, "stdout") + "\n")
        else:
            target = out_dir / f"{path.stem}.xml"
            write_atomically(target, result.xml)
            report.write(summary_line(result, str(target)) + "\n")
    return 1 if failed else 0
