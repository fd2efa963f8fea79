"""Input/expected pairs per layout: each `tests/layouts/NAME.txt` is read as `NAME.expected.yaml` says.

The fixtures are small synthetic documents (not copies of a sample) in the layouts users paste: web
copy, single-spaced cable, PDF text with running headers and form feeds, a page flattened onto one
line, an HTML-to-text dump, a FRUS page and a markdown export. Regenerate the expectations with
`python -m tests.layouts.expected` and read the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from lxml import etree

from tei_tool.api import EncodeResult, encode_text
from tei_tool.config import Config, Personography, Sidecar
from tei_tool.read.layout import Gap as LayoutGap
from tei_tool.read.layout import Join, LayoutName, Line, Pair, Profile, read_layout
from tei_tool.read.source import decode

from .layouts.expected import HERE, describe, encoded

FIXTURES = sorted(HERE.glob("*.txt"))
TEI = "{TEI}"
TEI = "{http://www.tei-c.org/ns/1.0}"

def encode(text: str, config: Config | None = None, sidecar: Sidecar | None = None) -> EncodeResult:
    """A transcript encoded with the built-in defaults (no tei.yaml, no personography)."""
    return encode_text(text, "t.txt", config or Config(), Personography(), sidecar)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_layout_fixture_reads_as_expected(path: Path) -> None:
    expected = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    assert describe(path) == expected


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_layout_fixture_encodes_to_its_expected_tei(path: Path) -> None:
    assert encoded(path) == path.with_suffix(".expected.xml").read_bytes(), "re-run python -m tests.layouts.expected"


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_layout_is_named_after_the_fixture(path: Path) -> None:
    """Each fixture is named for the layout it exercises (frus and markdown pages are web copies)."""
    measured = read_layout(decode(path.name, path.read_bytes())).profile.name
    assert measured == LayoutName({"frus": "web", "markdown": "web", "web-footer": "web"}.get(path.stem, path.stem))


def test_joined_lines_keep_their_offsets() -> None:
    """A split label glued back together still points at the transcript, character for character."""
    text = "Intro.\n\nGeneral Yu\n: The Generalissimo agrees.\n"
    layout = read_layout(decode("t.txt", text.encode()))
    para = layout.paragraphs[-1]
    assert para.text == "General Yu: The Generalissimo agrees."
    colon = para.text.index(":")
    assert text[para.offset(colon)] == ":"
    assert text[para.offset(colon + 2): para.offset(colon + 5)] == "The"


def test_form_feed_inside_a_bracket_keeps_the_group_whole() -> None:
    text = "The [post\n\fof the] mayor is intended for him.\n"
    layout = read_layout(decode("t.txt", text.encode()))
    assert len(layout.paragraphs) == 1
    assert layout.page_breaks == [text.index("\f")]


def test_running_header_repeated_on_pages_is_clutter() -> None:
    text = "\f".join(f"Bulletin of the Archive\nThe text of page {n} goes on here.\n\n" for n in "ABCD")
    layout = read_layout(decode("t.txt", text.encode()))
    assert sorted(set(layout.clutter_lines)) == [1, 4, 7, 10]
    assert all("Bulletin" not in p.text for p in layout.paragraphs)


def _pair(previous: str, line: str, **gap: object) -> Pair:
    return Pair(Line(0, len(previous), previous, 1), Line(0, len(line), line, 2), LayoutGap(**gap),  # type: ignore[arg-type]
                Profile(), None, None)


@pytest.mark.parametrize(("previous", "line", "gap", "expected"), [
    ("General Yu", ": I think so.", {}, Join.GLUE),
    ("It is so.", ": I think so.", {"blank": 1}, None),  # a colon after a blank line is no split label
    ("the talks with", "7", {}, Join.JOIN),
    ("the end of the sentence was not", "reached before the page ended.", {"page_break": True}, Join.JOIN),
    ("The sentence ended.", "A new one starts.", {"page_break": True}, None),
    ("Paragraph one.", "Paragraph two.", {"blank": 1}, Join.SPLIT),
])
def test_join_rules_decide(previous: str, line: str, gap: dict[str, object], expected: Join | None) -> None:
    """The first join rule with an opinion decides; None means no rule before the blank-line rule spoke
    (then the defaults apply)."""
    from tei_tool.read.layout import JOIN_RULES
    pair = _pair(previous, line, **gap)
    verdict = None
    for rule in JOIN_RULES:
        verdict = rule(pair)
        if verdict is not None:
            break
    if expected is None:
        assert verdict in (None, Join.SPLIT)
    else:
        assert verdict == expected


def test_a_repeated_omission_mark_at_page_edges_is_text() -> None:
    """`[…]` printed at the foot of two pages is the document's omission mark, not a running header."""
    pages = ["Bulletin of the Archive\nThe text of page A goes on.\n[…]\n", "Bulletin of the Archive\nPage B.\n[…]\n",
             "Bulletin of the Archive\nPage C ends here.\n"]
    layout = read_layout(decode("t.txt", "\f".join(pages).encode()))
    assert "\n".join(p.text for p in layout.paragraphs).count("[…]") == 2
    assert all("Bulletin" not in p.text for p in layout.paragraphs)


