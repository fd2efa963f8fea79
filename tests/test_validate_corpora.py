"""`tei validate` on TEI that `tei encode` did not write: the schema the user means, rules scoped to
our own output, rules that hold for any TEI without false alarms, speed and safety on third-party files.

The fixtures in tests/third_party/ are copied unchanged from public corpora (see the README there);
tests/third_party/verdicts.tsv holds jing's verdicts for them against tei_all.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tei_tool import xmlsafe
from tei_tool.cli import app
from tei_tool.commands.text import run_text
from tei_tool.findings import Severity
from tei_tool.validate import (
    RULES,
    Options,
    grammar,
    select_rules,
    validate_bytes,
    validate_file,
    validate_paths,
    written_by_tei,
)

HERE = Path(__file__).resolve().parent
THIRD_PARTY = HERE / "third_party"
MEMCON = HERE / "schemas" / "valid" / "memcon.xml"
VERDICTS = dict(line.split("\t") for line in (THIRD_PARTY / "verdicts.tsv").read_text().splitlines() if line)
TEI = "http://www.tei-c.org/ns/1.0"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def tei(body: str, header: str = "") -> bytes:
    """A small valid TEI document (tei_all) with body inside <body> and header inside the teiHeader."""
    return (f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
            f"<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>{header}"
            f"</teiHeader><text><body>{body}</body></text></TEI>").encode()


# --- verdicts as jing's, rules without false alarms ------------------------------------------------

@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_grammar_verdict_is_jings_and_no_rule_errs_on_valid_files(name: str) -> None:
    result = validate_file(THIRD_PARTY / name)
    grammar_errors = [f for f in result.findings if f.code in ("RNG001", "XML001", "SCH001")]
    verdict = VERDICTS[name]
    if verdict == "valid":
        assert result.schema == grammar.TEI_ALL_LABEL
        assert [f.format() for f in result.findings if f.severity is Severity.ERROR] == []
    elif verdict == "invalid" and result.schema:
        assert grammar_errors, name
    else:  # jing: invalid because not TEI, or fatal because the P4 DTD is missing: we skip or check
        assert not grammar_errors or not result.schema


def test_project_rules_run_only_on_files_tei_encode_wrote() -> None:
    drama = THIRD_PARTY / "tei__scheerbart-das-dumme-luder.xml"
    assert {f.code for f in validate_file(drama).findings} == {"SCH002"}  # no TEI003 on drama
    everything = validate_file(drama, options=Options(rules="all"))
    assert {"TEI003", "TEI014"} & {f.code for f in everything.findings}
    assert {f.code for f in validate_file(MEMCON, options=Options(rules="none")).findings} == set()
    ours = MEMCON.read_bytes().replace(b"<p>We thank you.", b"<p>[sic] We thank you.")
    assert "TEI015" in {f.code for f in validate_bytes(ours, "m.xml").findings}
    only = validate_bytes(ours, "m.xml", options=Options(rules=select_rules("TEI010")))
    assert "TEI015" not in {f.code for f in only.findings}


def test_rules_selection_is_checked() -> None:
    assert select_rules("all") == "all" and select_rules(" None ") == "none"
    assert select_rules("tei001, TEI010") == frozenset({"TEI001", "TEI010"})
    with pytest.raises(ValueError, match="TEI999"):
        select_rules("TEI001,TEI999")
    code, _ = invoke(str(MEMCON), "--rules", "TEI999")
    assert code == 2


def test_rules_for_any_tei_are_marked_and_the_rest_are_project_rules() -> None:
    assert {r.id for r in RULES if r.scope == "any"} == {"TEI001", "TEI002", "TEI007", "TEI010"}
    assert {r.scope for r in RULES} == {"any", "project"}


def test_tei_encode_output_is_recognised_by_appinfo_or_by_its_encoder_signature() -> None:
    assert written_by_tei(etree.parse(str(MEMCON)).getroot())
    app_info = '<encodingDesc><appInfo><application ident="tei" version="0.1.0"><label>tei</label>' \
               "</application></appInfo></encodingDesc>"
    assert written_by_tei(etree.fromstring(tei("<p>x</p>", app_info)))
    assert not written_by_tei(etree.fromstring(tei("<p>x</p>", app_info.replace('"tei"', '"oxygen"'))))
    assert not written_by_tei(etree.fromstring(tei("<p>x</p>")))


@pytest.mark.parametrize("gap", ['<gap reason="lost" extent="unknown" unit="character"/>',
                                 '<gap reason="lost" atLeast="2" atMost="5" unit="line"/>'])
def test_tei007_accepts_epidoc_gaps(gap: str) -> None:
    assert validate_bytes(tei(f"<p>a {gap} b</p>"), "g.xml").findings == []
    lonely = validate_bytes(tei('<p>a <gap unit="line"/> b</p>'), "g.xml")
    assert [f.code for f in lonely.findings] == ["TEI007"]


def test_tei001_accepts_xpointer_ranges_and_links_into_other_files() -> None:
    body = '<p><anchor xml:id="a1"/>x<anchor xml:id="a2"/><ref target="#range(a1,a2)">r</ref> ' \
           '<ref target="persons.xml#p1 #a1">p</ref> <ref target="#xpath(//p)">q</ref></p>'
    assert validate_bytes(tei(body), "r.xml").findings == []
    dangling = validate_bytes(tei('<p><ref target="#nowhere">r</ref></p>'), "r.xml")
    assert [(f.code, f.severity) for f in dangling.findings] == [("TEI001", Severity.WARNING)]  # not ours
    ours = MEMCON.read_bytes().replace(b"<p>We thank you.", b'<p><ref target="#nowhere">r</ref>We thank you.')
    assert [(f.code, f.severity) for f in validate_bytes(ours, "m.xml").findings] == [("TEI001", Severity.ERROR)]


@pytest.mark.parametrize("when", ["2021-03-04T10:00:00+01:00", "2021-03-04Z", "1962Z", "10:15:00-05:00",
                                  "2021-03-04T10:00:00.5Z", "-0043-03-20", "-0044-03-15"])
def test_tei010_accepts_time_zones_and_times(when: str) -> None:
    assert validate_bytes(tei(f'<p><date when="{when}">d</date></p>'), "d.xml").findings == []


def test_tei010_still_finds_days_that_do_not_exist() -> None:
    [finding] = validate_bytes(tei('<p><date when="1962-02-30Z">d</date></p>'), "d.xml").findings
    assert finding.code == "TEI010"


def test_non_tei_xml_is_reported_and_skipped() -> None:
    result = validate_file(THIRD_PARTY / "events__1.xml")
    [finding] = result.findings
    assert finding.code == "XML004" and "<event>" in finding.message and result.schema == ""


# --- messages ---------------------------------------------------------------------------------------

def test_xinclude_is_reported_with_its_prefix_and_as_not_processed() -> None:
    findings = validate_file(THIRD_PARTY / "inscriptions__ISic004102.xml").findings
    [include] = [f for f in findings if f.code == "RNG001"]
    assert "xi:include" in include.message and "XInclude is not processed" in include.hint
    [said] = [f for f in findings if f.code == "XML005"]
    assert said.severity is Severity.INFO and "2 xi:include" in said.message and (said.line, said.col) == (109, 14)
    assert "TEI001" not in {f.code for f in findings}  # its ids may live in the included files


def test_hints_match_the_schema_used() -> None:
    bad = tei("<p><foo/></p>").replace(b"<foo/>", b'<name type="x" wrong="1"/>')
    [finding] = [f for f in validate_bytes(bad, "h.xml").findings if f.code == "RNG001"]
    assert "tei-archival" not in finding.hint  # tei_all was used: no project-schema advice


def test_failed_attributes_name_the_attributes() -> None:
    bad = tei('<p><name type="x" wrong="1">n</name></p>')
    messages = " ".join(f.message for f in validate_bytes(bad, "a.xml").findings)
    assert "wrong" in messages


# --- which schema ------------------------------------------------------------------------------------

def test_every_run_says_which_schema_each_file_was_checked_against(tmp_path: Path) -> None:
    code, out = invoke(str(THIRD_PARTY), "--format", "json", "--jobs", "1")
    data = json.loads(out)
    schemas = {Path(entry["file"]).name: entry["schema"] for entry in data["files"]}
    assert schemas["events__1.xml"] == "" and schemas["P5__Exemplars__tei_minimal.tei"] == grammar.TEI_ALL_LABEL
    code, out = invoke(str(MEMCON), "--schema", "tei_all")
    assert f"checked against {grammar.TEI_ALL_LABEL}: 1 file" in out


def test_schema_option_and_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(str(MEMCON), "--schema", str(tmp_path / "none.rng"))[0] == 2
    assert invoke(str(MEMCON), "--schema", "project")[0] == 0
    (tmp_path / "tei.yaml").write_text("validate:\n  schema: tei_all\n  rules: none\n")
    monkeypatch.chdir(tmp_path)
    code, out = invoke(str(MEMCON))
    assert code == 0 and f"checked against {grammar.TEI_ALL_LABEL}" in out


def test_folders_take_xml_and_tei_by_default_and_glob_changes_it() -> None:
    code, out = invoke(str(THIRD_PARTY), "--jobs", "1")
    assert f"{len(VERDICTS)} files checked" in out
    code, out = invoke(str(THIRD_PARTY), "--glob", "*.tei", "--jobs", "1")
    assert "1 file checked" in out


def test_output_is_the_same_for_any_number_of_jobs() -> None:
    outputs = {invoke(str(THIRD_PARTY), str(HERE / "schemas"), "--jobs", str(n), "-f", "json")[1] for n in (1, 2, 3)}
    assert len(outputs) == 1


def test_a_file_over_the_time_limit_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    real = validate_bytes

    def slow(data: bytes, name: str, schema: Path | None = None, options: Options | None = None,
             names: frozenset[str] | None = None) -> object:
        if name.endswith("memcon.xml"):
            time.sleep(5)
        return real(data, name, schema, options, names)

    monkeypatch.setattr("tei_tool.validate.validate_bytes", slow)
    results = validate_paths([MEMCON, MEMCON.with_name("minimal.xml")], jobs=2, options=Options(time_limit=0.5))
    assert [f.code for f in results[0].findings] == ["TIM001"] and "0.5 s" in results[0].findings[0].message
    assert results[1].findings == [] or all(f.code != "TIM001" for f in results[1].findings)


def test_the_files_a_stopped_worker_held_are_checked_by_another(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker holds the file it checks and the next (validate.PREFETCH): when it is killed over the time
    limit, or dies, the file it held but had not begun goes to a fresh worker; every file gets its result."""
    real = validate_bytes
    parent = os.getpid()

    def slow_or_dying(data: bytes, name: str, schema: Path | None = None, options: Options | None = None,
                      names: frozenset[str] | None = None) -> object:
        if Path(name).name == "memcon.xml":
            time.sleep(5)
        if Path(name).name == "minimal.xml" and os.getpid() != parent:
            os._exit(3)  # the worker process dies on this file
        return real(data, name, schema, options, names)

    monkeypatch.setattr("tei_tool.validate.validate_bytes", slow_or_dying)
    files = [MEMCON, MEMCON.with_name("minimal.xml"), *sorted(THIRD_PARTY.glob("*.xml"))[:4]]
    results = validate_paths(files, jobs=1, options=Options(time_limit=0.5))
    assert [r.path for r in results] == [str(f) for f in files]
    assert [f.code for f in results[0].findings] == ["TIM001"]
    [died] = results[1].findings
    assert died.code == "INT001" and "stopped on this file" in died.message
    alone = validate_paths(files[2:], jobs=1, options=Options(time_limit=0))
    assert results[2:] == alone


