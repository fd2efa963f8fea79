"""`tei eval`: score TEI encodings against the hand-made gold annotations, field by field.

The gold format is defined in the shared transcripts' README (`*.gold.yaml`); the TEI constructs
read here are the ones docs/tei-mapping.md promises and nothing else, so a score says how well the
encoder follows the contract on real documents. Every text comparison is done twice: *strict*
(the exact characters, runs of white space as one space) and *lenient* (case, quote style, dashes,
spacing around punctuation and runs of white space ignored), because a near miss in quoting is a
different failure from a wrong kind.
The report mirrors GROBID's field-level evaluation: precision/recall/F1 where there are
predictions to count, else correct/total; totals are micro-averages (summed counts). The header
fields (title, date, summary, citation, footnote bodies) are scored in evaluate/header.py, and the
layout a TEI header states is reported beside them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from tei_tool import TEI_NS, XML_NS
from tei_tool.evaluate.header import (
    HEADER_FIELDS,
    SINGLE_FIELDS,
    footnote_pairs,
    header_layout,
    single_verdicts,
)
from tei_tool.tei.mapping import kind_of
from tei_tool.tei.textback import inline_text
from tei_tool.xmlsafe import safe_parser

T = f"{{{TEI_NS}}}"
MODES = ("strict", "lenient")
KINDS = ("supplied", "variant", "note", "redaction", "other")
NONE, MISSED = "(none)", "(missed)"  # confusion rows/columns for unmatched elements and gold groups
# The model kinds (tei/mapping.py) as the gold format's bracket kinds.
# A referent gloss (`his [Khrushchev’s]`, TEI gloss) is the gold format's "supplied": names added by the
# translator or editor (transcripts/README.md); the gold kinds are coarser than the TEI elements.
GOLD_KIND = {"supplied": "supplied", "referent": "supplied", "variant": "variant", "omission": "redaction",
             **{kind: "note" for kind in ("translator_note", "editorial_note", "sic", "status_note",
                                          "correction_note", "alias")}}
LONG_DESC_WORDS = 3  # an omission described in this many words or more reads as an editor's note
FORMAT_VERSION = "tei-eval/1"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-",
                         "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u00a0": " "})


class EvalError(Exception):
    """A problem that stops the whole evaluation (missing folder, unreadable gold)."""


# -- text comparison --------------------------------------------------------------------------------


def normalise(text: str, mode: str) -> str:
    """Strict keeps the characters (runs of white space, a PDF's line wrapping among them, count as one
    space: XML and the header do not keep layout); lenient folds case, quotes, dashes and spacing."""
    if mode == "strict":
        return " ".join(text.split())
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).replace("\u2026", "...")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return text.casefold()


def text_matches(gold: str, found: str, mode: str) -> bool:
    """Equal under `mode`; a gold value shortened with " ... " matches when its pieces occur in order."""
    if " ... " not in gold:
        return normalise(gold, mode) == normalise(found, mode)
    pieces = [normalise(piece, mode) for piece in gold.split(" ... ")]
    value = normalise(found, mode)
    if not (value.startswith(pieces[0]) and value.endswith(pieces[-1])):
        return False
    position = len(pieces[0])
    for piece in pieces[1:-1]:
        position = value.find(piece, position)
        if position < 0:
            return False
        position += len(piece)
    return position <= len(value) - len(pieces[-1])


def starts_with(found: str, prefix: str, mode: str) -> bool:
    """The turn text begins with the gold `starts` words."""
    return normalise(found, mode).startswith(normalise(prefix, mode))


# -- scores -----------------------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class Counts:
    """Matched (tp), predicted but not in gold (fp), in gold but not found (fn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """None when there is nothing to count; 0 when nothing is right (a miss must not read as "-")."""
        p, r = self.precision, self.recall
        if self.tp == 0 and self.fp + self.fn:
            return 0.0
        if p is None or r is None:
            return None
        return round(2 * p * r / (p + r), 4) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass
class Ratio:
    """Correct out of total, where there is nothing like a false positive to count."""

    correct: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.correct, self.total = self.correct + other.correct, self.total + other.total

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.total)

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}


