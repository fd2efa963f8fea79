"""Pathological inputs encode without a traceback, and the inline stage keeps its shape on them.

Not timed (speed is measured in bench/encode_bench.py): these inputs used to be quadratic or to raise
RecursionError, so a regression shows here as a test that never ends or crashes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tei_tool import TEI_NS
from tei_tool.api import encode_text
from tei_tool.cli import app
from tei_tool.config import Config, Personography
from tei_tool.findings import Severity
from tei_tool.model import Inline, plain_text, walk
from tei_tool.read.inline import MAX_NESTING, InlineParser
from tei_tool.read.source import Source
from tei_tool.tei.textback import tei_to_text

T = f"{{{TEI_NS}}}"


def parse(text: str) -> tuple[list[Inline], InlineParser]:
    parser = InlineParser(Source("big.txt", text))
    return parser.parse(0, len(text), "turn"), parser


def many_groups(n: int) -> str:
    return "Liu: " + " ".join(f"word [w{i}]" for i in range(n))


def deep(n: int, opener: str = "[", closer: str = "]") -> str:
    return "Liu: " + opener * n + "x" + closer * n


def unclosed(size: int) -> str:
    return "Liu: [" + ("words and more words " * (size // 21)).rstrip()


def paren_run(n: int) -> str:
    return "Liu: " + "(" * n + " a ) b" * n


def five_megabytes() -> str:
    """One 5 MB paragraph: long runs of prose with a bracket and a parenthesis group now and then."""
    prose = "The delegation spoke about the matter at some length and then moved on to the next point. " * 110
    return "Liu: " + ((prose + "It was [at length] agreed (twice). ") * 504).rstrip()


DEEP = 100_000
# name -> a 100,000-deep nesting: nested groups, unclosed openers, strays; brackets, parentheses, both
DEEP_NESTINGS = {
    "brackets": deep(DEEP),
    "parentheses": deep(DEEP, "(", ")"),
    "mixed": deep(DEEP // 2, "[(", ")]"),
    "crossed": deep(DEEP // 2, "[(", "])"),
    "unclosed-brackets": "Liu: " + "[" * DEEP + "x",
    "unclosed-parentheses": "Liu: " + "(" * DEEP + "x",
    "unopened": "Liu: x" + "]" * DEEP + ")" * DEEP,
}


# -- the inline stage at full size ------------------------------------------------------------------

def test_forty_thousand_groups_in_one_paragraph() -> None:
    text = many_groups(40_000)
    nodes, parser = parse(text)
    assert sum(n.kind == "supplied" for n in nodes) == 40_000
    assert parser.findings == [] and plain_text(nodes) == text


def test_five_megabyte_paragraph() -> None:
    text = five_megabytes()
    nodes, parser = parse(text)
    assert plain_text(nodes) == text
    assert len(text) > 5_000_000 and sum(n.kind == "supplied" for n in nodes) == 504


def test_unclosed_bracket_at_the_start_of_a_one_megabyte_paragraph() -> None:
    text = unclosed(1_000_000)
    nodes, parser = parse(text)
    assert [(f.code, f.line, f.col, f.severity) for f in parser.findings] == [("W101", 1, 6, Severity.WARNING)]
    assert [n.kind for n in nodes] == ["text", "unmatched", "text"]
    assert plain_text(nodes) == text


def tree_depth(nodes: list[Inline]) -> int:
    depth, level = 0, nodes
    while level:
        depth, level = depth + 1, [child for node in level for child in node.children]
    return depth


@pytest.mark.parametrize("name", ["brackets", "parentheses", "mixed"])
def test_hundred_thousand_deep_nesting(name: str) -> None:
    """Every character kept, one warning, and a tree no deeper than MAX_NESTING groups (then a kept
    delimiter's `pc` and its character)."""
    text = DEEP_NESTINGS[name]
    nodes, parser = parse(text)
    assert [f.code for f in parser.findings] == ["W103"]
    assert plain_text(nodes) == text
    assert tree_depth(nodes) <= MAX_NESTING + 2
    if name == "brackets":
        assert sum(n.kind == "unmatched" for n in walk(nodes)) == 2 * (DEEP - MAX_NESTING)


@pytest.mark.parametrize("text", [paren_run(5_000), "Liu: " + " ".join(f"(p{i})" for i in range(20_000)),
                                  "Liu: " + "(" * 100_000, "Liu: " + ")" * 100_000],
                         ids=["nested", "many", "all-open", "all-close"])
def test_long_parenthesis_runs(text: str) -> None:
    nodes, parser = parse(text)
    assert plain_text(nodes) == text
    assert all(f.code == "W103" for f in parser.findings)  # parentheses alone are never a warning else


def test_a_run_of_stray_characters_is_one_text_node() -> None:
    nodes, _ = parse("Liu: " + ")" * 100_000 + " and " + "(" * 100_000)  # no `(` has a `)` after it
    assert [n.kind for n in nodes] == ["text"]


# -- the whole encoder: no traceback, a valid document ----------------------------------------------

def encode(text: str, validate: bool = True) -> etree._Element:
    transcript = text + "\n\nHan: Thank you.\n"
    result = encode_text(transcript, "big.txt", config=Config(), personography=Personography(), sidecar=None,
                         validate=validate)
    assert result.ok, [f.format() for f in result.findings if f.severity is Severity.ERROR][:5]
    root = etree.fromstring(result.xml, etree.XMLParser(huge_tree=True))
    assert len(root.findall(f".//{T}sp")) == 2
    assert tei_to_text(root) == transcript
    return root


@pytest.mark.parametrize("text", [many_groups(4_000), deep(2_000), unclosed(1_000_000), paren_run(5_000),
                                  "Liu: " + "]" * 20_000 + "[" * 20_000, five_megabytes()],
                         ids=["groups", "deep-2k", "unclosed-1mb", "parens", "strays", "5mb"])
def test_whole_encode_survives(text: str) -> None:
    encode(text)


@pytest.mark.parametrize("name", DEEP_NESTINGS)
def test_any_nesting_depth_is_encoded_or_reported(name: str) -> None:
    """No depth raises: the document is written, every character comes back, and what is too deep, unclosed
    or unopened is a warning. Not validated, to stay fast: past MAX_NESTING the document has the same
    shape at any depth, and the 2,000-deep one above is validated."""
    transcript = DEEP_NESTINGS[name] + "\n\nHan: Thank you.\n"
    result = encode_text(transcript, "big.txt", Config(), Personography(), None, validate=False)
    assert result.ok and {f.code for f in result.findings} <= {"W101", "W102", "W103"}
    assert tei_to_text(etree.fromstring(result.xml, etree.XMLParser(huge_tree=True))) == transcript


def test_cli_encodes_a_hundred_thousand_deep_nesting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no tei.yaml of the repository applies
    transcript = tmp_path / "deep.txt"
    transcript.write_text(DEEP_NESTINGS["mixed"] + "\n\nHan: Thank you.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["encode", "-j", "1", "-o", str(tmp_path / "out"), str(transcript)])
    assert result.exit_code == 0 and result.exception is None, result.output[-2000:]
    assert "Traceback" not in result.output
    assert "warning[W103] groups nested more than 32 deep" in result.output
    root = etree.parse(str(tmp_path / "out" / "deep.xml"), etree.XMLParser(huge_tree=True)).getroot()
    assert tei_to_text(root) == transcript.read_text(encoding="utf-8")