# --- speed ------------------------------------------------------------------------------------------

def persons(n: int) -> bytes:
    people = "".join(f'<person xml:id="p{i}"><persName>P {i}</persName><birth when="1941-01-14"/></person>'
                     for i in range(n))
    return tei("<p>x</p>", f"<profileDesc><particDesc><listPerson>{people}</listPerson></particDesc></profileDesc>")


def test_long_person_lists_are_checked_in_linear_time() -> None:
    grammar.compiled(grammar.TEI_ALL)
    timings = {}
    for n in (1000, 4000):
        data = persons(n)
        start = time.perf_counter()
        result = validate_bytes(data, "p.xml")
        timings[n] = time.perf_counter() - start
        assert result.findings == []
    assert timings[4000] < 8 * timings[1000] + 0.5, timings  # quadratic would be 16×; it was 100× before


def test_the_ambiguous_list_pattern_is_rewritten() -> None:
    rng = etree.fromstring(
        '<element xmlns="http://relaxng.org/ns/structure/1.0" name="l"><oneOrMore><oneOrMore>'
        '<element name="a"><empty/></element></oneOrMore><zeroOrMore><element name="b"><empty/></element>'
        "</zeroOrMore></oneOrMore></element>").getroottree()
    assert grammar._linearise(rng) == 1
    schema = etree.RelaxNG(rng)
    for doc, ok in (("<l><a/></l>", True), ("<l><a/><b/><a/><a/><b/><b/></l>", True), ("<l><b/><a/></l>", False),
                    ("<l/>", False)):
        assert schema.validate(etree.fromstring(doc)) is ok, doc


