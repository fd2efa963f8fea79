"""`tei init [DIR]`: create a corpus skeleton and say what to do next."""

from __future__ import annotations

import sys
from pathlib import Path

from tei_tool.config.init import CorpusExists, init_corpus


def run_init(directory: Path) -> int:
    """Exit 0 after creating the skeleton, 1 when DIR already has a tei.yaml, 2 when DIR is unusable."""
    try:
        result = init_corpus(directory)
    except CorpusExists as error:
        sys.stderr.write(f"error: {error}; this folder is already a corpus (edit the file, or choose another folder)\n")
        return 1
    except OSError as error:
        sys.stderr.write(f"error: cannot create the corpus in {directory}: {error.strerror or error}\n")
        return 2
    for path in result.created:
        sys.stdout.write(f"created {path}{'/' if path.is_dir() else ''}\n")
    for path in result.kept:
        sys.stdout.write(f"kept    {path}{'/' if path.is_dir() else ''} (already there)\n")
    where = "" if directory.resolve() == Path.cwd().resolve() else f"cd {directory} && "
    sys.stdout.write(f"next: put transcripts (*.txt) in {directory / 'transcripts'}/, then run: "
                     f"{where}tei encode transcripts/\n")
    return 0
