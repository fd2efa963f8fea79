"""`tei eval` header fields on small hand-made gold + TEI pairs: title, date, summary, citation,
footnote bodies, and the layout the header reports. Each test shows one way the header can be wrong
and the score it gets, and where strict and lenient part."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from tei_tool.api import encode_bytes
from tei_tool.cli import app
from tei_tool.config.load import load_config, load_personography
from tei_tool.evaluate import Counts, evaluate

from .conftest import ROOT

NS = "http://www.tei-c.org/ns/1.0"

TITLE = "Telegram From the Embassy in the Soviet Union to the Department of State"
SUMMARY = "Mikoyan and Mao converse about the mediation talks between the CCP and the\nGuomindang."
CITATION = "“Report, Kovalev to Stalin,” July 06, 1949, History and Public Policy Program Digital Archive."

GOLD: dict[str, Any] = {
    "file": "doc.txt",
    "title": TITLE,
    "title_as_written": f"326. {TITLE}1",
    "date": "1968-11-29",
    "header": {"summary": SUMMARY, "citation": CITATION},
    "footnotes": [{"label": "1", "text_starts": "Source: Johnson Library, National Security File,"},
                  {"label": "2.", "text_starts": "See Document 325."}],
    "turns": [], "brackets": [], "archival_ids": [],
}


def tei(title: str = TITLE, date: str = '<date when="1968-11-29">November 29, 1968</date>',
        summary: str = "Mikoyan and Mao converse about the mediation talks between the CCP and the<lb/>Guomindang.",
        citation: str = CITATION, notes: str | None = None, encoding_desc: str = "") -> str:
    """A TEI document with the header fields as docs/tei-mapping.md places them."""
    if notes is None:
        notes = ('<note type="footnote" xml:id="fn-1" n="1">Source: Johnson Library, National Security File, Memos.'
                 '</note><note type="footnote" xml:id="fn-2" n="2.">See Document 325.</note>')
    abstract = f"<abstract><p>{summary}</p></abstract>" if summary else ""
    creation = f"<creation>{date}</creation>" if date else ""
    bibl = f'<bibl type="citation">{citation}</bibl>' if citation else "<p>none</p>"
    return (f'<TEI xmlns="{NS}" xml:id="doc-doc"><teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>'
            f"<publicationStmt><p/></publicationStmt><sourceDesc>{bibl}</sourceDesc></fileDesc>"
            f"{encoding_desc}<profileDesc>{creation}{abstract}</profileDesc></teiHeader>"
            f'<text><body><div type="record"><p>text</p></div></body>'
            f'<back><div type="footnotes">{notes}</div></back></text></TEI>')


def run(tmp_path: Path, gold: dict[str, Any], document: str) -> dict[str, Any]:
    """Write the pair, evaluate, and return document 0 of the JSON report."""
    gold_dir, encoded_dir = tmp_path / "gold", tmp_path / "encoded"
    gold_dir.mkdir(exist_ok=True)
    encoded_dir.mkdir(exist_ok=True)
    (gold_dir / "doc.gold.yaml").write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
    (encoded_dir / "doc.xml").write_text(document, encoding="utf-8")
    report = evaluate(gold_dir, encoded_dir).as_dict()
    assert json.loads(json.dumps(report)) == report
    return report["documents"][0]  # type: ignore[no-any-return]


def counts(doc: dict[str, Any], mode: str, name: str) -> tuple[int, int, int]:
    score = doc[mode][name]
    return score["tp"], score["fp"], score["fn"]


def test_a_faithful_header_scores_full_marks(tmp_path: Path) -> None:
    doc = run(tmp_path, GOLD, tei())
    for mode in ("strict", "lenient"):
        for name in ("title", "date", "summary", "citation"):
            assert counts(doc, mode, name) == (1, 0, 0), name
        assert counts(doc, mode, "footnotes") == (2, 0, 0)
        assert doc[mode]["header_verdicts"] == {"title": "ok", "date": "ok", "summary": "ok", "citation": "ok"}
    assert doc["layout"] is None  # the header does not say: reported as absent, not an error


def test_title_with_the_frus_number_is_wrong_in_both_modes(tmp_path: Path) -> None:
    doc = run(tmp_path, GOLD, tei(title=f"326. {TITLE}1"))  # title_as_written is not a right answer
    for mode in ("strict", "lenient"):
        assert counts(doc, mode, "title") == (0, 1, 1)
        assert doc[mode]["header_verdicts"]["title"] == "WRONG"


def test_title_case_and_quotes_only_lenient(tmp_path: Path) -> None:
    doc = run(tmp_path, GOLD, tei(title=TITLE.upper()))
    assert counts(doc, "strict", "title") == (0, 1, 1)
    assert counts(doc, "lenient", "title") == (1, 0, 0)


def test_title_variant_is_accepted(tmp_path: Path) -> None:
    gold = {**GOLD, "title_variants": ["Telegram From Moscow"]}
    assert counts(run(tmp_path, gold, tei(title="Telegram From Moscow")), "strict", "title") == (1, 0, 0)


def test_missing_title_is_a_miss_not_a_false_positive(tmp_path: Path) -> None:
    doc = run(tmp_path, GOLD, tei(title=""))
    assert counts(doc, "strict", "title") == (0, 0, 1)
    assert doc["strict"]["header_verdicts"]["title"] == "MISS"
    assert doc["strict"]["title"]["f1"] == 0.0  # a miss reads 0, never "-"


def test_date_with_a_time_is_the_same_day(tmp_path: Path) -> None:
    doc = run(tmp_path, GOLD, tei(date='<date when="1968-11-29T10:38:00">November 29, 1968, 1038Z</date>'))
    assert counts(doc, "strict", "date") == (1, 0, 0)


def test_date_range_is_read_from_its_start(tmp_path: Path) -> None:
    date = '<date from="1968-11-29T14:50:00" to="1968-11-29T15:55:00">November 29, 1968, 2:50-3:55pm</date>'
    assert counts(run(tmp_path, GOLD, tei(date=date)), "strict", "date") == (1, 0, 0)


def test_competing_date_only_lenient_when_the_gold_says_uncertain(tmp_path: Path) -> None:
    gold = {**GOLD, "date": "1975-01-28", "conversation_date": "1975-01-24"}
    conversation = tei(date='<date when="1975-01-24">24 January 1975</date>')
    doc = run(tmp_path, gold, conversation)
    assert counts(doc, "lenient", "date") == (0, 1, 1)  # a sure date: the conversation date is wrong
    doc = run(tmp_path, {**gold, "date_uncertain": True}, conversation)
    assert counts(doc, "strict", "date") == (0, 1, 1)
    assert counts(doc, "lenient", "date") == (1, 0, 0)


def test_wrong_date_is_both_a_false_positive_and_a_miss(tmp_path: Path) -> None:
    doc = run(tmp_path, GOLD, tei(date='<date when="1968-12-29">December 29, 1968</date>'))
    assert counts(doc, "strict", "date") == (0, 1, 1)
    assert doc["strict"]["header_verdicts"]["date"] == "WRONG"


def test_summary_line_wrapping_is_not_a_difference(tmp_path: Path) -> None:
    """A PDF's line breaks are layout: the summary joined on one line is right even strictly."""
    joined = "Mikoyan and Mao converse about the mediation talks between the CCP and the Guomindang."
    doc = run(tmp_path, GOLD, tei(summary=joined))
    assert counts(doc, "strict", "summary") == (1, 0, 0)


