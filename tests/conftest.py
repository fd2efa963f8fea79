"""Shared fixtures: paths to ../shared (skipped with a reason when absent) and compiled schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEI_ALL = SHARED / "tei" / "tei_all.rng"
PROJECT_RNG = ROOT / "schemas" / "tei-archival.rng"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "transcripts").is_dir():
        pytest.skip(f"../shared/transcripts not found at {SHARED}: the shared sample corpus is absent")
    return SHARED


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """The official TEI P5 schema, compiled once per test session (about 5 s)."""
    if not TEI_ALL.is_file():
        pytest.skip(f"{TEI_ALL} not found: the official TEI P5 schema is absent")
    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


@pytest.fixture(scope="session")
def project_rng() -> etree.RelaxNG:
    """The project's own RELAX NG schema (derived from schemas/tei-archival.odd)."""
    if not PROJECT_RNG.is_file():
        pytest.skip(f"{PROJECT_RNG} not built yet")
    return etree.RelaxNG(etree.parse(str(PROJECT_RNG)))
