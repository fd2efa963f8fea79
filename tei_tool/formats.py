"""Findings out: text for people, json for programs, github for workflow annotations, junit for CI.

One function, `render_findings(findings, fmt, summary)`, so every command that reports findings prints
them the same way. Colour (rich) only in text format and only when asked (the caller checks for a TTY);
CI logs get plain text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from tei_tool.findings import Finding, Severity

FORMATS = ("text", "json", "github", "junit")


def escape(text: str) -> str:
    """XML character data (xml.sax.saxutils would import urllib and http: 35 ms at every start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value with its double quotes."""
    quoted = escape(text).replace('"', "&quot;")
    return '"' + quoted.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


@dataclass
class Summary:
    """What was checked: the file names (in order) and whether warnings fail (--strict)."""

    files: list[str] = field(default_factory=list)
    strict: bool = False
    noun: str = "file"
    verb: str = "checked"
    schemas: dict[str, str] = field(default_factory=dict)  # file -> the schema it was checked against


def schema_lines(summary: Summary) -> list[str]:
    """`checked against tei_all (…): 3 files`, one line per schema in order of first use (none when the
    run did not record schemas); files not checked against any schema are counted too."""
    if not summary.schemas:
        return []
    per: dict[str, int] = {}
    for name in summary.files:
        used = summary.schemas.get(name, "")
        per[used] = per.get(used, 0) + 1
    return [f"checked against {used}: {_plural(n, summary.noun)}" if used else
            f"not checked against a schema: {_plural(n, summary.noun)}" for used, n in per.items()]


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings per severity name ({"error": 1, "warning": 2, "info": 0})."""
    result = dict.fromkeys((s.value for s in Severity), 0)
    for finding in findings:
        result[finding.severity.value] += 1
    return result


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(findings: Sequence[Finding], summary: Summary) -> str:
    """`3 files checked: 1 error, 2 warnings` (and `, N info` when there are info findings)."""
    c = counts(findings)
    text = f"{_plural(len(summary.files), summary.noun)} {summary.verb}: " \
           f"{_plural(c['error'], 'error')}, {_plural(c['warning'], 'warning')}"
    return text + (f", {c['info']} info" if c["info"] else "")


def render_text(findings: Sequence[Finding], summary: Summary, color: bool = False) -> str:
    """One `file:line:col: severity[id] message` line per finding, its hint indented below, a summary."""
    lines = []
    for f in findings:
        lines.append(f"{f.file}:{f.line}:{f.col}: {f.severity.value}[{f.code}] {f.message}")
        if f.hint:
            lines.append(f"    hint: {f.hint}")
    lines += schema_lines(summary)
    lines.append(summary_line(findings, summary))
    plain = "\n".join(lines) + "\n"
    return _colourise(findings, summary) if color else plain


def _colourise(findings: Sequence[Finding], summary: Summary) -> str:
    from rich.console import Console
    from rich.text import Text

    styles = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, highlight=False, soft_wrap=True)
    for f in findings:
        line = Text(f"{f.file}:{f.line}:{f.col}: ", style="bold")
        line.append(f"{f.severity.value}[{f.code}]", style=styles[f.severity])
        line.append(f" {f.message}")
        console.print(line)
        if f.hint:
            console.print(Text(f"    hint: {f.hint}", style="dim"))
    for used in schema_lines(summary):
        console.print(Text(used, style="dim"))
    worst = "bold red" if any(f.severity is Severity.ERROR for f in findings) else "bold green"
    console.print(Text(summary_line(findings, summary), style=worst))
    return buffer.getvalue()


def render_json(findings: Sequence[Finding], summary: Summary) -> str:
    """{"findings": [ {file, line, col, severity, code, message, hint}, … ], "summary": {files, error, …},
    "files": [ {file, schema}, … ]} (files only when the run recorded schemas)."""
    import json  # only for this format: every import is start-up time

    data: dict[str, object] = {"findings": [f.as_dict() for f in findings],
                               "summary": {"files": len(summary.files), **counts(findings), "strict": summary.strict}}
    if summary.schemas:  # which schema each file was checked against ("" when it was not)
        data["files"] = [{"file": name, "schema": summary.schemas.get(name, "")} for name in summary.files]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], summary: Summary) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message` per finding."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for f in findings:
        message = f.message + (f" (hint: {f.hint})" if f.hint else "")
        lines.append(f"::{level[f.severity]} file={_gh_property(f.file)},line={f.line},col={f.col},"
                     f"title={_gh_property(f.code)}::{_gh_data(message)}")
    lines += schema_lines(summary)
    lines.append(summary_line(findings, summary))
    return "\n".join(lines) + "\n"


def render_junit(findings: Sequence[Finding], summary: Summary) -> str:
    """A JUnit testsuite: one testcase per file; a failure when the file has errors (or warnings with
    --strict), listing them; other findings in system-out."""
    failing_levels = {Severity.ERROR} | ({Severity.WARNING} if summary.strict else set())
    by_file: dict[str, list[Finding]] = {name: [] for name in summary.files}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    failures = sum(1 for mine in by_file.values() if any(f.severity in failing_levels for f in mine))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name="tei validate" tests="{len(by_file)}" failures="{failures}" errors="0" skipped="0">']
    for name, mine in by_file.items():
        out.append(f'  <testcase classname="tei.validate" name={quoteattr(name)}>')
        failed = [f for f in mine if f.severity in failing_levels]
        if failed:
            first = failed[0]
            message = f"{len(failed)} problem(s); first: {first.code} {first.message}"
            body = "\n".join(f.format() for f in failed)
            out.append(f"    <failure type={quoteattr(first.code)} message={quoteattr(message)}>"
                       f"{escape(body)}</failure>")
        others = [f for f in mine if f.severity not in failing_levels]
        if others:
            out.append(f"    <system-out>{escape(chr(10).join(f.format() for f in others))}</system-out>")
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out) + "\n"


def render_findings(findings: Sequence[Finding], fmt: str, summary: Summary, color: bool = False) -> str:
    """Findings and the summary in one of FORMATS (ValueError for any other)."""
    if fmt == "text":
        return render_text(findings, summary, color)
    if fmt == "json":
        return render_json(findings, summary)
    if fmt == "github":
        return render_github(findings, summary)
    if fmt == "junit":
        return render_junit(findings, summary)
    raise ValueError(f"unknown format: {fmt}")
