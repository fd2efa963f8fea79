"""Runs the date and archival-identifier case files (tests/rules/dates.yaml, parse_date.yaml, archival.yaml),
property tests on arbitrary text, and checks the rules against the shared gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tei_tool.read.rules.archival import ArchivalId, find_archival_ids
from tei_tool.read.rules.dates import find_dates, parse_date

CASES = Path(__file__).parent / "rules"


def load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    names = [case["name"] for case in cases]
    assert len(names) == len(set(names)), f"duplicate case names in {name}"
    return cases


DATE_CASES = load("dates.yaml")
PARSE_CASES = load("parse_date.yaml")
ARCHIVAL_CASES = load("archival.yaml")


@pytest.mark.parametrize("case", DATE_CASES, ids=[c["name"] for c in DATE_CASES])
def test_date_case(case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_dates(text, case.get("extra_formats", []), case.get("default_year"))
    got = [{"text": text[m.start: m.end], "when": m.when, "rule": m.rule} for m in found]
    assert len(got) == len(case["expect"]), got
    for actual, expected in zip(got, case["expect"], strict=True):
        for key, value in expected.items():
            assert actual[key] == value, (key, got)


@pytest.mark.parametrize("case", PARSE_CASES, ids=[c["name"] for c in PARSE_CASES])
def test_parse_date_case(case: dict[str, Any]) -> None:
    assert parse_date(case["text"], case.get("extra_formats", []), case.get("default_year")) == case["when"]


_ARCHIVAL_FIELDS = {"pages": "pages_text"}


@pytest.mark.parametrize("case", ARCHIVAL_CASES, ids=[c["name"] for c in ARCHIVAL_CASES])
def test_archival_case(case: dict[str, Any]) -> None:
    found = find_archival_ids(case["text"], case.get("extra_patterns", []))
    assert len(found) == len(case["expect"]), [a.text for a in found]
    for actual, expected in zip(found, case["expect"], strict=True):
        assert case["text"][actual.start: actual.end] == actual.text
        for key, value in expected.items():
            assert getattr(actual, _ARCHIVAL_FIELDS.get(key, key)) == value, (key, actual)
        check_parts(actual)


def check_parts(found: ArchivalId) -> None:
    """The marked parts lie inside the printed id, in order, and read as the fields they stand for."""
    fields = {"repository": found.archive, "collection": found.collection, "idno": found.file,
              "pages": found.pages_text}
    cursor = 0
    for start, end, kind in found.parts():
        assert cursor <= start < end <= len(found.text), found.parts()
        assert found.text[start:end] == fields[kind]
        cursor = end
    for value in (found.file, found.pages_text, found.collection):
        assert value is None or value in found.text


def test_case_counts() -> None:
    assert len(DATE_CASES) >= 25 and len(ARCHIVAL_CASES) >= 20


# -- property tests ---------------------------------------------------------------------------------

# text biased towards the characters dates and shelfmarks are made of
_PIECES = st.sampled_from([
    "February", "Feb.", "May", "Sept.", "Monday, ", " 15", " 1962", "[1963]", ", ", ". ", "-", "–", "/", ":",
    "4:00 p.m.", "pm", "2:50-3:55pm", "PRC FMA ", "106-01380-10", "AVPRF", " f. 0102", " op. 9", " d. 9",
    " l. 5-7", "MNL OL ", "XIX-J-1-j", " 60. doboz", "SAPMO-BArch", "DY 30", "RG 59", "740.00119", "/1–2546",
    "(Korea)", "\n", " ", "Translated by", "25.1.1946", "1946-01-25", "30", "31", "9", "No. 327",
])
TEXTS = st.one_of(st.text(max_size=200), st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=30).map("".join))


def assert_spans(spans: list[tuple[int, int]], text: str) -> None:
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        position = end


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.one_of(st.none(), st.integers(1800, 2099)))
def test_find_dates_never_raises_and_spans_are_sound(text: str, default_year: int | None) -> None:
    found = find_dates(text, ["%d/%m/%Y"], default_year)
    assert_spans([(m.start, m.end) for m in found], text)
    for match in found:
        assert match.when[:4].isdigit() and match.rule
    parse_date(text, ["%d/%m/%Y"], default_year)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_find_archival_ids_never_raises_and_spans_are_sound(text: str) -> None:
    found = find_archival_ids(text)
    assert_spans([(a.start, a.end) for a in found], text)
    for archival in found:
        assert text[archival.start: archival.end] == archival.text
        check_parts(archival)


# -- the shared gold annotations ----------------------------------------------------------------------

def gold_documents(shared_dir: Path) -> list[tuple[Path, dict[str, Any], str]]:
    documents = []
    for gold_path in sorted((shared_dir / "transcripts").glob("*/*.gold.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        text = (gold_path.parent / gold["file"]).read_text(encoding="utf-8")
        documents.append((gold_path, gold, text))
    assert documents
    return documents


def test_gold_archival_ids_are_found(shared_dir: Path) -> None:
    """Every gold `archival_ids[].id` is found exactly, with the gold file and pages where given."""
    for gold_path, gold, text in gold_documents(shared_dir):
        found = find_archival_ids(text)
        expected = [entry["id"] for entry in gold.get("archival_ids") or []]
        assert [a.text for a in found] == expected, gold_path.name
        for archival, entry in zip(found, gold.get("archival_ids") or [], strict=True):
            if entry.get("file"):
                assert archival.file == entry["file"], gold_path.name
            if entry.get("pages"):
                assert archival.pages_text is not None and entry["pages"] in archival.pages_text, gold_path.name


# dates the text never prints: they are read from elsewhere, so find_dates cannot see them
INFERRED_DATES = {
    "08_frus-telegram-korea-1946-01-25.gold.yaml":
        "no dateline: the date is read from the decimal file number '/1–2546' (month–day–year)",
}


def test_gold_dates_are_found(shared_dir: Path) -> None:
    """The gold date of every document is among the dates found in its transcript."""
    for gold_path, gold, text in gold_documents(shared_dir):
        if gold_path.name in INFERRED_DATES:
            continue
        whens = {m.when[:10] for m in find_dates(text)}
        assert gold["date"] in whens, (gold_path.name, whens)


def test_inferred_gold_dates_are_not_printed(shared_dir: Path) -> None:
    """The skipped documents really have no printed date equal to the gold date (else drop the skip)."""
    for gold_path, gold, text in gold_documents(shared_dir):
        if gold_path.name in INFERRED_DATES:
            assert gold["date"] not in {m.when[:10] for m in find_dates(text)}, INFERRED_DATES[gold_path.name]
