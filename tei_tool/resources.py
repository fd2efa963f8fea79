"""Where the project's schema files are: `schemas/` in a checkout, `tei_tool/data/` in an installed wheel.

The wheel carries a copy of `schemas/` as package data (see pyproject.toml), so `tei encode` and
`tei validate` work the same after `pip install tei-tool` as in a development checkout.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_SCHEMAS = PACKAGE_DIR.parent / "schemas"
INSTALLED_SCHEMAS = PACKAGE_DIR / "data"


def schema_file(name: str) -> Path:
    """The path of a file of `schemas/` (tei-archival.rng, *.schema.json), checkout first."""
    for folder in (CHECKOUT_SCHEMAS, INSTALLED_SCHEMAS):
        if (folder / name).is_file():
            return folder / name
    return CHECKOUT_SCHEMAS / name
