"""Nothing lost: rebuilding the text from the TEI gives back every transcript, clutter aside.

Runs over every transcript the project has (shared seeds and dev, the bundled corpus, the unseen
styles) and over generated transcript-like text, because a lost character is the one mistake a
reader of the TEI cannot detect.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from tei_tool.cli import app
from tei_tool.config import Config, Personography
from tei_tool.evaluate.textcompare import compare_to_transcript
from tei_tool.tei.textback import tei_to_text

from .conftest import ROOT, SHARED

encoder = pytest.importorskip("tei_tool.api")

TRANSCRIPTS = sorted(
    [p for sub in ("seeds", "dev") for p in (SHARED / "transcripts" / sub).glob("*.txt")]
    + list((ROOT / "transcripts").glob("*.txt")) + list((ROOT / "tests" / "unseen").glob("*.txt")))


def roundtrip(text: str, name: str) -> list[str]:
    """Encode, rebuild, and list what the rebuild lost or added (reported clutter lines excepted)."""
    result = encoder.encode_text(text, name, config=Config(), personography=Personography(), sidecar=None)
    assert result.xml, [f.format() for f in result.findings]
    rebuilt = tei_to_text(etree.fromstring(result.xml))
    clutter = {f.line for f in result.findings if f.code == "CLUTTER"}
    return compare_to_transcript(rebuilt, text, clutter)


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.name for p in TRANSCRIPTS])
def test_transcript_roundtrips(path: Path) -> None:
    assert roundtrip(path.read_text(encoding="utf-8"), path.name) == []


PIECES = ["Liu:", "Han [Ik-su]:", "(two lines blacked out)", "[…]", "[but]", "□□", "CC: Office (4), Zhang",
          "\n", "\n\n", " ", "word", "Comrade Kim Il Sung [Kim Il-song]", "(Chinese laugh.)", "**Summary:**",
          "February 15, 1962", "Time: 4 p.m., 28 April 1964", "- Comrade Puja", "[Page 12]", "separately.39",
          # structured pieces behind the losses of issue 11: copy lists, markers, page labels, quotes, Date: lines
          "CC: Office; Zhang", "Zhang,", "a, b; c", "1. Comrade Puja", "4-5 - to file", "Distribution:", "[page 3]",
          "[p. 4]", "\"quoted [x]\"", "“said”", "Date: February 15, 1962", "Copies: 2", "Subject: talks"]


@pytest.mark.parametrize("text", [
    "A: Hi.\n\nCC: Office (4); Zhang; Liu\n",  # `;` came back as `,`
    "A: Hi.\n\nCC: a, b; c,d\n",  # mixed separators
    "A: Hello [page 3] there [p. 4] and [Page 5].\n",  # `[page 3]` came back as `[Page 3]`
    "A: Hi.\n\nCC: Office (4), Zhang,",  # a trailing comma was dropped
    "Zhang,\nCC: Office; Zhang\n\n- Comrade Kadar",  # a list marker in a run list was dropped
    "A: He said \"the end [sic]\" today.\n",
    "Some text.\n\nDate: February 15, 1962\n\nMore.\n",
], ids=["semicolons", "mixed-separators", "page-label", "trailing-comma", "run-list-marker", "quote", "date-line"])
def test_issue_11_round_trip_losses(text: str) -> None:
    assert roundtrip(text, "case.txt") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_any_transcript_like_text_roundtrips(pieces: list[str]) -> None:
    text = "".join(pieces)
    if text.strip():
        assert roundtrip(text, "generated.txt") == []


def test_tei_text_command_prints_the_transcript(tmp_path: Path) -> None:
    source = "Liu: Welcome [to China].\n\nHan: Thank you (two lines blacked out).\n"
    xml = tmp_path / "t.xml"
    xml.write_bytes(encoder.encode_text(source, "t.txt", config=Config(), personography=Personography(),
                                        sidecar=None).xml)
    result = CliRunner().invoke(app, ["text", str(xml)])
    assert result.exit_code == 0
    assert result.stdout == source
