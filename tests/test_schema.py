"""The project schema (schemas/tei-archival.rng): up to date with its ODD, compiles, accepts what the
contract describes, and is a strict subset of the official TEI P5 schema.

The subset property is guaranteed by how tei_tool.schema_build derives the grammar (it only removes and
narrows); the mutation test checks it empirically on a few hundred documents near the valid samples.
"""

from __future__ import annotations

import copy
import random
import time
from pathlib import Path

import pytest
from lxml import etree

from tei_tool import schema_build

ROOT = Path(__file__).resolve().parent.parent
VALID = sorted((ROOT / "tests" / "schemas" / "valid").glob("*.xml"))
ENCODED = sorted((ROOT / "encoded").glob("*.xml"))
TEI = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


# -- the RNG is the ODD's current derivation ------------------------------------------------------

def test_committed_rng_is_what_the_odd_derives(tei_all: etree.RelaxNG) -> None:
    """Stale check: editing the ODD without rerunning `python -m tei_tool.schema_build` fails here."""
    derived = schema_build.derive(schema_build.ODD, schema_build.TEI_ALL)
    assert schema_build.OUTPUT.read_bytes() == derived, "run: .venv/bin/python -m tei_tool.schema_build"


def test_derivation_is_deterministic(tei_all: etree.RelaxNG) -> None:
    first = schema_build.derive(schema_build.ODD, schema_build.TEI_ALL)
    assert schema_build.derive(schema_build.ODD, schema_build.TEI_ALL) == first


def test_check_mode_reports_stale_output(tei_all: etree.RelaxNG, tmp_path: Path) -> None:
    stale = tmp_path / "stale.rng"
    stale.write_text("<grammar/>")
    assert schema_build.main(["--check", "--output", str(stale)]) == 1
    assert schema_build.main(["--output", str(stale)]) == 0
    assert schema_build.main(["--check", "--output", str(stale)]) == 0


def test_rng_says_how_to_regenerate_it() -> None:
    head = schema_build.OUTPUT.read_text(encoding="utf-8")[:600]
    assert "python -m tei_tool.schema_build" in head and "do not edit" in head


def test_odd_is_itself_valid_tei(tei_all: etree.RelaxNG) -> None:
    """The ODD is a TEI document (tagdocs module), so Roma and other ODD tools can read it."""
    tree = etree.parse(str(schema_build.ODD))
    assert tei_all.validate(tree), tei_all.error_log


def test_every_odd_element_is_defined_and_start_is_tei() -> None:
    custom = schema_build.read_odd(schema_build.ODD)
    grammar = etree.parse(str(schema_build.OUTPUT)).getroot()
    rng = "{http://relaxng.org/ns/structure/1.0}"
    names = {e.get("name") for e in grammar.iter(f"{rng}element")}
    assert names == custom.elements
    start = grammar.find(f"{rng}start/{rng}ref")
    assert start is not None and start.get("name") == "tei_TEI"


@pytest.mark.parametrize(("old", "new", "message"), [
    ('<valItem ident="section"/>', '<valItem ident="two words"/>', "not allowed by tei_all"),
    ('include="persName orgName', 'include="nonsense orgName', "changes an element no moduleRef includes"),
    ('<moduleRef key="linking" include="ab"/>', '<moduleRef key="linking" include="ab nonsense"/>',
     "tei_all does not define: nonsense"),
])
def test_odd_cannot_widen_tei(tei_all: etree.RelaxNG, tmp_path: Path, old: str, new: str, message: str) -> None:
    """A closed value TEI's datatype rejects, or an element TEI lacks, is an error, never an extension."""
    text = schema_build.ODD.read_text(encoding="utf-8")
    assert old in text
    odd = tmp_path / "bad.odd"
    odd.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(schema_build.BuildError, match=message):
        schema_build.derive(odd, schema_build.TEI_ALL)


# -- compiles, small and fast ---------------------------------------------------------------------

def test_rng_compiles_quickly() -> None:
    started = time.perf_counter()
    etree.RelaxNG(etree.parse(str(schema_build.OUTPUT)))
    assert time.perf_counter() - started < 1.0  # tei_all takes about 5 s
    assert schema_build.OUTPUT.stat().st_size < 200_000


