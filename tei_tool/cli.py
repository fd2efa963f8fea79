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

from . import __version__

app = typer.Typer(
    name="tei",
    help="Turn plain-text transcripts of archival records into TEI-XML, and check TEI.",
    no_args_is_help=True,
    add_completion=False,
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


@app.command()
def encode(
    paths: list[str] = typer.Argument(..., help="Transcript files, directories (all *.txt in them), or - for stdin."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Output folder (default: from tei.yaml, else encoded/)."),
    config: Path | None = typer.Option(
        None, "--config", help="tei.yaml to use (default: found from the current folder upward)."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip validating the TEI that is written."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Print only warnings and errors, and the summaries."),
) -> None:
    """Encode transcripts as TEI-XML: writes OUTPUT/<stem>.xml per transcript."""
    from .commands.encode import run_encode

    raise typer.Exit(run_encode(paths, output, config, validate=not no_validate, quiet=quiet))


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
    from .commands.validate import run_validate

    raise typer.Exit(run_validate(paths, format.value, strict, schema, rules, jobs, glob, time_limit))


@app.command()
def text(
    path: Path = typer.Argument(..., help="A TEI file written by `tei encode`."),
) -> None:
    """Rebuild the transcript's text from TEI (brackets and parentheses restored)."""
    from .commands.text import run_text

    raise typer.Exit(run_text(path))


@app.command("eval")
def eval_(
    gold_dir: Path = typer.Argument(..., help="Folder of *.gold.yaml annotations."),
    encoded_dir: Path = typer.Argument(..., help="Folder of TEI files encoded from the same transcripts."),
    format: EvalFormat = typer.Option(EvalFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """Score encodings against hand-made gold annotations (per document and in total)."""
    from .commands.eval import run_eval

    raise typer.Exit(run_eval(gold_dir, encoded_dir, format.value))


@app.command()
def init(
    directory: Path = typer.Argument(Path("."), help="Folder to create the corpus in."),
) -> None:
    """Create a corpus skeleton: tei.yaml, persons.yaml, transcripts/, encoded/."""
    from .commands.init import run_init

    raise typer.Exit(run_init(directory))


@app.command()
def persons(
    paths: list[Path] = typer.Argument(None, help="TEI files or folders (default: the corpus output folder)."),
    format: TableFormat = typer.Option(TableFormat.text, "--format", "-f", help="Output format."),
    config: Path | None = typer.Option(None, "--config", help="tei.yaml to use."),
) -> None:
    """List the people of a corpus: id, names, documents, turns."""
    from .commands.persons import run_persons

    raise typer.Exit(run_persons(paths or [], format.value, config))


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
