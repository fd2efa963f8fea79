"""tei_all cut down to the element names of the documents (tei_tool/validate/prune.py): the same
verdicts and the same messages as the whole grammar, on the third-party fixture sample and on
documents made to break it; what the cut keeps and drops. Not timed (speed: bench/validate_bench.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_tool.validate import Options, grammar, prune, validate_paths
from tei_tool.validate.parsing import parse_bytes

HERE = Path(__file__).resolve().parent
THIRD_PARTY = HERE / "third_party"
TEI = "http://www.tei-c.org/ns/1.0"
RNG = "http://relaxng.org/ns/structure/1.0"


def _tei_trees() -> dict[str, etree._ElementTree]:
    trees = {}
    for path in sorted(THIRD_PARTY.iterdir()):
        if path.suffix not in (".xml", ".tei"):
            continue
        parsed = parse_bytes(path.read_bytes(), str(path))
        if parsed.tree is not None and etree.QName(parsed.tree.getroot()).namespace == TEI:
            trees[path.name] = parsed.tree
    return trees


def _broken() -> dict[str, etree._ElementTree]:
    """Small documents that break tei_all in the ways a cut grammar could report differently: a
    required child missing (teiHeader, titleStmt's title), a wrong root, an element in the wrong place."""
    docs = {
        "no-header": f'<TEI xmlns="{TEI}"><text><body><p>x</p></body></text></TEI>',
        "wrong-root": f'<fs xmlns="{TEI}"><f name="a"><string>x</string></f></fs>',
        "no-title": f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt/><publicationStmt><p>p</p>'
                    f'</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>'
                    f'<text><body><p>x</p></body></text></TEI>',
        "misplaced": f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
                     f'<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>'
                     f'</teiHeader><text><body><p><div>x</div></p></body></text></TEI>',
    }
    return {name: etree.fromstring(text).getroottree() for name, text in docs.items()}


@pytest.fixture(scope="module")
def full_rng() -> etree.RelaxNG:
    """tei_all as `tei validate` compiled it before the cut (annotations removed, lists linearised)."""
    if not grammar.TEI_ALL.is_file():
        pytest.skip("the bundled tei_all.rng is absent")
    return grammar._compile(grammar._resolved(str(grammar.TEI_ALL)))  # type: ignore[return-value]


def _messages(rng: etree.RelaxNG, tree: etree._ElementTree) -> tuple[bool, list[tuple[int, str]]]:
    valid = rng.validate(tree)
    return valid, [(e.line, e.message) for e in rng.error_log]


@pytest.mark.parametrize("name", sorted({**_tei_trees(), **_broken()}))
def test_the_cut_grammar_gives_the_full_grammars_verdict_and_messages(name: str, full_rng: etree.RelaxNG) -> None:
    tree = {**_tei_trees(), **_broken()}[name]
    base = grammar._prepared(grammar._resolved(str(grammar.TEI_ALL)))
    assert isinstance(base, etree._ElementTree)
    cut = etree.RelaxNG(prune.pruned(base, prune.tree_names(tree)))
    assert _messages(cut, tree) == _messages(full_rng, tree)


def test_a_run_compiles_groups_of_names_and_its_verdicts_do_not_change() -> None:
    files = [p for p in sorted(THIRD_PARTY.iterdir()) if p.suffix in (".xml", ".tei")]
    results = validate_paths(files, options=Options(schema=grammar.TEI_ALL, time_limit=0), jobs=1)
    groups = grammar._GROUPS[grammar._resolved(str(grammar.TEI_ALL))]
    assert 1 <= len(groups) <= len(files)
    for path, result in zip(files, results, strict=True):
        scanned = prune.scanned_names(path.read_bytes())
        assert scanned is not None and any(scanned <= g for g in groups)
        assert result.schema.startswith("tei_all") or not result.checked or \
            any(f.code == "XML004" for f in result.findings)


def _grammar(body: str) -> etree._ElementTree:
    return etree.fromstring(f'<grammar xmlns="{RNG}"><start><ref name="root"/></start>{body}</grammar>').getroottree()


def test_unused_elements_go_and_required_missing_ones_stay_as_empty_stubs() -> None:
    base = _grammar(
        '<define name="root"><element name="root"><ref name="head"/><zeroOrMore><choice>'
        '<ref name="a"/><ref name="b"/><text/></choice></zeroOrMore></element></define>'
        '<define name="head"><element name="head"><element name="title"><text/></element></element></define>'
        '<define name="a"><element name="a"><text/></element></define>'
        '<define name="b"><element name="b"><ref name="a"/></element></define>')
    cut = prune.pruned(base, frozenset({"root", "head", "a"}))
    names = {e.get("name") for e in cut.iter(f"{{{RNG}}}element")}
    assert names == {"root", "head", "title", "a"}  # b is gone; title stays as a stub
    title = next(e for e in cut.iter(f"{{{RNG}}}element") if e.get("name") == "title")
    assert [etree.QName(k).localname for k in title] == ["empty"]
    assert not list(cut.iter(f"{{{RNG}}}notAllowed"))
    rng = etree.RelaxNG(cut)
    assert rng.validate(etree.fromstring("<root><head/><a>x</a></root>")) is False
    cut = etree.RelaxNG(prune.pruned(base, frozenset({"root", "head", "title", "a"})))
    assert cut.validate(etree.fromstring("<root><head><title>x</title></head><a>y</a>t</root>"))
    assert not cut.validate(etree.fromstring("<root><head><title>x</title></head><a><a/></a></root>"))


def test_only_large_flat_grammars_are_cut() -> None:
    assert not prune.prunable(_grammar('<define name="root"><element name="root"><empty/></element></define>'))
    base = grammar._prepared(grammar._resolved(str(grammar.TEI_ALL)))
    assert isinstance(base, etree._ElementTree) and prune.prunable(base)
    project = grammar._prepared(grammar._resolved(str(grammar.project_schema())))
    assert isinstance(project, etree._ElementTree) and not prune.prunable(project)


def test_scanned_names_cover_the_elements_and_groups_cover_every_set() -> None:
    data = b'<?xml version="1.0"?><!-- <ghost/> --><TEI xmlns="x" xmlns:xi="y"><xi:include href="h"/>' \
        b"<p xml:id='p1'>a &lt;b</p></TEI>"
    expected = {"TEI", "include", "p", "ghost", "@", "@version", "@xmlns", "@xi", "@href", "@id"}
    assert prune.scanned_names(data) == expected
    utf16 = data.decode().replace('"1.0"', '"1.0" encoding="utf-16"').encode("utf-16")
    assert prune.scanned_names(utf16) is None  # read from the tree instead
    latin1 = '<?xml version="1.0" encoding="ISO-8859-1"?><Größe/>'.encode("latin-1")
    assert prune.scanned_names(latin1) is None
    german = '<?xml version="1.0" encoding="UTF-8"?><TeiKopf><Größe Änderung="x"/></TeiKopf>'.encode()
    assert prune.tree_names(etree.fromstring(german).getroottree()) <= (prune.scanned_names(german) or set())
    tree = etree.fromstring(data).getroottree()
    assert prune.tree_names(tree) == {"TEI", "include", "p", "@", "@href", "@id"}
    assert prune.tree_names(tree) <= expected
    assert "@" not in (prune.scanned_names(b'<!DOCTYPE TEI [<!ATTLIST p rend CDATA "x">]><TEI/>') or {"@"})
    sets = [frozenset({f"n{i}", f"n{i + 1}", "shared", f"@a{i}"}) for i in range(0, 40, 2)]
    found = prune.groups(sets, cap=10)
    assert all(any(s <= g for g in found) for s in sets) and len(found) < len(sets)
    assert all(len([n for n in g if not n.startswith("@")]) <= 10 for g in found)  # attributes do not count


def test_optional_attributes_no_document_uses_go_required_ones_stay() -> None:
    base = _grammar(
        '<define name="root"><element name="root"><attribute name="must"><text/></attribute>'
        '<optional><attribute name="used"><text/></attribute></optional>'
        '<optional><attribute name="unused"><text/></attribute></optional><text/></element></define>')
    cut = prune.pruned(base, frozenset({"root", "@", "@used"}))
    assert {a.get("name") for a in cut.iter(f"{{{RNG}}}attribute")} == {"must", "used"}
    rng = etree.RelaxNG(cut)
    assert rng.validate(etree.fromstring('<root must="1" used="2">x</root>'))
    assert not rng.validate(etree.fromstring('<root used="2">x</root>'))  # the required one is still required
    kept = prune.pruned(base, frozenset({"root"}))  # no "@": attribute names unknown, nothing cut
    assert {a.get("name") for a in kept.iter(f"{{{RNG}}}attribute")} == {"must", "used", "unused"}


def test_a_file_changed_since_the_runs_scan_is_scanned_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tei_tool import validate as validation

    monkeypatch.setattr(grammar, "_GROUPS", {})  # no planned group: the names given are the cut

    doc = tmp_path / "t.xml"
    doc.write_bytes(f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
                    f"<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>"
                    f"</teiHeader><text><body><p>x</p></body></text></TEI>".encode())
    stat = doc.stat()
    options = Options(schema=grammar.TEI_ALL, rules="none")
    try:  # names that are too few: used only while size and mtime are those the scan saw
        validation._SCANNED[str(doc)] = (stat.st_size, stat.st_mtime_ns, frozenset({"TEI", "@"}))
        assert validation.validate_file(doc, options=options).findings != []
        validation._SCANNED[str(doc)] = (stat.st_size, stat.st_mtime_ns - 1, frozenset({"TEI", "@"}))
        assert validation.validate_file(doc, options=options).findings == []
    finally:
        validation._SCANNED.clear()
