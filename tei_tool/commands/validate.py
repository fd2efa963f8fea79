"""`tei validate`: files or folders of TEI in, findings and a summary out, exit 0/1/2."""

from __future__ import annotations

import sys
from pathlib import Path

from ..findings import Severity
from ..formats import render
from ..validate import validate_paths


def collect(paths: list[Path]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    errors: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.xml") if p.is_file())
            if not found:
                errors.append(f"{path}: no *.xml files in this folder")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            errors.append(f"{path}: no such file or folder")
    return files, errors


def run_validate(paths: list[Path], fmt: str = "text", strict: bool = False) -> int:
    files, usage_errors = collect(paths)
    if usage_errors:
        for message in usage_errors:
            sys.stderr.write(f"error: {message}\n")
        return 2
    results = validate_paths(files)
    findings = [f for result in results for f in result.findings]
    sys.stdout.write(render(findings, fmt, [r.path for r in results]))
    if any(not r.readable for r in results) or any(f.code in ("XML001", "XML002") for f in findings):
        return 2
    if any(f.severity is Severity.ERROR for f in findings):
        return 1
    if strict and any(f.severity is Severity.WARNING for f in findings):
        return 1
    return 0
