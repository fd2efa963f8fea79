"""Pages from reviews: the shipped XSLT stylesheets (compiled once per process) and the index.

The stylesheet, CSS and JS are package files an editor can copy and adapt; they are inlined into
every page so that a page is one self-contained file (no network, no CDN).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from .. import __version__
from ..evaluate import EvalError, pair_documents, read_gold, score_document
from ..xmlsafe import safe_parser
from .document import RV, RV_NS, Review

GENERATOR = f"tei review {__version__}"
DOCTYPE = b"<!DOCTYPE html>\n"


def _package_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def _stylesheet(name: str) -> etree.XSLT:
    document = etree.fromstring(_package_text(name).encode("utf-8"))
    no_access = etree.XSLTAccessControl.DENY_ALL  # type: ignore[attr-defined]  # reads nothing but its input
    return etree.XSLT(document, access_control=no_access)


@cache
def _assets() -> tuple[str, str]:
    return _package_text("review.css"), _package_text("review.js")


def render_page(review: Review) -> bytes:
    """The HTML page of one document."""
    assert review.tree is not None, "a failed review has no page"
    style, script = _assets()
    result = _stylesheet("review.xsl")(review.tree, style=etree.XSLT.strparam(style),
                                         script=etree.XSLT.strparam(script),
                                         generator=etree.XSLT.strparam(GENERATOR))
    return DOCTYPE + bytes(result).removeprefix(b"\n").rstrip(b"\n") + b"\n"


@dataclass(frozen=True)
class Score:
    """The strict `tei eval` figures shown in the index."""

    turns: str
    speaker: str
    brackets: str
    kind: str
    redactions: str


def gold_scores(gold_dir: Path, reviews: Iterable[Review]) -> dict[str, Score]:
    """`tei eval` (strict) per reviewed document that has a gold file; keyed by the review's name."""
    golds = []
    for path in sorted(gold_dir.rglob("*.gold.yaml")):
        try:
            golds.append(read_gold(path))
        except EvalError:
            continue  # an unreadable gold file scores nothing here; `tei eval` reports it
    by_path: dict[Path, Review] = {}
    parsed: dict[Path, etree._Element | EvalError] = {}
    for review in reviews:
        if review.tei:
            key = Path(review.name).with_suffix(".xml")
            by_path[key] = review
            parsed[key] = etree.fromstring(review.tei, safe_parser())
    scores: dict[str, Score] = {}
    for gold, match in pair_documents(golds, parsed):
        root = parsed.get(match) if match else None
        if match is None or not isinstance(root, etree._Element):
            continue
        strict = score_document(gold, root).modes["strict"]
        scores[by_path[match].name] = Score(
            _f(strict.turns.f1), f"{strict.turns_right_speaker.correct}/{strict.turns_right_speaker.total}",
            _f(strict.brackets.f1), _f(strict.brackets_right_kind.f1), _f(strict.redactions.f1))
    return scores


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render_index(entries: list[tuple[Review, str]], scores: dict[str, Score] | None) -> bytes:
    """index.html: one row per document (`entries` = review and its page's file name, "" when none)."""
    root = etree.Element(f"{RV}index", nsmap={"rv": RV_NS})  # type: ignore[dict-item]
    root.set("gold", "yes" if scores is not None else "no")
    for review, href in entries:
        doc = etree.SubElement(root, f"{RV}doc", {"name": review.name, "title": review.title or review.stem})
        if href:
            doc.set("href", href)
        if review.failure:
            doc.set("failed", review.failure)
        counts = review.counts
        doc.set("queue", str(len(review.queue)))
        doc.set("warnings", str(review.warnings))
        doc.set("errors", str(review.errors))
        doc.set("persons", str(_persons(review)))
        doc.set("cert", str(sum(1 for q in review.queue if q.kind == "cert")))
        for kind in ("turn", "supplied", "variant", "note", "gap"):
            doc.set(kind, str(counts.get(kind, 0)))
        score = (scores or {}).get(review.name)
        if score is not None:
            etree.SubElement(doc, f"{RV}score", {"turns": score.turns, "speaker": score.speaker,
                                                 "brackets": score.brackets, "kind": score.kind,
                                                 "redactions": score.redactions})
    style, _ = _assets()
    result = _stylesheet("index.xsl")(root, style=etree.XSLT.strparam(style), generator=etree.XSLT.strparam(GENERATOR))
    return DOCTYPE + bytes(result).removeprefix(b"\n").rstrip(b"\n") + b"\n"


def _persons(review: Review) -> int:
    if review.tree is None:
        return 0
    return len(review.tree.findall(f"{RV}persons/{RV}person"))