# -- valid samples and encoder output -------------------------------------------------------------

@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_sample_passes_both_schemas(path: Path, project_rng: etree.RelaxNG, tei_all: etree.RelaxNG) -> None:
    tree = etree.parse(str(path))
    assert project_rng.validate(tree), project_rng.error_log
    assert tei_all.validate(tree), tei_all.error_log


def test_valid_samples_cover_the_contract() -> None:
    """Every element the ODD keeps, and every closed value it lists, occurs in some valid sample."""
    custom = schema_build.read_odd(schema_build.ODD)
    seen_elements: set[str] = set()
    seen_values: set[tuple[str, str, str]] = set()
    for path in VALID:
        for element in etree.parse(str(path)).iter(f"{T}*"):
            name = etree.QName(element).localname
            seen_elements.add(name)
            for attribute, value in element.attrib.items():
                seen_values.add((name, str(attribute), str(value)))
    assert custom.elements - seen_elements == set()
    wanted = {(element, attribute, value) for (element, attribute), values in custom.element_values.items()
              for value in values}
    missing = wanted - seen_values
    assert missing == set()
    rend = {v for (_, a, v) in seen_values if a == "rend"}
    assert {"brackets", "parentheses"} <= rend


@pytest.mark.skipif(not ENCODED, reason="encoded/ holds no *.xml yet (run tei encode)")
@pytest.mark.parametrize("path", ENCODED, ids=[p.name for p in ENCODED])
def test_encoded_file_passes_both_schemas(path: Path, project_rng: etree.RelaxNG, tei_all: etree.RelaxNG) -> None:
    tree = etree.parse(str(path))
    assert project_rng.validate(tree), project_rng.error_log
    assert tei_all.validate(tree), tei_all.error_log


# -- strict subset --------------------------------------------------------------------------------

STRICTER = [  # each valid TEI, each outside the project's closed lists or element set
    ('<gap reason="redacted"', '<gap reason="unclear"'),
    ('unit="line"', 'unit="cm"'),
    ('<supplied reason="omitted"', '<supplied reason="lost"'),
    ('<note type="sic"', '<note type="gloss"'),
    ('rend="brackets"', 'rend="italic"'),
    ('<hi rend="bold">', '<hi rend="brackets">'),
    ('<list type="distribution" rend="inline">', '<list type="distribution" rend="bulleted">'),
    ('role="recorder"', 'role="host"'),
    ('<persName type="short">', '<persName type="nickname">'),
    ('<ab type="time">', '<ab type="weather">'),
    ('<div type="credits">', '<div type="chapter">'),
    ('<stage type="narrative">', '<stage type="entrance">'),
    ('<idno type="record">', '<idno type="ISBN">'),
    ('<p>Good.', '<p><emph>Good.</emph>'),
    ('<p>Good.', '<p><seg>Good.</seg>'),
    ('<p>Good.', '<p><foreign xml:lang="zh">hao</foreign>'),
]


@pytest.mark.parametrize(("old", "new"), STRICTER, ids=[n for _, n in STRICTER])
def test_project_rejects_what_tei_allows(old: str, new: str, project_rng: etree.RelaxNG,
                                         tei_all: etree.RelaxNG) -> None:
    text = next((t for t in (p.read_bytes() for p in VALID) if old.encode() in t), None)
    assert text is not None, f"no valid sample contains {old}"
    tree = etree.ElementTree(etree.fromstring(text.replace(old.encode(), new.encode(), 1)))
    assert tei_all.validate(tree), tei_all.error_log
    assert not project_rng.validate(tree)


OTHER_ELEMENTS = ("seg", "emph", "foreign", "quote", "said", "rs", "abbr", "salute", "u", "unclear", "del", "add",
                  "orig", "time", "ptr", "geogName")
