"""`tei persons [PATH...]`: list the people of a corpus from its TEI files."""

from __future__ import annotations

import sys
from pathlib import Path

from tei_tool.config.load import find_config, load_config
from tei_tool.findings import Severity
from tei_tool.tei.personlist import as_csv, as_json, as_rich, as_text, collect, tei_files


def run_persons(paths: list[Path], fmt: str, config_path: Path | None) -> int:
    """Exit 0 listed, 1 when a file could not be read, 2 when there is no TEI file or the config is broken."""
    if not paths:
        config_file = config_path if config_path is not None else find_config(Path.cwd())
        config, findings = load_config(config_file)
        for finding in findings:
            sys.stderr.write(finding.format() + "\n")
        if any(f.severity is Severity.ERROR for f in findings):
            sys.stderr.write("error: the configuration has mistakes\n")
            return 2
        paths = [config.output_dir]
    files = tei_files(paths)
    if not files:
        shown = ", ".join(str(p) for p in paths)
        sys.stderr.write(f"error: no TEI files (*.xml) found in {shown}\n")
        return 2
    people = collect(files)
    for message in people.errors:
        sys.stderr.write(message + "\n")
    if fmt == "json":
        sys.stdout.write(as_json(people))
    elif fmt == "csv":
        sys.stdout.write(as_csv(people))
    elif sys.stdout.isatty():
        from rich.console import Console

        Console().print(as_rich(people))
    else:
        sys.stdout.write(as_text(people))
    return 1 if people.errors else 0