def test_summary_spacing_around_punctuation_only_lenient(tmp_path: Path) -> None:
    spaced = "Mikoyan and Mao converse about the mediation talks between the CCP and the Guomindang ."
    doc = run(tmp_path, GOLD, tei(summary=spaced))
    assert counts(doc, "strict", "summary") == (0, 1, 1)
    assert counts(doc, "lenient", "summary") == (1, 0, 0)


def test_summary_cut_short_is_wrong_in_both_modes(tmp_path: Path) -> None:
    doc = run(tmp_path, GOLD, tei(summary="Mikoyan and Mao converse about the mediation talks"))
    assert counts(doc, "lenient", "summary") == (0, 1, 1)


def test_summary_where_the_gold_has_none_is_extra(tmp_path: Path) -> None:
    gold = {**GOLD, "header": {"citation": CITATION}}
    doc = run(tmp_path, gold, tei())
    assert counts(doc, "strict", "summary") == (0, 1, 0)
    assert doc["strict"]["header_verdicts"]["summary"] == "EXTRA"


def test_citation_quotes_only_lenient_and_shortened_gold(tmp_path: Path) -> None:
    straight = CITATION.replace("“", '"').replace("”", '"')
    doc = run(tmp_path, GOLD, tei(citation=straight))
    assert counts(doc, "strict", "citation") == (0, 1, 1)
    assert counts(doc, "lenient", "citation") == (1, 0, 0)
    gold = {**GOLD, "header": {"summary": SUMMARY, "citation": "“Report, Kovalev to Stalin,” ... Digital Archive."}}
    assert counts(run(tmp_path, gold, tei()), "strict", "citation") == (1, 0, 0)