# --- safety -----------------------------------------------------------------------------------------

def test_p4_dtd_switches_are_not_entity_bombs() -> None:
    result = validate_file(THIRD_PARTY / "P5__Test__testminimal.xml")
    assert {f.code for f in result.findings} <= {"SCH002"} and result.schema == grammar.TEI_ALL_LABEL
    bomb = b'<!DOCTYPE TEI [<!ENTITY % a "INCLUDE"><!ENTITY b "x"><!ENTITY % c "<!ENTITY d \'e\'>">]>' + tei("<p/>")
    assert xmlsafe.refusal(bomb) is not None and xmlsafe.refusal(bomb).count == 2  # type: ignore[union-attr]


def test_no_dtd_is_ever_opened(tmp_path: Path) -> None:
    (tmp_path / "x.dtd").write_text('<!ATTLIST p rend CDATA "from-the-dtd">')
    (tmp_path / "x.xml").write_text('<!DOCTYPE TEI SYSTEM "x.dtd">' + tei("<p>a</p>").decode())
    tree = etree.parse(str(tmp_path / "x.xml"), xmlsafe.safe_parser())  # by file name, as `tei persons` reads
    assert tree.find(f".//{{{TEI}}}p").get("rend") is None  # type: ignore[union-attr]
    root = xmlsafe.parse_untrusted((tmp_path / "x.xml").read_bytes(), str(tmp_path / "x.xml"))
    assert root.find(f".//{{{TEI}}}p").get("rend") is None  # type: ignore[union-attr]


