"""The inline stage: unmatched delimiters are warnings and `<pc>` elements, groups nest and span lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_tool import TEI_NS
from tei_tool.api import encode_text
from tei_tool.config import Config, Personography
from tei_tool.findings import Severity
from tei_tool.model import Inline, plain_text, walk
from tei_tool.read import inline
from tei_tool.read.inline import CONTEXT, MAX_NESTING, InlineParser
from tei_tool.read.rules.marks import BRACKET_RULES, Group, Mark
from tei_tool.read.source import Source
from tei_tool.tei.textback import tei_to_text

T = f"{{{TEI_NS}}}"


def parse(text: str, context: str = "turn") -> tuple[list[Inline], InlineParser]:
    parser = InlineParser(Source("case.txt", text))
    return parser.parse(0, len(text), context), parser




def encode(text: str) -> tuple[etree._Element, list[tuple[int, int, str, str]]]:
    result = encode_text(text, "odd.txt", config=Config(), personography=Personography(), sidecar=None)
    assert result.ok and result.xml, [f.format() for f in result.findings]
    found = [(f.line, f.col, f.severity.value, f.code) for f in result.findings if f.code.startswith("W10")]
    return etree.fromstring(result.xml), found


def test_unclosed_bracket_is_a_warning_and_the_document_is_written() -> None:
    root, found = encode("Liu: One.\n\nHan: The [unclosed group goes on.\n")
    assert found == [(3, 10, "warning", "W101")]
    [pc] = root.iter(f"{T}pc")
    assert (pc.get("type"), pc.text, pc.get("rend")) == ("unmatched", "[", None)
    assert pc.tail == "unclosed group goes on."


def test_stray_closing_bracket_is_a_warning_at_its_column() -> None:
    root, found = encode("Liu: One.\n\nHan: The delegation] will leave.\n")
    assert found == [(3, 20, "warning", "W102")]
    assert [pc.text for pc in root.iter(f"{T}pc")] == ["]"]


def test_unmatched_delimiters_rebuild_and_validate(project_rng: etree.RelaxNG, tei_all: etree.RelaxNG) -> None:
    text = "Liu: We agree [to the proposal.\n\nKim: The delegation] will leave [on] Monday].\n"
    root, found = encode(text)
    assert [code for *_, code in found] == ["W101", "W102", "W102"]
    assert tei_to_text(root) == text
    tree = etree.ElementTree(root)
    assert project_rng.validate(tree), project_rng.error_log
    assert tei_all.validate(tree), tei_all.error_log


def test_matched_brackets_give_no_warning() -> None:
    _, parser = parse("Han [Ik-su] said [that] the [[illegible signature]] was there.")
    assert parser.findings == []


def test_a_bracket_group_spans_lines() -> None:
    nodes, parser = parse("He said [that the\ndelegation] would come.")
    groups = [n for n in walk(nodes) if n.delim == "brackets"]
    assert len(groups) == 1 and [c.kind for c in groups[0].children] == ["text", "linebreak", "text"]
    assert parser.findings == []


def test_nested_groups_nest() -> None:
    nodes, _ = parse("Signed: [[illegible signature]]")
    [outer] = [n for n in nodes if n.kind != "text"]
    assert outer.kind == "editorial_note"
    assert [c.kind for c in outer.children] == ["omission"]


def test_parentheses_do_not_cross_a_blank_line() -> None:
    nodes, parser = parse("He said (that\n\nthe) rest.")
    assert all(n.kind in ("text", "linebreak") for n in nodes)
    assert parser.findings == []  # a stray parenthesis is ordinary prose


def test_rules_see_bounded_context(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Group] = []

    def spy(g: Group) -> Mark | None:
        seen.append(g)
        return None

    monkeypatch.setattr(inline, "BRACKET_RULES", [spy, *BRACKET_RULES])
    text = "x " * 5000 + "[one] " + "y " * 5000 + "[two]"
    parse(text)
    assert [g.inner for g in seen] == ["one", "two"]
    assert all(len(g.before) <= CONTEXT and len(g.after) <= CONTEXT for g in seen)
    assert seen[0].before.endswith("x ") and seen[0].after.startswith(" y")
    assert not seen[0].at_start and not seen[0].whole_block


def test_whole_block_and_at_start_ignore_surrounding_space() -> None:
    nodes, _ = parse("  \n[The meeting convened at 10:05 a.m.]  \n", "narrative")
    assert [n.kind for n in nodes if n.kind not in ("text", "linebreak")] == ["editorial_note"]


def test_nesting_beyond_the_limit_keeps_the_delimiters_as_characters() -> None:
    depth = MAX_NESTING + 8
    text = "A " + "[" * depth + "word" + "]" * depth + " b"
    nodes, parser = parse(text)
    assert [(f.code, f.severity) for f in parser.findings] == [("W103", Severity.WARNING)]
    assert plain_text(nodes) == text
    deep = [n for n in walk(nodes) if n.kind == "unmatched"]
    assert len(deep) == 2 * (depth - MAX_NESTING) and {n.info["type"] for n in deep} == {"too-deep"}
    # the element tree is no deeper than the limit
    levels = [(n, 0) for n in nodes]
    deepest = 0
    while levels:
        node, level = levels.pop()
        deepest = max(deepest, level)
        levels += [(c, level + 1) for c in node.children]
    assert deepest <= MAX_NESTING + 1


def test_a_bracket_group_wins_over_a_crossing_parenthesis() -> None:
    text = "He went (to Chenghsien, Honan.[)] and back."
    nodes, parser = parse(text)
    assert parser.findings == []
    assert [(n.kind, n.info.get("reason")) for n in nodes if n.kind != "text"] == [("supplied", "punctuation")]
    assert plain_text(nodes) == text


def test_parentheses_inside_and_around_brackets_still_pair() -> None:
    nodes, parser = parse("Liu (the [Chinese] premier) spoke [after a pause (two minutes)].")
    assert parser.findings == []
    assert [n.kind for n in nodes if n.kind != "text"] == ["parenthetical", "supplied"]


PIECES = ["[", "]", "(", ")", "[[", "]]", "word", " ", "\n", "\n\n", "Liu", "sic", "□", "**", "**bold**", "…",
          "Page 3", "12", "[Page 4]", "(two lines blacked out)", "[illegible]", ".", "Kim Il Sung [Kim Il-song]"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60))
def test_any_delimiter_soup_parses_back_to_itself(pieces: list[str]) -> None:
    text = "".join(pieces)
    nodes, parser = parse(text)
    assert plain_text(nodes) == text  # every character kept, delimiters included
    assert {f.code for f in parser.findings} <= {"W101", "W102", "W103"}
    assert all(f.severity is Severity.WARNING for f in parser.findings)
    unmatched = sum(n.kind == "unmatched" for n in walk(nodes))
    assert unmatched == sum(f.code in ("W101", "W102") for f in parser.findings)
