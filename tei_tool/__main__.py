"""The `tei` command and `python -m tei_tool`.

`tei --version` and `tei --help` are answered here, before typer, click, rich or lxml are imported
(importing them costs several times Python's own start): the version is a constant and the command
list is read from the `@app.command` definitions in cli.py, so it cannot drift from what typer shows.
Everything else, `tei COMMAND --help` included, goes to the typer app in `tei_tool.cli`.
"""

from __future__ import annotations

import os
import sys

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
    from tei_tool.cli import main as cli_main

    if argv is not None:
        sys.argv = [sys.argv[0], *argv]
    cli_main()
    return None


if __name__ == "__main__":
    sys.exit(main())