def _confusion() -> dict[str, dict[str, int]]:
    return {row: {column: 0 for column in (*KINDS, MISSED)} for row in (*KINDS, NONE)}


@dataclass
class ModeScore:
    """All metrics of one document (or the total) under one matching mode."""

    turns: Counts = field(default_factory=Counts)
    turns_right_speaker: Ratio = field(default_factory=Ratio)
    speakers_resolved: Ratio = field(default_factory=Ratio)
    brackets: Counts = field(default_factory=Counts)  # found at all (text matches), whatever the kind
    brackets_by_kind: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in KINDS})
    brackets_confusion: dict[str, dict[str, int]] = field(default_factory=_confusion)
    redactions: Counts = field(default_factory=Counts)
    distribution_recipients: Counts = field(default_factory=Counts)
    distribution_copies: Ratio = field(default_factory=Ratio)
    distribution_total: Ratio = field(default_factory=Ratio)
    archival_ids: Counts = field(default_factory=Counts)
    title: Counts = field(default_factory=Counts)
    date: Counts = field(default_factory=Counts)
    summary: Counts = field(default_factory=Counts)
    citation: Counts = field(default_factory=Counts)
    footnotes: Counts = field(default_factory=Counts)

    @property
    def brackets_right_kind(self) -> Counts:
        total = Counts()
        for counts in self.brackets_by_kind.values():
            total.add(counts)
        return total

    def add(self, other: ModeScore) -> None:
        for name in ("turns", "turns_right_speaker", "speakers_resolved", "brackets", "redactions",
                     "distribution_recipients", "distribution_copies", "distribution_total", "archival_ids",
                     *HEADER_FIELDS):
            getattr(self, name).add(getattr(other, name))
        for kind in KINDS:
            self.brackets_by_kind[kind].add(other.brackets_by_kind[kind])
        for row, columns in other.brackets_confusion.items():
            for column, n in columns.items():
                self.brackets_confusion[row][column] += n

    def as_dict(self) -> dict[str, Any]:
        return {
            "turns": self.turns.as_dict(),
            "turns_right_speaker": self.turns_right_speaker.as_dict(),
            "speakers_resolved": self.speakers_resolved.as_dict(),
            "false_turns": self.turns.fp,
            "missed_turns": self.turns.fn,
            "brackets": self.brackets.as_dict(),
            "brackets_right_kind": self.brackets_right_kind.as_dict(),
            "brackets_by_kind": {kind: self.brackets_by_kind[kind].as_dict() for kind in KINDS},
            "brackets_confusion": {row: dict(columns) for row, columns in self.brackets_confusion.items()},
            "redactions": self.redactions.as_dict(),
            "distribution_recipients": self.distribution_recipients.as_dict(),
            "distribution_copies": self.distribution_copies.as_dict(),
            "distribution_total": self.distribution_total.as_dict(),
            "archival_ids": self.archival_ids.as_dict(),
            **{name: getattr(self, name).as_dict() for name in HEADER_FIELDS},
        }


@dataclass
class DocumentScore:
    """One gold file: the TEI it was matched with, its status and its scores per mode."""

    gold: str
    tei: str | None
    status: str  # scored | no-tei | unreadable-tei
    message: str = ""
    modes: dict[str, ModeScore] = field(default_factory=lambda: {mode: ModeScore() for mode in MODES})
    leftover_brackets: int = 0
    layout: str | None = None  # as the TEI header says it (teiHeader//*[@type='layout']), None when silent
    # per mode, per single-valued header field: ok, MISS, WRONG, EXTRA or -
    header_marks: dict[str, dict[str, str]] = field(default_factory=lambda: {mode: {} for mode in MODES})

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "tei": self.tei, "status": self.status, "message": self.message,
                "layout": self.layout,
                **{mode: {**self.modes[mode].as_dict(), "header_verdicts": dict(self.header_marks[mode])}
                   for mode in MODES},
                "leftover_brackets": self.leftover_brackets}


