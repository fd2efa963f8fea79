"""Where the project's schema files are: `schemas/` in a checkout, `tei_tool/data/` in an installed wheel.

The wheel carries a copy of `schemas/` as package data (see pyproject.toml), so `tei encode` and
`tei validate` work the same after `pip install tei-tool` as in a development checkout.
"""

from __future__ import annotations

import re
from pathlib import Path

from tei_tool import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_SCHEMAS = PACKAGE_DIR.parent / "schemas"
INSTALLED_SCHEMAS = PACKAGE_DIR / "data"


def schema_file(name: str) -> Path:
    """The path of a file of `schemas/` (tei-archival.rng, *.schema.json), checkout first."""
    for folder in (CHECKOUT_SCHEMAS, INSTALLED_SCHEMAS):
        if (folder / name).is_file():
            return folder / name
    return CHECKOUT_SCHEMAS / name


# The versioned address of the project schema that encoded files name in their xml-model link (never a
# path into an installation); `tei validate` and the catalog `tei init` writes map it to the local copy.
SCHEMA_URL = f"https://tei-tool.readthedocs.io/schemas/{__version__}/tei-archival.rng"
SCHEMA_URL_RE = re.compile(r"https?://tei-tool\.readthedocs\.io/schemas/[\w.+-]+/tei-archival\.rng")
