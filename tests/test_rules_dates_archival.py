"""Runs the date and archival-identifier case files (tests/rules/dates.yaml, parse_date.yaml, archival.yaml),
property tests on arbitrary text, and checks the rules against the shared gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tei_tool.read.rules.archival import (
    ARCHIVES,
    ArchivalId,
    archive_entry_error,
    build_rule,
    find_archival_ids,
    load_archives,
)
from tei_tool.read.rules.dates import find_dates, parse_date

CASES = Path(__file__).parent / "rules"


def load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    names = [case["name"] for case in cases]
    assert len(names) == len(set(names)), f"duplicate case names in {name}"
    return cases


DATE_CASES = load("dates.yaml")
PARSE_CASES = load("parse_date.yaml")
# archival.yaml (mixed and corpus cases) and one archival_<name>.yaml per entry of archives.yaml
ARCHIVAL_FILES = sorted(path.name for path in CASES.glob("archival*.yaml"))
ARCHIVAL_CASES = [case for name in ARCHIVAL_FILES for case in load(name)]


@pytest.mark.parametrize("case", DATE_CASES, ids=[c["name"] for c in DATE_CASES])
def test_date_case(case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_dates(text, case.get("extra_formats", []), case.get("default_year"))
    got = [{"text": text[m.start: m.end], "when": m.when, "rule": m.rule, "to": m.to,
            "pieces": [text[a:b] for a, b in m.pieces]} for m in found]
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


# -- the packaged archive table (tei_tool/read/rules/archives.yaml) ------------------------------------


@pytest.mark.parametrize("entry", ARCHIVES, ids=[str(e["name"]) for e in ARCHIVES])
def test_archive_entry_cases_and_negative_cases(entry: dict[str, Any]) -> None:
    """Each archive's own cases are found exactly by its rule; its negative cases give nothing at all."""
    rule = build_rule(entry)
    assert entry.get("cases") and "negative" in entry, entry["name"]
    for case in entry["cases"]:
        assert [a.text for a in rule(case["text"])] == [case["id"]], case
        assert [a.text for a in find_archival_ids(case["text"])] == [case["id"]], case
    for text in entry["negative"]:
        assert find_archival_ids(text) == [], text


def test_every_archive_has_a_case_file_with_negative_cases() -> None:
    for entry in ARCHIVES:
        name = f"archival_{entry['name']}.yaml"
        assert name in ARCHIVAL_FILES, name
        cases = load(name)
        assert any(c["expect"] for c in cases) and any(not c["expect"] for c in cases), name
        assert all(c["expect"][0].get("rule") in (None, entry["name"]) for c in cases if c["expect"]), name


def test_corpus_entries_use_the_same_keys_as_the_table(tmp_path: Path) -> None:
    """A tei.yaml entry with a style works like a packaged one, and comes first at the same position."""
    entry = {"name": "Mongolian Foreign Ministry Archive", "style": "fond",
             "repository": ["MFA Mongolia"], "terms": {"fond": ["fond"], "delo": ["kh/n"], "list": ["khuu"]}}
    text = "MFA Mongolia, fond 3, kh/n 45, khuu 12-15. Translated"
    found = find_archival_ids(text, [entry])
    assert [(a.text, a.file, a.pages_text, a.rule) for a in found] == [
        ("MFA Mongolia, fond 3, kh/n 45, khuu 12-15", "kh/n 45", "khuu 12-15", "corpus_pattern")]
    assert find_archival_ids(text) == []
    table = tmp_path / "archives.yaml"
    table.write_text(yaml.safe_dump({"archives": [entry]}, allow_unicode=True), encoding="utf-8")
    assert load_archives(table)[0]["style"] == "fond"
    broken = {"name": "X", "style": "segments", "repository_regex": "(X"}
    assert archive_entry_error(broken) is not None and archive_entry_error(entry) is None
    assert find_archival_ids("X, A 1, 5", [broken]) == []  # reported by the configuration check, not raised
    with pytest.raises(ValueError, match="unknown style"):
        build_rule({"name": "x", "style": "shelf"})
    with pytest.raises(ValueError, match="no repository"):
        build_rule({"name": "x", "style": "segments"})


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


# Archival references the mechanical gold of dev2 01-05 leaves out (dev2/README.md, "Mechanical gold"):
# it keeps only the FRUS source note's id, not ids printed elsewhere in the text (an editorial note's
# closing reference, a footnote citing another telegram's file). They are real archival references.
GOLD_OMISSIONS = {
    "01_editorial-note-czech-invasion-1968-08-20.gold.yaml":
        ["National Archives and Records Administration, RG 59, Central Files 1967–69, POL 27–1 COM BLOC CZECH"],
    "04_state-telegram-see-dobrynin-1968-12-04.gold.yaml":
        ["Johnson Library, National Security File, Memos to the President—Walt W. Rostow, Vol. 109"],
}


def test_gold_archival_ids_are_found(shared_dir: Path) -> None:
    """Every gold `archival_ids[].id` is found exactly (distinct ids, in order), with the gold file and
    pages where given; nothing else is found but the listed gold omissions."""
    for gold_path, gold, text in gold_documents(shared_dir):
        found = list({a.text: a for a in find_archival_ids(text)}.values())
        entries = gold.get("archival_ids") or []
        omitted = GOLD_OMISSIONS.get(gold_path.name, [])
        assert [a.text for a in found if a.text not in omitted] == [entry["id"] for entry in entries], gold_path.name
        assert [a.text for a in found if a.text in omitted] == omitted, gold_path.name
        by_text = {a.text: a for a in found}
        for entry in entries:
            archival = by_text[entry["id"]]
            if entry.get("file"):
                assert entry["file"] in (archival.file, shelf_path(archival)), gold_path.name
            if entry.get("pages"):
                assert archival.pages_text is not None and entry["pages"] in archival.pages_text, gold_path.name


def shelf_path(archival: ArchivalId) -> str | None:
    """The printed path from the collection to the file (`F. 39, Op. 1, D. 39`). The gold files differ on
    what `file` is in a fond/opis/delo id: dev/ gives the delo alone, dev2/ the whole path; both are right."""
    if not archival.collection or not archival.file:
        return None
    start = archival.text.find(archival.collection)
    end = archival.text.find(archival.file, start) + len(archival.file)
    return archival.text[start:end]


def test_gold_omissions_are_not_in_the_gold(shared_dir: Path) -> None:
    """The omission list stays honest: each id is printed in the text and absent from its gold."""
    for gold_path, gold, text in gold_documents(shared_dir):
        for omitted in GOLD_OMISSIONS.get(gold_path.name, []):
            assert omitted in text and omitted not in [e["id"] for e in gold.get("archival_ids") or []]


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


def test_inferred_gold_dates_come_from_a_decimal_file_number(shared_dir: Path) -> None:
    """The unprinted dates are recoverable: the decimal file number's filing date is the gold date."""
    for gold_path, gold, text in gold_documents(shared_dir):
        if gold_path.name in INFERRED_DATES:
            assert str(gold["date"]) in {a.when for a in find_archival_ids(text)}, gold_path.name


def test_inferred_gold_dates_are_not_printed(shared_dir: Path) -> None:
    """The skipped documents really have no printed date equal to the gold date (else drop the skip)."""
    for gold_path, gold, text in gold_documents(shared_dir):
        if gold_path.name in INFERRED_DATES:
            assert gold["date"] not in {m.when[:10] for m in find_dates(text)}, INFERRED_DATES[gold_path.name]