@dataclass
class Report:
    """Per-document scores and their micro-averaged total."""

    documents: list[DocumentScore]
    total: dict[str, ModeScore]
    leftover_brackets: int

    def as_dict(self) -> dict[str, Any]:
        scored = sum(1 for d in self.documents if d.status == "scored")
        return {"format": FORMAT_VERSION,
                "documents": [d.as_dict() for d in self.documents],
                "total": {"documents": len(self.documents), "scored": scored,
                          **{mode: self.total[mode].as_dict() for mode in MODES},
                          "leftover_brackets": self.leftover_brackets}}


# -- reading gold and TEI ---------------------------------------------------------------------------


@dataclass
class Gold:
    """The parts of a gold annotation that `tei eval` scores."""

    path: Path
    data: dict[str, Any]

    @property
    def stem(self) -> str:
        return Path(str(self.data.get("file") or self.path.name.removesuffix(".gold.yaml"))).stem

    def titles(self) -> list[str]:
        values = [self.data.get(key) for key in ("title", "title_as_written", "title_normalised")]
        values += list(self.data.get("title_variants") or [])
        return [v for v in values if isinstance(v, str) and v]

    def list_of(self, key: str) -> list[dict[str, Any]]:
        value = self.data.get(key) or []
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def read_gold(path: Path) -> Gold:
    """Parse one gold file; anything unusable is an EvalError naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise EvalError(f"{path}: cannot read the gold file: {error.strerror or error}") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise EvalError(f"{where}: the gold file is not valid YAML: {getattr(error, 'problem', error)}") from error
    except UnicodeDecodeError as error:
        raise EvalError(f"{path}: the gold file is not UTF-8: {error}") from error
    if not isinstance(data, dict):
        raise EvalError(f"{path}: the gold file is not a YAML mapping")
    return Gold(path, data)


def read_tei(path: Path) -> etree._Element:
    """Parse one TEI file; raises EvalError when it is unreadable or not TEI."""
    try:
        root = etree.fromstring(path.read_bytes(), safe_parser())
    except OSError as error:
        raise EvalError(f"{path}: cannot read: {error.strerror or error}") from error
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (1, 1)
        raise EvalError(f"{path}:{line}:{col}: not well-formed XML: {error.msg}") from error
    if root.tag != f"{T}TEI":
        raise EvalError(f"{path}: not a TEI document (root <{root.tag}>)")
    return root


def _tei_titles(root: etree._Element) -> list[str]:
    titles = [inline_text(e) for e in root.iterfind(f".//{T}front/{T}docTitle")]
    titles += [inline_text(e) for e in root.iterfind(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title")]
    return [" ".join(t.split()) for t in titles if t.strip()]


def _ncname(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-]+", "-", stem).strip("-")


def pair_documents(golds: list[Gold], tei_files: dict[Path, etree._Element | EvalError]
                   ) -> list[tuple[Gold, Path | None]]:
    """Gold -> TEI: same stem, else the TEI's xml:id `doc-<stem>`, else a title the gold gives."""
    by_stem = {path.stem: path for path in sorted(tei_files)}
    by_id: dict[str, Path] = {}
    by_title: dict[str, list[Path]] = {}
    for path, root in sorted(tei_files.items()):
        if isinstance(root, EvalError):
            continue
        by_id.setdefault(root.get(f"{{{XML_NS}}}id") or "", path)
        for title in _tei_titles(root):
            by_title.setdefault(normalise(title, "lenient"), []).append(path)
    pairs: list[tuple[Gold, Path | None]] = []
    for gold in golds:
        found: Path | None = by_stem.get(gold.stem) or by_id.get(f"doc-{_ncname(gold.stem)}")
        if found is None:
            candidates = {p for t in gold.titles() for p in by_title.get(normalise(t, "lenient"), [])}
            found = min(candidates) if len(candidates) == 1 else None
        pairs.append((gold, found))
    return pairs


