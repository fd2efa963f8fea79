"""`tei init` (corpus skeleton) and `tei persons` (who speaks where, read back from TEI)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tei_tool.cli import app
from tei_tool.config.init import TEI_YAML, init_corpus
from tei_tool.config.load import load_config, load_personography, schema
from tei_tool.tei.personlist import collect


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run in an empty folder, away from the repository's own tei.yaml."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


# -- tei init -------------------------------------------------------------------------------------


def test_init_creates_the_skeleton(tmp_path: Path, runner: CliRunner) -> None:
    corpus = tmp_path / "corpus"
    result = runner.invoke(app, ["init", str(corpus)])
    assert result.exit_code == 0, result.output
    for name in ("tei.yaml", "persons.yaml", "transcripts/README.md"):
        assert (corpus / name).is_file()
        assert f"created {corpus / name}" in result.output
    assert (corpus / "encoded").is_dir()
    assert "tei encode transcripts/" in result.output  # the next command
    assert not list((corpus / "transcripts").glob("*.txt"))  # `tei encode transcripts/` finds no stray input


def test_init_refuses_to_overwrite(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "tei.yaml").write_text("input: mine\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert (tmp_path / "tei.yaml").read_text(encoding="utf-8") == "input: mine\n"
    assert not (tmp_path / "persons.yaml").exists()


def test_init_keeps_existing_files_other_than_tei_yaml(tmp_path: Path) -> None:
    (tmp_path / "persons.yaml").write_text("persons: []\n", encoding="utf-8")
    result = init_corpus(tmp_path)
    assert tmp_path / "persons.yaml" in result.kept
    assert (tmp_path / "persons.yaml").read_text(encoding="utf-8") == "persons: []\n"


def test_init_in_the_current_folder(in_tmp: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert (in_tmp / "tei.yaml").is_file()
    assert "run: tei encode transcripts/" in result.output


def test_created_files_validate(tmp_path: Path) -> None:
    init_corpus(tmp_path)
    config, findings = load_config(tmp_path / "tei.yaml")
    assert findings == []
    assert config.input_dir == tmp_path / "transcripts"
    assert config.output_dir == tmp_path / "encoded"
    assert config.persons_path == tmp_path / "persons.yaml"
    personography, findings = load_personography(tmp_path / "persons.yaml")
    assert findings == []
    assert [p.id for p in personography.persons] == ["zhou-enlai"]


def test_template_shows_every_option() -> None:
    properties = schema("config")["properties"]
    keys = [*properties, *properties["rules"]["properties"], *properties["header"]["properties"]]
    for key in keys:
        assert f"{key}:" in TEI_YAML, key


# -- tei persons ---------------------------------------------------------------------------------


def tei(persons: str, turns: str) -> str:
    """A minimal TEI file shaped like the encoder's output (docs/tei-mapping.md)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="doc-x" xml:lang="en">
  <teiHeader>
    <fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>
      <sourceDesc><p/></sourceDesc></fileDesc>
    <profileDesc><particDesc><listPerson>{persons}</listPerson></particDesc></profileDesc>
  </teiHeader>
  <text><body><div type="record">{turns}</div></body></text>
