"""Nothing lost: rebuilding the text from the TEI gives back every transcript, clutter aside."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from tei_tool.cli import app
from tei_tool.encoder import encode_bytes, encode_text
from tei_tool.textback import tei_to_text
from tei_tool.textcompare import compare_to_transcript

from .conftest import ROOT, SHARED

TRANSCRIPTS = (sorted((SHARED / "transcripts").glob("*/*.txt")) if (SHARED / "transcripts").is_dir() else []) + \
    sorted((ROOT / "transcripts").glob("*.txt")) + sorted((ROOT / "tests" / "unseen").glob("*.txt"))


def roundtrip(data: bytes, name: str) -> list[str]:
    result = encode_bytes(data, name, validate=False)
    rebuilt = tei_to_text(etree.fromstring(result.xml))
    clutter = {f.line for f in result.findings if f.code == "CLUTTER"}
    return compare_to_transcript(rebuilt, data.decode("utf-8"), clutter)


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.name for p in TRANSCRIPTS])
def test_transcript_roundtrips(path: Path) -> None:
    assert roundtrip(path.read_bytes(), path.name) == []


def test_compare_reports_missing_and_added_words() -> None:
    differences = compare_to_transcript("Liu: Welcome comrade.", "Liu: Welcome, comrade Ambassador.")
    assert differences == ["missing after 'Liu:': 'Welcome, comrade Ambassador.'",
                           "added after 'Liu:': 'Welcome comrade.'"]


def test_clutter_lines_are_expected_to_be_missing() -> None:
    assert compare_to_transcript("Body text.", "Skip to content\n\nBody text.", {1}) == []


PIECES = ["Liu:", "Han [Ik-su]:", "(two lines blacked out)", "[…]", "[but]", "□□", "CC: Office (4), Zhang",
          "\n", "\n\n", " ", "word", "Comrade Kim Il Sung [Kim Il-song]", "(Chinese laugh.)", "**Summary:**",
          "February 15, 1962", "Time: 4 p.m., 28 April 1964", "- Comrade Puja", "[Page 12]", "separately.39"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_any_transcript_like_text_roundtrips(pieces: list[str]) -> None:
    text = "".join(pieces)
    if not text.strip():
        return
    assert roundtrip(text.encode("utf-8"), "generated.txt") == []


def test_tei_text_command(tmp_path: Path) -> None:
    source = "Liu: Welcome [to China].\n\nHan: Thank you (two lines blacked out).\n"
    xml = tmp_path / "t.xml"
    xml.write_bytes(encode_text(source, "t.txt", validate=False).xml)
    result = CliRunner().invoke(app, ["text", str(xml)])
    assert result.exit_code == 0
    assert result.stdout == source


def test_tei_text_rejects_bad_input(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI><text>\n<p>unclosed</TEI>", encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(broken)])
    assert result.exit_code == 2 and f"{broken}:2:" in result.output and "not well-formed XML" in result.output
    other = tmp_path / "other.xml"
    other.write_text("<html/>", encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(other)])
    assert result.exit_code == 2 and "not a TEI document" in result.output
    assert CliRunner().invoke(app, ["text", str(tmp_path / "none.xml")]).exit_code == 2
