"""Behaviour checks (not timed) for the encoder's performance rewrites: each fast path gives the same
answer as the plain formulation it replaced (issue 10)."""

from __future__ import annotations

import random
import re

from tei_tool.api import encode_text
from tei_tool.read.blocks import _note_number_referenced


def _plain_referenced(n: int, text: str) -> bool:
    return re.search(rf"(?:(?<=[^\W\d_])|(?<=[.,;:)\]”’\"])|(?<=\n)|(?<=\S ))0*{n}(?=\s|$|[,.;:])",
                     text, re.MULTILINE) is not None


def test_note_number_reference_matches_the_single_pattern() -> None:
    rng = random.Random(10)
    alphabet = "0123 a.\n)”,x;"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        for n in (0, 1, 2, 3, 10, 12, 30):
            assert _note_number_referenced(n, text) == _plain_referenced(n, text), (n, text)


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
