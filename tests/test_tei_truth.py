"""Issue 9: TEI that says only what the document says, declares how it was made, and is portable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tei_tool.api import SCHEMA_URL, encode_text
from tei_tool.config import Config, Personography
from tei_tool.config.init import init_corpus
from tei_tool.config.load import load_config

from .conftest import ROOT, SHARED

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TRANSCRIPTS = SHARED / "transcripts"


def encode(path: Path, config: Config | None = None) -> etree._Element:
    result = encode_text(path.read_text(encoding="utf-8"), path.name, config or Config(), Personography(),
                         validate=False)
    assert result.xml, [f.format() for f in result.findings]
    return etree.fromstring(result.xml)


def xp(root: etree._Element, path: str) -> list[etree._Element]:
    return root.xpath(path, namespaces=NS)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def frus(shared_dir: Path) -> etree._Element:
    return encode(TRANSCRIPTS / "dev2" / "04_state-telegram-see-dobrynin-1968-12-04.txt")


@pytest.fixture(scope="module")
def wilson(shared_dir: Path) -> etree._Element:
    return encode(TRANSCRIPTS / "seeds" / "003_9ceaab800d780c09.txt")


# -- provenance ------------------------------------------------------------------------------------


def test_no_document_invents_a_translator(shared_dir: Path) -> None:
    for path in sorted(TRANSCRIPTS.glob("*/*.txt")):
        xml = etree.tostring(encode(path), encoding="unicode")
        assert "not named" not in xml or "does not name its translator" in xml, path.name
        assert "(not named in the transcript)" not in xml, path.name


def test_english_frus_document_has_no_translator_and_credits_its_editors(frus: etree._Element) -> None:
    assert not xp(frus, "//t:respStmt[@xml:id='resp-translator']")
    editors = xp(frus, "//t:respStmt[@xml:id='resp-editors']/t:name")
    assert editors and "Foreign Relations of the United States" in editors[0].text
    assert xp(frus, "//t:sourceDesc//t:textLang[@mainLang='en']")
    for element in xp(frus, "//t:text//*[@resp]"):
        assert element.get("resp") == "#resp-editors"


def test_translation_credits_brackets_to_the_named_translator(wilson: etree._Element) -> None:
    names = [n.text for n in xp(wilson, "//t:respStmt[@xml:id='resp-translator']/t:persName")]
    assert names == ["Stephen Mercado"]
    assert xp(wilson, "//t:text//t:supplied[@resp='#resp-translator']")
    assert xp(wilson, "//t:sourceDesc/t:bibl[@type='source']/t:textLang[@mainLang='zh']")
    assert not xp(wilson, "//t:langUsage/t:language[@ident='zh']")  # the text itself is English


def test_unnamed_translation_says_so_without_a_person() -> None:
    root = etree.fromstring(encode_text("Original Language:\n\nRussian\n\nA: Hello [there].\n", "t.txt", Config(),
                                        Personography(), validate=False).xml)
    assert not xp(root, "//t:respStmt[@xml:id='resp-translator']")
    assert not xp(root, "//t:text//*[@resp]")
    decl = "".join(xp(root, "//t:editorialDecl")[0].itertext())
    assert "does not name its translator" in decl


def test_publication_describes_the_tei_file_from_configuration(wilson: etree._Element) -> None:
    assert not xp(wilson, "//t:publicationStmt/t:publisher")
    assert "not stated" in "".join(xp(wilson, "//t:publicationStmt")[0].itertext())
    source = xp(wilson, "//t:sourceDesc/t:bibl[@type='source']")[0]
    assert xp(source, "t:idno[@type='URI']")[0].text == "https://digitalarchive.umd.edu/document/119000"
    assert xp(source, "t:idno[@type='record']")[0].text == "119000"
    config = Config()
    config.header.publisher, config.header.licence = "My Project", "CC BY 4.0"
    root = encode(TRANSCRIPTS / "seeds" / "003_9ceaab800d780c09.txt", config)
    assert xp(root, "//t:publicationStmt/t:publisher")[0].text == "My Project"
    assert xp(root, "//t:publicationStmt/t:availability/t:licence")[0].text == "CC BY 4.0"


def test_bundled_tei_yaml_claims_no_publisher() -> None:
    config, _ = load_config(ROOT / "tei.yaml")
    assert config.header.publisher == ""


# -- encodingDesc and revisionDesc -----------------------------------------------------------------


def test_encoding_desc_names_the_tool_conventions_and_renditions(wilson: etree._Element) -> None:
    from tei_tool import __version__

    application = xp(wilson, "//t:encodingDesc/t:appInfo/t:application[@ident='tei']")
    assert application and application[0].get("version") == __version__
    assert xp(wilson, "//t:editorialDecl/t:interpretation/t:p")
    declared = {r.get(XML_ID) for r in xp(wilson, "//t:tagsDecl/t:rendition")}
    used = {f"rend-{e.get('rend')}" for e in xp(wilson, "//t:text//*[@rend]")}
    assert used and used == declared


def test_removed_clutter_lines_are_declared_with_their_lines(shared_dir: Path) -> None:
    path = TRANSCRIPTS / "seeds" / "000_5af2c6f9d96ebcb8.txt"
    result = encode_text(path.read_text(encoding="utf-8"), path.name, Config(), Personography(), validate=False)
    lines = sorted({f.line for f in result.findings if f.code == "CLUTTER"})
    assert lines
    text = "".join(xp(etree.fromstring(result.xml), "//t:editorialDecl")[0].itertext())
    assert f"Removed: {len(lines)} lines" in text and ", ".join(map(str, lines)) in text


def test_revision_date_only_from_config_or_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    text = "A: Hello.\n"

    def change() -> etree._Element:
        root = etree.fromstring(encode_text(text, "t.txt", config, Personography(), validate=False).xml)
        return xp(root, "//t:revisionDesc/t:change")[0]

    config = Config()
    assert change().get("when") is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert change().get("when") == "1970-01-02"
    config.header.date = "2026-12-01"
    assert change().get("when") == "2026-12-01"


# -- details ---------------------------------------------------------------------------------------


def test_turns_and_notes_have_stable_ids_and_inline_notes_say_so(wilson: etree._Element) -> None:
    sps = xp(wilson, "//t:sp")
    assert sps and [sp.get(XML_ID) for sp in sps] == [f"sp-{i}" for i in range(1, len(sps) + 1)]
    notes = xp(wilson, "//t:text//t:note[not(@type='footnote')]")
    assert notes and all(n.get(XML_ID) and n.get("place") == "inline" for n in notes)
    again = encode(TRANSCRIPTS / "seeds" / "003_9ceaab800d780c09.txt")
    assert [n.get(XML_ID) for n in xp(again, "//t:note")] == [n.get(XML_ID) for n in xp(wilson, "//t:note")]


def test_footnotes_are_linked_both_ways(shared_dir: Path) -> None:
    frus = encode(TRANSCRIPTS / "dev" / "08_frus-telegram-korea-1946-01-25.txt")
    notes = xp(frus, "//t:note[@type='footnote']")
    assert notes and all(n.get("target") for n in notes)
    for note in notes:
        for target in (note.get("target") or "").split():
            ref = xp(frus, f"//t:ref[@xml:id='{target[1:]}']")
            assert ref and ref[0].get("target") == f"#{note.get(XML_ID)}"
    for ref in xp(frus, "//t:ref[@type='footnote'][@target]"):
        note = xp(frus, f"//t:note[@xml:id='{ref.get('target')[1:]}']")[0]
        assert f"#{ref.get(XML_ID)}" in note.get("target", "").split()


def test_every_shared_output_is_valid(shared_dir: Path, tei_all: etree.RelaxNG) -> None:
    project = etree.RelaxNG(etree.parse(str(ROOT / "schemas" / "tei-archival.rng")))
    for path in sorted(TRANSCRIPTS.glob("*/*.txt")):
        root = encode(path)
        assert tei_all.validate(root), (path.name, str(tei_all.error_log.last_error))
        assert project.validate(root), (path.name, str(project.error_log.last_error))


# -- portable files --------------------------------------------------------------------------------


def _install(where: Path) -> Path:
    """A copy of the package as an installed wheel lays it out (schemas as tei_tool/data)."""
    site = where / "lib" / "site-packages"
    shutil.copytree(ROOT / "tei_tool", site / "tei_tool", ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copytree(ROOT / "schemas", site / "tei_tool" / "data")
    return site


def _encode_with(site: Path, transcript: Path, out: Path, cwd: Path) -> bytes:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run([sys.executable, "-c", "from tei_tool.cli import main; main()", "encode", str(transcript),
                    "-o", str(out)], cwd=cwd, env=env, check=True, capture_output=True)
    return (out / f"{transcript.stem}.xml").read_bytes()


def test_same_bytes_from_two_folders_and_two_install_paths(tmp_path: Path, shared_dir: Path) -> None:
    source = TRANSCRIPTS / "seeds" / "003_9ceaab800d780c09.txt"
    outputs = []
    for name, depth in (("a", "x"), ("b", "deeper/still/y")):
        site = _install(tmp_path / f"install-{name}")
        folder = tmp_path / depth
        folder.mkdir(parents=True)
        transcript = folder / source.name
        shutil.copyfile(source, transcript)
        outputs.append(_encode_with(site, transcript, folder / "out", folder))
    assert outputs[0] == outputs[1]
    assert f'href="{SCHEMA_URL}"'.encode() in outputs[0]
    assert b"site-packages" not in outputs[0]


def test_corpus_copy_gives_same_bytes_and_links_its_own_schema(tmp_path: Path, shared_dir: Path) -> None:
    first = tmp_path / "one" / "corpus"
    init_corpus(first)
    assert (first / "schemas" / "tei-archival.rng").is_file()
    catalog = etree.parse(str(first / "schemas" / "catalog.xml"))
    assert catalog.getroot()[0].get("name") == SCHEMA_URL
    shutil.copyfile(TRANSCRIPTS / "seeds" / "003_9ceaab800d780c09.txt", first / "transcripts" / "doc.txt")
    second = tmp_path / "two" / "elsewhere" / "corpus"
    shutil.copytree(first, second)
    outputs = []
    for corpus in (first, second):
        config, findings = load_config(corpus / "tei.yaml")
        assert not findings
        result = encode_text((corpus / "transcripts" / "doc.txt").read_text(encoding="utf-8"), "doc.txt", config,
                             Personography(), validate=False)
        outputs.append(result.xml)
    assert outputs[0] == outputs[1]
    assert b'href="../schemas/tei-archival.rng"' in outputs[0]


# -- persons ---------------------------------------------------------------------------------------


def test_personography_roles_and_authority_ids_are_written(shared_dir: Path) -> None:
    from tei_tool.config import PersonEntry

    personography = Personography(persons=[PersonEntry("mao-zedong", "Mao Zedong", titles=["Chairman"],
                                                       roles=["Chairman of the Chinese Communist Party"],
                                                       wikidata="Q5816", viaf="64002842")])
    text = "Chairman Mao: Welcome.\n\nKissinger: Thank you.\n"
    root = etree.fromstring(encode_text(text, "t.txt", Config(), personography, validate=False).xml)
    mao = xp(root, "//t:person[@xml:id='mao-zedong']")[0]
    assert [o.text for o in xp(mao, "t:occupation")] == ["Chairman of the Chinese Communist Party"]
    assert xp(mao, "t:idno[@type='wikidata']")[0].text == "Q5816"
    assert xp(mao, "t:idno[@type='VIAF']")[0].text == "64002842"
    other = xp(root, "//t:person[not(@xml:id='mao-zedong')]")[0]
    assert not xp(other, "t:occupation | t:idno")  # nothing known, nothing written


def test_personography_titles_are_written_for_the_persons_of_the_document(shared_dir: Path) -> None:
    from tei_tool.config.load import load_personography

    personography, _ = load_personography(ROOT / "persons.yaml")
    path = TRANSCRIPTS / "seeds" / "004_51fc4f28fe7a7d9f.txt"
    root = etree.fromstring(encode_text(path.read_text(encoding="utf-8"), path.name, Config(), personography,
                                        validate=False).xml)
    zhou = xp(root, "//t:person[@xml:id='zhou-enlai']")[0]
    titled = xp(zhou, "t:persName[@type='titled']")
    assert ["".join(t.itertext()) for t in titled] == ["Premier Zhou Enlai", "Prime Minister Zhou Enlai"]
    assert [r.text for r in xp(zhou, "t:persName[@type='titled']/t:roleName[@type='title']")] == [
        "Premier", "Prime Minister"]
    # only persons the document has: Mao (Chairman in persons.yaml) is not in this record
    assert not xp(root, "//t:person[@xml:id='mao-zedong']")
    written = {p.get(XML_ID) for p in xp(root, "//t:person[t:persName[@type='titled']]")}
    known = {e.id for e in personography.persons if e.titles}
    assert written <= known and written == known & {p.get(XML_ID) for p in xp(root, "//t:person")}
    # persons.yaml-free encoding writes no title
    assert not xp(encode(path), "//t:persName[@type='titled']")


def test_participants_are_nested_by_the_group_the_document_lists_them_in(wilson: etree._Element) -> None:
    groups = xp(wilson, "//t:particDesc/t:listPerson/t:listPerson[@type='participants']")
    heads = [xp(g, "t:head")[0].text for g in groups]
    assert heads == ["Our side", "Korean side"]
    korean = [p.get(XML_ID) for p in xp(groups[1], "t:person")]
    assert korean == ["ma-dong-san", "jeong-bong-gyu"]
    listed = "//t:body//t:list[@type='participants'][t:head='Korean side:']/t:item/t:persName[@ref]"
    labelled = [p.get("ref")[1:] for p in xp(wilson, listed)]
    assert labelled == korean


def test_body_participant_lines_are_lists_of_persons_that_rebuild_the_lines(shared_dir: Path) -> None:
    from tei_tool.tei.textback import inline_text, tei_to_text

    seeds = TRANSCRIPTS / "seeds"
    cases = {  # transcript: (head, rend, persons) of each participants list in its body
        seeds / "003_9ceaab800d780c09.txt": [
            ("Our side:", "inline", ["#ji-pengfei", "#zhou-qiuye", "#ge-buhai"]),
            ("Korean side:", "inline", ["#ma-dong-san", "#jeong-bong-gyu"])],
        seeds / "000_5af2c6f9d96ebcb8.txt": [  # "Accompanying Personnel:" then the names on the next line
            ("Accompanying Personnel:", "inline", ["#geng-biao", "#cao-keqiang"]),
            ("[North] Korean side:", "inline", ["#tae-ho"])],
        TRANSCRIPTS / "dev2" / "13_frus-marshall-chou-1946-07-08.txt": [  # one person a line
            ("Also present:", "lines", ["#chang", "#caughey", "#soong"])],
    }
    for path, expected in cases.items():
        root = encode(path)
        lists = xp(root, "//t:body//t:list[@type='participants']")
        found = [(inline_text(lst.find("t:head", NS)), lst.get("rend"),
                  [p.get("ref") for p in xp(lst, "t:item/t:persName")]) for lst in lists]
        assert found == expected, path.name
        assert all(len(xp(item, "t:persName")) <= 1 for item in xp(root, "//t:list[@type='participants']/t:item"))
    # every character of the lines comes back, the head on its own line where it was printed so
    text = tei_to_text(encode(seeds / "000_5af2c6f9d96ebcb8.txt"))
    assert ("Accompanying Personnel:\nMinistry of Foreign Affairs Vice Minister Geng Biao, Deputy Department Head "
            "Cao Keqiang\n") in text
    # FRUS: "Participants:" and each name a paragraph of its own; names the persons pass did not resolve
    # stay text (no person is invented), and the paragraphs come back as paragraphs
    frus = encode(SHARED / "corpus" / "frus" / "frus1947v07" / "d264.txt")
    paragraphs = xp(frus, "//t:list[@type='participants'][@rendition='#rend-paragraphs']")
    assert [inline_text(i) for i in xp(paragraphs[0], "t:item")][:2] == ["The Ambassador", "Chang Po-chun"]
    assert "Participants:\n\nThe Ambassador\n\nChang Po-chun\n\n" in tei_to_text(frus)
    # a line that is not only names (the Nixon memcon's aligned columns) stays a header line
    nixon = encode(TRANSCRIPTS / "dev" / "07_nixon-mao-memcon-1972-02-21.txt")
    assert xp(nixon, "//t:ab[@type='participants']/t:persName[@ref]")
    assert not xp(nixon, "//t:list[@type='participants']")


def test_an_office_after_an_addressed_name_is_not_a_person(shared_dir: Path) -> None:
    root = encode(TRANSCRIPTS / "dev" / "10_frus-oil-transcript-1954-01-23.txt")
    ids = [p.get(XML_ID) for p in xp(root, "//t:person")]
    assert "counsel" not in ids and "austin-t-foster" in ids
    offices = ["".join(r.itertext()) for r in xp(root, "//t:ab/t:roleName | //t:list/t:item/t:roleName")]
    assert "General Counsel" in offices and "Counsel" in offices
    # two addressed names on one line stay two persons
    text = "Participants:\nMr. John Smith, Dr. Jane Roe\n\nMr. Smith: Hello.\n"
    persons = etree.fromstring(encode_text(text, "t.txt", Config(), Personography(), validate=False).xml)
    assert {"john-smith", "jane-roe"} <= {p.get(XML_ID) for p in xp(persons, "//t:person")}


def test_roles_say_how_the_document_lists_a_person(shared_dir: Path) -> None:
    root = encode(TRANSCRIPTS / "dev" / "07_nixon-mao-memcon-1972-02-21.txt")
    roles = {p.get(XML_ID): p.get("role") for p in xp(root, "//t:person")}
    assert roles["tang-wen-sheng"] == "interpreter" and roles["winston-lord"] == "recorder"
    assert roles["chou-en-lai"] == "participant"  # listed among the participants, not "accompanying"
    assert roles["richard-nixon"] == "principal"  # a listed participant who speaks
    seed = encode(TRANSCRIPTS / "seeds" / "000_5af2c6f9d96ebcb8.txt")
    assert xp(seed, "//t:person[@xml:id='geng-biao']")[0].get("role") == "accompanying"  # "Accompanying Personnel:"


# -- correspondence --------------------------------------------------------------------------------


def test_telegram_title_gives_sender_and_addressee_and_dateline_place_and_date(frus: etree._Element) -> None:
    sent = xp(frus, "//t:correspDesc/t:correspAction[@type='sent']")[0]
    assert xp(sent, "t:name")[0].text == "the Department of State"
    assert xp(sent, "t:placeName")[0].text == "Washington"
    assert xp(sent, "t:date")[0].get("when", "").startswith("1968-12-04")  # with the Zulu time when printed
    received = xp(frus, "//t:correspDesc/t:correspAction[@type='received']/t:name")
    assert received[0].text == "the Embassy in the Soviet Union"


def test_addressee_line_without_its_supplied_label_word(shared_dir: Path) -> None:
    root = encode(TRANSCRIPTS / "dev" / "03_chinese-embassy-cable-1963-11-23.txt")
    received = xp(root, "//t:correspAction[@type='received']/t:name")
    assert [n.text for n in received] == ["the Ministry of Foreign Affairs"]
    assert not xp(root, "//t:correspAction[@type='sent']/t:name")  # the cable names no sender: none invented
    assert xp(root, "//t:correspAction[@type='sent']/t:date[@when='1963-11-23']")


def test_conversation_record_has_no_correspondence(wilson: etree._Element) -> None:
    assert not xp(wilson, "//t:correspDesc")


# -- running text ----------------------------------------------------------------------------------


def test_running_text_links_persons_the_personography_knows(shared_dir: Path) -> None:
    from tei_tool.config.load import load_personography

    personography, _ = load_personography(ROOT / "persons.yaml")
    path = TRANSCRIPTS / "seeds" / "000_5af2c6f9d96ebcb8.txt"
    root = etree.fromstring(encode_text(path.read_text(encoding="utf-8"), path.name, Config(), personography,
                                        validate=False).xml)
    linked = {p.get("ref") for p in xp(root, "//t:sp/t:p//t:persName[@ref]")}
    assert {"#kim-il-sung", "#choe-yong-geon"} <= linked
    for ref in linked:  # every pointer resolves to a person of the header
        assert xp(root, f"//t:particDesc//t:person[@xml:id='{ref[1:]}']")
    assert xp(root, "//t:person[@xml:id='kim-il-sung']")[0].get("role") == "mentioned"
    # a bare surname is never linked: "Premier [Kim]" stays as printed
    assert not xp(root, "//t:sp/t:p//t:persName[.='Kim']")


def test_referent_gloss_is_a_gloss_linked_to_the_person(shared_dir: Path) -> None:
    from tei_tool.config.load import load_personography
    from tei_tool.evaluate.textcompare import compare_to_transcript
    from tei_tool.tei.textback import inline_text, tei_to_text

    personography, _ = load_personography(ROOT / "persons.yaml")
    path = TRANSCRIPTS / "seeds" / "000_5af2c6f9d96ebcb8.txt"
    text = path.read_text(encoding="utf-8")
    result = encode_text(text, path.name, Config(), personography, validate=False)
    root = etree.fromstring(result.xml)
    assert not xp(root, "//t:supplied[@reason='referent']")
    glosses = xp(root, "//t:text//t:gloss")
    assert [inline_text(g) for g in glosses] == ["[Khrushchev’s]", "[North Korea]", "[Khrushchev]",
                                                 "[the delegation chief]"]
    assert all(g.get("resp") == "#resp-translator" and g.get("rend") == "brackets" for g in glosses)
    # the name is linked, the possessive stays outside it; a gloss that is no known person is not linked
    linked = [(g.xpath("string(t:persName)", namespaces=NS), g.xpath("string(t:persName/@ref)", namespaces=NS))
              for g in glosses]
    assert linked == [("Khrushchev", "#nikita-khrushchev"), ("", ""), ("Khrushchev", "#nikita-khrushchev"), ("", "")]
    assert xp(root, "//t:person[@xml:id='nikita-khrushchev']")[0].get("role") == "mentioned"
    clutter = {f.line for f in result.findings if f.code == "CLUTTER"}
    assert compare_to_transcript(tei_to_text(root), text, clutter) == []  # every character kept
    # "stipulated that [the Second International] will…": a conjunction, so supplied words, not a gloss
    assert xp(root, "//t:supplied[.='the Second International']")


def test_time_range_has_from_and_to(shared_dir: Path) -> None:
    root = encode(TRANSCRIPTS / "dev" / "07_nixon-mao-memcon-1972-02-21.txt")
    dates = xp(root, "//t:ab[@type='time']//t:date")
    assert dates and dates[0].get("from") == "1972-02-21T14:50:00" and dates[0].get("to") == "1972-02-21T15:55:00"
    assert dates[0].get("when") is None


def test_letter_opens_with_its_dateline_and_closes_with_its_signature(frus: etree._Element) -> None:
    dateline = xp(frus, "//t:div[@type='record']/t:opener/t:dateline")
    assert dateline and "".join(dateline[0].itertext()).startswith("Washington, December 4, 1968")
    soviet = encode(ROOT / "tests" / "unseen" / "soviet-journal-1958.txt")
    signed = xp(soviet, "//t:div[@type='record']/*[last()][self::t:closer]/t:signed")
    assert signed and "A. Puzanov" in "".join(signed[0].itertext())
    # a dateline in the middle of a record stays a typed line
    gdr = encode(TRANSCRIPTS / "dev" / "05_gdr-note-pimenov-1975-01-28.txt")
    assert xp(gdr, "//t:ab[@type='dateline']") and not xp(gdr, "//t:opener")


def test_distribution_offices_and_places_are_not_persons(shared_dir: Path) -> None:
    hungarian = encode(TRANSCRIPTS / "dev" / "04_barity-hungarian-report-1972-08-12.txt")
    assert not xp(hungarian, "//t:list[@type='distribution']//t:persName[.='Pyongyang']")
    assert xp(hungarian, "//t:list[@type='distribution']/t:item[.='Pyongyang']")
    assert xp(hungarian, "//t:list[@type='distribution']//t:persName[.='Comrade Kádár']")
    chinese = encode(ROOT / "transcripts" / "1962-04-21_liu-shaoqi_han-ik-su.txt")
    assert xp(chinese, "//t:list[@type='distribution']/t:item/t:roleName[.='Ambassador']")
    assert xp(chinese, "//t:list[@type='distribution']/t:item/t:persName[.='Chen']")  # bare surnames stay persons


def test_decimal_file_number_is_not_cut_at_the_slash(shared_dir: Path) -> None:
    root = encode(TRANSCRIPTS / "dev" / "08_frus-telegram-korea-1946-01-25.txt")
    shelfmarks = [i.text for i in xp(root, "//t:sourceDesc/t:bibl[@type='archival']/t:idno[@type='shelfmark']")]
    assert shelfmarks == ["740.00119 Control (Korea)/1–2546"]


def test_a_footnote_number_printed_twice_keeps_ids_unique(shared_dir: Path) -> None:
    path = TRANSCRIPTS / "dev" / "08_frus-telegram-korea-1946-01-25.txt"
    text = path.read_text(encoding="utf-8") + "\n  2. A second note printed with the same number."
    result = encode_text(text, path.name, Config(), Personography())
    assert not [f for f in result.findings if f.severity.name == "ERROR"], [f.format() for f in result.findings]
    ids = [n.get(XML_ID) for n in xp(etree.fromstring(result.xml), "//t:note[@type='footnote']")]
    assert ids == ["fn-1", "fn-2", "fn-2-2"]


def test_a_corpus_can_declare_its_own_series(tmp_path: Path) -> None:
    (tmp_path / "tei.yaml").write_text(
        "rules:\n  source_series:\n    - name: Documents on British Policy Overseas\n"
        "      publisher: Foreign and Commonwealth Office\n      editors: the editors of DBPO\n"
        "      language: en\n      signals: ['Documents on British Policy Overseas']\n", encoding="utf-8")
    config, findings = load_config(tmp_path / "tei.yaml")
    assert not findings, [f.format() for f in findings]
    text = "Printed in Documents on British Policy Overseas, series III.\n\nA: We agree [on this].\n"
    root = etree.fromstring(encode_text(text, "t.txt", config, Personography(), validate=False).xml)
    assert xp(root, "//t:bibl[@type='source']/t:title[@level='s']")[0].text == "Documents on British Policy Overseas"
    assert xp(root, "//t:respStmt[@xml:id='resp-editors']/t:name")[0].text == "the editors of DBPO"
    assert xp(root, "//t:supplied[@resp='#resp-editors']")
    (tmp_path / "tei.yaml").write_text("rules:\n  source_series:\n    - name: X\n      signals: ['(']\n",
                                       encoding="utf-8")
    _, findings = load_config(tmp_path / "tei.yaml")
    assert any("regular expression" in f.message for f in findings)


# -- bylines ---------------------------------------------------------------------------------------


def test_an_author_line_is_a_byline_and_only_when_it_names_someone(shared_dir: Path) -> None:
    from tei_tool.tei.textback import inline_text

    telegram = encode(TRANSCRIPTS / "dev2" / "10_mao-liu-telegram-1949-12-18.txt")  # " Author: Mao zedong"
    bylines = xp(telegram, "//t:front//t:byline")
    assert [inline_text(b) for b in bylines] == ["Author: Mao zedong"]
    assert [d.text for d in xp(bylines[0], "t:docAuthor")] == ["Mao zedong"]
    corpus = SHARED / "corpus" / "wilson"
    speech = encode(corpus / "119300.txt")  # "Author: Mao Zedong" in the Speeches/Documents header
    assert [inline_text(b) for b in xp(speech, "//t:byline")] == ["Author: Mao Zedong"]
    # negative cases: "Author:" with nobody after it; a FRUS title that names its author ("Memorandum by
    # General Chou En-lai to General Marshall") is a title, not a byline; a record of conversation has none
    assert not xp(encode(corpus / "liu-shaoqi-stalin-1949-07-27.txt"), "//t:byline")
    assert not xp(encode(SHARED / "corpus" / "frus" / "frus1946v09" / "d432.txt"), "//t:byline")
    assert not xp(encode(TRANSCRIPTS / "seeds" / "003_9ceaab800d780c09.txt"), "//t:byline")
