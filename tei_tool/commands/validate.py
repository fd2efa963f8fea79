"""`tei validate`: TEI files or folders in, findings and a summary out, exit code 0, 1 or 2.

Exit codes: 0 every file is valid (warnings and info allowed); 1 a file has errors (or warnings, with
--strict) — malformed XML and rejected entity declarations are errors of that file; 2 usage or
unreadable input: a path that does not exist, a folder without matching files, a file that cannot be
read, a schema that cannot be used. Never a traceback: anything unexpected is one `error:` line and exit 2.

Settings, lowest first: built-in defaults < tei.yaml's `validate:` section (found from the current
folder upward) < command-line options. `validate.schema` is relative to tei.yaml's folder.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from pathlib import Path
from typing import Any

from tei_tool.findings import Severity
from tei_tool.formats import FORMATS, Summary, render_findings
from tei_tool.validate import USAGE, FileResult, Options, select_rules, validate_bytes, validate_paths
from tei_tool.validate.grammar import TEI_ALL_URL_RE, resolve_spec

DEFAULT_GLOBS = ("*.xml", "*.tei")


def _matching(folder: Path, globs: tuple[str, ...]) -> list[Path]:
    """Every file below folder whose name matches one of globs, sorted (os.walk: a third of the cost of
    Path.rglob)."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders.sort()
        found += [os.path.join(parent, n) for n in names if any(fnmatch.fnmatch(n, g) for g in globs)]
    return [Path(p) for p in sorted(found) if os.path.isfile(p)]


def collect(paths: list[Path], globs: tuple[str, ...] = DEFAULT_GLOBS) -> tuple[list[Path], list[str]]:
    """The files to check (folders: every file matching globs below them, sorted) and the usage errors."""
    files: list[Path] = []
    errors: list[str] = []
    for path in paths:
        if path.is_dir():
            found = _matching(path, globs)
            if not found:
                errors.append(USAGE["empty_dir"].format(path=path, glob=" or ".join(globs)))
            files += found
        elif path.exists():
            files.append(path)
        else:
            errors.append(USAGE["missing"].format(path=path))
    if not files and not errors:
        errors.append(USAGE["no_files"])
    return files, errors


def exit_code(results: list[FileResult], strict: bool) -> int:
    """2 when a file could not be checked, 1 for errors (warnings too with strict), else 0."""
    findings = [f for r in results for f in r.findings]
    if any(not r.checked for r in results):
        return 2
    if any(f.severity is Severity.ERROR for f in findings):
        return 1
    if strict and any(f.severity is Severity.WARNING for f in findings):
        return 1
    return 0


def config_section(start: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """tei.yaml's `validate:` section and the file's folder ({} and None without a tei.yaml)."""
    from tei_tool.config import find_config  # not config.load: it imports jsonschema

    path = find_config(start or Path.cwd())
    if path is None:
        return {}, None
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}, None  # `tei encode` reports a broken tei.yaml with its line; validate keeps its defaults
    section = data.get("validate") if isinstance(data, dict) else None
    return (section if isinstance(section, dict) else {}), path.parent


def schema_option(spec: str | None, base: Path | None) -> Path | None:
    """The --schema / validate.schema value as a file (ValueError when it names nothing usable)."""
    if not spec:
        return None
    path = resolve_spec(spec, base)
    if spec not in ("project", "tei_all") and not TEI_ALL_URL_RE.fullmatch(spec) and \
            (path.suffix.lower() != ".rng" or not path.is_file()):
        raise ValueError(USAGE["schema"].format(schema=spec))
    return path


def run_validate(paths: list[Path], fmt: str = "text", strict: bool = False, schema: str | None = None,
                 rules: str | None = None, jobs: int | None = None, globs: list[str] | None = None,
                 time_limit: float | None = None) -> int:
    """Validate the files, print the findings in fmt to stdout, return the exit code."""
    try:
        if fmt not in FORMATS:
            sys.stderr.write(f"error: {USAGE['format'].format(fmt=fmt)}\n")
            return 2
        if jobs is not None and jobs < 1:
            sys.stderr.write(f"error: {USAGE['jobs'].format(jobs=jobs)}\n")
            return 2
        if time_limit is not None and time_limit < 0:
            sys.stderr.write(f"error: {USAGE['time_limit'].format(seconds=time_limit)}\n")
            return 2
        section, base = config_section()
        try:
            if schema is not None:
                chosen = schema_option(schema, Path.cwd())
            else:
                chosen = schema_option(section.get("schema"), base)
            selection = select_rules(rules or str(section.get("rules") or "auto"))
        except ValueError as error:
            sys.stderr.write(f"error: {USAGE['rules'].format(reason=error)}\n")
            return 2
        limit = time_limit if time_limit is not None else float(section.get("time_limit", Options.time_limit))
        stdin = [p for p in paths if str(p) == "-"]
        files, usage_errors = collect([Path(p) for p in paths if str(p) != "-"],
                                      tuple(globs or section.get("glob") or DEFAULT_GLOBS))
        if stdin and usage_errors == [USAGE["no_files"]]:
            usage_errors = []  # only `-`: standard input is the one document
        if usage_errors:
            for message in usage_errors:
                sys.stderr.write(f"error: {message}\n")
            return 2
        options = Options(chosen, selection, limit)
        results = validate_paths(files, jobs=jobs, options=options) if files else []
        if stdin:  # `tei validate -`: one document from standard input, checked like a file
            results.append(validate_bytes(sys.stdin.buffer.read(), "<stdin>", options=options))
        findings = [f for result in results for f in result.findings]
        summary = Summary([r.path for r in results], strict, schemas={r.path: r.schema for r in results})
        color = fmt == "text" and sys.stdout.isatty()
        code = exit_code(results, strict)
        try:
            sys.stdout.write(render_findings(findings, fmt, summary, color))
            sys.stdout.flush()
        except BrokenPipeError:  # `tei validate … | head`: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return code
    except Exception as error:  # noqa: BLE001 - the contract is "never a traceback"
        sys.stderr.write(f"error: {USAGE['internal'].format(reason=repr(error))}\n")
        return 2
