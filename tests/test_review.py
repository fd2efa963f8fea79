"""`tei review` without a browser: pages for every shared document, their marks, lines, queue and CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree, html

from tei_tool.config import Config, Personography
from tei_tool.review import Review, from_tei, from_transcript, render_index, render_page

from .conftest import ROOT, SHARED

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
# What each data-kind on the page stands for in the TEI (written here, not imported: the test is the spec).
KINDS = {
    "turn": "//t:text//t:sp", "supplied": "//t:text//t:supplied", "variant": "//t:text//t:note[@type='variant']",
    "note": "//t:text//t:note[not(@type='variant') and not(@type='footnote')]",
    "footnote": "//t:text//t:note[@type='footnote']", "gap": "//t:text//t:gap", "pagebreak": "//t:text//t:pb",
    "footnote-ref": "//t:text//t:ref", "stage": "//t:text//t:stage", "item": "//t:text//t:list/t:item",
    "copies": "//t:text//t:measure", "name": "//t:text//t:persName", "place": "//t:text//t:placeName",
    "org": "//t:text//t:orgName", "date": "//t:text//t:date", "idno": "//t:text//t:idno",
    "role": "//t:text//t:roleName",
}
SEED = SHARED / "transcripts" / "seeds" / "003_9ceaab800d780c09.txt"
DEV09 = SHARED / "transcripts" / "dev" / "09_liu-zhou-jeong-bonggyu-1965-09-09.txt"


def _shared_documents() -> list[Path]:
    transcripts = sorted((SHARED / "transcripts").glob("*/*.txt"))
    tei = sorted((SHARED / "transcripts").glob("*/*/*.xml"))
    corpus = sorted((SHARED / "corpus").rglob("*.txt"))
    return transcripts + tei + corpus


def _review(path: Path) -> Review:
    data = path.read_bytes()
    if path.suffix == ".xml":
        return from_tei(path, data, Personography())
    return from_transcript(path, data, Config(), Personography(), None)


def _page(path: Path) -> tuple[Review, bytes]:
    review = _review(path)
    assert not review.failure, review.failure
    return review, render_page(review)


def test_pages_build_for_every_shared_document(shared_dir: Path) -> None:
    """Every shared transcript and TEI file: a page, a mark per TEI element, ordered margin lines (the
    time per page is measured in bench/review_bench.py, not asserted here)."""
    documents = _shared_documents()
    assert len(documents) > 300
    seen: dict[str, int] = {}
    for path in documents:
        review, page = _page(path)
        tree = html.fromstring(page)
        tei = etree.fromstring(review.tei)
        for kind, xpath in KINDS.items():
            expected = len(tei.xpath(xpath, namespaces=TEI))
            assert len(tree.xpath(f"//main//*[@data-kind='{kind}']")) == expected, (path, kind)
            seen[kind] = seen.get(kind, 0) + expected
        if path.suffix == ".txt":  # the margin follows the transcript: line numbers never go back
            lines = [int(n) for n in tree.xpath("//main//span[@class='ln']/text()")]
            assert lines and lines == sorted(lines), path
    assert all(seen[kind] > 0 for kind in KINDS), seen  # the shared documents exercise every kind


@pytest.mark.parametrize("path", [SEED, DEV09], ids=lambda p: p.stem)
def test_every_tei_element_has_its_mark_of_its_kind(shared_dir: Path, path: Path) -> None:
    review, page = _page(path)
    tree = html.fromstring(page)
    tei = etree.fromstring(review.tei)
    for kind, xpath in KINDS.items():
        assert len(tree.xpath(f"//main//*[@data-kind='{kind}']")) == len(tei.xpath(xpath, namespaces=TEI)), kind


def test_margin_numbers_are_the_transcript_lines(shared_dir: Path) -> None:
    _, page = _page(SEED)
    tree = html.fromstring(page)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    turns = tree.xpath("//main//section[@data-kind='turn']")
    assert len(turns) == 36
    for turn in turns:
        speaker = turn.xpath("string(.//span[@class='speaker'])").replace("speaker label: ", "").strip()
        line = int(turn.get("data-line"))
        assert lines[line - 1].startswith(speaker), (line, speaker, lines[line - 1])
    recorder = tree.xpath("//main//div[contains(@class, 'ab-recorder')]")[0]
    assert lines[int(recorder.get("data-line")) - 1].startswith("Recorder:")


def test_queue_has_every_low_certainty_turn_and_warning_in_document_order(shared_dir: Path) -> None:
    review, page = _page(DEV09)
    tree = html.fromstring(page)
    tei = etree.fromstring(review.tei)
    low = tei.xpath("//t:sp[@cert='low']", namespaces=TEI)
    assert low
    items = tree.xpath("//nav[@id='queue']//li")
    certs = [li for li in items if li.get("data-kind") == "cert"]
    assert len(certs) == len(low)
    for li in certs:
        target = tree.get_element_by_id(li.get("data-target"))
        assert "cert-low" in target.get("class")
    warnings = [f for f in review.findings if f.severity.value == "warning"]
    queued = [li.text_content() for li in items if li.get("data-kind") == "warning"]
    assert len(queued) == len(warnings)
    for finding in warnings:
        assert any(f"{finding.line}:{finding.col}" in text and finding.code in text for text in queued)
    places = [tuple(int(n) for n in li.xpath("string(.//span[@class='loc'])").split(":")) for li in items]
    assert places == sorted(places)
    for li in items:  # every queue link leads to something on the page
        assert tree.get_element_by_id(li.get("data-target")) is not None


def test_unknown_persons_are_queued_with_their_yaml_entry(shared_dir: Path, tmp_path: Path) -> None:
    persons = tmp_path / "persons.yaml"
    persons.write_text("persons:\n  - {id: liu-shaoqi, name: Liu Shaoqi}\n", encoding="utf-8")
    personography = Personography(persons, [])
    from tei_tool.config import PersonEntry

    personography.persons.append(PersonEntry("liu-shaoqi", "Liu Shaoqi"))
    review = from_transcript(SEED, SEED.read_bytes(), Config(), personography, None)
    tree = html.fromstring(render_page(review))
    yaml = [li.xpath("string(.//code)") for li in tree.xpath("//nav[@id='queue']//li[@data-kind='person']")]
    assert "- {id: han-ik-su, name: Han Ik-su}" in yaml
    assert not any("liu-shaoqi" in entry for entry in yaml)
    assert "new" in tree.get_element_by_id("person-han-ik-su").text_content()


def test_a_tei_file_reviewed_alone_uses_xml_lines_and_validator_findings(shared_dir: Path, tmp_path: Path) -> None:
    review = _review(DEV09)
    xml = tmp_path / "dev09.xml"
    xml.write_bytes(review.tei)
    alone = from_tei(xml, xml.read_bytes(), Personography())
    tree = html.fromstring(render_page(alone))
    assert tree.xpath("//body/@data-lines") == ["xml"]
    assert "XML lines" in tree.xpath("string(//p[@class='sub'])")
    assert tree.xpath("//nav[@id='queue']//li[@data-kind='cert']")
    assert "Known only when the transcript is reviewed" in tree.xpath("string(//section[@id='clutter'])")
    first_turn = tree.xpath("//main//section[@data-kind='turn']")[0]
    sourceline = etree.fromstring(xml.read_bytes()).xpath("//t:sp", namespaces=TEI)[0].sourceline
    assert int(first_turn.get("data-line")) == sourceline


def test_pages_are_self_contained_and_deterministic(shared_dir: Path) -> None:
    first = _page(SEED)[1]
    assert first == _page(SEED)[1]
    tree = html.fromstring(first)
    assert not tree.xpath("//script[@src] | //link[@href] | //img | //iframe")
    assert tree.xpath("//style") and tree.xpath("//script")
    assert b"http://" not in first.split(b"<body")[0] and b"https://" not in first.split(b"<body")[0]


def test_index_lists_documents_with_counts_and_gold_scores(shared_dir: Path) -> None:
    from tei_tool.review import gold_scores

    reviews = [_review(SEED), _review(DEV09)]
    scores = gold_scores(SHARED / "transcripts", reviews)
    assert set(scores) == {str(SEED), str(DEV09)}
    tree = html.fromstring(render_index([(r, f"{r.stem}.html") for r in reviews], scores))
    rows = tree.xpath("//tbody/tr")
    assert len(rows) == 2
    assert rows[0].xpath("string(.//a/@href)") == "003_9ceaab800d780c09.html"
    cells = [c.text_content() for c in rows[0].xpath("td")]
    assert cells[4] == "36"  # turns
    assert "Turns F1" in tree.text_content()
    assert cells[11] == scores[str(SEED)].turns


def _tei(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from tei_tool.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_cli_writes_pages_and_index(shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _tei("review", str(SHARED / "transcripts" / "seeds"), "-o", str(out), "--gold",
                  str(SHARED / "transcripts" / "seeds"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "000_5af2c6f9d96ebcb8.html", "003_9ceaab800d780c09.html", "004_51fc4f28fe7a7d9f.html", "index.html"]
    assert "3 of 3 pages" in result.stdout


def test_cli_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI><text>", encoding="utf-8")
    good = tmp_path / "ok.txt"
    good.write_text("Liu: Hello.\n\nKim: Hello [again].\n", encoding="utf-8")
    result = _tei("review", str(broken), str(good), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert "broken.xml" in result.stderr and "not well-formed" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / "ok.html").is_file()
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "no page" in index and "ok.html" in index
    missing = _tei("review", str(tmp_path / "nope"), cwd=tmp_path)
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_persons_card_and_header_card_show_what_the_tei_says(shared_dir: Path) -> None:
    review, page = _page(SEED)
    tree = html.fromstring(page)
    tei = etree.fromstring(review.tei)
    for person in tei.xpath("//t:listPerson/t:person", namespaces=TEI):
        pid = person.get("{http://www.w3.org/XML/1998/namespace}id")
        row = tree.get_element_by_id(f"person-{pid}")
        cells = row.xpath("td")
        turns = len(tei.xpath(f"//t:sp[@who='#{pid}']", namespaces=TEI))
        assert cells[1].text_content() == person.get("role") and cells[2].text_content() == str(turns)
        for name in person.xpath("t:persName", namespaces=TEI):
            assert " ".join(name.xpath("string()").split()) in " ".join(cells[0].text_content().split())
    card = " ".join(tree.get_element_by_id("header").text_content().split())
    languages = ", ".join(f"{lang.xpath('string()').strip()} ({lang.get('ident')})"
                          for lang in tei.xpath("//t:langUsage/t:language", namespaces=TEI))
    for expected in ("April 21, 1962 1962-04-21", "PRC FMA 106-01380-05, 56-60", languages,
                     "translated by: Stephen Mercado"):
        assert expected in card
    turn = tree.xpath("//main//section[@data-kind='turn']")[0]
    assert turn.xpath("string(.//a[@class='who'])") == "Liu Shaoqi"
    assert turn.xpath("string(.//a[@class='who']/@href)") == "#person-liu-shaoqi"


def test_page_names_stay_unique_when_stems_collide() -> None:
    from tei_tool.commands.review import page_names

    names = page_names([Path("a/x.txt"), Path("b/x.xml"), Path("c/index.txt"), Path("x-2.txt")])
    assert names == ["x.html", "x-2.html", "index-2.html", "x-2-2.html"]
