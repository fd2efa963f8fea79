"""The encoder end to end: samples against their gold annotations, validity, determinism, bad input."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from tei_tool.api import encode_bytes, encode_text
from tei_tool.findings import Severity
from tei_tool.tei.textback import inline_text as rebuilt

from .conftest import ROOT, SHARED

NS = {"t": "http://www.tei-c.org/ns/1.0"}
SHARED_TRANSCRIPTS = sorted((SHARED / "transcripts").glob("*/*.txt")) if (SHARED / "transcripts").is_dir() else [
    pytest.param(None, marks=pytest.mark.skip(reason=f"{SHARED / 'transcripts'} is absent: no shared samples"))]
BUNDLED = sorted((ROOT / "transcripts").glob("*.txt"))
# Bracket-by-bracket exactness is the bar of the web layouts the rules were written on (seeds, dev/);
# the other layouts (dev2/) are held to issue 7's aggregate bar in tests/test_eval.py, and their known
# misses are listed in the README.
WEB_TRANSCRIPTS = [p for p in SHARED_TRANSCRIPTS if getattr(p, "parent", None) is None or p.parent.name != "dev2"]


def encode_file(path: Path) -> etree._Element:
    result = encode_bytes(path.read_bytes(), path.name, validate=False)
    assert result.xml, [f.format() for f in result.findings]
    return etree.fromstring(result.xml)


def gold_for(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.with_suffix(".gold.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SHARED_TRANSCRIPTS, ids=[getattr(p, "stem", "absent") for p in SHARED_TRANSCRIPTS])
def test_turns_match_gold(shared_dir: Path, path: Path) -> None:
    """Every gold turn is found, in order, with its label as printed and one id per gold speaker."""
    gold = gold_for(path)
    turns = encode_file(path).findall(".//t:sp", NS)
    assert len(turns) == len(gold["turns"])
    speakers: dict[str, Counter[str]] = defaultdict(Counter)
    for sp, expected in zip(turns, gold["turns"], strict=False):
        speaker = sp.find("t:speaker", NS)
        label = rebuilt(speaker) if speaker is not None else None
        assert label == expected.get("label_as_written")
        text = " ".join(" ".join(rebuilt(p) for p in sp.findall("t:p", NS)).split())
        assert text.startswith(" ".join(expected["starts"].split()))
        speakers[expected["speaker"]][sp.get("who")] += 1
    for gold_id, ids in speakers.items():
        assert len(ids) == 1, f"gold speaker {gold_id} split over {dict(ids)}"
    assert len({next(iter(ids)) for ids in speakers.values()}) == len(speakers), "two gold speakers share an id"


@pytest.mark.parametrize("path", WEB_TRANSCRIPTS, ids=[getattr(p, "stem", "absent") for p in WEB_TRANSCRIPTS])
def test_brackets_match_gold(shared_dir: Path, path: Path) -> None:
    """Every square-bracket group is marked, with the gold kind (omission gaps count as notes too)."""
    gold = gold_for(path)
    found: dict[str, list[str]] = defaultdict(list)
    for element in encode_file(path).iterfind(".//t:text//*[@rend='brackets']", NS):
        tag, kind = etree.QName(element).localname, element.get("type")
        # a referent gloss (his [Khrushchev’s]) is gold "supplied": names added by the translator or editor
        reading = {"supplied": "supplied", "gloss": "supplied", "gap": "redaction", "pb": "other",
                   "ref": "other"}.get(tag) or (
            "variant" if kind == "variant" else "other" if kind == "artefact" else "note")
        found[rebuilt(element)].append(reading)
    redaction_texts = {r["text"] for r in gold.get("redactions") or []}
    for bracket in gold.get("brackets") or []:
        kinds = found.get(bracket["text"], [])
        assert len(kinds) == bracket.get("occurrences", 1), bracket["text"]
        expected = bracket["kind"]
        allowed = {expected, "redaction"} if expected == "note" and bracket["text"] in redaction_texts else {expected}
        assert set(kinds) <= allowed, f"{bracket['text']}: {kinds} (gold {expected})"


@pytest.mark.parametrize("path", WEB_TRANSCRIPTS, ids=[getattr(p, "stem", "absent") for p in WEB_TRANSCRIPTS])
def test_redactions_and_notes_match_gold(shared_dir: Path, path: Path) -> None:
    gold = gold_for(path)
    root = encode_file(path)
    gaps = Counter(rebuilt(g) for g in root.iterfind(".//t:text//t:gap", NS))
    boxes = sum(int(g.get("quantity", "0")) for g in root.iterfind(".//t:text//t:gap[@unit='char']", NS))
    for redaction in gold.get("redactions") or []:
        expected = redaction.get("occurrences", 1)
        got = boxes if set(redaction["text"]) == {"□"} else gaps[redaction["text"]]
        assert got == expected, redaction["text"]
    marked = {rebuilt(e) for e in root.iterfind(".//t:text//*[@rend='parentheses']", NS)
              if etree.QName(e).localname != "measure"}
    for note in gold.get("editorial_notes") or []:
        assert note["text"] in marked, note["text"]
    for ordinary in gold.get("original_parentheses") or []:
        assert ordinary not in marked, ordinary


@pytest.mark.parametrize("path", SHARED_TRANSCRIPTS, ids=[getattr(p, "stem", "absent") for p in SHARED_TRANSCRIPTS])
def test_continuations_match_gold(shared_dir: Path, path: Path) -> None:
    """Unlabelled paragraphs stay in their turn; page-break continuations are marked part="F"."""
    gold = gold_for(path)
    turns = encode_file(path).findall(".//t:sp", NS)
    for sp, expected in zip(turns, gold["turns"], strict=False):
        paragraphs = [" ".join(rebuilt(p).split()) for p in sp.findall("t:p", NS)][1:]
        wanted = expected.get("continues_with_unlabelled_paragraph") or []
        for start in [wanted] if isinstance(wanted, str) else wanted:
            assert any(p.startswith(" ".join(start.split())) for p in paragraphs), start
        page_break = expected.get("page_break_continuation")
        if page_break:
            finals = [" ".join(rebuilt(p).split()) for p in sp.findall("t:p[@part='F']", NS)]
            assert any(p.startswith(" ".join(page_break.split())) for p in finals), page_break


@pytest.mark.parametrize("path", SHARED_TRANSCRIPTS, ids=[getattr(p, "stem", "absent") for p in SHARED_TRANSCRIPTS])
def test_distribution_matches_gold(shared_dir: Path, path: Path) -> None:
    gold = gold_for(path)["distribution"]
    items = encode_file(path).findall(".//t:list[@type='distribution']/t:item", NS)
    recipients = [i for i in items if i.find("t:measure[@type='total']", NS) is None]
    assert [" ".join(rebuilt(i).split()) for i in recipients] == [r["text"] for r in gold["recipients"]]
    copies = [int(i.find("t:measure", NS).get("quantity")) if i.find("t:measure", NS) is not None else 1
              for i in recipients]
    assert copies == [r["copies"] for r in gold["recipients"]]
    totals = [int(m.get("quantity")) for i in items for m in i.findall("t:measure[@type='total']", NS)]
    head = items[0].getparent().find("t:head", NS) if items else None
    stated = totals[0] if totals else None
    if stated is None and head is not None:
        match = re.search(r"\d+", rebuilt(head))
        stated = int(match.group()) if match else None
    assert stated == gold["total_copies"]


def test_every_shared_transcript_is_valid_tei(shared_dir: Path, tei_all: etree.RelaxNG) -> None:
    for path in sorted((shared_dir / "transcripts").glob("*/*.txt")):
        root = encode_file(path)
        assert tei_all.validate(root), f"{path.name}: {tei_all.error_log}"


def test_encoding_is_deterministic() -> None:
    text = "Chairman Liu Shaoqi: Welcome [to China].\n\nAmbassador Ri: Thank you (two lines blacked out).\n"
    first = encode_text(text, "same.txt", validate=False).xml
    assert first == encode_text(text, "same.txt", validate=False).xml


def test_unbalanced_bracket_is_a_warning_with_line_and_column() -> None:
    """A stray bracket costs a warning at its line:col, never the document (it is encoded as pc)."""
    result = encode_text("Liu: One.\n\nHan: The [unclosed group goes on.\n", "odd.txt")
    found = [f for f in result.findings if f.code == "W101"]
    assert [(f.line, f.col) for f in found] == [(3, 10)]
    assert result.ok and b'<pc type="unmatched">[</pc>' in result.xml


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"", "E001"), (b"   \n\n", "E001"), (b"\x00\x01binary\x00", "E002"), (b"caf\xe9 au lait\n", "E003")],
    ids=["empty", "blank", "binary", "latin-1"],
)
def test_unreadable_input_gives_an_error_and_no_xml(data: bytes, code: str) -> None:
    result = encode_bytes(data, "bad.txt")
    assert not result.xml
    assert [f.code for f in result.findings] == [code]
    assert result.findings[0].severity is Severity.ERROR


def test_not_utf8_reports_the_position() -> None:
    result = encode_bytes(b"Line one\nLine tw\xe9\n", "bad.txt")
    assert (result.findings[0].line, result.findings[0].col) == (2, 8)


def test_oversized_input_is_refused() -> None:
    result = encode_bytes(b"a" * (50 * 1024 * 1024 + 1), "huge.txt")
    assert not result.xml and result.findings[0].code == "E004"


def test_turns_separated_by_single_line_breaks_are_split() -> None:
    """Flattened PDFs lose the blank line between turns; each labelled line still starts a turn."""
    text = "Liu: We agree.\nHan: So do we.\nLiu: Good.\nwe continue here.\n"
    root = etree.fromstring(encode_text(text, "flat.txt", validate=False).xml)
    turns = root.findall(".//t:sp", NS)
    assert [rebuilt(sp.find("t:speaker", NS)) for sp in turns] == ["Liu:", "Han:", "Liu:"]
    assert turns[0].get("who") == turns[2].get("who") != turns[1].get("who")


def test_opening_prose_is_not_taken_for_a_title() -> None:
    text = "On 5 May I met the Soviet ambassador. He said the talks went well.\n\nWe agreed to meet again.\n"
    root = etree.fromstring(encode_text(text, "untitled.txt", validate=False).xml)
    assert root.find(".//t:titleStmt/t:title", NS).text == "Transcript untitled.txt"
    assert root.find(".//t:docTitle", NS) is None
    assert len(root.findall(".//t:body//t:p", NS)) == 2


def test_title_under_the_date_line_may_hold_a_colon() -> None:
    text = "June 5, 1962\n\nKim Il Sung: Speech at the Fourth Party Congress\n\nComrades, we meet today.\n"
    root = etree.fromstring(encode_text(text, "speech.txt", validate=False).xml)
    assert root.find(".//t:titleStmt/t:title", NS).text == "Kim Il Sung: Speech at the Fourth Party Congress"
    assert root.find(".//t:sp", NS) is None


def test_ambiguous_label_gets_low_certainty_and_a_warning_naming_the_candidates() -> None:
    text = ("Time: 10 a.m., 3 May 1965\n\nOur side: Vice Minister Zhang Wenjin, Department Director Zhang Hanfu\n\n"
            "Korean side: Ambassador Pak Se-chang\n\nAmbassador Pak: Good morning.\n\nZhang: Welcome.\n\n"
            "Pak: Thank you.\n")
    result = encode_text(text, "zhangs.txt", validate=False)
    warnings = [f for f in result.findings if f.code == "W201"]
    assert len(warnings) == 1 and (warnings[0].line, warnings[0].col) == (9, 1)
    assert "Zhang Wenjin (#zhang-wenjin)" in warnings[0].message and "Zhang Hanfu (#zhang-hanfu)" in warnings[0].message
    turns = etree.fromstring(result.xml).findall(".//t:sp", NS)
    assert [(sp.get("who"), sp.get("cert")) for sp in turns] == [
        ("#pak-se-chang", None), ("#zhang-wenjin", "low"), ("#pak-se-chang", None)]
