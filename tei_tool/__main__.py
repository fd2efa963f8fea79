"""The `tei` command and `python -m tei_tool`.

`tei --version` and `tei --help` are answered here, before typer, click, rich or lxml are imported
(importing them costs several times Python's own start): the version is a constant and the command
list is read from the `@app.command` definitions in cli.py, so it cannot drift from what typer shows.
`tei validate` with plain arguments (paths and the options in their usual spellings, see
`validate_args`) runs without typer too: typer's start-up (pydantic adapters for every parameter) is
0.15-0.2 s of every run. Anything else, `tei COMMAND --help` included, goes to the typer app in
`tei_tool.cli`, which checks and reports the arguments exactly as before.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

_OPTIONS = (
    ("--version", "Show the version."),
    ("--install-completion", "Install completion for the current shell."),
    ("--show-completion", "Show completion for the current shell, to copy it or customize the installation."),
    ("-h, --help", "Show this message and exit."),
)


def _commands() -> list[tuple[str, str]]:
    """(name, first line of the docstring) of each command in cli.py, in order; [] when unreadable."""
    import re

    try:
        with open(os.path.join(os.path.dirname(__file__), "cli.py"), encoding="utf-8") as stream:
            source = stream.read()
    except OSError:
        return []
    found = []
    pattern = re.compile(r'^@app\.command\((?:"([\w-]+)"[^)]*)?\)\s*\ndef (\w+)\(.*?\)\s*->\s*None:\s*\n\s*"""(.*?)"""',
                         re.S | re.M)
    for match in pattern.finditer(source):
        name = match.group(1) or match.group(2).replace("_", "-")
        found.append((name, " ".join(match.group(3).strip().split("\n\n")[0].split())))
    return found


def help_text() -> str | None:
    """The top-level help, or None when cli.py could not be read (typer then prints it)."""
    commands = _commands()
    if not commands:
        return None
    doc = "Turn plain-text transcripts of archival records into TEI-XML, and check TEI."
    width = max(len(name) for name, _ in commands) + 2
    lines = ["Usage: tei [OPTIONS] COMMAND [ARGS]...", "", f"  {doc}", "", "Commands:"]
    lines += [f"  {name.ljust(width)}{text}" for name, text in commands]
    lines += ["", "Options:"]
    owidth = max(len(flag) for flag, _ in _OPTIONS) + 2
    lines += [f"  {flag.ljust(owidth)}{text}" for flag, text in _OPTIONS]
    lines += ["", "`tei COMMAND --help` gives the options of a command."]
    return "\n".join(lines) + "\n"


_VALIDATE_VALUES = {"--format": "format", "-f": "format", "--schema": "schema", "--rules": "rules",
                    "--jobs": "jobs", "-j": "jobs", "--glob": "glob", "--time-limit": "time_limit"}
_FORMATS = ("text", "json", "github", "junit")  # cli.ReportFormat


def validate_args(args: list[str]) -> dict[str, Any] | None:
    """The arguments of `tei validate ARGS` for run_validate, or None unless every one is in a form
    parsed here exactly as typer would (then typer parses them, and reports what is wrong)."""
    import re

    found: dict[str, Any] = {"paths": [], "format": "text", "strict": False, "schema": None, "rules": None,
                             "jobs": None, "glob": None, "time_limit": None}
    position = 0
    while position < len(args):
        token = args[position]
        position += 1
        if not token.startswith("-"):
            found["paths"].append(token)
            continue
        if token == "--strict":
            found["strict"] = True
            continue
        option, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        key = _VALIDATE_VALUES.get(option)
        if key is None:
            return None  # --help, -, --, an unknown or combined option: typer decides
        if not equals:
            if position == len(args):
                return None
            value = args[position]
            position += 1
        if not value or value.startswith("-"):
            return None
        if key == "format" and value not in _FORMATS:
            return None
        if key == "jobs":
            if not re.fullmatch(r"[0-9]+", value):
                return None
            found["jobs"] = int(value)
        elif key == "time_limit":
            if not re.fullmatch(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", value):
                return None
            found["time_limit"] = float(value)
        elif key == "glob":
            found["glob"] = [*(found["glob"] or []), value]
        else:
            found[key] = value
    return found if found["paths"] else None


def _validate(found: dict[str, Any]) -> int:
    """`tei validate` without typer (what cli.validate does with the same arguments)."""
    from pathlib import Path

    from tei_tool.commands.validate import run_validate

    try:
        return run_validate([Path(p) for p in found["paths"]], found["format"], found["strict"], found["schema"],
                            found["rules"], found["jobs"], found["glob"], found["time_limit"])
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130


def main(argv: list[str] | None = None) -> int | None:
    """Console entry point (`tei`)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 1 and "_TEI_COMPLETE" not in os.environ:
        if args[0] == "--version":
            from tei_tool import __version__

            sys.stdout.write(f"tei {__version__}\n")
            return 0
        if args[0] in ("--help", "-h"):
            text = help_text()
            if text is not None:
                sys.stdout.write(text)
                return 0
    if args[:1] == ["validate"] and "_TEI_COMPLETE" not in os.environ:
        found = validate_args(args[1:])
        if found is not None:
            return _validate(found)
    from tei_tool.cli import main as cli_main

    if argv is not None:
        sys.argv = [sys.argv[0], *argv]
    cli_main()
    return None


if __name__ == "__main__":
    sys.exit(main())
