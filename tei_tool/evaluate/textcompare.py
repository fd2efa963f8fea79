"""Compare a rebuilt transcript with the original: what is missing, what was added.

White space is not content here (line wrapping and blank lines differ between a transcript and its
rebuild, U+00A0 prints as a space), and reported clutter lines are expected to be missing.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection


def _words(text: str) -> list[str]:
    """Whitespace-separated words: comparing words ignores line breaks and runs of spaces."""
    return text.replace("\u00a0", " ").split()


def compare_to_transcript(rebuilt: str, transcript: str, clutter_lines: Collection[int] = frozenset(),
                          context: int = 4, clutter_spans: Collection[tuple[int, int]] = ()) -> list[str]:
    """Differences as readable lines ("missing after …: …", "added after …: …"); empty when the same.

    `clutter_lines` are 1-based line numbers of the transcript that the encoder reported as page
    clutter and dropped; they are removed before comparing.
    """
    if clutter_spans:  # exact ranges (a banner inside a flattened page's one line): blank them out
        chars = list(transcript)
        for start, end in clutter_spans:
            chars[start:end] = " " * (end - start)
        transcript = "".join(chars)
        clutter_lines = frozenset()
    kept = [line for number, line in enumerate(transcript.split("\n"), start=1) if number not in clutter_lines]
    original, rebuilt_words = _words("\n".join(kept)), _words(rebuilt)
    matcher = difflib.SequenceMatcher(None, original, rebuilt_words, autojunk=False)
    differences = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        around = " ".join(original[max(0, a1 - context): a1])
        if a2 > a1:
            differences.append(f"missing after {around!r}: {' '.join(original[a1:a2])!r}")
        if b2 > b1:
            differences.append(f"added after {around!r}: {' '.join(rebuilt_words[b1:b2])!r}")
    return differences
