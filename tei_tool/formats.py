"""Findings out: text for people, json for programs, github for workflow annotations, junit for CI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from .findings import Finding, Severity


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {level.value: sum(1 for f in findings if f.severity is level) for level in Severity}


def summary_line(files: int, findings: Sequence[Finding]) -> str:
    c = counts(findings)
    plural = "" if files == 1 else "s"
    return (f"{files} file{plural} checked: {c['error']} error{'s' * (c['error'] != 1)}, "
            f"{c['warning']} warning{'s' * (c['warning'] != 1)}, {c['info']} info")


def render_text(findings: Sequence[Finding], files: int) -> str:
    lines = []
    for finding in findings:
        lines.append(f"{finding.file}:{finding.line}:{finding.col}: {finding.severity.value}[{finding.code}] "
                     f"{finding.message}")
        if finding.hint:
            lines.append(f"    hint: {finding.hint}")
    lines.append(summary_line(files, findings))
    return "\n".join(lines) + "\n"


def render_json(findings: Sequence[Finding], files: int) -> str:
    return json.dumps({"findings": [f.as_dict() for f in findings],
                       "summary": {"files": files, **counts(findings)}}, ensure_ascii=False, indent=2) + "\n"


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(findings: Sequence[Finding], files: int) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for f in findings:
        message = f.message + (f" (hint: {f.hint})" if f.hint else "")
        lines.append(f"::{level[f.severity]} file={f.file},line={f.line},col={f.col},title={f.code}::"
                     f"{_github_escape(message)}")
    lines.append(summary_line(files, findings))
    return "\n".join(lines) + "\n"


def render_junit(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """One testcase per file; each error is a failure, warnings go to system-out."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    failing = {f.file for f in errors}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name="tei validate" tests="{len(files)}" failures="{len(failing)}" errors="0">']
    for name in files:
        mine = [f for f in findings if f.file == name]
        out.append(f"  <testcase classname=\"tei.validate\" name={quoteattr(name)}>")
        for f in mine:
            if f.severity is Severity.ERROR:
                text = f"{f.file}:{f.line}:{f.col}: {f.message}"
                out.append(f"    <failure type={quoteattr(f.code)} message={quoteattr(f.message)}>"
                           f"{escape(text)}</failure>")
        others = [f for f in mine if f.severity is not Severity.ERROR]
        if others:
            body = "\n".join(f"{f.file}:{f.line}:{f.col}: {f.severity.value}[{f.code}] {f.message}" for f in others)
            out.append(f"    <system-out>{escape(body)}</system-out>")
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out) + "\n"


def render(findings: Sequence[Finding], fmt: str, files: Sequence[str]) -> str:
    if fmt == "json":
        return render_json(findings, len(files))
    if fmt == "github":
        return render_github(findings, len(files))
    if fmt == "junit":
        return render_junit(findings, files)
    return render_text(findings, len(files))
