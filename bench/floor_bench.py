"""Benchmark: how close to lxml's pace can any encoder of this design get in CPython?

    .venv/bin/python bench/floor_bench.py [--repeat 3]

Issue 10 asks `tei encode` for >= 5 MB/s of transcript per core and at most 5x the time of an lxml
parse + serialise of its own output. This script measures, in one run and on the same 329 shared
transcripts as `encode_bench.py`, the cost of the steps every encoder that writes validated TEI from
Python must take at least once, each against the lxml reference:

- **lxml parse + serialise** of the encoder's outputs: the reference (1x);
- **RELAX NG validation** of those outputs against the project schema (libxml2's C code, the check
  `tei encode` runs on everything it writes);
- **building the output in Python**: the outputs' element trees rebuilt node by node with
  `etree.SubElement` (one Python call per element, its attributes, text and tail) and serialised;
  a renderer cannot do less, whatever its model;
- **building the output as a string**: the same elements written with f-strings and
  `str.translate` escaping into one `"".join` (a renderer that skips lxml's tree);
- **one regex pass over the words**: `re.finditer(r"\\w+|[^\\w\\s]", text)` over every transcript,
  touching each match once and doing nothing else (any reader that looks at each word once);
- **the encoder itself**, with and without its validation.

The sum of validation, the cheaper of the two ways of building the output and one pass over the
words is the floor of the design: if it is above 5x lxml, no amount of tuning of the rules reaches
the target without dropping one of those steps. Everything is CPU time (`time.process_time`), best of
`--repeat` runs.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from encode_bench import corpus  # noqa: E402

from tei_tool.api import encode_text  # noqa: E402
from tei_tool.config import Config, Personography  # noqa: E402

WORD = re.compile(r"\w+|[^\w\s]")
ESCAPE_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
ESCAPE_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in CPU seconds (the slower ones measure the neighbours)."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def encode_all(docs: list[tuple[str, str]], validate: bool) -> list[bytes]:
    return [encode_text(text, name, config=Config(), personography=Personography(), sidecar=None,
                        validate=validate).xml or b"" for name, text in docs]


def rebuild_with_lxml(trees: list[etree._Element]) -> None:
    """Every element made again by one Python call, then serialised."""
    def copy(source: etree._Element, target: etree._Element) -> None:
        for child in source:
            if isinstance(child.tag, str):
                made = etree.SubElement(target, child.tag, {str(k): str(v) for k, v in child.attrib.items()})
                made.text, made.tail = child.text, child.tail
                copy(child, made)
    for tree in trees:
        root = etree.Element(tree.tag, {str(k): str(v) for k, v in tree.attrib.items()})
        root.text = tree.text
        copy(tree, root)
        etree.tostring(root, encoding="UTF-8")


def rebuild_as_string(trees: list[etree._Element]) -> None:
    """Every element written again as escaped text into one join."""
    def write(element: etree._Element, out: list[str]) -> None:
        attributes = "".join(f' {name!s}="{str(value).translate(ESCAPE_ATTRIBUTE)}"'
                             for name, value in element.attrib.items())
        out.append(f"<{element.tag}{attributes}>{(element.text or '').translate(ESCAPE_TEXT)}")
        for child in element:
            if isinstance(child.tag, str):
                write(child, out)
                out.append((child.tail or "").translate(ESCAPE_TEXT))
        out.append(f"</{element.tag}>")
    for tree in trees:
        out: list[str] = []
        write(tree, out)
        "".join(out).encode("utf-8")


def one_pass_over_words(texts: list[str]) -> int:
    count = 0
    for text in texts:
        for _ in WORD.finditer(text):
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the fastest counts (default 3)")
    args = parser.parse_args()
    docs = corpus()
    texts = [text for _, text in docs]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    outputs = encode_all(docs, validate=True)  # warm-up, and the outputs every step works on
    parser_options = etree.XMLParser(huge_tree=True)
    trees = [etree.fromstring(xml, parser_options) for xml in outputs]
    schema = etree.RelaxNG(etree.parse(str(ROOT / "schemas" / "tei-archival.rng")))

    def lxml_reference() -> None:
        for xml in outputs:
            etree.tostring(etree.fromstring(xml, parser_options), encoding="UTF-8")

    steps: list[tuple[str, Callable[[], object]]] = [
        ("lxml parse + serialise of the outputs (reference)", lxml_reference),
        ("RELAX NG validation of the outputs (libxml2)", lambda: [schema.validate(tree) for tree in trees]),
        ("building the outputs in Python (lxml SubElement)", lambda: rebuild_with_lxml(trees)),
        ("building the outputs as one string (f-strings)", lambda: rebuild_as_string(trees)),
        ("one regex pass over the words of the transcripts", lambda: one_pass_over_words(texts)),
        ("tei encode without validation", lambda: encode_all(docs, validate=False)),
        ("tei encode (what the command does)", lambda: encode_all(docs, validate=True)),
    ]
    print(f"corpus: {len(docs)} transcripts, {megabytes:.2f} MB; outputs {sum(map(len, outputs)) / 1e6:.2f} MB "
          f"(Python {sys.version.split()[0]}, lxml {etree.__version__}); best of {args.repeat}\n")
    print("| step | CPU s | / lxml | transcript MB/s |\n|---|---:|---:|---:|")
    seconds: dict[str, float] = {}
    for label, work in steps:
        seconds[label] = best_of(args.repeat, work)
    reference = seconds[steps[0][0]]
    for label, _ in steps:
        print(f"| {label} | {seconds[label]:.3f} | {seconds[label] / reference:.1f}x | "
              f"{megabytes / seconds[label]:.1f} |")
    floor = (seconds[steps[1][0]] + min(seconds[steps[2][0]], seconds[steps[3][0]]) + seconds[steps[4][0]])
    print(f"| **floor: validation + cheaper build + one pass over the words** | {floor:.3f} | "
          f"{floor / reference:.1f}x | {megabytes / floor:.1f} |")


if __name__ == "__main__":
    main()
