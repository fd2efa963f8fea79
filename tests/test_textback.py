"""`tei text` on hand-written TEI that follows docs/tei-mapping.md, without the encoder.

Each case is one rule of the contract's "Rebuilding" section, so a change to the contract shows up
here as one failing rule rather than as a diff over a whole transcript.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tei_tool.cli import app
from tei_tool.evaluate.textcompare import compare_to_transcript
from tei_tool.tei.textback import inline_text, tei_to_text

NS = "http://www.tei-c.org/ns/1.0"


def tei(text: str, header: str = "<teiHeader><fileDesc><titleStmt><title>Header title</title></titleStmt>"
                                 "</fileDesc></teiHeader>") -> etree._Element:
    return etree.fromstring(f'<TEI xmlns="{NS}">{header}<text>{text}</text></TEI>')


def body(inner: str) -> str:
    return tei_to_text(tei(f'<body><div type="record">{inner}</div></body>'))


def test_blocks_are_separated_by_a_blank_line_and_the_header_is_not_emitted() -> None:
    root = tei('<front><docDate when="1962-02-15">February 15, 1962</docDate>'
               "<docTitle><titlePart>Minutes of Conversation</titlePart></docTitle>"
               '<div type="summary"><head>Summary:</head><p>Liu meets Ri.</p></div></front>'
               '<body><div type="record"><head>Minutes</head><p>One.</p></div></body>'
               '<back><div type="rights"><p>Rights.</p></div></back>')
    assert tei_to_text(root) == ("February 15, 1962\n\nMinutes of Conversation\n\nSummary:\n\nLiu meets Ri."
                                 "\n\nMinutes\n\nOne.\n\nRights.\n")
    assert "Header title" not in tei_to_text(root)
    assert tei_to_text(root.getroottree()) == tei_to_text(root)


@pytest.mark.parametrize(("inner", "expected"), [
    ('took <supplied reason="omitted" rend="brackets">place</supplied>', "took [place]"),
    ('Tae Ho <note type="variant" rend="brackets">Thae Ho</note>', "Tae Ho [Thae Ho]"),
    ('text <gap reason="redacted" quantity="2" unit="line" rend="parentheses"><desc>two lines blacked out</desc>'
     "</gap>", "text (two lines blacked out)"),
    ('<gap reason="illegible" quantity="2" unit="char"><desc>□□</desc></gap> x', "□□ x"),
    ('a <pb n="623" rend="brackets"/> b', "a [Page 623] b"),
    ('a<pb n="7"/>b', "a\fb"),  # a page break without a printed label was a form feed
    ('Razak<ref type="footnote" target="#fn-1" rend="brackets">1</ref>', "Razak[1]"),
    ('Benninghoff)<ref type="footnote">38</ref>', "Benninghoff)38"),
    ('<stage rend="parentheses">Chinese laugh.</stage>', "(Chinese laugh.)"),
    ('<note type="editorial" rend="brackets">outer <gap reason="illegible" rend="brackets"><desc>illegible</desc>'
     "</gap></note>", "[outer [illegible]]"),
    ('<gap reason="omitted" rend="brackets"><desc><gap reason="illegible" rend="brackets"><desc>illegible signature'
     "</desc></gap></desc></gap>", "[[illegible signature]]"),
    ('<hi rend="bold">Summary:</hi>', "**Summary:**"),
    ('<hi rend="h2">Citation</hi>', "## Citation"),
    ("one<lb/>two", "one\ntwo"),
    ("a <!-- a comment --> b", "a  b"),
])
def test_inline_marks_get_their_delimiters_back(inner: str, expected: str) -> None:
    assert body(f"<p>{inner}</p>") == expected + "\n"


def test_speaker_is_followed_by_a_space_and_further_paragraphs_are_blocks() -> None:
    text = body('<sp who="#liu"><speaker>Chairman <persName ref="#liu">Liu</persName>:</speaker>'
                '<p part="I">Welcome,</p><p part="F">comrade.</p><stage rend="parentheses">Laughter.</stage></sp>'
                '<sp who="#ri"><speaker>Ri <note type="alias" rend="parentheses">abbreviated as Ri as below</note>:'
                "</speaker><p>Thanks.</p></sp>")
    assert text == ("Chairman Liu: Welcome,\n\ncomrade.\n\n(Laughter.)\n\n"
                    "Ri (abbreviated as Ri as below): Thanks.\n")


def test_header_line_label_then_value() -> None:
    text = body('<ab type="time"><label>Time:</label> <date when="1962-04-21">21 April 1962</date></ab>'
                '<ab type="participants"><label>Korean side:</label> <persName ref="#a">A</persName><lb/>'
                '<persName ref="#b">B</persName></ab><stage type="narrative" rend="parentheses">The end.</stage>')
    assert text == "Time: 21 April 1962\n\nKorean side: A\nB\n\n(The end.)\n"


def test_inline_distribution_list_joins_items_and_lb_starts_a_paragraph() -> None:
    text = tei_to_text(tei(
        '<body><div type="distribution"><list type="distribution" rend="inline"><head>CC:</head>'
        '<item><persName><supplied reason="name" rend="brackets">Liu</supplied> Shaoqi</persName></item>'
        '<item><orgName>Office of Foreign Affairs</orgName> <measure type="copies" quantity="4" rend="parentheses">4'
        "</measure></item><lb/>"
        '<item><measure type="copies" quantity="3">3 file copies</measure></item>'
        '<item><measure type="total" quantity="46">46 copies in total</measure></item></list>'
        '<ab type="stamp">Received on <date when="1962-05-01">1 May 1962</date></ab></div></body>'))
    assert text == ("CC: [Liu] Shaoqi, Office of Foreign Affairs (4)\n\n3 file copies, 46 copies in total\n\n"
                    "Received on 1 May 1962\n")


def test_line_distribution_list_puts_the_marker_first() -> None:
    text = tei_to_text(tei(
        '<body><div type="distribution"><list type="distribution" rend="lines"><head>Five copies printed</head>'
        '<item n="1 -"><persName>Cde. Gromyko</persName></item>'
        '<item n="4-5 -"><measure type="copies" quantity="2">to file</measure></item></list></div></body>'))
    assert text == "Five copies printed\n1 - Cde. Gromyko\n4-5 - to file\n"


def test_footnotes_keep_their_printed_label() -> None:
    text = tei_to_text(tei('<body><div type="record"><p>x</p></div></body><back><div type="footnotes">'
                           '<note type="footnote" xml:id="fn-1" n="1.">Not printed.</note></div></back>'))
    assert text == "x\n\n1. Not printed.\n"


def test_inline_text_without_delimiters() -> None:
    element = etree.fromstring(f'<supplied xmlns="{NS}" rend="brackets">Zhou <lb/>Enlai</supplied>')
    assert inline_text(element) == "[Zhou \nEnlai]"
    assert inline_text(element, delimiters=False) == "Zhou \nEnlai"


def test_a_document_without_text_rebuilds_to_nothing() -> None:
    assert tei_to_text(etree.fromstring(f'<TEI xmlns="{NS}"><teiHeader/></TEI>')) == ""


def test_compare_reports_missing_and_added_words() -> None:
    differences = compare_to_transcript("Liu: Welcome comrade.", "Liu: Welcome, comrade Ambassador.")
    assert differences == ["missing after 'Liu:': 'Welcome, comrade Ambassador.'",
                           "added after 'Liu:': 'Welcome comrade.'"]


def test_compare_ignores_whitespace_and_reported_clutter() -> None:
    assert compare_to_transcript("Body\ntext.", "Skip to content\n\nBody  \u00a0text.", {1}) == []
    assert compare_to_transcript("Body text.", "Skip to content\n\nBody text.") == [
        "missing after '': 'Skip to content'"]


def test_tei_text_command_prints_and_rejects(tmp_path: Path) -> None:
    good = tmp_path / "good.xml"
    good.write_text(f'<TEI xmlns="{NS}"><text><body><p>Hello <supplied rend="brackets">world</supplied></p>'
                    "</body></text></TEI>", encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(good)])
    assert result.exit_code == 0 and result.stdout == "Hello [world]\n"
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI><text>\n<p>unclosed</TEI>", encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(broken)])
    assert result.exit_code == 2 and f"{broken}:2:" in result.output and "error[XML001]" in result.output
    other = tmp_path / "other.xml"
    other.write_text("<html/>", encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(other)])
    assert result.exit_code == 2 and f"{other}:1:1: error[TXT001] not a TEI document" in result.output
    result = CliRunner().invoke(app, ["text", str(tmp_path / "none.xml")])
    assert result.exit_code == 2 and "error[IO001]" in result.output


def test_tei_text_never_expands_entities(tmp_path: Path) -> None:
    xxe = tmp_path / "xxe.xml"
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    xxe.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
                   f'<TEI xmlns="{NS}"><text><body><p>a &x; b</p></body></text></TEI>', encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(xxe)])
    assert "SECRET" not in result.output


def test_a_speech_run_on_after_a_full_width_colon_comes_back_without_a_space() -> None:
    from tei_tool.api import encode_text
    from tei_tool.config import Config, Personography
    from tei_tool.tei.textback import tei_to_text

    text = "Zhou Enlai：We welcome you.\n\nPak： Thank you.\n"
    result = encode_text(text, "t.txt", Config(), Personography(), None)
    assert result.ok
    assert tei_to_text(etree.fromstring(result.xml)) == text


def test_a_field_value_glued_to_its_label_comes_back_glued() -> None:
    from tei_tool.api import encode_text
    from tei_tool.config import Config, Personography
    from tei_tool.tei.textback import tei_to_text

    result = encode_text("Title: Telegram to Liu\n\nOriginal Language:Korean\n\n(1) I arrived.\n", "t.txt",
                         Config(), Personography(), None)
    assert "Original Language:Korean" in tei_to_text(etree.fromstring(result.xml))