ATTRIBUTES = ("type", "rend", "reason", "unit", "role", "n", "when", "quantity", "part", "cert", "resp", "ident")
VALUES = ("redacted", "omitted", "illegible", "unclear", "line", "char", "cm", "name", "date", "query",
          "variant", "footnote", "gloss", "brackets", "parentheses", "italic", "bold", "h2", "h7", "inline",
          "lines", "distribution", "participants", "principal", "host", "full", "label", "record", "chapter",
          "time", "weather", "narrative", "copies", "total", "URI", "shelfmark", "I", "F", "low", "1962-02-15",
          "2", "two", "#resp-translator", "en", "brackets parentheses", "")


# Edits, weighted towards the ones that often stay valid TEI (values, phrase-level wrappers).
KINDS = ("remove", "unwrap", "duplicate", "rename", "rename", "set", "set", "set", "set", "drop-attribute", "move",
         "wrap", "wrap", "wrap")


def _mutate(tree: etree._ElementTree, rng: random.Random, names: list[str]) -> str:
    """Apply one random edit somewhere below the root; return what was done (for failure messages)."""
    root = tree.getroot()
    elements = [e for e in root.iter(f"{T}*") if e is not root]
    target = rng.choice(elements)
    parent = target.getparent()
    assert parent is not None
    kind = rng.choice(KINDS)
    if kind == "remove":
        _keep_tail(target)
        parent.remove(target)
    elif kind == "unwrap":
        index = parent.index(target)
        _keep_tail(target, target.text or "")
        for offset, child in enumerate(list(target)):
            parent.insert(index + offset, child)
        parent.remove(target)
    elif kind == "duplicate":
        twin = copy.deepcopy(target)
        if XML_ID in twin.attrib:
            del twin.attrib[XML_ID]
        target.addnext(twin)
    elif kind == "rename":
        target.tag = T + rng.choice(names)
    elif kind == "set":
        present = sorted(map(str, target.attrib))
        name = rng.choice(present) if present and rng.random() < 0.7 else rng.choice(ATTRIBUTES)
        target.set(name, rng.choice(VALUES))
    elif kind == "drop-attribute" and target.attrib:
        del target.attrib[rng.choice(sorted(map(str, target.attrib)))]
    elif kind == "move":
        destinations = [e for e in root.iter(f"{T}*") if e is not target and target not in e.iterancestors()
                        and e not in target.iterdescendants()]
        _keep_tail(target)
        destination = rng.choice(destinations)
        destination.insert(rng.randint(0, len(destination)), target)
    elif kind == "wrap":
        wrapper = etree.Element(T + rng.choice(OTHER_ELEMENTS if rng.random() < 0.5 else names))
        target.addprevious(wrapper)
        wrapper.append(target)
    return f"{kind} {etree.QName(target).localname}"


def _keep_tail(element: etree._Element, extra: str = "") -> None:
    """Move an element's tail text onto what precedes it, so removing it keeps the surrounding text."""
    text = extra + (element.tail or "")
    element.tail = None
    previous = element.getprevious()
    parent = element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    elif parent is not None:
        parent.text = (parent.text or "") + text


MUTANTS = 1000


def test_every_mutant_the_project_accepts_tei_all_accepts(project_rng: etree.RelaxNG,
                                                          tei_all: etree.RelaxNG) -> None:
    """Seeded random mutants of the valid samples: project-valid implies TEI-valid, and the project is stricter."""
    custom = schema_build.read_odd(schema_build.ODD)
    names = sorted(custom.elements) + list(OTHER_ELEMENTS)
    rng = random.Random(20261122)
    sources = [etree.parse(str(p)) for p in VALID]
    counts = {"both": 0, "tei_only": 0, "neither": 0}
    for case in range(MUTANTS):
        tree = copy.deepcopy(rng.choice(sources))
        edits = [_mutate(tree, rng, names) for _ in range(rng.choice((1, 1, 2, 3)))]
        in_project = project_rng.validate(tree)
        in_tei = tei_all.validate(tree)
        assert in_tei or not in_project, f"mutant {case} ({edits}) is valid for the project but not for TEI:\n" \
            + etree.tostring(tree, encoding="unicode")[:3000]
        counts["both" if in_project else "tei_only" if in_tei else "neither"] += 1
    assert counts["tei_only"] >= 30, counts  # the project schema is strictly stricter
    assert counts["both"] >= 20, counts  # and the mutants explore its language, not just its outside
    assert counts["neither"] >= 20, counts
