"""tei/mapping.py: one table, read both ways (render writes it, tei text and kind_of read it back)."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_tool import TEI_NS
from tei_tool.tei.mapping import (
    INLINE,
    LIST_SEPARATORS,
    PAGE_LABELS,
    RENDITIONS,
    attributes,
    kind_of,
    list_form,
    page_form,
    page_label,
    printed,
    separator_form,
)

T = f"{{{TEI_NS}}}"


@pytest.mark.parametrize("kind", sorted(INLINE))
def test_every_kind_comes_back_from_its_element(kind: str) -> None:
    form = INLINE[kind]
    element = etree.Element(T + form.tag, {k: v for k, v in attributes(kind, {}).items() if k != "resp"})
    assert kind_of(element) == kind


def test_structure_and_foreign_elements_have_no_kind() -> None:
    assert kind_of(etree.Element(T + "sp")) is None
    assert kind_of(etree.Element("{http://example.org}note")) is None


@pytest.mark.parametrize(("printed_label", "n"), [("Page 3", "3"), ("page 3", "3"), ("p. 12", "12"), ("P. 4", "4")])
def test_page_labels_round_trip(printed_label: str, n: str) -> None:
    pb = etree.Element(T + "pb", {"n": n, "rend": "brackets"})
    token = page_form(printed_label, n)
    if token:
        pb.set("rendition", f"#rend-{token}")
        assert token in RENDITIONS
    assert page_label(pb) == f"[{printed_label}]"


def test_list_separators_are_named_and_declared() -> None:
    assert list_form(["; ", "; "]) == "semicolons"
    assert list_form([", ", ", "]) == ""  # the default needs no @rendition
    assert list_form([", ", "; "]) == ""  # mixed: each item records its own
    for separator in (", ", "; ", ",", ";", " "):
        token = separator_form(separator)
        assert token and LIST_SEPARATORS[token] == separator and token in RENDITIONS
    assert separator_form(" / ") is None


@pytest.mark.parametrize(("rend", "expected"), [("brackets", "[x]"), ("parentheses", "(x)"), ("bold", "**x**"),
                                                ("", "x")])
def test_delimiters_are_put_back(rend: str, expected: str) -> None:
    element = etree.Element(T + "supplied", {"rend": rend} if rend else {})
    assert printed(element, "x") == expected


def test_markdown_heading_level() -> None:
    assert printed(etree.Element(T + "hi", {"rend": "h2"}), "Title") == "## Title"


def test_page_label_table_is_declared() -> None:
    assert all(token in RENDITIONS for token in PAGE_LABELS if token)
