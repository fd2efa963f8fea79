"""Behaviour checks (not timed) for the encoder's performance rewrites: each fast path gives the same
answer as the plain formulation it replaced (issue 10)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tei_tool.api import encode_text
from tei_tool.read.blocks import referenced_note_numbers


@pytest.fixture(scope="module")
def real_texts(shared_dir: Path) -> dict[str, list[str]]:
    """What the rules read in the shared transcripts and corpus: whole documents, the layout's
    paragraphs and every stripped line."""
    from tei_tool.read.layout import read_layout
    from tei_tool.read.source import decode

    paths = sorted((shared_dir / "transcripts").glob("*/*.txt")) + sorted((shared_dir / "corpus").rglob("*.txt"))
    documents, paragraphs, lines = [], [], []
    for path in paths:
        source = decode(str(path), path.read_bytes())
        documents.append(source.text)
        layout = read_layout(source)
        paragraphs += [para.text for para in layout.paragraphs]
        lines += [line.strip() for line in source.text.split("\n") if line.strip()]
    return {"documents": documents, "paragraphs": paragraphs, "lines": lines}


def _plain_referenced(n: int, text: str) -> bool:
    return re.search(rf"(?:(?<=[^\W\d_])|(?<=[.,;:)\]”’\"])|(?<=\n)|(?<=\S ))0*{n}(?=\s|$|[,.;:])",
                     text, re.MULTILINE) is not None


def test_note_number_reference_matches_the_single_pattern() -> None:
    rng = random.Random(10)
    alphabet = "0123 a.\n)”,x;"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        for n in (0, 1, 2, 3, 10, 12, 30):
            assert (str(n) in referenced_note_numbers(text)) == _plain_referenced(n, text), (n, text)


def test_pathological_inputs_encode_without_traceback() -> None:
    inputs = [
        "Liu: " + " ".join(f"word [w{i}]" for i in range(300)),
        "Liu: [" + "words and more words " * 300,
        "Liu: " + "[" * 300 + "x" + "]" * 300,
        "Liu: " + " ".join(f"(p{i})" for i in range(200)) + " " + "(" * 200 + " a ) b" * 200,
        "\n\n".join(f"{'Liu' if i % 2 else 'Han'}: Line {i} of the talk [as recorded]." for i in range(300)),
    ]
    for text in inputs:
        result = encode_text(text + "\n\nHan: Thank you.\n", "speed.txt")
        assert result.xml.startswith(b"<?xml")


def test_date_rules_skipped_by_the_prefilters_could_not_match() -> None:
    from tei_tool.read.rules.dates import _MONTH_RE, _YEAR_DIGITS_RE, DATE_RULES

    samples = ["4:00 p.m., 21 April 1962", "Monday, February 21, 1972 - 2:50-3:55pm", "Moscow, 1512Z.",
               "August 20–21, 1968", "25.1.1946", "12.III.1963", "1972.08.12", "1946-01-25", "July 31 statement",
               "9 September at the Embassy", "No. 13, page 21", "Date: December    Source:\n 18,1949  x"]
    for text in samples:
        for rule in DATE_RULES:
            if rule.needs_month and _MONTH_RE.search(text) is None \
                    or rule.needs_printed_year and _YEAR_DIGITS_RE.search(text) is None:
                assert rule.pattern.search(text) is None, (rule.name, text)


def test_odd_case_lists_every_character_re_and_str_lower_disagree_on() -> None:
    from tei_tool.read.caseless import ODD_CASE

    word = re.compile(r"\w")
    letters = [re.compile(a, re.IGNORECASE) for a in "abcdefghijklmnopqrstuvwxyz"]
    odd = set()
    for code in range(0x80, 0x110000):
        char = chr(code)
        lowered = char.lower()
        if lowered == char and char.upper() == char:
            continue  # uncased: str.lower leaves it, and re matches it with itself only
        if len(lowered) != 1 or lowered.isascii() or bool(word.match(char)) != bool(word.match(lowered)) \
                or any(p.fullmatch(char) for p in letters):
            odd.add(char)
    assert odd == set(ODD_CASE)


def test_caseless_tests_match_the_ignorecase_patterns() -> None:
    from tei_tool.passes.provenance import _TRANSLATION_TEST, TRANSLATION_RE
    from tei_tool.read.rules.dates import _MONTH_RE, _MONTH_TEST
    from tei_tool.read.rules.distribution import _STAMP_TEST, STAMP_RE
    from tei_tool.read.rules.frontback import RIGHTS_RE, is_rights

    rng = random.Random(11)
    pieces = ["Jan", "JANUARY", "may", "Mayor", "sept.", "Sep", "dec", "Dece", "mber", "copy", "right", "COPYRIGHT",
              "Licensed under", "licenced  under", "public domain", "Public Domain", "ſept", "\u0130", "\u212a",
              "ı", " ", ".", "é", "—", "x", "1962", "\n", "all rights reserved", "Creative Commons", "_",
              "English Translation", "english  translation", "Translated", " by", " for X ", "TRANSLATED BY",
              "Received", "FILED ", " on ", "12 ", "12 May 1962", " mAY. 1962", "sent", "typed"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert _MONTH_TEST.search(text) == (_MONTH_RE.search(text) is not None), text
        assert is_rights(text) == (RIGHTS_RE.search(text) is not None), text
        assert _TRANSLATION_TEST.search(text) == (TRANSLATION_RE.search(text) is not None), text
        assert _STAMP_TEST.search(text) == (STAMP_RE.search(text) is not None), text


def test_archive_rules_shortcuts_never_skip_a_named_repository() -> None:
    from tei_tool.read.rules.archival import (
        _DECIMAL_SUBJECT,
        _LOT_NUMBER,
        ARCHIVES,
        DECIMAL_FILE_RE,
        LOT_FILE_RE,
        _repository_pattern,
        _repository_words,
        find_archival_ids,
    )

    texts = [str(case["text"]) for entry in ARCHIVES for case in entry.get("cases", [])]
    texts += [str(text) for entry in ARCHIVES for text in entry.get("negative", [])]
    texts += ["Lot 54–D270", "lot 54 D 1", "Lot\n63 D 351", "123.45/1–2546", "x123.4/6-2550", "795.00/6–2550"]
    for entry in ARCHIVES:
        if "regex" in entry or entry.get("style") in ("decimal", "lot"):
            continue
        names, words = re.compile(_repository_pattern(entry)), _repository_words(entry)
        assert words, entry["name"]  # every packaged entry has its shortcut
        for text in texts:
            if names.search(text):
                assert any(word in text for word in words), (entry["name"], text)
    for text in texts:
        if DECIMAL_FILE_RE.search(text):
            assert _DECIMAL_SUBJECT.search(text)
        if LOT_FILE_RE.search(text):
            assert _LOT_NUMBER.search(text)
    assert [a.text for a in find_archival_ids("Source: Johnson Library, National Security File, Box 9. Secret")] \
        == ["Johnson Library, National Security File, Box 9"]


def test_date_rules_on_lowered_text_match_the_ignorecase_patterns() -> None:
    from tei_tool.read.caseless import plain_case
    from tei_tool.read.rules.dates import DATE_RULES, _printed_groups

    rng = random.Random(12)
    pieces = ["4:00 p.m., ", "4 P.M. ", "21 ", "April ", "APRIL ", "1962", "Monday, ", "FEB. ", "Feb ", "15, ", "1512Z",
              "1512z", "August 20–21, ", "25.1.1946", "12.III.1963", "12.iii.1963", "1972.08.12", "1946-01-25",
              "[1963]", "Date: December    Source:\n 18,1949  x", "10:30 A.M., ", "on ", "at ", "of ", "Sept. ",
              "2:50-3:55PM", " hrs ", "é", "\n", " ", "may ", "MAY ", "the 12th of March "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        assert plain_case(text)
        for rule in DATE_RULES:
            assert rule.lowered is not None
            plain = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
            lowered = [(m.span(), _printed_groups(m, text)) for m in rule.lowered.finditer(text.lower())]
            assert plain == lowered, (rule.name, text)
            if plain:  # the characters the rule is skipped without
                assert not rule.needs_any or any(char in text.lower() for char in rule.needs_any), (rule.name, text)


def test_lower_literals_keeps_escapes_and_group_names() -> None:
    from tei_tool.read.caseless import lower_literals

    assert lower_literals(r"(?P<Month>Jan)\S+\B(?P=Month)(?(Month)X|Y)[A-Z]") == \
        r"(?P<Month>jan)\S+\B(?P=Month)(?(Month)x|y)[a-z]"


def test_required_literal_is_in_every_match() -> None:
    from tei_tool.passes.provenance import SOURCE_SERIES
    from tei_tool.read.literal import required_literal

    assert required_literal(r"\bWilson Center Digital Archive\b") == "Wilson Center Digital Archive"
    assert required_literal(r"^\s*1\s+Source:\s", re.MULTILINE) == "Source:"
    assert required_literal("a|b") == "" and required_literal("(?i)abc") == "" and required_literal("abc", re.I) == ""
    patterns = [signal for series in SOURCE_SERIES for signal in series.signals]
    patterns += [r"ab?c", r"x(?:yz)w", r"(?P<a>q)r+s", r"\[Page \d+\]", r"a*bc", r"(?:ab)?cd", r"^\s*1\s+Source:\s"]
    rng = random.Random(13)
    alphabet = ["a", "b", "c", "d", "q", "r", "s", "x", "yz", "w", " ", "\n", "1", "Source:", "[Page 3]",
                "Wilson Center Digital Archive", "history.state.gov"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        for pattern in patterns:
            if re.search(pattern, text, re.MULTILINE):
                assert required_literal(pattern, re.MULTILINE) in text, (pattern, text)


def test_document_type_in_matches_the_plain_search() -> None:
    from tei_tool.read.lexicon import DOCUMENT_TYPES
    from tei_tool.read.rules.frontback import document_type_in

    def plain(title: str) -> str | None:
        best = None
        for name in DOCUMENT_TYPES:
            match = re.search(rf"\b{re.escape(name)}\b", title, re.IGNORECASE)
            if match and (best is None or len(name) > len(best[0])):
                best = (name, match.start())
        return best[0] if best else None

    rng = random.Random(14)
    words = [*list(DOCUMENT_TYPES)[:12], "RECORD OF CONVERSATION", "memorandum", "x", " ", "between", "\u0130", "s"]
    for _ in range(2000):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        assert document_type_in(title) == plain(title), title


def test_fold_lowers_long_texts_in_pieces_to_the_same_characters() -> None:
    from tei_tool.read.caseless import fold, plain_case

    rng = random.Random(15)
    alphabet = "aBcΣσςÉé ΑΒΓ\nXyZ—“”ÅÆØ"
    for length in (0, 10, 4095, 4096, 4097, 10_000):
        text = "".join(rng.choice(alphabet) for _ in range(length))
        assert plain_case(text)
        folded = fold(text)
        assert len(folded) == len(text)
        # equal but for the Greek final sigma, which str.lower picks from the neighbours
        assert folded.replace("ς", "σ") == text.lower().replace("ς", "σ")


def test_whitespace_class_of_re_is_str_isspace() -> None:
    """`referenced_note_numbers` reads `\\s` (the pattern's lookahead) as `str.isspace`."""
    space = re.compile(r"\s")
    assert all(bool(space.match(chr(code))) == chr(code).isspace() for code in range(0x110000))


def test_referenced_note_numbers_match_the_single_pattern_on_real_texts(real_texts: dict[str, list[str]]) -> None:
    for text in real_texts["documents"][::8]:
        found = referenced_note_numbers(text)
        for n in range(0, 40):
            assert (str(n) in found) == _plain_referenced(n, text), n
    rng = random.Random(16)
    for _ in range(3000):
        text = "".join(rng.choice("0123 a.\n)”,x;\u00a0\u2028٣") for _ in range(rng.randint(0, 14)))
        found = referenced_note_numbers(text)
        for n in (0, 1, 2, 3, 10, 12, 30):
            assert (str(n) in found) == _plain_referenced(n, text), (n, text)


def test_label_prefilters_never_skip_a_label(real_texts: dict[str, list[str]],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A speaker or header label is only looked for where its first line holds a colon (or, for an
    alias, a parenthesis): the same answers as the patterns asked of every text."""
    from tei_tool.read.rules import header, speakers

    texts = real_texts["paragraphs"] + real_texts["lines"]
    texts += ["**Liu (hereafter Liu).** Yes", "Liu (abbreviated as L).", "Zhou Enlai：We", "Liu\n: x", "**Time:**",
              "Time\n:", "Liu\u00a0:", "[Kim] (Premier): yes", "Note:", "(Liu): no"]
    fast_labels = [speakers.find_label(text) for text in texts]
    fast_headers = [header.header_label(text) for text in texts]
    monkeypatch.setattr(speakers, "_label_marks", lambda text: (True, "(" in text))  # the alias test as before
    assert fast_labels == [speakers.find_label(text) for text in texts]
    plain_headers = []
    for text in texts:  # header_label without its colon test
        match = header.LABEL_LINE_RE.match(text)
        label = match.group("label").strip().strip("*").strip() if match else None
        entry = next((e for e in header.HEADER_LABELS if label is not None and e.pattern.fullmatch(label)), None)
        plain_headers.append((entry, match.end()) if match and entry else None)
    assert fast_headers == plain_headers
    assert sum(found is not None for found in fast_labels) > 500 and sum(h is not None for h in fast_headers) > 200


def test_archive_rules_found_through_their_words_as_when_each_rule_runs(real_texts: dict[str, list[str]]) -> None:
    from tei_tool.read.rules.archival import _ALL_WORDS, _RULE_WORDS, ARCHIVE_RULES, find_archival_ids

    def plain(text: str) -> list[object]:
        found = []
        for index, (_, rule) in enumerate(ARCHIVE_RULES, start=1):
            words = _RULE_WORDS[index - 1]
            if words and not any(word in text for word in words):
                continue
            found += [(index, a) for a in rule(text)]
        found.sort(key=lambda pair: (pair[1].start, pair[0], -(pair[1].end - pair[1].start)))
        chosen: list[object] = []
        for _, candidate in found:
            if chosen and candidate.start < chosen[-1].end:  # type: ignore[attr-defined]
                continue
            chosen.append(candidate)
        return chosen

    texts = real_texts["paragraphs"] + [" ".join(_ALL_WORDS), "Lot 54–D270, National Archives, RG 59"]
    hits = 0
    for text in texts:
        fast = find_archival_ids(text)
        assert fast == plain(text), text
        hits += bool(fast)
    assert hits > 50


def test_date_rules_tried_where_matches_begin_find_what_a_scan_finds(real_texts: dict[str, list[str]]) -> None:
    """Each date rule asked at the starts `_Starts` lists gives the matches of a scan of the whole
    text with the plain (IGNORECASE) pattern; an all-numeric rule matches only where the shared test does."""
    from tei_tool.read.caseless import plain_case
    from tei_tool.read.rules.dates import _NUMERIC_DATE_TEST, DATE_RULES, _matches_from, _printed_groups, _Starts

    rng = random.Random(17)
    pieces = ["4:00 p.m., ", "21 ", "April ", "1962", "Monday, ", "Tues. ", "FEB. ", "15, ", "1512Z", "August 20–21, ",
              "25.1.1946", "12.III.1963", "1972.08.12", "1946-01-25", "[1963]", "10:30 A.M., ", "on ", "the 12th of ",
              "x", "1", "\n", " ", "may ", "commonday ", "Sept. ", "٣", "2:50-3:55PM",
              "Date: December    Source:\n 18,1949"]
    generated = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) for _ in range(3000)]
    texts = [t for t in real_texts["paragraphs"] if re.search(r"\d", t)] + generated
    found = 0
    for text in texts:
        if not plain_case(text):
            continue
        folded = text.lower()
        starts = _Starts(folded)
        numeric = _NUMERIC_DATE_TEST.search(folded) is not None
        for rule in DATE_RULES:
            assert rule.starts and rule.lowered is not None, rule.name
            plain = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
            fast = [(m.span(), _printed_groups(m, text))
                    for m in _matches_from(rule.lowered, folded, starts.of(rule.starts))]
            assert fast == plain, (rule.name, text)
            assert numeric or not rule.numeric or not plain, (rule.name, text)
            found += len(plain)
    assert found > 1000


def test_similarity_bound_answers_as_the_full_ratio(real_texts: dict[str, list[str]]) -> None:
    import difflib

    from tei_tool.read.blocks import _norm
    from tei_tool.read.lexicon import similar_at_least

    rng = random.Random(18)
    paragraphs = [_norm(text) for text in real_texts["paragraphs"] if len(text) <= 300]
    pairs = [(rng.choice(paragraphs), rng.choice(paragraphs)) for _ in range(1000)]
    for text in paragraphs[:800]:  # near copies: the bound must find the blocks that reach the threshold
        pairs.append((text, text[: rng.randint(0, len(text))] + "x" + text[rng.randint(0, len(text)):]))
    pairs += [("", ""), ("a", ""), ("ab", "ba"), ("the talks", "talks the")]
    similar = 0
    for a, b in pairs:
        for threshold in (0.5, 0.6, 0.75, 0.9):
            plain = difflib.SequenceMatcher(None, a, b).ratio() >= threshold
            assert similar_at_least(a, b, threshold) == plain, (a, b, threshold)
            similar += plain
    assert similar > 500
    for b in paragraphs[:5]:  # one matcher holding the title, many paragraphs compared with it
        matcher = difflib.SequenceMatcher(None, "", b)
        for a in paragraphs[:300] + [b, b[:-3]]:
            plain = difflib.SequenceMatcher(None, a, b).ratio() >= 0.75
            assert similar_at_least(a, b, 0.75, matcher) == plain, (a, b)


def test_line_end_searches_find_what_a_whole_search_finds(real_texts: dict[str, list[str]]) -> None:
    from tei_tool.read.blocks import END_REACH, _ends_with

    texts = real_texts["lines"] + real_texts["paragraphs"]
    texts += ["x between", "xbetween", "zzzxbetween", "zzz between\n", "between", "and\n", "rail-", "rail-\n", "-",
              "a-", "1-", "ΑΒ-", "in", "Of", "x,",
              "ab.", "abc!\n", "Ab?", "a.", "", "\n", "talks.\n", "x?"]
    for pattern in END_REACH:
        hits = 0
        for text in texts:
            plain = pattern.search(text) is not None
            assert _ends_with(pattern, text) == plain, (pattern.pattern, text)
            hits += plain
        assert hits > 5, pattern.pattern


def test_column_gap_test_never_skips_a_gap(real_texts: dict[str, list[str]]) -> None:
    from tei_tool.read.layout import COLUMN_GAP_RE, _may_have_gap

    texts = real_texts["lines"] + ["a    b", "a\tb", "a \u00a0\t b", "a   b", "a\u00a0\u00a0\u00a0\u00a0b"]
    for text in texts:
        if COLUMN_GAP_RE.search(text):
            assert _may_have_gap(text), text


def test_name_runs_skip_lower_case_words_as_the_full_reading_does(real_texts: dict[str, list[str]],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tei_tool.passes import persons

    texts = real_texts["paragraphs"][::4] + ["’s Liu's Zhou", "a d’affaires Chargé d’affaires Kim", "(x) [Liu Shaoqi]",
                                             "Mr. A. B. Smith, and U.S. Embassy", ", ;: 's . 'S"]
    fast = [persons._name_runs(text) for text in texts]

    def plain(text: str) -> list[str]:  # the loop without the skip, every word read in full
        runs: list[str] = []
        current: list[str] = []

        def close() -> None:
            if current:
                _, rest = persons.strip_titles(" ".join(current))
                words = rest.split()
                while words and words[-1].lower() in persons._STOP_WORDS:
                    words.pop()
                while words and words[0].lower() in persons._STOP_WORDS:
                    words.pop(0)
                if 2 <= len(words) <= 4 and not any(w.lower() in persons._STOP_WORDS for w in words):
                    runs.append(" ".join(words))
                current.clear()

        for raw in re.split(r"\s+", text.replace("\u00a0", " ")):
            word = raw.strip("\"“”()[]")
            possessive = word.endswith(("’s", "'s"))
            word = (word[:-2] if possessive else word).rstrip(",;:")
            if word.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", word):
                word = word[:-1]
            if word[:1].isupper() or (word.lower() in ("d’affaires", "d'affaires") and current):
                current.append(word)
            else:
                close()
                continue
            if possessive or raw.rstrip("\"”)").endswith((",", ";", ":")):
                close()
        close()
        return runs

    assert fast == [plain(text) for text in texts]
    assert sum(map(len, fast)) > 100


def test_plain_case_is_false_exactly_for_texts_with_an_odd_case_character() -> None:
    from tei_tool.read.caseless import ODD_CASE, plain_case

    for code in range(0x80, 0x110000):
        char = chr(code)
        assert plain_case("é" + char) == (char not in ODD_CASE), hex(code)


def test_digit_and_century_tests_answer_as_the_patterns(real_texts: dict[str, list[str]]) -> None:
    from tei_tool.read.rules.dates import _DIGIT_RE, _YEAR_DIGITS_RE, _has_digit

    texts = real_texts["paragraphs"] + real_texts["lines"] + ["", "x", "٣", "１", "a9", "1799", "1800", "2099", "x20y"]
    for text in texts:
        assert _has_digit(text) == (_DIGIT_RE.search(text) is not None), text
        if _YEAR_DIGITS_RE.search(text):
            assert "18" in text or "19" in text or "20" in text, text


def test_colon_test_of_a_paragraph_never_misses_a_colon_of_its_printed_text(shared_dir: Path) -> None:
    from lxml import etree

    from tei_tool.tei.mapping import DELIMITERS, PAGE_LABELS
    from tei_tool.tei.render import T, _may_hold_colon
    from tei_tool.tei.textback import inline_text

    assert not any(":" in opener + closer for opener, closer in DELIMITERS.values())
    assert not any(":" in label for label in PAGE_LABELS.values())
    paragraphs = [etree.fromstring(f'<p xmlns="{T[1:-1]}">Page <pb n="3:4" rend="brackets"/> x</p>')]
    for path in sorted((shared_dir / "transcripts").glob("*/*.txt"))[:40]:
        xml = encode_text(path.read_text(encoding="utf-8"), path.name).xml
        paragraphs += etree.fromstring(xml).iter(f"{T}p", f"{T}head", f"{T}item")
    with_colon = 0
    for p in paragraphs:
        if ":" in inline_text(p):
            assert _may_hold_colon(p), etree.tostring(p)
            with_colon += 1
    assert with_colon > 100


def test_squeeze_spaces_is_the_join_of_the_split(real_texts: dict[str, list[str]]) -> None:
    """`model.squeeze_spaces` skips the word list only when the join of the split would give the stripped text."""
    from tei_tool.model import squeeze_spaces

    for text in real_texts["paragraphs"] + real_texts["lines"]:
        assert squeeze_spaces(text) == " ".join(text.split()), text
    rng = random.Random(27)
    for _ in range(5000):
        text = "".join(rng.choice("ab  \t\n\u00a0\u2028\u3000\x1c.") for _ in range(rng.randint(0, 12)))
        assert squeeze_spaces(text) == " ".join(text.split()), repr(text)
