"""Pathological inputs encode without a traceback, and the inline stage keeps its shape on them.

Not timed (speed is measured in bench/encode_bench.py): these inputs used to be quadratic or to raise
RecursionError, so a regression shows here as a test that never ends or crashes.
"""

from __future__ import annotations

import pytest
from lxml import etree

from tei_tool import TEI_NS
from tei_tool.api import encode_text
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


def deep(n: int) -> str:
    return "Liu: " + "[" * n + "x" + "]" * n


def unclosed(size: int) -> str:
    return "Liu: [" + ("words and more words " * (size // 21)).rstrip()


def paren_run(n: int) -> str:
    return "Liu: " + "(" * n + " a ) b" * n


# -- the inline stage at full size ------------------------------------------------------------------

def test_forty_thousand_groups_in_one_paragraph() -> None:
    text = many_groups(40_000)
    nodes, parser = parse(text)
    assert sum(n.kind == "supplied" for n in nodes) == 40_000
    assert parser.findings == [] and plain_text(nodes) == text


def test_five_megabyte_paragraph() -> None:
    text = ("The delegation spoke about the matter [at length] (twice). " * 90_000)[:5_000_000]
    nodes, parser = parse(text)
    assert plain_text(nodes) == text
    assert sum(n.kind == "supplied" for n in nodes) == text.count("[at length]")


def test_unclosed_bracket_at_the_start_of_a_one_megabyte_paragraph() -> None:
    text = unclosed(1_000_000)
    nodes, parser = parse(text)
    assert [(f.code, f.line, f.col, f.severity) for f in parser.findings] == [("W101", 1, 6, Severity.WARNING)]
    assert [n.kind for n in nodes] == ["text", "unmatched", "text"]
    assert plain_text(nodes) == text


def test_hundred_thousand_deep_nesting() -> None:
    text = deep(100_000)
    nodes, parser = parse(text)
    assert [f.code for f in parser.findings] == ["W103"]
    assert plain_text(nodes) == text
    assert sum(n.kind == "unmatched" for n in walk(nodes)) == 2 * (100_000 - MAX_NESTING)


@pytest.mark.parametrize("text", [paren_run(50_000), "Liu: " + " ".join(f"(p{i})" for i in range(50_000)),
                                  "Liu: " + "(" * 100_000, "Liu: " + ")" * 100_000],
                         ids=["nested", "many", "all-open", "all-close"])
def test_long_parenthesis_runs(text: str) -> None:
    nodes, parser = parse(text)
    assert plain_text(nodes) == text
    assert all(f.code == "W103" for f in parser.findings)  # parentheses alone are never a warning else


# -- the whole encoder: no traceback, a valid document ----------------------------------------------

@pytest.mark.parametrize("text", [many_groups(4_000), deep(100_000), deep(2_000), unclosed(1_000_000),
                                  paren_run(5_000), "Liu: " + "]" * 20_000 + "[" * 20_000],
                         ids=["groups", "deep-100k", "deep-2k", "unclosed-1mb", "parens", "strays"])
def test_whole_encode_survives(text: str) -> None:
    transcript = text + "\n\nHan: Thank you.\n"
    result = encode_text(transcript, "big.txt", config=Config(), personography=Personography(), sidecar=None)
    assert result.ok, [f.format() for f in result.findings if f.severity is Severity.ERROR][:5]
    root = etree.fromstring(result.xml, etree.XMLParser(huge_tree=True))
    assert len(root.findall(f".//{T}sp")) == 2
    assert tei_to_text(root) == transcript
