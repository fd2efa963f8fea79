"""`tei eval GOLD_DIR ENCODED_DIR`: score encodings against the gold annotations."""

from __future__ import annotations

import sys
from pathlib import Path

from tei_tool.evaluate import EvalError, evaluate, to_json, to_text


def run_eval(gold_dir: Path, encoded_dir: Path, fmt: str) -> int:
    """Print the report; 0 when it could score, 2 when a folder is missing or empty or a gold file is unreadable."""
    try:
        report = evaluate(Path(gold_dir), Path(encoded_dir), warn=lambda m: sys.stderr.write(f"warning: {m}\n"))
    except EvalError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    sys.stdout.write(to_json(report) if fmt == "json" else to_text(report))
    return 0