def test_tei_text_refuses_what_validate_refuses(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_text(HERE / "schemas" / "invalid" / "XML003.xml") == 2
    assert "error[XML003]" in capsys.readouterr().err


def test_the_validate_section_of_tei_yaml_is_checked_by_its_schema(tmp_path: Path) -> None:
    from tei_tool.config.load import load_config

    (tmp_path / "tei.yaml").write_text("validate:\n  schema: tei_all\n  rules: TEI001, TEI010\n  glob: ['*.tei']\n")
    assert load_config(tmp_path / "tei.yaml")[1] == []
    (tmp_path / "tei.yaml").write_text("validate:\n  rules: some\n  jobs: 2\n")
    codes = {f.code for f in load_config(tmp_path / "tei.yaml")[1]}
    assert codes == {"CFG002"}


def test_glob_from_tei_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tei.yaml").write_text("validate:\n  glob: ['*.tei']\n")
    monkeypatch.chdir(tmp_path)
    code, out = invoke(str(THIRD_PARTY), "--jobs", "1")
    assert "1 file checked" in out


def test_the_encoders_check_of_an_unwritten_file_uses_the_project_schema_quietly() -> None:
    from tei_tool.validate import validate_tree

    data = MEMCON.read_bytes().replace(b"<TEI ", b'<?xml-model href="../../out/schemas/x.rng"?>\n<TEI ', 1)
    tree = etree.fromstring(data).getroottree()
    assert validate_tree(tree, "transcripts/a.txt") == []
    assert {f.code for f in validate_bytes(data, "encoded/a.xml").findings} == {"SCH002"}


def test_grammar_messages_say_what_the_schema_allows_there() -> None:
    [finding] = [f for f in validate_file(THIRD_PARTY / "articles__lincolns-pr-coup.xml").findings
                 if f.code == "RNG001"]
    assert "Did not expect element date there" in finding.message
    # position-exact, as jing lists it: what publicationStmt allows *before* anything else
    assert finding.message.endswith("expected here: <ab>, <authority>, <distributor>, <p> or <publisher>")
    bad = tei('<p><name type="x" wrong="1">n</name></p>')
    [attribute] = [f for f in validate_bytes(bad, "a.xml").findings if f.code == "RNG001"]
    assert "Invalid attribute wrong for element name" in attribute.message
    assert "<name> may have: " in attribute.message and "xml:id" in attribute.message


# --- the project rules as Schematron in the ODD ------------------------------------------------------

SCH = "http://purl.oclc.org/dsdl/schematron"
SVRL = "http://purl.oclc.org/dsdl/svrl"


def odd_schematron() -> etree._Element:
    """The ODD's constraintSpecs as one ISO Schematron schema (XPath 1.0, as Oxygen's default runs it)."""
    odd = etree.parse(str(HERE.parent / "schemas" / "tei-archival.odd"))
    schema = etree.Element(f"{{{SCH}}}schema", nsmap={"sch": SCH})
    etree.SubElement(schema, f"{{{SCH}}}ns", prefix="tei", uri=TEI)
    for rule in odd.iterfind(f".//{{{TEI}}}constraintSpec/{{{TEI}}}constraint/{{{SCH}}}rule"):
        pattern = etree.SubElement(schema, f"{{{SCH}}}pattern")
        pattern.append(rule.__copy__())
    return schema


def failed(schematron: object, path: Path) -> set[str]:
    from lxml import isoschematron

    assert isinstance(schematron, isoschematron.Schematron)
    schematron.validate(etree.parse(str(path), etree.XMLParser(collect_ids=False)))
    report = schematron.validation_report
    return {a.get("id") or "" for a in report.iter(f"{{{SVRL}}}failed-assert")}


def test_the_odd_carries_the_xpath_rules_as_schematron_and_they_agree_with_validate() -> None:
    from lxml import isoschematron

    schematron = isoschematron.Schematron(odd_schematron(), store_report=True)
    ids = {a.get("id") for a in odd_schematron().iter(f"{{{SCH}}}assert")}
    assert ids == {"TEI001", "TEI002", "TEI004", "TEI005", "TEI007", "TEI008", "TEI009", "TEI010", "TEI011",
                   "TEI012", "TEI013", "TEI014", "TEI015"}
    assert failed(schematron, MEMCON) == set()
    for rule in sorted(ids):
        assert failed(schematron, HERE / "schemas" / "invalid" / f"{rule}.xml") == {rule}, rule


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--time-limit", "-1"], ["--schema", "nope"]])
def test_bad_options_are_usage_errors_without_a_traceback(args: list[str]) -> None:
    result = runner.invoke(app, ["validate", str(MEMCON), *args])
    assert result.exit_code == 2 and "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("error: ")


def test_github_format_says_which_schema_too() -> None:
    code, out = invoke(str(MEMCON), "--format", "github", "--schema", "tei_all")
    assert f"checked against {grammar.TEI_ALL_LABEL}: 1 file" in out


def test_the_project_schema_url_encoded_files_name_is_the_bundled_schema(tmp_path: Path) -> None:
    """Files `tei encode` wrote name the project schema by its versioned URL: no SCH002, the local copy."""
    from tei_tool.api import encode_text
    from tei_tool.config import Config, Personography
    from tei_tool.resources import SCHEMA_URL
    from tei_tool.validate import validate_paths

    result = encode_text("Liu: Welcome.\n\nHan: Thank you.\n", "t.txt", Config(), Personography(), None)
    assert SCHEMA_URL.encode() in result.xml
    path = tmp_path / "t.xml"
    path.write_bytes(result.xml)
    findings = [f for r in validate_paths([path]) for f in r.findings]
    assert "SCH002" not in {f.code for f in findings}


def test_validate_reads_standard_input() -> None:
    """`tei validate -` checks the document on standard input like a file, named <stdin>."""
    from tei_tool.api import encode_text
    from tei_tool.config import Config, Personography

    broken = CliRunner().invoke(app, ["validate", "-"], input="<TEI")
    assert broken.exit_code == 1 and "<stdin>:1:5: error[XML001]" in broken.output
    xml = encode_text("Liu: Welcome.\n\nHan: Thanks.\n", "t.txt", Config(), Personography(), None).xml
    valid = CliRunner().invoke(app, ["validate", "-"], input=xml.decode())
    assert valid.exit_code == 0 and "1 file checked: 0 errors" in valid.output, valid.output


@pytest.mark.parametrize("value", ["1962-06-28", "1962-02-30", "1900-02-29", "2000-02-29", "1962-13", "1962-00",
                                   "1962-06-31", "1962-06-28T15:00:00+02:00", "1962", "-0043-03-15", "1962-04-31Z"])
def test_the_schematron_date_check_agrees_with_validate_on_the_calendar(value: str) -> None:
    from lxml import isoschematron

    from tei_tool.validate.rules import is_real_iso_date

    schematron = isoschematron.Schematron(odd_schematron(), store_report=True)
    doc = etree.fromstring(f'<TEI xmlns="{TEI}"><text><body><p><date when="{value}"/></p></body></text></TEI>')
    schematron.validate(doc)
    flagged = {a.get("id") for a in schematron.validation_report.iter(f"{{{SVRL}}}failed-assert")} & {"TEI010"}
    assert bool(flagged) == (not is_real_iso_date(value))


@pytest.mark.parametrize(("first", "second", "same"), [
    ("Zhou Enlai", "Zhōu  Enlái", True), ("O'Brien", "OBrien", True), ("Kim Il", "Kim Il-sung", False),
    ("Li, Xiannian", "li xiannian", True)])
def test_the_schematron_name_check_agrees_with_validate(first: str, second: str, same: bool) -> None:
    from lxml import isoschematron

    schematron = isoschematron.Schematron(odd_schematron(), store_report=True)
    people = "".join(f'<person xml:id="p{i}"><persName type="full">{n}</persName></person>'
                     for i, n in enumerate((first, second)))
    data = tei("<p>x</p>", f"<profileDesc><particDesc><listPerson>{people}</listPerson></particDesc></profileDesc>")
    schematron.validate(etree.fromstring(data))
    flagged = {a.get("id") for a in schematron.validation_report.iter(f"{{{SVRL}}}failed-assert")}
    assert ("TEI004" in flagged) == same
    found = [f.code for f in validate_bytes(data, "p.xml", options=Options(rules=frozenset({"TEI004"}))).findings]
    assert ("TEI004" in found) == same


RNG_TEST = b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="r"/></start>
<define name="r"><element name="r"><element name="head"><empty/></element>
  <zeroOrMore><choice><element name="p"><text/></element><ref name="list"/></choice></zeroOrMore>
  <optional><element name="trailer"><empty/></element></optional>
  <interleave><optional><element name="a"><empty/></element></optional><element name="b"><empty/></element></interleave>
</element></define>
<define name="list"><element name="list"><empty/></element></define></grammar>"""


@pytest.mark.parametrize(("before", "expected"), [
    ([], (["head"], False)),
    (["head"], (["a", "b", "list", "p", "trailer"], False)),
    (["head", "p", "list", "trailer"], (["a", "b"], False)),
    (["head", "b"], (["a"], True)),
    (["head", "a", "b"], ([], True)),
    (["head", "trailer", "p"], None),  # an earlier child is already wrong: nothing position-exact to say
])
def test_content_model_derivatives_say_what_may_come_next(before: list[str], expected: object) -> None:
    from tei_tool.validate.expect import ContentModels

    assert ContentModels(etree.fromstring(RNG_TEST)).expected_after("r", before) == expected