def test_missing_citation(tmp_path: Path) -> None:
    doc = run(tmp_path, GOLD, tei(citation=""))
    assert counts(doc, "lenient", "citation") == (0, 0, 1)
    assert doc["lenient"]["header_verdicts"]["citation"] == "MISS"


def test_footnote_label_punctuation_only_lenient(tmp_path: Path) -> None:
    notes = ('<note type="footnote" xml:id="fn-1" n="1.">Source: Johnson Library, National Security File, Memos.'
             '</note><note type="footnote" xml:id="fn-2" n="2">See Document 325.</note>')
    doc = run(tmp_path, GOLD, tei(notes=notes))
    assert counts(doc, "strict", "footnotes") == (0, 2, 2)
    assert counts(doc, "lenient", "footnotes") == (2, 0, 0)


def test_footnote_with_the_wrong_text_or_a_plain_paragraph(tmp_path: Path) -> None:
    notes = ('<note type="footnote" xml:id="fn-1" n="1">Johnson Library.</note>'
             '<p>2. See Document 325.</p><note type="footnote" xml:id="fn-9" n="9">An extra note.</note>')
    doc = run(tmp_path, GOLD, tei(notes=notes))
    assert counts(doc, "lenient", "footnotes") == (0, 2, 2)


def test_footnote_label_element_is_not_part_of_the_text(tmp_path: Path) -> None:
    notes = ('<note type="footnote" xml:id="fn-1"><label>1</label> Source: Johnson Library, National Security '
             'File, Memos.</note><note type="footnote" xml:id="fn-2" n="2.">See Document 325.</note>')
    assert counts(run(tmp_path, GOLD, tei(notes=notes)), "strict", "footnotes") == (2, 0, 0)


def test_layout_is_reported_when_the_header_says_it(tmp_path: Path) -> None:
    desc = ('<encodingDesc><editorialDecl><p>Read by tei encode.</p><interpretation type="layout">'
            "<p>frus-html</p></interpretation></editorialDecl></encodingDesc>")
    doc = run(tmp_path, GOLD, tei(encoding_desc=desc))
    assert doc["layout"] == "frus-html"
    app_info = ('<encodingDesc><appInfo><application ident="tei" version="1"><label>tei</label>'
                '<ptr type="layout" target="#x" n="pdf-text"/></application></appInfo></encodingDesc>')
    assert run(tmp_path, GOLD, tei(encoding_desc=app_info))["layout"] == "pdf-text"


def test_text_report_shows_the_header_fields(tmp_path: Path) -> None:
    desc = '<encodingDesc><editorialDecl><p type="layout">wilson-new</p></editorialDecl></encodingDesc>'
    run(tmp_path, GOLD, tei(title="Wrong title", citation="", encoding_desc=desc))
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "gold"), str(tmp_path / "encoded")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    row = next(line for line in lines if line.startswith("doc ") and "WRONG" in line)
    assert row.split() == ["doc", "WRONG", "ok", "ok", "MISS", "2/2", "wilson-new"]
    assert any(line.startswith("header: citation") for line in lines)
    assert any(line.startswith("footnote bodies") for line in lines)


def test_counts_f1_is_zero_when_nothing_is_right() -> None:
    assert Counts(0, 0, 3).f1 == 0.0 and Counts(0, 2, 0).f1 == 0.0
    assert Counts(0, 0, 0).f1 is None


# Floors for the header fields on seeds + dev + dev2 (strict recall, `tei eval`), as measured when the
# header scoring was added; raise them as the reading stages improve (issue 8 aims at 0.95, summary 0.90).
HEADER_FLOORS = {"title": 0.57, "date": 0.80, "summary": 0.60, "citation": 0.25, "footnotes": 0.10}


def test_shared_corpus_header_fields_stay_above_their_floors(shared_dir: Path, tmp_path: Path) -> None:
    """Encode the shared transcripts; a document the encoder refuses counts as all missed."""
    config, _ = load_config(ROOT / "tei.yaml")
    personography, _ = load_personography(config.persons_path) if config.persons_path else (None, [])
    for path in sorted((shared_dir / "transcripts").glob("*/*.txt")):
        result = encode_bytes(path.read_bytes(), path.name, config, personography)
        if result.ok:
            (tmp_path / f"{path.stem}.xml").write_bytes(result.xml)
    report = evaluate(shared_dir / "transcripts", tmp_path)
    total = report.total["strict"]
    for name, floor in HEADER_FLOORS.items():
        assert (getattr(total, name).recall or 0.0) >= floor, (name, getattr(total, name).as_dict())
