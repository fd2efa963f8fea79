"""Corpus configuration: every kind of YAML mistake is reported with its file and exact line, the
loaders merge over the built-in defaults, and docs/configuration.md is generated from the schemas."""

from __future__ import annotations

import textwrap
from dataclasses import asdict
from pathlib import Path

import pytest

from tei_tool.config import Config, HeaderDefaults, PersonEntry, RuleOptions
from tei_tool.config.load import (
    DOC_PATH,
    find_config,
    load_config,
    load_personography,
    load_sidecar,
    render_doc,
    schema,
    schema_reference,
)
from tei_tool.findings import Finding, Severity

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, [f.format() for f in findings]
    return matching[0]


# -- one test per kind of mistake ----------------------------------------------------------------


def test_yaml_syntax_error_gives_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", """
        input: transcripts
        rules:
          clutter_lines: ['^Home$'
          title_words: []
        """)
    config, findings = load_config(path)
    finding = only(findings, "CFG001")
    assert finding.severity is Severity.ERROR
    assert (finding.file, finding.line) == (str(path), 4)
    assert finding.format().startswith(f"{path}:4:")
    assert "YAML syntax error" in finding.message
    assert config == Config(path=path)  # nothing half-read


def test_unknown_key_is_reported_at_the_key_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", """
        input: transcripts
        rules:
          clutter_lines: []
          title_word: [Counselor]
        """)
    _, findings = load_config(path)
    finding = only(findings, "CFG002")
    assert (finding.line, finding.col) == (4, 3)
    assert finding.message.startswith("rules.title_word: unknown key; expected one of:")
    assert "title_words" in finding.hint


def test_wrong_type_is_reported_at_the_value(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", """
        output: encoded
        header:
          publisher: Wilson Center
          encoder: [tei, encode]
        """)
    _, findings = load_config(path)
    finding = only(findings, "CFG002")
    assert (finding.line, finding.col) == (4, 12)
    assert finding.message == "header.encoder: expected a string, got a list"
    assert finding.hint  # the schema description says what the key is for


def test_bad_enum_value_lists_the_choices(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("one\ntwo\nthree [x]\n", encoding="utf-8")
    write(tmp_path / "doc.yaml", """
        brackets:
          - line: 3
            kind: suppled
        """)
    sidecar, findings = load_sidecar(tmp_path / "doc.txt")
    assert sidecar is None
    finding = only(findings, "CFG002")
    assert (finding.file, finding.line) == (str(tmp_path / "doc.yaml"), 3)
    assert finding.message == ("brackets[0].kind: 'suppled' is not one of: "
                               "supplied, variant, note, redaction, other, text")


def test_bad_regex_is_reported_with_the_regex_error(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", """
        rules:
          clutter_lines:
            - '^Home$'
            - '^(Back to top$'
          archive_patterns:
            - name: AVPRF
              regex: 'fond [0-9+'
        """)
    _, findings = load_config(path)
    bad = [f for f in findings if f.code == "CFG007"]
    assert [(f.line, f.col) for f in bad] == [(4, 7), (7, 14)]
    assert bad[0].message.startswith("rules.clutter_lines[1]: not a valid regular expression: missing )")
    assert bad[1].message.startswith("rules.archive_patterns[0].regex: not a valid regular expression")


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", """
        input: transcripts
        header:
          publisher: One
          licence: CC BY
          publisher: Two
        """)
    _, findings = load_config(path)
    finding = only(findings, "CFG003")
    assert (finding.line, finding.col) == (5, 3)
    assert finding.message.startswith("header.publisher: duplicate key (first at line 3)")


def test_duplicate_person_id(tmp_path: Path) -> None:
    path = write(tmp_path / "persons.yaml", """
        persons:
          - id: zhou-enlai
            name: Zhou Enlai
          - id: zhou-enlai
            name: Chou En-lai
        """)
    personography, findings = load_personography(path)
    finding = only(findings, "CFG004")
    assert (finding.file, finding.line) == (str(path), 4)
    assert "'zhou-enlai' is already used at line 2" in finding.message
    assert personography.persons == []  # an error: the encoder gets nothing half-checked


def test_name_claimed_by_two_persons_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "persons.yaml", """
        persons:
          - id: pak-seong-cheol
            name: Pak Seong-cheol
            variants: [Pak Song-chol]
          - id: pak-se-chang
            name: Pak Se-chang
            variants:
              - Pak Song chol
        """)
    _, findings = load_personography(path)
    finding = only(findings, "CFG005")
    assert finding.line == 8
    assert finding.message == ("persons[1].variants[0]: 'Pak Song chol' is claimed by 'pak-se-chang' (line 8) "
                               "and by 'pak-seong-cheol' as 'Pak Song-chol' (line 4)")


def test_short_form_shared_by_two_persons_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "persons.yaml", """
        persons:
          - {id: pak-seong-cheol, name: Pak Seong-cheol, short_forms: [Pak]}
          - {id: pak-se-chang, name: Pak Se-chang, short_forms: [Pak]}
        """)
    personography, findings = load_personography(path)
    finding = only(findings, "CFG008")
    assert (finding.severity, finding.line) == (Severity.WARNING, 3)
    assert "(line 2)" in finding.message
    assert len(personography.persons) == 2


def test_missing_file_given_explicitly(tmp_path: Path) -> None:
    config, findings = load_config(tmp_path / "nope.yaml")
    finding = only(findings, "CFG006")
    assert (finding.file, finding.line, finding.severity) == (str(tmp_path / "nope.yaml"), 1, Severity.ERROR)
    assert finding.message == "file not found"


def test_missing_personography_is_reported_at_its_key(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", """
        input: transcripts
        persons: people.yaml
        """)
    config, findings = load_config(path)
    finding = only(findings, "CFG006")
    assert (finding.file, finding.line, finding.col) == (str(path), 2, 10)
    assert finding.message.startswith("persons: people.yaml not found")
    assert config.persons_path is None


def test_bad_iso_date_in_sidecar(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("text\n", encoding="utf-8")
    write(tmp_path / "doc.yaml", """
        title: A record
        date: 15 February 1962
        """)
    _, findings = load_sidecar(tmp_path / "doc.txt")
    finding = only(findings, "CFG002")
    assert finding.line == 2
    assert finding.message == "date: '15 February 1962' is not an ISO date: YYYY, YYYY-MM or YYYY-MM-DD"


def test_impossible_calendar_date_in_sidecar(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("text\n", encoding="utf-8")
    write(tmp_path / "doc.yaml", "date: 1962-02-30\n")
    _, findings = load_sidecar(tmp_path / "doc.txt")
    finding = only(findings, "CFG002")
    assert (finding.line, finding.col) == (1, 7)
    assert finding.message.startswith("date: '1962-02-30' is not a calendar date")


def test_bad_person_id_and_wikidata(tmp_path: Path) -> None:
    path = write(tmp_path / "persons.yaml", """
        persons:
          - id: Zhou Enlai
            name: Zhou Enlai
            wikidata: '17410'
        """)
    _, findings = load_personography(path)
    assert [(f.line, f.message) for f in findings] == [
        (2, "persons[0].id: 'Zhou Enlai' is not a lower-case hyphenated slug such as zhou-enlai"),
        (4, "persons[0].wikidata: '17410' is not a Wikidata item id: Q and digits, such as Q853"),
    ]


def test_required_key_missing(tmp_path: Path) -> None:
    path = write(tmp_path / "persons.yaml", """
        persons:
          - id: zhou-enlai
            variants: [Chou En-lai]
        """)
    _, findings = load_personography(path)
    finding = only(findings, "CFG002")
    assert (finding.line, finding.message) == (2, "persons[0].name: required key is missing")


def test_sidecar_line_checks(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("a\nb\nc\n", encoding="utf-8")
    write(tmp_path / "doc.yaml", """
        clutter_lines: [2, 9]
        text_lines: [2]
        """)
    sidecar, findings = load_sidecar(tmp_path / "doc.txt")
    assert sidecar is None
    assert [(f.code, f.severity, f.line) for f in findings] == [
        ("CFG010", Severity.WARNING, 1), ("CFG009", Severity.ERROR, 2)]


def test_every_finding_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", "input: 3\noutput: [a]\nrules: {title_words: [1]}\n")
    _, findings = load_config(path)
    assert [f.format().split(": ", 1)[0] for f in findings] == [f"{path}:1:8", f"{path}:2:9", f"{path}:3:23"]


# -- what loading gives --------------------------------------------------------------------------


def test_no_config_means_built_in_defaults() -> None:
    assert load_config(None) == (Config(), [])


def test_empty_config_means_defaults_with_paths_beside_it(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", "# nothing yet\n")
    config, findings = load_config(path)
    assert findings == []
    assert config.input_dir == tmp_path / "transcripts"
    assert config.output_dir == tmp_path / "encoded"
    assert (config.rules, config.header, config.schema, config.persons_path) == (
        RuleOptions(), HeaderDefaults(), None, None)


def test_precedence_tei_yaml_over_defaults(tmp_path: Path) -> None:
    """Keys given in tei.yaml win; every key not given keeps its built-in default."""
    write(tmp_path / "people.yaml", "persons: []\n")
    path = write(tmp_path / "corpus" / "tei.yaml", """
        output: ../out
        persons: ../people.yaml
        rules:
          title_words: [Counselor]
        header:
          publisher: Hungarian National Archives
        """)
    config, findings = load_config(path)
    assert [(f.code, f.severity) for f in findings] == [("CFG012", Severity.WARNING)]  # ../out: outside
    assert config.output_dir == tmp_path / "corpus" / ".." / "out"
    assert config.input_dir == tmp_path / "corpus" / "transcripts"  # default, relative to tei.yaml
    assert config.persons_path == tmp_path / "corpus" / ".." / "people.yaml"
    assert config.rules == RuleOptions(title_words=["Counselor"])
    assert config.header == HeaderDefaults(publisher="Hungarian National Archives")
    assert config.header.encoder == HeaderDefaults().encoder


def test_find_config_walks_upward(tmp_path: Path) -> None:
    write(tmp_path / "tei.yaml", "input: transcripts\n")
    (tmp_path / "transcripts" / "deep").mkdir(parents=True)
    assert find_config(tmp_path / "transcripts" / "deep") == (tmp_path / "tei.yaml").resolve()
    assert find_config(Path("/")) is None or find_config(Path("/")) == Path("/tei.yaml")


def test_personography_and_sidecar_values(tmp_path: Path) -> None:
    path = write(tmp_path / "persons.yaml", """
        persons:
          - id: mao-zedong
            name: Mao Zedong
            variants: [Mao Tse-tung]
            short_forms: [Mao]
            titles: [Chairman]
            wikidata: Q5816
            viaf: 12345
        """)
    personography, findings = load_personography(path)
    assert findings == []
    assert personography.persons == [PersonEntry("mao-zedong", "Mao Zedong", ["Mao Tse-tung"], ["Mao"],
                                                 ["Chairman"], [], "Q5816", "12345")]
    (tmp_path / "doc.txt").write_text("1\n2\n3\n4\n", encoding="utf-8")
    write(tmp_path / "doc.yaml", """
        speakers: {"Premier [Zhou]": zhou-enlai}
        brackets: [{line: 3, kind: variant, text: "[Kim Il-song]"}]
        date: 1962-02-15
        source_url: https://digitalarchive.wilsoncenter.org/document/115347
        clutter_lines: [4]
        """)
    sidecar, findings = load_sidecar(tmp_path / "doc.txt")
    assert findings == [] and sidecar is not None
    assert sidecar.speakers == {"Premier [Zhou]": "zhou-enlai"}
    assert (sidecar.brackets[0].line, sidecar.brackets[0].kind, sidecar.brackets[0].text) == (
        3, "variant", "[Kim Il-song]")
    assert sidecar.date == "1962-02-15"  # an unquoted date stays the ISO string
    assert sidecar.clutter_lines == [4]


def test_no_sidecar_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("x", encoding="utf-8")
    assert load_sidecar(tmp_path / "doc.txt") == (None, [])


# -- the bundled corpus and the schemas ----------------------------------------------------------


def test_bundled_corpus_configuration_is_clean() -> None:
    config, findings = load_config(ROOT / "tei.yaml")
    assert findings == []
    assert config.persons_path == ROOT / "persons.yaml"
    personography, findings = load_personography(config.persons_path)
    assert findings == []
    by_id = {p.id: p for p in personography.persons}
    for person_id in ("liu-shaoqi", "zhou-enlai", "kim-il-sung", "mao-zedong", "choe-yong-geon", "ri-yeong-ho",
                      "han-ik-su", "pak-seong-cheol", "pak-se-chang", "pak-geum-cheol", "jeong-bong-gyu",
                      "richard-nixon", "peng-dehuai", "nikita-khrushchev", "jeffrey-wang", "charles-kraus",
                      "stephen-mercado"):
        assert person_id in by_id
    assert "Chou En-lai" in by_id["zhou-enlai"].variants
    assert {"Mao Tse-tung", "Mao Ze-dong"} <= set(by_id["mao-zedong"].variants)
    assert {"Chong Bong-gyu", "Chong Pong-gyu"} <= set(by_id["jeong-bong-gyu"].variants)
    # "Pak" is short for several people in the corpus: on nobody
    assert not any("Pak" in p.short_forms for p in personography.persons)


@pytest.mark.parametrize("kind", ["config", "persons", "sidecar"])
def test_every_property_has_a_description_and_objects_are_closed(kind: str) -> None:
    def walk(node: dict[str, object], where: str) -> None:
        if node.get("type") == "object" and "properties" in node:
            assert node.get("additionalProperties") is False, where
        for name, prop in dict(node.get("properties", {})).items():  # type: ignore[call-overload]
            assert prop.get("description"), f"{where}.{name}"
            walk(prop, f"{where}.{name}")
        items = node.get("items")
        if isinstance(items, dict):
            walk(items, f"{where}[]")

    walk(schema(kind), kind)


def test_schema_defaults_are_the_dataclass_defaults() -> None:
    """The documented defaults are the ones the encoder gets."""
    properties = schema("config")["properties"]
    assert properties["input"]["default"] == str(Config().input_dir)
    assert properties["output"]["default"] == str(Config().output_dir)
    for key, value in asdict(RuleOptions()).items():
        assert properties["rules"]["properties"][key]["default"] == value
    for key, value in asdict(HeaderDefaults()).items():
        assert properties["header"]["properties"][key]["default"] == value


def test_configuration_doc_is_current() -> None:
    """Regenerate with `python -m tei_tool.config.load --write-docs`."""
    current = DOC_PATH.read_text(encoding="utf-8")
    assert render_doc(current) == current
    assert "`rules.archive_patterns[].regex`" in schema_reference()


def test_examples_in_the_configuration_doc_are_valid(tmp_path: Path) -> None:
    """The three YAML examples of docs/configuration.md load without findings."""
    blocks = DOC_PATH.read_text(encoding="utf-8").split("```yaml\n")[1:]
    examples = [block.split("```", 1)[0] for block in blocks]
    assert len(examples) == 3
    config_text, persons_text, sidecar_text = examples
    write(tmp_path / "persons.yaml", persons_text)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "tei-archival.rng").write_text("<grammar/>", encoding="utf-8")
    assert load_config(write(tmp_path / "tei.yaml", config_text))[1] == []
    assert load_personography(tmp_path / "persons.yaml")[1] == []
    transcript = tmp_path / "transcripts" / "1964-03-20_liu-shaoqi_zhou-enlai_pak-seong-cheol.txt"
    transcript.parent.mkdir()
    transcript.write_text("line\n" * 60, encoding="utf-8")
    write(transcript.with_suffix(".yaml"), sidecar_text)
    assert load_sidecar(transcript)[1] == []


def test_keys_must_be_text_and_tags_are_refused(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("a\n", encoding="utf-8")
    write(tmp_path / "doc.yaml", "title: T\nspeakers:\n  1: zhou-enlai\n")
    _, findings = load_sidecar(tmp_path / "doc.txt")
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("CFG002", 3, "speakers.1: a key must be text, not '1'")]
    write(tmp_path / "doc.yaml", "title: T\ndate: !!python/object:os.system {}\n")
    _, findings = load_sidecar(tmp_path / "doc.txt")
    assert [(f.code, f.line) for f in findings] == [("CFG001", 2)]


def test_a_year_alone_is_a_date(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("a\n", encoding="utf-8")
    write(tmp_path / "doc.yaml", "date: 1962\n")
    sidecar, findings = load_sidecar(tmp_path / "doc.txt")
    assert findings == [] and sidecar is not None and sidecar.date == "1962"


# -- hostile YAML: bounded time, no traceback, no echo of other files ---------------------------


def _run_with_timeout(seconds: float, function, *args):  # type: ignore[no-untyped-def]
    """Run in a forked child so that a hang fails the test instead of the whole run."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        return pool.apply_async(function, args).get(timeout=seconds)


def _codes_and_messages(path: Path) -> list[tuple[str, str]]:
    _, findings = load_config(path)
    return [(f.code, f.message) for f in findings]


def _anchor_bomb(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghij"[: levels - 1]:
        text += f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"
        previous = name
    return text + f"rules:\n  title_words: *{previous}\n"


def test_an_anchor_bomb_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    import time

    bomb = _anchor_bomb()
    assert len(bomb) < 700
    path = write(tmp_path / "tei.yaml", bomb)
    started = time.perf_counter()
    found = _run_with_timeout(10, _codes_and_messages, path)
    assert time.perf_counter() - started < 1.0
    assert [code for code, _ in found] == ["CFG001"], found
    assert "aliases" in found[0][1]


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", """
        rules:
          title_words: &titles [Counselor, Attaché]
          clutter_lines: []
        header: {publisher: &p Wilson, encoder: *p}
        """)
    config, findings = load_config(path)
    assert findings == [] and config.rules.title_words == ["Counselor", "Attaché"]
    assert config.header.encoder == "Wilson"


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", "rules: &r {title_words: *r}\n")
    found = _run_with_timeout(10, _codes_and_messages, path)
    assert [code for code, _ in found] == ["CFG001"], found


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_any_nesting_depth_is_a_finding_not_a_traceback(tmp_path: Path, opening: str, closing: str) -> None:
    path = write(tmp_path / "tei.yaml", "rules: " + opening * 10_000 + closing * 10_000 + "\n")
    found = _run_with_timeout(10, _codes_and_messages, path)
    assert [code for code, _ in found] == ["CFG001"], found
    assert "deep" in found[0][1]


def test_block_nesting_depth_too(tmp_path: Path) -> None:
    text = "".join("  " * depth + f"k{depth}:\n" for depth in range(3000))
    path = write(tmp_path / "tei.yaml", text)
    found = _run_with_timeout(10, _codes_and_messages, path)
    assert [code for code, _ in found] == ["CFG001"], found


def test_a_huge_configuration_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tei.yaml"
    path.write_text("rules:\n  title_words:\n" + "    - Counselor\n" * 800_000, encoding="utf-8")
    found = _run_with_timeout(10, _codes_and_messages, path)
    assert [code for code, _ in found] == ["CFG006"], found
    assert "MB" in found[0][1]


def test_messages_never_echo_another_files_contents(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                      "alice:hunter2-very-secret-password\n", encoding="utf-8")
    path = write(tmp_path / "tei.yaml", f"persons: {secret}\n")
    config, findings = load_config(path)
    assert findings and config.persons_path is None
    messages = " ".join(f.format() for f in findings)
    assert "root:x" not in messages and "hunter2" not in messages
    # a YAML file that is not a mapping: its value is not quoted back either
    other = write(tmp_path / "p.yaml", "root:x:0:0:root:/root:/bin/bash daemon:x:1:1:hunter2\n")
    _, findings = load_personography(other)
    messages = " ".join(f.format() for f in findings)
    assert findings and "hunter2" not in messages and "root:x" not in messages


def test_long_values_are_shortened_in_messages(tmp_path: Path) -> None:
    path = write(tmp_path / "tei.yaml", "header:\n  publisher: [" + "x" * 5000 + "]\n")
    _, findings = load_config(path)
    assert findings and all(len(f.message) < 300 for f in findings), [f.message[:400] for f in findings]


def test_an_output_outside_the_corpus_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "corpus" / "tei.yaml", "output: ../elsewhere\n")
    config, findings = load_config(path)
    finding = only(findings, "CFG012")
    assert finding.severity is Severity.WARNING and (finding.line, finding.col) == (1, 9)
    assert "outside" in finding.message
    inside = write(tmp_path / "corpus2" / "tei.yaml", "output: encoded/tei\n")
    assert load_config(inside)[1] == []