# -- the metrics ------------------------------------------------------------------------------------


def _local(element: etree._Element) -> str:
    return element.tag[len(T):] if isinstance(element.tag, str) and element.tag.startswith(T) else ""


def _text_element(root: etree._Element) -> etree._Element | None:
    return root.find(f"{T}text")


@dataclass
class Turn:
    label: str | None
    body: str
    who: str


def _turns(text: etree._Element) -> list[Turn]:
    turns = []
    for sp in text.iter(f"{T}sp"):
        label: str | None = None
        paragraphs = []
        for child in sp:
            if _local(child) == "speaker":
                label = inline_text(child)
            elif _local(child):
                paragraphs.append(inline_text(child))
        turns.append(Turn(label, "\n\n".join(paragraphs), (sp.get("who") or "").removeprefix("#")))
    return turns


def _align(gold: list[Any], found: list[Any], match: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """The longest in-order matching (an LCS over a match predicate), as (gold index, found index) pairs."""
    n, m = len(gold), len(found)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    ok = [[match(g, f) for f in found] for g in gold]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + 1 if ok[i][j] else 0)
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if ok[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _turn_matches(gold: dict[str, Any], turn: Turn, mode: str) -> bool:
    label = gold.get("label_as_written")
    if isinstance(label, str) and label:
        if turn.label is None or not text_matches(label, turn.label, mode):
            return False
    elif turn.label is not None and turn.label.strip():
        return False
    return starts_with(turn.body, str(gold.get("starts") or ""), mode)


def score_turns(gold: Gold, turns: list[Turn], mode: str, score: ModeScore) -> None:
    """Turns found in order; then speakers: one-to-one gold id -> @who by majority vote."""
    gold_turns = [t for t in gold.list_of("turns") if t.get("speaker") is not None]
    pairs = _align(gold_turns, turns, lambda g, t: _turn_matches(g, t, mode))
    score.turns.add(Counts(len(pairs), len(turns) - len(pairs), len(gold_turns) - len(pairs)))
    votes = Counter((str(gold_turns[i]["speaker"]), turns[j].who) for i, j in pairs if turns[j].who)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for (person, who), _ in sorted(votes.items(), key=lambda item: (-item[1], item[0])):
        if person not in mapping and who not in taken:
            mapping[person] = who
            taken.add(who)
    right = sum(1 for i, j in pairs if mapping.get(str(gold_turns[i]["speaker"])) == turns[j].who)
    score.turns_right_speaker.add(Ratio(right, len(gold_turns)))
    speakers = list(dict.fromkeys(str(t["speaker"]) for t in gold_turns))
    resolved = 0
    for person in speakers:  # judged on the person's turns that were found: missed turns are counted above
        ids = {turns[j].who for i, j in pairs if str(gold_turns[i]["speaker"]) == person}
        resolved += len(ids) == 1 and "" not in ids
    score.speakers_resolved.add(Ratio(resolved, len(speakers)))


def bracket_kind(element: etree._Element) -> str:
    """The gold kind a TEI construct stands for, read through the one TEI mapping (`tei/mapping.py`)."""
    return GOLD_KIND.get(kind_of(element) or "", "other")  # pb, footnote refs, artefacts, the unforeseen


def _long_omission(element: etree._Element) -> bool:
    """`[Here follows quotation of …]`: an omission whose description reads as an editor's note."""
    if _local(element) != "gap" or element.get("reason") != "omitted":
        return False
    return len(inline_text(element, delimiters=False).split()) >= LONG_DESC_WORDS


def _greedy(gold: list[tuple[str, Any]], found: list[tuple[str, Any]], mode: str,
            prefer: Callable[[Any, Any], bool] = lambda g, f: True) -> list[tuple[int, int]]:
    """Pair gold texts with found texts (each used once), trying preferred partners first."""
    used: set[int] = set()
    pairs = []
    for gi, (gold_text, gold_info) in enumerate(gold):
        candidates = [fi for fi, (text, _) in enumerate(found)
                      if fi not in used and text_matches(gold_text, text, mode)]
        if not candidates:
            continue
        fi = next((c for c in candidates if prefer(gold_info, found[c][1])), candidates[0])
        used.add(fi)
        pairs.append((gi, fi))
    return pairs


def score_brackets(gold: Gold, text: etree._Element, mode: str, score: ModeScore) -> None:
    """Bracket groups found with their delimiters, and whether the TEI construct is the gold kind."""
    redaction_texts = [str(r.get("text")) for r in gold.list_of("redactions") if r.get("text")]
    wanted: list[tuple[str, Any]] = []
    for group in gold.list_of("brackets"):
        if not group.get("text"):
            continue
        kind = str(group.get("kind") or "other")
        kind = kind if kind in KINDS else "other"
        wanted += [(str(group["text"]), kind)] * int(group.get("occurrences") or 1)
    found = [(inline_text(e), e) for e in text.iter() if _local(e) and e.get("rend") == "brackets"]

    def verdict(gold_text: str, gold_kind: str, element: etree._Element) -> str:
        if gold_kind == "note" and _long_omission(element) and \
                any(text_matches(r, gold_text, mode) for r in redaction_texts):
            return "note"
        return bracket_kind(element)

    indexed = [(t, (t, k)) for t, k in wanted]
    pairs = _greedy(indexed, found, mode, prefer=lambda g, e: verdict(g[0], g[1], e) == g[1])
    matched_gold = {gi for gi, _ in pairs}
    matched_found = {fi for _, fi in pairs}
    score.brackets.add(Counts(len(pairs), len(found) - len(pairs), len(wanted) - len(pairs)))
    predicted: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for gi, fi in pairs:
        gold_text, gold_kind = wanted[gi]
        kind = verdict(gold_text, gold_kind, found[fi][1])
        score.brackets_confusion[gold_kind][kind] += 1
        predicted[kind] += 1
        right[kind] += kind == gold_kind
    for fi, (_, element) in enumerate(found):
        if fi not in matched_found:
            kind = bracket_kind(element)
            score.brackets_confusion[NONE][kind] += 1
            predicted[kind] += 1
    for gi, (_, gold_kind) in enumerate(wanted):
        if gi not in matched_gold:
            score.brackets_confusion[gold_kind][MISSED] += 1
    gold_per_kind = Counter(kind for _, kind in wanted)
    for kind in KINDS:
        score.brackets_by_kind[kind].add(Counts(right[kind], predicted[kind] - right[kind],
                                                gold_per_kind[kind] - right[kind]))


def score_redactions(gold: Gold, text: etree._Element, mode: str, score: ModeScore) -> None:
    """Gold redaction markers vs `gap` elements; a run of one symbol (`□□`) counts once per symbol."""
    wanted: list[tuple[str, Any]] = []
    for marker in gold.list_of("redactions"):
        if marker.get("text"):
            wanted += [(str(marker["text"]), None)] * int(marker.get("occurrences") or 1)
    symbols = {t.strip() for t, _ in wanted if len(t.strip()) == 1}
    found: list[tuple[str, Any]] = []
    for gap in text.iter(f"{T}gap"):
        printed = inline_text(gap).strip()
        if len(printed) > 1 and printed[0] in symbols and printed == printed[0] * len(printed):
            found += [(printed[0], gap)] * len(printed)
        else:
            found.append((printed, gap))
    pairs = _greedy(wanted, found, mode)
    score.redactions.add(Counts(len(pairs), len(found) - len(pairs), len(wanted) - len(pairs)))


def _quantity(element: etree._Element | None, default: int | None) -> int | None:
    if element is None:
        return default
    try:
        return int(element.get("quantity") or "")
    except ValueError:
        return default


def score_distribution(gold: Gold, text: etree._Element, mode: str, score: ModeScore) -> None:
    """Recipients by printed text, their copy counts, and the stated total."""
    distribution = gold.data.get("distribution") or {}
    distribution = distribution if isinstance(distribution, dict) else {}
    recipients = [r for r in distribution.get("recipients") or [] if isinstance(r, dict) and r.get("text")]
    items: list[tuple[str, Any]] = []
    total: int | None = None
    for lst in text.iter(f"{T}list"):
        if lst.get("type") != "distribution":
            continue
        stated = lst.find(f".//{T}measure[@type='total']")
        if stated is not None and total is None:
            total = _quantity(stated, None)
        for item in lst.iterfind(f"{T}item"):
            if item.find(f".//{T}measure[@type='total']") is not None:
                continue
            items.append((inline_text(item).strip(), _quantity(item.find(f".//{T}measure[@type='copies']"), 1)))
    wanted = [(str(r["text"]), int(r.get("copies") or 1)) for r in recipients]
    pairs = _greedy(wanted, items, mode)
    score.distribution_recipients.add(Counts(len(pairs), len(items) - len(pairs), len(wanted) - len(pairs)))
    score.distribution_copies.add(Ratio(sum(1 for gi, fi in pairs if wanted[gi][1] == items[fi][1]), len(wanted)))
    gold_total = distribution.get("total_copies")
    if gold_total is not None or total is not None:
        score.distribution_total.add(Ratio(int(gold_total == total), 1))


def score_archival(gold: Gold, root: etree._Element, mode: str, score: ModeScore) -> None:
    """Gold archival ids vs the distinct texts of `idno[@type=archival]` and `bibl[@type=archival]`."""
    wanted = list(dict.fromkeys(str(a["id"]) for a in gold.list_of("archival_ids") if a.get("id")))
    texts = [inline_text(e) for e in root.iter(f"{T}idno") if e.get("type") == "archival"]
    texts += [inline_text(e) for e in root.iter(f"{T}bibl") if e.get("type") == "archival"]
    found: list[str] = []
    for value in texts:  # one prediction per distinct string: the header repeats the text's identifier
        if value.strip() and not any(text_matches(value, seen, mode) for seen in found):
            found.append(value)
    pairs = _greedy([(w, None) for w in wanted], [(f, None) for f in found], mode)
    score.archival_ids.add(Counts(len(pairs), len(found) - len(pairs), len(wanted) - len(pairs)))


def score_header(gold: Gold, root: etree._Element, mode: str, score: ModeScore) -> dict[str, str]:
    """Title, date, summary, citation (one value each) and footnote bodies; returns the per-field verdicts."""
    verdicts = single_verdicts(gold.data, root, mode, text_matches)
    for name, verdict in verdicts.items():
        getattr(score, name).add(Counts(*verdict.counts))
    score.footnotes.add(Counts(*footnote_pairs(gold.data, root, mode, starts_with)))
    return {name: verdicts[name].mark for name in SINGLE_FIELDS}


def leftover_brackets(text: etree._Element) -> int:
    """Literal `[`/`]` left in text nodes: brackets the encoder did not explain with an element."""
    count = 0
    for node in text.iter():
        for chunk in (node.text if _local(node) else None, node.tail if node is not text else None):
            count += (chunk or "").count("[") + (chunk or "").count("]")
    return count


def score_document(gold: Gold, root: etree._Element) -> DocumentScore:
    """All metrics for one gold file and its TEI, both modes."""
    document = DocumentScore(str(gold.path), None, "scored")
    text = _text_element(root)
    if text is None:
        text = etree.Element(f"{T}text")
    turns = _turns(text)
    for mode in MODES:
        score = document.modes[mode]
        score_turns(gold, turns, mode, score)
        score_brackets(gold, text, mode, score)
        score_redactions(gold, text, mode, score)
        score_distribution(gold, text, mode, score)
        score_archival(gold, root, mode, score)
        document.header_marks[mode] = score_header(gold, root, mode, score)
    document.layout = header_layout(root)
    document.leftover_brackets = leftover_brackets(text)
    return document


def _empty_tei() -> etree._Element:
    return etree.fromstring(f'<TEI xmlns="{TEI_NS}"><text><body/></text></TEI>')


def evaluate(gold_dir: Path, encoded_dir: Path, warn: Callable[[str], object] = lambda message: None) -> Report:
    """Score every `*.gold.yaml` under `gold_dir` against the TEI files under `encoded_dir`.

    A gold file without a TEI file (or with an unreadable one) is reported through `warn` and scored
    as all-missed, so a total never looks better because an encoding is absent.
    """
    for folder, what in ((gold_dir, "gold"), (encoded_dir, "encoded")):
        if not folder.is_dir():
            raise EvalError(f"{folder}: no such {what} folder")
    gold_paths = sorted(gold_dir.rglob("*.gold.yaml"))
    if not gold_paths:
        raise EvalError(f"{gold_dir}: no *.gold.yaml files in this folder")
    tei_paths = sorted(encoded_dir.rglob("*.xml"))
    if not tei_paths:
        raise EvalError(f"{encoded_dir}: no *.xml files in this folder (run `tei encode` first)")
    golds = [read_gold(path) for path in gold_paths]
    tei_files: dict[Path, etree._Element | EvalError] = {}
    for path in tei_paths:
        try:
            tei_files[path] = read_tei(path)
        except EvalError as error:
            tei_files[path] = error
    documents = []
    for gold, match in pair_documents(golds, tei_files):
        parsed = tei_files.get(match) if match else None
        if match is None or parsed is None:
            message = f"no TEI file for {gold.stem} in {encoded_dir} (by name, xml:id or title): all missed"
            warn(f"{gold.path}: {message}")
            document = score_document(gold, _empty_tei())
            document.status, document.message = "no-tei", message
        elif isinstance(parsed, EvalError):
            warn(f"{parsed}: scored as all missed")
            document = score_document(gold, _empty_tei())
            document.tei, document.status, document.message = str(match), "unreadable-tei", str(parsed)
        else:
            document = score_document(gold, parsed)
            document.tei = str(match)
        documents.append(document)
    total = {mode: ModeScore() for mode in MODES}
    for document in documents:
        for mode in MODES:
            total[mode].add(document.modes[mode])
    return Report(documents, total, sum(d.leftover_brackets for d in documents))


# -- output -----------------------------------------------------------------------------------------


def to_json(report: Report) -> str:
    """Stable keys (see Report.as_dict), sorted document order, two-space indent."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _c(ratio: Ratio) -> str:
    return f"{ratio.correct}/{ratio.total}"


def _table(rows: Iterable[list[str]], header: list[str]) -> list[str]:
    rows = [header, *rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines


DOC_COLUMNS = ["document", "turns F1", "speaker", "resolved", "false", "missed", "brackets F1", "kind F1",
               "redact F1", "recip F1", "copies", "total", "archival F1", "left [ ]"]


def _doc_row(name: str, score: ModeScore, leftover: int) -> list[str]:
    return [name, _f(score.turns.f1), _c(score.turns_right_speaker), _c(score.speakers_resolved),
            str(score.turns.fp), str(score.turns.fn), _f(score.brackets.f1), _f(score.brackets_right_kind.f1),
            _f(score.redactions.f1), _f(score.distribution_recipients.f1), _c(score.distribution_copies),
            _c(score.distribution_total), _f(score.archival_ids.f1), str(leftover)]


FIELDS: tuple[tuple[str, str], ...] = (
    ("turns", "turns"), ("brackets", "brackets found"), ("brackets_right_kind", "brackets, right kind"),
    ("redactions", "redactions"), ("distribution_recipients", "distribution recipients"),
    ("archival_ids", "archival ids"), ("title", "header: title"), ("date", "header: date"),
    ("summary", "header: summary"), ("citation", "header: citation"), ("footnotes", "footnote bodies"))
HEADER_COLUMNS = ["document", "title", "date", "summary", "citation", "footnotes", "layout"]


def _header_row(document: DocumentScore, mode: str) -> list[str]:
    marks = document.header_marks[mode]
    notes = document.modes[mode].footnotes
    footnotes = f"{notes.tp}/{notes.tp + notes.fn}" + (f" +{notes.fp}" if notes.fp else "")
    name = Path(document.gold).name.removesuffix(".gold.yaml")
    return [name, *(marks.get(f, "-") for f in ("title", "date", "summary", "citation")), footnotes,
            document.layout or "-"]
RATIOS: tuple[tuple[str, str], ...] = (
    ("turns_right_speaker", "turns with the right speaker"), ("speakers_resolved", "speakers resolved to one id"),
    ("distribution_copies", "recipient copy counts"), ("distribution_total", "distribution totals"))


def to_text(report: Report) -> str:
    """Readable tables: per document and total for each mode, then field-level totals and brackets by kind."""
    out: list[str] = []
    scored = sum(1 for d in report.documents if d.status == "scored")
    out.append(f"tei eval: {len(report.documents)} gold documents, {scored} scored against TEI"
               + (f", {len(report.documents) - scored} without usable TEI (counted as all missed)"
                  if scored < len(report.documents) else ""))
    for mode in MODES:
        out += ["", f"== Per document ({mode}) =="]
        rows = [_doc_row(Path(d.gold).name.removesuffix(".gold.yaml") + ("" if d.status == "scored" else " [NO TEI]"),
                         d.modes[mode], d.leftover_brackets) for d in report.documents]
        rows.append(_doc_row("TOTAL", report.total[mode], report.leftover_brackets))
        out += _table(rows, DOC_COLUMNS)
    for mode in MODES:
        out += ["", f"== Header fields per document ({mode}): ok, MISS, WRONG, EXTRA; footnotes found/gold +extra =="]
        out += _table([_header_row(d, mode) for d in report.documents], HEADER_COLUMNS)
    out += ["", "== Field-level totals (micro-averaged) =="]
    rows = []
    for key, label in FIELDS:
        strict, lenient = (getattr(report.total[m], key) for m in MODES)
        rows.append([label, _f(strict.precision), _f(strict.recall), _f(strict.f1),
                     _f(lenient.precision), _f(lenient.recall), _f(lenient.f1), str(strict.tp + strict.fn)])
    out += _table(rows, ["field", "strict P", "R", "F1", "lenient P", "R", "F1", "gold"])
    out.append("")
    rows = [[label] + [f"{_c(getattr(report.total[m], key))} ({_f(getattr(report.total[m], key).accuracy)})"
                       for m in MODES] for key, label in RATIOS]
    rows.append(["leftover unmarked [ ] characters", str(report.leftover_brackets), str(report.leftover_brackets)])
    out += _table(rows, ["measure", "strict", "lenient"])
    for mode in MODES:
        total = report.total[mode]
        out += ["", f"== Brackets by kind ({mode}) =="]
        rows = [[kind, _f(c.precision), _f(c.recall), _f(c.f1), str(c.tp + c.fn)]
                for kind, c in total.brackets_by_kind.items()]
        out += _table(rows, ["kind", "P", "R", "F1", "gold"])
        out += ["", f"Confusion ({mode}): rows = gold kind, columns = TEI construct's kind"]
        columns = [*KINDS, MISSED]
        rows = [[row] + [str(total.brackets_confusion[row][c]) for c in columns] for row in (*KINDS, NONE)]
        out += _table(rows, ["gold \\ TEI", *columns])
    return "\n".join(out) + "\n"
