"""The `tei` command: parse options, call the library, print findings, set the exit code.

Nothing here knows TEI or transcripts; every command is a thin wrapper over a library function.
Exit codes everywhere: 0 success (warnings allowed), 1 a file failed (or warnings with --strict),
2 usage error or unreadable input.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from tei_tool import __version__


def _plain_type_names() -> None:
    """Help without Python type names: typer (0.29) shows `<bool>`, `<list[str]>`, `<path>` beside each
    parameter; flags and lists need none (the name says it), the others get the usual capitals."""
    import re

    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:  # pragma: no cover - an older typer prints click's TEXT/PATH already
        return
    words = {"bool": "", "str": "TEXT", "int": "N", "float": "NUMBER", "path": "PATH", "file": "FILE",
             "directory": "DIR", "dir": "DIR"}

    def plain(label: str | None) -> str | None:
        if not label or not (label.startswith("<") and ">" in label):
            return label
        inner, rest = label[1:].split(">", 1)
        listed = re.match(r"^list\[(.*)\]$", inner)
        if "|" in inner:  # choices: keep them, they are words the user types
            return f"[{listed.group(1) if listed else inner}]{rest}"
        if listed:  # PATH... already says it
            return rest.strip()
        word = words.get(inner.lower())
        if word is None:
            return label
        return (word + rest) if word else rest.strip()

    for cls in (TyperArgument, TyperOption):
        original = getattr(cls, "display_type_rich", None)
        if original is None or getattr(original, "_plain", False):
            continue

        def display_type_rich(self, ctx, _original=original):  # type: ignore[no-untyped-def]
            return plain(_original(self, ctx))

        display_type_rich._plain = True  # type: ignore[attr-defined]
        cls.display_type_rich = display_type_rich  # type: ignore[method-assign]


_plain_type_names()

app = typer.Typer(
    name="tei",
    help="Turn plain-text transcripts of archival records into TEI-XML, and check TEI.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


class TableFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


class EvalFormat(str, Enum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tei {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Turn plain-text transcripts of archival records into TEI-XML, and check TEI."""


class EncodeFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def encode(
    paths: list[str] = typer.Argument(
        None, metavar="PATH",
        help="Transcript files, folders (all *.txt in them) or - for stdin. None: the input: folder of the "
             "tei.yaml found from the current folder upward, encoded into its output: folder."),
    output: Path | None = typer.Option(
        None, "-o", "--output", metavar="DIR",
        help="Output folder (default: output: of each transcript's tei.yaml, else encoded/)."),
    config: Path | None = typer.Option(
        None, "--config", metavar="FILE",
        help="tei.yaml for every transcript (default: the one found from each transcript's folder upward)."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip validating the TEI that is written."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Print only warnings and errors, and the summaries."),
    format: EncodeFormat = typer.Option(
        EncodeFormat.text, "--format", "-f",
        help="Findings as text, one json document, or github workflow annotations."),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, metavar="N", help="Encode in N processes (default: one per core)."),
    check: bool = typer.Option(
        False, "--check", help="Write nothing; exit 1 when an output is missing or would change (for CI)."),
    mirror: bool = typer.Option(
        False, "--mirror", help="Keep the folder structure: OUT/<folder below the inputs' common folder>/<stem>.xml."),
    recursive: bool = typer.Option(False, "-r", "--recursive", help="Folders: also the *.txt in their subfolders."),
) -> None:
    """Encode transcripts as TEI-XML: writes OUTPUT/<stem>.xml per transcript."""
    from tei_tool.commands.encode import run_encode

    raise typer.Exit(run_encode(paths or [], output, config, validate=not no_validate, quiet=quiet,
                                fmt=format.value, jobs=jobs, check=check, mirror=mirror, recursive=recursive))


@app.command()
def validate(
    paths: list[Path] = typer.Argument(..., help="TEI files or directories (all *.xml and *.tei in them)."),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="Output format."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    schema: str | None = typer.Option(
        None, "--schema", help="Check every file against PATH (a .rng file), project or tei_all (bundled P5 4.9.0). "
        "Default: each file's xml-model, else project (files tei encode wrote) or tei_all."),
    rules: str | None = typer.Option(
        None, "--rules", help="Rules to run: auto (default: project rules only on files tei encode wrote), "
        "all, none, or ids such as TEI001,TEI010."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", help="Worker processes (default: all cores); "
                                    "the output is the same for any number."),
    glob: list[str] | None = typer.Option(None, "--glob", help="File pattern in folders (repeatable; "
                                          "default: *.xml and *.tei)."),
    time_limit: float | None = typer.Option(None, "--time-limit", help="Seconds per file before it is "
                                            "reported as not checked (TIM001; default 120, 0: none)."),
) -> None:
    """Check TEI against a RELAX NG schema and the rules."""
    from tei_tool.commands.validate import run_validate

    raise typer.Exit(run_validate(paths, format.value, strict, schema, rules, jobs, glob, time_limit))


@app.command()
def text(
    path: Path = typer.Argument(..., metavar="FILE", help="A TEI file written by `tei encode`, or - for stdin."),
) -> None:
    """Rebuild the transcript's text from TEI (brackets and parentheses restored)."""
    from tei_tool.commands.text import run_text

    raise typer.Exit(run_text(path))


@app.command("eval")
def eval_(
    gold_dir: Path = typer.Argument(..., help="Folder of *.gold.yaml annotations."),
    encoded_dir: Path = typer.Argument(..., help="Folder of TEI files encoded from the same transcripts."),
    format: EvalFormat = typer.Option(EvalFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """Score encodings against hand-made gold annotations (per document and in total)."""
    from tei_tool.commands.eval import run_eval

    raise typer.Exit(run_eval(gold_dir, encoded_dir, format.value))


@app.command()
def init(
    directory: Path = typer.Argument(Path("."), help="Folder to create the corpus in."),
) -> None:
    """Create a corpus skeleton: tei.yaml, persons.yaml, transcripts/, encoded/."""
    from tei_tool.commands.init import run_init

    raise typer.Exit(run_init(directory))


@app.command()
def persons(
    paths: list[Path] = typer.Argument(None, help="TEI files or folders (default: the corpus output folder)."),
    format: TableFormat = typer.Option(TableFormat.text, "--format", "-f", help="Output format."),
    config: Path | None = typer.Option(None, "--config", help="tei.yaml to use."),
) -> None:
    """List the people of a corpus: id, names, documents, turns."""
    from tei_tool.commands.persons import run_persons

    raise typer.Exit(run_persons(paths or [], format.value, config))


@app.command()
def review(
    paths: list[Path] = typer.Argument(
        ..., help="Transcripts (.txt, encoded on the way) or TEI files (.xml), or folders of them."),
    output: Path = typer.Option(Path("review"), "-o", "--output", help="Folder for the pages and index.html."),
    gold: Path | None = typer.Option(None, "--gold", help="Folder of *.gold.yaml: show tei eval scores in the index."),
    config: Path | None = typer.Option(None, "--config", help="tei.yaml to use (default: found from here upward)."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Print only problems and the summary."),
) -> None:
    """Make HTML proofreading pages: the encoder's decisions over the text, doubtful ones first."""
    from tei_tool.commands.review import run_review

    raise typer.Exit(run_review(paths, output, gold, config, quiet))


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
