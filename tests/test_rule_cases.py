"""Runs the per-rule YAML case files in tests/rules/ (one file per rule table, sqlfluff style)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tei_tool.model import Inline
from tei_tool.read.inline import InlineParser
from tei_tool.read.rules.clutter import clutter_reason
from tei_tool.read.rules.distribution import heading_total, read_item
from tei_tool.read.rules.header import header_label
from tei_tool.read.rules.speakers import find_label
from tei_tool.read.source import Source

CASES = Path(__file__).parent / "rules"


def load(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


def ids(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]


def walk(nodes: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        out.append(node)
        out += walk(node.children)
    return out


def parse_group(case: dict[str, Any]) -> Inline | None:
    source = Source("case.txt", case["text"])
    nodes = InlineParser(source).parse(0, len(source.text), case.get("context", "turn"))
    for node in walk(nodes):
        if node.kind != "text" and source.text[node.span.start: node.span.end] == case["group"]:
            return node
    return None


MARK_CASES = load("brackets.yaml") + load("parentheses.yaml")


@pytest.mark.parametrize("case", MARK_CASES, ids=ids(MARK_CASES))
def test_mark_rule(case: dict[str, Any]) -> None:
    node = parse_group(case)
    expect = dict(case["expect"])
    assert node is not None, f"group {case['group']!r} not found as a node"
    kind = expect.pop("kind")
    if kind is None:
        assert node.kind == "parenthetical", f"expected ordinary parentheses, got {node.kind} ({node.info})"
        return
    assert node.kind == kind, f"{node.kind} ({node.info})"
    for key, value in expect.items():
        assert node.info.get(key) == value, f"{key}: {node.info}"


LABEL_CASES = load("labels.yaml")


@pytest.mark.parametrize("case", LABEL_CASES, ids=ids(LABEL_CASES))
def test_speaker_label(case: dict[str, Any]) -> None:
    found = find_label(case["text"])
    label = case["text"][: found[0]] if found else None
    assert label == case["label"]


CLUTTER_CASES = load("clutter.yaml")


@pytest.mark.parametrize("case", CLUTTER_CASES, ids=ids(CLUTTER_CASES))
def test_clutter(case: dict[str, Any]) -> None:
    assert clutter_reason(case["line"], []) == case["reason"]


HEADER_CASES = load("header_labels.yaml")


@pytest.mark.parametrize("case", HEADER_CASES, ids=ids(HEADER_CASES))
def test_header_label(case: dict[str, Any]) -> None:
    found = header_label(case["line"])
    assert (found[0].kind if found else None) == case["kind"]


DISTRIBUTION_CASES = load("distribution.yaml")


@pytest.mark.parametrize("case", DISTRIBUTION_CASES, ids=ids(DISTRIBUTION_CASES))
def test_distribution(case: dict[str, Any]) -> None:
    if "heading" in case:
        found = heading_total(case["heading"])
        if case["total"] is False:
            assert found is None
        else:
            assert found is not None and found[1] == case["total"]
    else:
        reading = read_item(case["item"])
        assert (reading.kind, reading.copies) == (case["kind"], case["copies"])


BLOCK_CASES = load("blocks.yaml")


@pytest.mark.parametrize("case", BLOCK_CASES, ids=ids(BLOCK_CASES))
def test_block_rule(case: dict[str, Any]) -> None:
    from tei_tool.api import encode_text
    from tei_tool.config import Config, Personography

    result = encode_text(case["text"], "case.txt", Config(), Personography(), None, validate=False)
    assert result.document is not None
    at = case["text"].index(case["at"])
    holding = [b for b in result.document.blocks if b.span.start <= at < max(b.span.end, b.span.start + 1)]
    assert holding, f"no block holds {case['at']!r}: {[(b.kind, b.span) for b in result.document.blocks]}"
    block = holding[0]
    expect = case["expect"]
    if "not" in expect:  # it must not open a block of that kind (continuing an open turn is fine)
        assert not (block.kind == expect["not"] and block.span.start == at), f"{block.kind} ({block.rule})"
        return
    assert block.kind == expect["kind"], f"{block.kind} {block.info} ({block.rule})"
    if "type" in expect:
        assert block.info.get("type") == expect["type"], block.info


HEADER_CASES = load("header_fields.yaml")


@pytest.mark.parametrize("case", HEADER_CASES, ids=ids(HEADER_CASES))
def test_header_field_rule(case: dict[str, Any]) -> None:
    from tei_tool.api import encode_text
    from tei_tool.config import Config, Personography

    result = encode_text(case["text"], "case.txt", Config(), Personography(), None, validate=False)
    assert result.document is not None
    meta = result.document.meta
    for key, value in (case.get("expect") or {}).items():
        assert getattr(meta, key) == value, (key, getattr(meta, key))
    for key, value in (case.get("not") or {}).items():
        assert getattr(meta, key) != value, key
