"""Every real document of ../shared/corpus is encoded, valid against tei_all and round-trips.

The corpus (303 documents: FRUS pages converted from HTML, Wilson Center PDFs as text, pages flattened
onto one line) has no gold annotations: what it checks is that no layout costs a user their document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_tool.api import encode_bytes
from tei_tool.config import Config, Personography
from tei_tool.evaluate.textcompare import compare_to_transcript
from tei_tool.findings import Severity
from tei_tool.tei.textback import tei_to_text

from .conftest import SHARED

CORPUS = SHARED / "corpus"
DOCUMENTS = sorted(CORPUS.rglob("*.txt")) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def encodings() -> dict[Path, tuple[bytes, list[str], list[str]]]:
    """Each document's XML, its error findings and its round-trip differences (encoded once)."""
    if not DOCUMENTS:
        pytest.skip(f"{CORPUS} not found: the shared real-document corpus is absent")
    out = {}
    for path in DOCUMENTS:
        data = path.read_bytes()
        result = encode_bytes(data, str(path), Config(), Personography(), None)
        errors = [f.format() for f in result.findings if f.severity is Severity.ERROR]
        differences: list[str] = []
        if result.xml and result.document is not None:
            rebuilt = tei_to_text(etree.fromstring(result.xml))
            differences = compare_to_transcript(rebuilt, data.decode("utf-8-sig"),
                                                clutter_spans=result.document.clutter_spans)
        out[path] = (result.xml, errors, differences)
    return out


def test_every_document_is_encoded(encodings: dict[Path, tuple[bytes, list[str], list[str]]]) -> None:
    refused = {str(path): errors[:3] for path, (xml, errors, _) in encodings.items() if not xml or errors}
    assert not refused, refused


def test_every_encoding_is_valid_against_tei_all(encodings: dict[Path, tuple[bytes, list[str], list[str]]],
                                                 tei_all: etree.RelaxNG) -> None:
    invalid = {}
    for path, (xml, _, _) in encodings.items():
        if xml and not tei_all.validate(etree.fromstring(xml).getroottree()):
            invalid[str(path)] = str(tei_all.error_log.last_error)
    assert not invalid, invalid


def test_every_encoding_round_trips(encodings: dict[Path, tuple[bytes, list[str], list[str]]]) -> None:
    lost = {str(path): differences[:2] for path, (_, _, differences) in encodings.items() if differences}
    assert not lost, lost