def test_printed_page_numbers_become_pb_n() -> None:
    """A page counter next to a form feed is clutter, and its number goes to the page break."""
    text = ("The talks began in the morning and went on\n- 1 -\n\funtil the evening, when they ended.\n"
            "- 2 -\n\fThe second day was quiet.\n")
    result = encode(text)
    assert result.ok, [f.format() for f in result.findings]
    pbs = etree.fromstring(result.xml).findall(f".//{TEI}pb")
    assert [pb.get("n") for pb in pbs] == ["2", "3"]


def test_config_schema_lists_every_rule_name() -> None:
    """`rules.disabled` in tei.yaml is checked against the rule names the code has (typos are errors)."""
    import json

    from tei_tool.read import rule_names
    from tei_tool.resources import schema_file

    schema = json.loads(schema_file("tei-config.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["rules"]["properties"]["disabled"]["items"]["enum"] == rule_names()


def test_a_rule_switched_off_by_name_stops_deciding(tmp_path: Path) -> None:
    text = "Intro.\n \nGeneral Yu\n: The Generalissimo agrees.\n \nGeneral Marshall\n: Good.\n \nGeneral Yu\n: Yes."
    on = encode(text)
    config = Config()
    config.rules.disabled = ["split_label_colon"]
    off = encode(text, config)
    assert on.stats.turns == 3 and off.stats.turns == 0


def test_a_sidecar_layout_overrides_the_measured_one(tmp_path: Path) -> None:
    result = encode("One line.\nAnother line.\n", sidecar=Sidecar(layout="pdf"))
    assert result.stats.layout == "pdf"


def test_a_word_hyphenated_at_a_line_end_is_marked_break_no() -> None:
    text = "Report\n\nThe mission asked for the rail-\nroad and for the mines in the north-\nEast as well.\n"
    result = encode(text)
    assert result.ok
    lbs = etree.fromstring(result.xml).iter(f"{TEI}lb")
    assert [lb.get("break") for lb in lbs] == ["no", None]  # `north-` / `East`: a capital is a new word


def test_an_archival_id_wrapped_over_two_lines_is_one_id() -> None:
    text = ("Citation:\n“Report, A to B,” July 06, 1949, History and Public Policy Program Digital Archive, APRF:\n"
            "F. 3, Op. 65, D. 363, Ll. 20-23. Translated by C.\n\nThe talks went well.\n")
    result = encode(text)
    assert result.ok, [f.format() for f in result.findings]
    ids = etree.fromstring(result.xml).findall(f".//{TEI}idno[@type='archival']")
    assert [i.text for i in ids] == ["APRF:\nF. 3, Op. 65, D. 363, Ll. 20-23"]


def test_two_interleaved_columns_are_read_column_by_column() -> None:
    from tei_tool.read.layout import split_columns

    lines = [" Date: December            Source:. See Pei et al., History [A",
             " 18,1949                   Diplomatic History of China] (Beijing: World Affairs",
             "                           Press, 1994), pp.17- 18.)"]
    assert split_columns(lines) == ("Date: December 18,1949", "Source:. See Pei et al., History [A Diplomatic "
                                    "History of China] (Beijing: World Affairs Press, 1994), pp.17- 18.)")
    assert split_columns(["The talks went on and on.", "They ended    at noon, after    a long lunch."]) is None


def test_a_two_column_header_gives_the_date_and_the_citation() -> None:
    text = (" Title: Telegram to Li\n\n Date: March            Source: Collected Telegrams, vol. 2\n"
            " 4,1950                 (Beijing, 1990), p. 17.\n\n(1) I arrived on the 2nd.\n")
    result = encode(text)
    root = etree.fromstring(result.xml)
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert root.xpath("string(//t:profileDesc/t:creation/t:date/@when)", namespaces=ns) == "1950-03-04"
    assert root.xpath("string(//t:sourceDesc/t:bibl[@type='citation'])", namespaces=ns) == \
        "Collected Telegrams, vol. 2 (Beijing, 1990), p. 17."
