"""Sidecar corrections reach the TEI, and the precedence defaults < tei.yaml < sidecar < flags holds.

Written against the encoder's library API (`encode_text(text, name, config, personography, sidecar)`
returning `.xml` and `.findings`) and the `tei encode` command; skipped while the encoder is absent.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tei_tool.cli import app
from tei_tool.config import BracketCorrection, Config, Personography, RuleOptions, Sidecar
from tei_tool.config.load import load_personography, load_sidecar

encoder = pytest.importorskip("tei_tool.api")

NS = {"t": "http://www.tei-c.org/ns/1.0"}

TRANSCRIPT = """\
Record of Conversation between Premier Zhou Enlai and Ambassador Pak

Premier Zhou: Hello, Comrade Ambassador [Pak] (Kim).

Page 2

Ambassador Pak: Good day.

Back to the list of documents
"""
# line 3: the bracket and parenthesis groups; line 5: built-in page clutter; line 9: an ordinary line

PERSONS = """\
persons:
  - id: zhou-enlai
    name: Zhou Enlai
    short_forms: [Zhou]
    titles: [Premier]
  - id: pak-se-chang
    name: Pak Se-chang
    titles: [Ambassador]
"""


def encode(sidecar: Sidecar | None = None, config: Config | None = None,
           personography: Personography | None = None, text: str = TRANSCRIPT) -> etree._Element:
    result = encoder.encode_text(text, "meeting.txt", config or Config(), personography or Personography(), sidecar)
    assert result.xml, [f.format() for f in result.findings]
    return etree.fromstring(result.xml)


def xpath(root: etree._Element, path: str) -> list[etree._Element]:
    found = root.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return found  # type: ignore[return-value]


def text_of(element: etree._Element) -> str:
    return "".join(str(piece) for piece in element.itertext())


def whos(root: etree._Element) -> list[str]:
    return [str(sp.get("who")) for sp in xpath(root, "//t:sp")]


def line_three(root: etree._Element) -> etree._Element:
    return xpath(root, "//t:sp[1]/t:p")[0]


# -- one test per sidecar correction -------------------------------------------------------------


def test_speaker_label_mapped_to_a_person_id(tmp_path: Path) -> None:
    (tmp_path / "persons.yaml").write_text(PERSONS, encoding="utf-8")
    personography, findings = load_personography(tmp_path / "persons.yaml")
    assert findings == []
    root = encode(Sidecar(speakers={"Ambassador Pak": "pak-se-chang"}), personography=personography)
    assert whos(root) == ["#zhou-enlai", "#pak-se-chang"]
    names = [n.text for n in xpath(root, "//t:person[@xml:id='pak-se-chang']/t:persName[@type='full']")]
    assert names == ["Pak Se-chang"]  # the personography's name for the mapped id


def test_without_the_sidecar_the_label_gets_a_local_id() -> None:
    assert whos(encode()) == ["#zhou-enlai", "#pak"]


@pytest.mark.parametrize(("kind", "element"), [
    ("supplied", "supplied[@reason='omitted']"),
    ("variant", "note[@type='variant']"),
    ("note", "note[@type='editorial']"),
    ("redaction", "gap[@reason='redacted']"),
    ("other", "note[@type='editorial']"),
])
def test_bracket_reclassified_at_a_line(kind: str, element: str) -> None:
    before = line_three(encode())
    assert xpath(before, "t:supplied[@reason='name'][@rend='brackets']")  # [Pak]: a name completion
    after = line_three(encode(Sidecar(brackets=[BracketCorrection(3, kind, "[Pak]")])))
    assert xpath(after, f"t:{element}[@rend='brackets']")
    assert not xpath(after, "t:supplied[@reason='name']")
    assert not xpath(after, f"t:{element}[@rend='parentheses']")  # `text:` limits it to the one group


def test_bracket_correction_without_text_applies_to_every_group_on_the_line() -> None:
    after = line_three(encode(Sidecar(brackets=[BracketCorrection(3, "variant")])))
    assert len(xpath(after, "t:note[@type='variant']")) == 2


def test_bracket_reclassified_as_plain_text() -> None:
    after = line_three(encode(Sidecar(brackets=[BracketCorrection(3, "text", "[Pak]")])))
    assert not xpath(after, "t:supplied")
    assert "[Pak]" in text_of(after)  # the brackets stay as printed characters


def test_header_values_from_the_sidecar() -> None:
    root = encode(Sidecar(title="Zhou Enlai receives Ambassador Pak Se-chang", date="1964-04-28",
                          archival_ref="PRC FMA 106-01380-05, 56-60",
                          source_url="https://digitalarchive.wilsoncenter.org/document/119081"))
    header = xpath(root, "t:teiHeader")[0]
    assert [t.text for t in xpath(header, ".//t:titleStmt/t:title")] == ["Zhou Enlai receives Ambassador Pak Se-chang"]
    assert xpath(header, ".//t:date[@when='1964-04-28']")
    assert [i.text for i in xpath(header, ".//t:sourceDesc/t:bibl[@type='source']/t:idno[@type='URI']")] == [
        "https://digitalarchive.wilsoncenter.org/document/119081"]
    bibl = xpath(header, ".//t:sourceDesc/t:bibl[@type='archival']")
    assert bibl and text_of(bibl[0]).startswith("PRC FMA")
    assert xpath(bibl[0], ".//t:repository")[0].text == "PRC FMA"


def test_header_values_found_in_the_text_without_a_sidecar() -> None:
    header = xpath(encode(), "t:teiHeader")[0]
    assert text_of(xpath(header, ".//t:titleStmt/t:title")[0]).startswith("Record of Conversation")
    assert not xpath(header, ".//t:idno[@type='URI']")


def test_sidecar_title_does_not_change_speaker_resolution() -> None:
    assert whos(encode(Sidecar(title="Another title"))) == whos(encode())


def test_clutter_lines_drop_a_line() -> None:
    before = text_of(encode())
    assert "Back to the list of documents" in before
    result = encoder.encode_text(TRANSCRIPT, "meeting.txt", Config(), Personography(), Sidecar(clutter_lines=[9]))
    assert "Back to the list of documents" not in text_of(etree.fromstring(result.xml))
    assert any(f.line == 9 and "sidecar" in f.message for f in result.findings)


def test_text_lines_keep_a_line_a_rule_would_drop() -> None:
    assert "Page 2" not in text_of(xpath(encode(), "t:text")[0])
    kept = encode(Sidecar(text_lines=[5]))
    assert "Page 2" in text_of(xpath(kept, "t:text")[0])


# -- precedence -----------------------------------------------------------------------------------


def test_tei_yaml_rules_over_built_in_defaults() -> None:
    config = Config(rules=RuleOptions(clutter_lines=[r"^Back to the list of documents$"]))
    assert "Back to the list" not in text_of(xpath(encode(config=config), "t:text")[0])


def test_sidecar_over_tei_yaml() -> None:
    config = Config(rules=RuleOptions(clutter_lines=[r"^Back to the list of documents$"]))
    kept = encode(Sidecar(text_lines=[9]), config=config)
    assert "Back to the list of documents" in text_of(xpath(kept, "t:text")[0])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    write(tmp_path / "tei.yaml", """
        input: transcripts
        output: encoded
        persons: persons.yaml
        header:
          publisher: Corpus Publisher
        """)
    write(tmp_path / "persons.yaml", PERSONS)
    write(tmp_path / "transcripts" / "meeting.txt", TRANSCRIPT)
    write(tmp_path / "transcripts" / "meeting.yaml", """
        title: Title from the sidecar
        speakers:
          Ambassador Pak: pak-se-chang
        """)
    return tmp_path


def test_command_line_over_tei_yaml_and_sidecar_over_text(corpus: Path) -> None:
    """`-o` wins over `output:`; tei.yaml's header and the sidecar's title and speakers reach the file."""
    runner = CliRunner()
    result = runner.invoke(app, ["encode", str(corpus / "transcripts"), "--config", str(corpus / "tei.yaml"),
                                    "-o", str(corpus / "elsewhere"), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert not (corpus / "encoded" / "meeting.xml").exists()
    root = etree.parse(str(corpus / "elsewhere" / "meeting.xml")).getroot()
    assert xpath(root, "//t:publisher")[0].text == "Corpus Publisher"
    assert xpath(root, "//t:titleStmt/t:title")[0].text == "Title from the sidecar"
    assert "#pak-se-chang" in whos(root)


def test_tei_yaml_output_folder_without_a_flag(corpus: Path) -> None:
    result = CliRunner().invoke(app, ["encode", str(corpus / "transcripts" / "meeting.txt"),
                                         "--config", str(corpus / "tei.yaml"), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert (corpus / "encoded" / "meeting.xml").is_file()


def test_a_sidecar_mistake_stops_before_writing(corpus: Path) -> None:
    write(corpus / "transcripts" / "meeting.yaml", "brackets:\n  - {line: 3, kind: sic}\n")
    sidecar, findings = load_sidecar(corpus / "transcripts" / "meeting.txt")
    assert sidecar is None and findings[0].line == 2
    result = CliRunner().invoke(app, ["encode", str(corpus / "transcripts"), "--config", str(corpus / "tei.yaml"),
                                         "--no-validate"])
    assert result.exit_code == 2
    assert "meeting.yaml:2:" in result.output and "CFG002" in result.output
    assert not (corpus / "encoded" / "meeting.xml").exists()


def test_a_config_mistake_stops_before_writing(corpus: Path) -> None:
    write(corpus / "tei.yaml", "output: encoded\nheader:\n  publisher: [x]\n")
    result = CliRunner().invoke(app, ["encode", str(corpus / "transcripts"), "--config", str(corpus / "tei.yaml"),
                                         "--no-validate"])
    assert result.exit_code == 2
    assert "tei.yaml:3:14: error[CFG002] header.publisher" in result.output
    assert not (corpus / "encoded").exists()
