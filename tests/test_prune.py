"""tei_all cut down to the element names of the documents (tei_tool/validate/prune.py): the same
verdicts and the same messages as the whole grammar, on the third-party fixture sample and on
documents made to break it; what the cut keeps and drops. Not timed (speed: bench/validate_bench.py)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from tei_tool import validate as validation
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


# --- the project schema cut to the attributes each element carries (prune.attributes_cut) -----------

PROJECT_SAMPLES = HERE.parent / "encoded"
SCHEMA_FIXTURES = HERE / "schemas"


def _attribute_breakers() -> dict[str, etree._ElementTree]:
    """The project's encodings broken where an attribute cut could report differently: a required
    attribute missing, optional ones with bad values, attributes the element may not have, attributes
    moved to other elements, a duplicate and a malformed xml:id."""
    sources = sorted(PROJECT_SAMPLES.glob("*.xml")) + sorted((SCHEMA_FIXTURES / "valid").glob("*.xml"))
    parser = etree.XMLParser(collect_ids=False)
    docs: dict[str, etree._ElementTree] = {}
    for source in sources[:4]:
        tree = etree.parse(str(source), parser)
        elements = [e for e in tree.iter(etree.Element) if e.keys()]
        for n, element in enumerate(elements[:: max(1, len(elements) // 12)]):
            broken = copy.deepcopy(tree)
            target = [e for e in broken.iter(etree.Element) if e.keys()][elements.index(element)]
            key = target.keys()[n % len(target.keys())]
            change = n % 5
            if change == 0:
                del target.attrib[key]
            elif change == 1:
                target.set(key, "not a valid value!")
            elif change == 2:
                target.set("unknown", "x")
            elif change == 3:
                target.set("{http://www.w3.org/XML/1998/namespace}id", "dup")
                target.getparent().set("{http://www.w3.org/XML/1998/namespace}id", "dup")  # type: ignore[union-attr]
            else:
                target.getparent().set(key, target.get(key) or "")  # type: ignore[union-attr]
            docs[f"{source.stem}-{n}-{change}"] = etree.fromstring(etree.tostring(broken), parser).getroottree()
    return docs


@pytest.fixture(scope="module")
def project() -> tuple[etree._ElementTree, etree.RelaxNG]:
    base = grammar._prepared(grammar._resolved(str(grammar.project_schema())))
    assert isinstance(base, etree._ElementTree)
    return base, etree.RelaxNG(base)


def _fixture_trees() -> dict[str, etree._ElementTree]:
    paths = sorted(PROJECT_SAMPLES.glob("*.xml")) + sorted(SCHEMA_FIXTURES.glob("*/*.xml"))
    parsed = {p.name: parse_bytes(p.read_bytes(), str(p)).tree for p in paths}
    return {name: tree for name, tree in parsed.items() if tree is not None}


_ATTRIBUTE_CASES = {**_fixture_trees(), **_attribute_breakers()}


@pytest.mark.parametrize("name", sorted(_ATTRIBUTE_CASES))
def test_the_attribute_cut_gives_the_whole_schemas_verdict_and_messages(
        name: str, project: tuple[etree._ElementTree, etree.RelaxNG]) -> None:
    base, whole = project
    data = etree.tostring(_ATTRIBUTE_CASES[name])
    tree, fresh = (etree.fromstring(data, etree.XMLParser(collect_ids=False)).getroottree() for _ in range(2))
    cut = etree.RelaxNG(prune.attributes_cut(base, prune.attribute_use(fresh)))
    assert _located(cut, fresh) == _located(whole, tree)


def _located(rng: etree.RelaxNG, tree: etree._ElementTree) -> tuple[bool, list[tuple[int, int, str | None, str]]]:
    valid = rng.validate(tree)
    return valid, [(e.line, e.column, e.path, e.message) for e in rng.error_log]


def test_the_cut_drops_optional_attributes_an_element_never_carries() -> None:
    base = _grammar(
        '<define name="root"><element name="root"><zeroOrMore><ref name="p"/></zeroOrMore><ref name="global"/>'
        '</element></define>'
        '<define name="p"><element name="p"><text/><ref name="global"/><ref name="required"/></element></define>'
        '<define name="pb"><element name="pb"><ref name="global"/></element></define>'
        '<define name="global"><ref name="id"/><ref name="rend"/></define>'
        '<define name="id"><optional><attribute name="xml:id"><data type="ID" '
        'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"/></attribute></optional></define>'
        '<define name="rend"><optional><attribute name="rend"><text/></attribute></optional></define>'
        '<define name="required"><attribute name="n"><text/></attribute></define>')
    cut = prune.attributes_cut(base, {"p": frozenset({"rend", "n"})})
    elements = {e.get("name"): e for e in cut.iter(f"{{{RNG}}}element")}
    root_attributes = [a.get("name") for a in elements["root"].iter(f"{{{RNG}}}attribute")]
    assert root_attributes == []  # root carries none: its reference to the global attributes is gone
    p = elements["p"]
    kids = [(etree.QName(k).localname, k.get("name")) for k in p]
    assert kids == [("text", None), ("optional", None), ("ref", "required")]  # rend, flattened; the required n
    assert [a.get("name") for a in p.iter(f"{{{RNG}}}attribute")] == ["rend"]
    assert "pb" not in elements  # unreachable from start: dropped with its definition
    rng = etree.RelaxNG(cut)
    assert rng.validate(etree.fromstring('<root><p rend="x" n="1">t</p></root>'))
    assert not rng.validate(etree.fromstring('<root><p rend="x">t</p></root>'))  # n is still required


def test_an_element_whose_attribute_items_would_all_go_stays_whole() -> None:
    base = _grammar('<define name="root"><element name="root"><ref name="a"/></element></define>'
                    '<define name="a"><optional><attribute name="a"><text/></attribute></optional></define>')
    cut = prune.attributes_cut(base, {})
    assert [a.get("name") for a in cut.iter(f"{{{RNG}}}attribute")] == ["a"]
    assert etree.RelaxNG(cut).validate(etree.fromstring("<root/>"))


def test_attribute_use_covers_and_merges() -> None:
    tree = etree.fromstring('<TEI xmlns="t" xml:lang="en"><p rend="b"/><p n="1"/><x:q xmlns:x="o" x:k="v"/></TEI>')
    use = prune.attribute_use(tree)
    assert use == {"TEI": {"lang"}, "p": {"rend", "n"}, "q": {"k"}}
    assert prune.covers(use, {"p": frozenset({"n"})}) and not prune.covers(use, {"p": frozenset({"id"})})
    assert prune.merged(use, {"head": frozenset({"type"})})["head"] == {"type"}


def test_a_group_cuts_attributes_only_when_every_member_knows_its_own() -> None:
    """A document whose attribute names are unknown (a DTD's ATTLIST may add some: no "@") must not
    share a group that cuts attributes: a P4 test file's <pb n="…"> was "Invalid attribute n" when
    checked with the group of the files validated before it."""
    known = frozenset({"TEI", "pb", "@", "@id"})
    unknown = frozenset({"TEI", "pb"})
    [group] = prune.groups([known, unknown])
    assert prune.ATTRIBUTES not in group and prune.within(unknown, group) and prune.within(known, group)
    assert not prune.within(unknown, known)
    files = [THIRD_PARTY / "P5__Test__testminimal.xml", *sorted(THIRD_PARTY.glob("articles__*.xml"))[:2]]
    together = validate_paths(files, options=Options(schema=grammar.TEI_ALL, time_limit=0), jobs=1)
    for path, result in zip(files, together, strict=True):
        alone = validate_paths([path], options=Options(schema=grammar.TEI_ALL, time_limit=0), jobs=1)[0]
        assert result == alone


_TEI_ALL_CASES = {**_tei_trees(), **_broken(), **_ATTRIBUTE_CASES}


@pytest.mark.parametrize("name", sorted(_TEI_ALL_CASES))
def test_a_group_of_tei_all_cut_to_the_attributes_gives_the_whole_schemas_verdict_and_messages(
        name: str, full_rng: etree.RelaxNG) -> None:
    """What grammar.cut_group compiles for a group of many files: tei_all cut to the document's names,
    then to the attributes each element carries; the third-party fixtures, documents missing required
    elements, and the project's encodings with attributes broken."""
    base = grammar._prepared(grammar._resolved(str(grammar.TEI_ALL)))
    assert isinstance(base, etree._ElementTree)
    data = etree.tostring(_TEI_ALL_CASES[name])
    tree, fresh = (etree.fromstring(data, etree.XMLParser(collect_ids=False)).getroottree() for _ in range(2))
    cut = prune.attributes_cut(prune.pruned(base, prune.tree_names(fresh)), prune.attribute_use(fresh))
    whole = _located(full_rng, tree)
    assert _located(etree.RelaxNG(cut), fresh) == whole
    without = prune.patterns_cut(cut)
    assert without is not None
    if prune.values_fit(fresh, without[1]):  # then also without the patterns every value checked matches
        assert _located(etree.RelaxNG(without[0]), fresh) == whole


def test_patterns_are_dropped_only_for_documents_whose_checked_values_match_them() -> None:
    base = _grammar(
        '<define name="root"><element name="root"><optional><attribute name="type"><data type="token">'
        '<param name="pattern">[^\\p{C}\\p{Z}]+</param></data></attribute></optional>'
        '<optional><attribute name="ref"><list><oneOrMore><data type="anyURI"><param name="pattern">\\S+</param>'
        '</data></oneOrMore></list></attribute></optional><optional><attribute name="n"><text/></attribute></optional>'
        '<optional><attribute name="when"><data type="token"><param name="pattern">[0-9]+</param></data>'
        '</attribute></optional></element></define>')
    found = prune.patterns_cut(base)
    assert found is not None
    cut, patterned = found
    assert patterned == prune.Patterned(frozenset({("root", "type")}), frozenset({("root", "ref")}))
    assert [p.text for p in cut.iter(f"{{{RNG}}}param")] == ["[0-9]+"]  # only the ones values_fit answers for

    def fits(attributes: str) -> bool:
        """From the tree and from the bytes: the bytes never say yes where the tree says no."""
        data = f"<root {attributes}/>".encode()
        tree = etree.fromstring(data)
        by_tree, by_bytes = prune.values_fit(tree, patterned), prune.values_fit(tree, patterned, data)
        assert by_tree or not by_bytes
        return by_bytes

    assert fits('type="a.b" ref="#x #y" n="any text, é"') and fits("type = 'a\"b' ref='#x\n#y'")
    for unfit in ('type="a b"', 'type="é"', 'type=""', 'ref="#x #é"', "type='a&#32;b'", 'xml:type="a\tb"'):
        assert not fits(unfit)
    in_content = _grammar('<define name="root"><element name="root"><data type="token">'
                          '<param name="pattern">\\S+</param></data></element></define>')
    assert prune.patterns_cut(in_content) is None  # element content is not checked by values_fit


def test_a_run_cuts_the_attributes_of_a_group_of_many_files_and_its_findings_do_not_change(
        monkeypatch: pytest.MonkeyPatch) -> None:
    files = [*sorted(PROJECT_SAMPLES.glob("*.xml")), *sorted((SCHEMA_FIXTURES / "invalid").glob("*.xml"))]
    files = files * (validation.GROUP_CUT_FILES // len(files) + 1)
    options = Options(schema=grammar.TEI_ALL, time_limit=0)
    grammar.clear_caches()
    results = validate_paths(files, options=options, jobs=1)
    assert grammar._GROUP_CUTS  # the group of the project's files is cut to their attributes
    monkeypatch.setattr(validation, "GROUP_CUT_FILES", len(files) + 1)
    assert results == validate_paths(files, options=options, jobs=1)
    assert not grammar._GROUP_CUTS