</TEI>
"""


ZHOU = """<person xml:id="zhou-enlai" role="principal"><persName type="full">Zhou Enlai</persName>
<persName type="short">Zhou</persName><persName type="label"><roleName>Premier</roleName> Zhou</persName></person>"""
PAK = """<person xml:id="pak-se-chang"><persName type="short">Pak</persName>
<persName type="full">Pak Se-chang</persName></person>"""
KIM = """<person xml:id="kim-il-sung" role="mentioned"><persName type="full">Kim Il Sung</persName>
<persName type="variant">Kim Il-song</persName></person>"""
LIU = """<person xml:id="liu-shaoqi"><persName type="full">Liu Shaoqi</persName></person>"""


def sp(who: str) -> str:
    return f'<sp who="#{who}"><speaker>{who}:</speaker><p>…</p></sp>'


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    out = tmp_path / "encoded"
    out.mkdir()
    (out / "a.xml").write_text(tei(ZHOU + PAK + KIM, sp("zhou-enlai") + sp("pak-se-chang") + sp("zhou-enlai")),
                               encoding="utf-8")
    (out / "b.xml").write_text(tei(ZHOU + LIU, sp("liu-shaoqi") + sp("zhou-enlai")), encoding="utf-8")
    (out / "notes.txt").write_text("not TEI", encoding="utf-8")
    return out


def test_collect_merges_ids_across_documents(corpus: Path) -> None:
    people = collect(sorted(corpus.glob("*.xml")))
    rows = {r.id: r for r in people.rows}
    assert [r.id for r in people.rows] == ["kim-il-sung", "liu-shaoqi", "pak-se-chang", "zhou-enlai"]
    assert rows["zhou-enlai"].turns == {"a.xml": 2, "b.xml": 1}
    assert rows["zhou-enlai"].total == 3
    assert rows["zhou-enlai"].names == ["Zhou Enlai", "Zhou", "Premier Zhou"]
    assert rows["pak-se-chang"].names == ["Pak Se-chang", "Pak"]  # the full name first
    assert rows["kim-il-sung"].turns == {"a.xml": 0}  # listed but silent
    assert people.documents == ["a.xml", "b.xml"]


def test_persons_text(corpus: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["persons", str(corpus)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "names", "documents", "(turns)", "turns"]
    zhou = next(line for line in lines if line.startswith("zhou-enlai"))
    assert "Zhou Enlai | Zhou | Premier Zhou" in zhou
    assert "a.xml (2); b.xml (1)" in zhou
    assert zhou.endswith(" 3")
    assert lines[0].index("names") == zhou.index("Zhou Enlai")  # aligned columns
    assert lines[-1] == "4 persons in 2 documents"


def test_persons_json(corpus: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["persons", str(corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == ["a.xml", "b.xml"]
    zhou = next(p for p in data["persons"] if p["id"] == "zhou-enlai")
    assert zhou == {"id": "zhou-enlai", "names": ["Zhou Enlai", "Zhou", "Premier Zhou"],
                    "documents": [{"document": "a.xml", "turns": 2}, {"document": "b.xml", "turns": 1}],
                    "turns": 3}


def test_persons_csv(corpus: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["persons", str(corpus / "a.xml"), str(corpus / "b.xml"), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["kim-il-sung", "liu-shaoqi", "pak-se-chang", "zhou-enlai"]
    assert rows[3] == {"id": "zhou-enlai", "names": "Zhou Enlai | Zhou | Premier Zhou",
                       "documents": "a.xml (2); b.xml (1)", "turns": "3"}


def test_persons_defaults_to_the_corpus_output_folder(corpus: Path, runner: CliRunner) -> None:
    (corpus.parent / "tei.yaml").write_text("output: encoded\n", encoding="utf-8")
    result = runner.invoke(app, ["persons", "--config", str(corpus.parent / "tei.yaml"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["persons"]) == 4


def test_persons_defaults_to_encoded_without_a_config(in_tmp: Path, corpus: Path, runner: CliRunner) -> None:
    assert corpus == in_tmp / "encoded"
    result = runner.invoke(app, ["persons", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 5


def test_persons_exit_2_without_tei_files(in_tmp: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["persons"])
    assert result.exit_code == 2
    assert "no TEI files" in result.output
    (in_tmp / "empty").mkdir()
    assert runner.invoke(app, ["persons", str(in_tmp / "empty")]).exit_code == 2


def test_persons_exit_2_on_a_broken_config(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "tei.yaml").write_text("output: [\n", encoding="utf-8")
    result = runner.invoke(app, ["persons"])
    assert result.exit_code == 2
    assert "tei.yaml:2:1: error[CFG001]" in result.output


def test_persons_reports_a_malformed_file_and_lists_the_rest(corpus: Path, runner: CliRunner) -> None:
    (corpus / "c.xml").write_text("<TEI><unclosed></TEI>", encoding="utf-8")
    result = runner.invoke(app, ["persons", str(corpus)])
    assert result.exit_code == 1
    assert "c.xml:1:" in result.output and "not well-formed XML" in result.output
    assert "4 persons in 2 documents" in result.output
