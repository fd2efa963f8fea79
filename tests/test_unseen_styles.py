"""Layouts of the document family that the shared samples do not show (see tests/unseen/README.md)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tei_tool.api import encode_bytes

HERE = Path(__file__).parent / "unseen"
NS = {"t": "http://www.tei-c.org/ns/1.0"}


def encode(name: str) -> tuple[etree._Element, list[str]]:
    result = encode_bytes((HERE / name).read_bytes(), name, validate=False)
    return etree.fromstring(result.xml), [f.code for f in result.findings]


def test_soviet_journal(tei_all: etree.RelaxNG) -> None:
    root, codes = encode("soviet-journal-1958.txt")
    assert tei_all.validate(root), tei_all.error_log
    who = [sp.get("who") for sp in root.findall(".//t:sp", NS)]
    assert who == ["#kim-il-sung", "#a-m-puzanov", "#kim-il-sung"]
    assert [ab.get("type") for ab in root.findall(".//t:div[@type='record']/t:ab", NS)][:2] == \
        ["classification", "copy"]
    assert root.find(".//t:div[@type='record']/t:closer/t:signed", NS) is not None  # the signature ends the record
    items = root.findall(".//t:list[@type='distribution']/t:item", NS)
    copies = [int(i.find("t:measure", NS).get("quantity")) if i.find("t:measure", NS) is not None else 1 for i in items]
    assert sum(copies) == 5  # "Five copies printed": 1, 2, 3 and the range 4-5
    gap = root.find(".//t:gap[@unit='word']", NS)
    assert gap is not None and gap.get("quantity") == "2" and gap.get("reason") == "illegible"


def test_us_memcon(tei_all: etree.RelaxNG) -> None:
    root, codes = encode("us-memcon-1977.txt")
    assert tei_all.validate(root), tei_all.error_log
    who = [sp.get("who") for sp in root.findall(".//t:sp", NS)]
    assert who == ["#deng-xiaoping", "#cyrus-vance", "#deng-xiaoping", "#cyrus-vance"]
    assert root.find(".//t:sp", NS).get("cert") == "low" and "W202" in codes  # Teng = Deng, by title only
    ids = {p.get("{http://www.w3.org/XML/1998/namespace}id"): p.get("role") for p in root.iterfind(".//t:person", NS)}
    assert ids["tang-wensheng"] == "interpreter"
    assert "chinese-side" not in ids and "u-s-side" not in ids
    assert root.find(".//t:ab[@type='classification']", NS).text == "SECRET/NODIS"


def test_markdown_export_with_headings(tei_all: etree.RelaxNG) -> None:
    root, _ = encode("hungarian-cable-markdown-1968.txt")
    assert tei_all.validate(root), tei_all.error_log
    title = root.find(".//t:titleStmt/t:title", NS)
    assert title.text == "Telegram from the Hungarian Embassy in Pyongyang to the Hungarian Foreign Ministry"
    assert root.find(".//t:front/t:div[@type='citation']/t:head/t:hi[@rend='h2']", NS) is not None
    # the text is English; the original's language belongs to the source description (issue 9)
    assert [lang.text for lang in root.iterfind(".//t:langUsage/t:language", NS)] == ["English"]
    assert root.find(".//t:sourceDesc//t:textLang[@mainLang='hu']", NS).text == "Hungarian"
    assert [ab.get("type") for ab in root.iterfind(".//t:body//t:ab", NS)] == ["dateline", "sender", "addressee"]
