"""Archival-identifier rules: the shelfmarks archives print in citations and source lines.

Which archives are known is data, not code: `archives.yaml` beside this module has one entry per
archive (its repository names, the spellings of its parts, cases and negative cases), and a corpus
adds entries in tei.yaml (`rules.archive_patterns`) with the same keys. Each entry names a *style*,
the shape its identifiers take; the parsers here read those shapes. An identifier is captured as
printed (a PDF line break inside it included), stops where it ends (never taking the full stop before
"Translated by"), and is structured only where the parts are certain: repository, collection, the
file or shelfmark, the cited pages. Registry, dispatch and FRUS document numbers are never found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ARCHIVES_FILE = Path(__file__).with_name("archives.yaml")
STYLES = ("file_number", "fond", "hungarian", "segments", "record_group", "decimal", "lot", "regex")


@dataclass(frozen=True)
class ArchivalId:
    start: int
    end: int
    text: str
    archive: str  # the repository as printed ("" when the text does not name it, as in decimal files)
    collection: str | None = None
    file: str | None = None  # the file or shelfmark: a substring of `text`
    pages_from: str | None = None
    pages_to: str | None = None
    pages_text: str | None = None  # the cited pages as printed ("56-60", "list 169"): a substring of `text`
    rule: str = ""
    when: str | None = None  # the filing date an id encodes (decimal file `/1–2546` -> 1946-01-25), ISO

    def parts(self) -> list[tuple[int, int, str]]:
        """(start, end, kind) of repository, collection, idno and pages, relative to `text`, in order."""
        found: list[tuple[int, int, str]] = []
        cursor = 0
        for value, kind in ((self.archive, "repository"), (self.collection, "collection"), (self.file, "idno")):
            position = self.text.find(value, cursor) if value else -1
            if value and position >= 0:
                found.append((position, position + len(value), kind))
                cursor = position + len(value)
        if self.pages_text:
            position = self.text.rfind(self.pages_text)
            if position >= cursor:
                found.append((position, position + len(self.pages_text), "pages"))
        return found


Finder = Callable[[str], list[ArchivalId]]
Entry = Mapping[str, Any]

_WS = r"[ \t]*(?:\n[ \t]*)?"  # white space with at most one line break: a wrap, never a paragraph break
_RANGE = r"(?P<from>\d{1,4})(?:\s*[-–]\s*(?P<to>\d{1,4}))?"
_PAGE_SEGMENT = re.compile(
    r"(?:pp?\.|S\.|s\.|str\.|Bl\.|l\.|ll\.|k\.|ff?\.|fl\.|fol\.|folios?|pages?|sheets?|list|listy|sh\.)\s*"
    + _RANGE + r"(?:\s*ob\.?)?",
    re.IGNORECASE,
)


def _page_numbers(pages_text: str) -> tuple[str | None, str | None]:
    numbers = re.findall(r"\d+", pages_text)
    return (numbers[0] if numbers else None), (numbers[1] if len(numbers) > 1 else None)


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _repository_pattern(entry: Entry) -> str:
    """The entry's repository names as one alternation; a space in a name may be any white space (a wrap)."""
    names = sorted(_names(entry.get("repository")), key=len, reverse=True)
    alternatives = [re.escape(name).replace(r"\ ", r"\s+") for name in names]
    alternatives += [f"(?:{regex})" for regex in _names(entry.get("repository_regex"))]
    if not alternatives:
        raise ValueError(f"archive {entry.get('name')!r}: no repository or repository_regex")
    return "|".join(alternatives)


# -- file_number: PRC FMA 106-01380-05, 56-60 -------------------------------------------------------


def file_number_rule(entry: Entry, name: str) -> Finder:
    """`PRC FMA 106-01380-05, 56-60`: the repository, the file number, then the pages (or one page)."""
    pattern = re.compile(
        rf"\b(?P<repo>{_repository_pattern(entry)})[ \t]*,?(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)(?P<file>{entry['file']})"
        rf"(?:,\s*(?:pp?\.\s*)?(?P<pages>{_RANGE}))?(?![\d–-])")

    def find(text: str) -> list[ArchivalId]:
        return [ArchivalId(m.start(), m.end(), m.group(0), m.group("repo"), file=m.group("file"),
                           pages_text=m.group("pages"), pages_from=m.group("from"), pages_to=m.group("to"),
                           rule=name)
                for m in pattern.finditer(text)]
    return find


# -- fond: AVPRF f. 0102, op. 9, d. 9, p. 43 --------------------------------------------------------

_FILE_ROLES = frozenset({"delo", "unit", "por"})
_PAGE_ROLES = frozenset({"list"})


def fond_rule(entry: Entry, name: str) -> Finder:
    """`AVPRF, fond 0102, opis 19, papka 97, delo 4, list 169`, `APRF:\\nF. 3, Op. 65, D. 363, Ll. 20-23`.

    The collection runs to the file (delo, a.e., por.); a sheet term after the file, or a papka term
    after it (before it, "p." is the papka), gives the pages. Spellings come from the entry's `terms`."""
    terms = entry.get("terms")
    if not isinstance(terms, Mapping) or not terms:
        raise ValueError(f"archive {name!r}: style fond needs `terms`")
    spellings = sorted(((s.lower(), str(role)) for role, values in terms.items() for s in _names(values)),
                       key=lambda pair: -len(pair[0]))
    term = "(?i:" + "|".join(re.escape(s) + (r"(?=\s|\d)" if s[-1:].isalpha() else "")
                            for s, _ in spellings) + ")"
    segment = rf"{term}{_WS}\w(?:[\w/–-]*\w)?"
    separator = rf"(?:,{_WS}|[ \t]+(?:\n[ \t]*)?|\n[ \t]*)"
    pattern = re.compile(rf"\b(?P<repo>{_repository_pattern(entry)})\b[,:]?{_WS}"
                         rf"(?P<body>{segment}(?:{separator}{segment})*)")
    segment_re = re.compile(segment)

    def role(piece: str) -> str:
        lowered = piece.lower()
        return next((r for s, r in spellings if lowered.startswith(s)), "")

    def find(text: str) -> list[ArchivalId]:
        found = []
        for match in pattern.finditer(text):
            segments = segment_re.findall(match.group("body"))
            roles = [role(s) for s in segments]
            file_index = next((i for i, r in enumerate(roles) if r in _FILE_ROLES), None)
            last = len(segments) - 1
            after_file = file_index is not None and file_index < last
            pages = segments[-1] if last > 0 and (
                (roles[-1] in _PAGE_ROLES and (file_index is None or after_file))
                or (roles[-1] == "papka" and after_file)) else None
            rest = segments[:-1] if pages else segments
            if file_index is None:
                file_index = len(rest) - 1
            collection = _span_text(match.group(0), rest[0], rest[file_index - 1]) if file_index > 0 else None
            pages_from, pages_to = _page_numbers(pages) if pages else (None, None)
            found.append(ArchivalId(match.start(), match.end(), match.group(0), match.group("repo"),
                                    collection=collection, file=rest[file_index], pages_text=pages,
                                    pages_from=pages_from, pages_to=pages_to, rule=name))
        return found
    return find


def _span_text(text: str, first: str, last: str) -> str:
    """The printed text from the segment `first` to the segment `last`, separators included."""
    start = text.find(first)
    end = text.find(last, start) + len(last)
    return text[start:end]


# -- hungarian: MNL OL XIX-J-1-j É-Korea, 1972, 60. doboz, 81-146, 00394 ------------------------------


def hungarian_rule(entry: Entry, name: str) -> Finder:
    """`MNL OL XIX-J-1-j É-Korea, 1972, 60. doboz, 81-146, 00394`: fonds and country, year, box, file,
    registry number (`MOL, XIX-J-1-j Korea, 1967, 61. doboz, 5, 001050/1967`)."""
    box = "|".join(re.escape(word) + (r"\b" if word[-1:].isalpha() else "")
                   for word in sorted(_names(entry.get("box_words") or ["doboz"]), key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?P<repo>{_repository_pattern(entry)})\b,?\s+"
        r"(?P<collection>[IVXL]+-[A-Z](?:-[0-9A-Za-z]+)*(?:\s+(?![\d(])[\w.-]+){0,4}?)"
        r"(?:,\s*(?P<year>1[89]\d\d|20\d\d))?"
        rf",\s*(?P<box>\d+\.\s*(?:{box})|(?:{box})\s+\d+)"
        r"(?:,\s*(?P<file>[\w/–-]*\d[\w/–-]*)(?:,\s*(?P<number>[\w/–-]*\d[\w/–-]*))?)?")

    def find(text: str) -> list[ArchivalId]:
        return [ArchivalId(m.start(), m.end(), m.group(0), m.group("repo"), collection=m.group("collection"),
                           file=m.group("file") or m.group("box"), rule=name)
                for m in pattern.finditer(text)]
    return find


# -- segments: REPOSITORY, piece, piece, ... ------------------------------------------------------------

# words that may stand lower case inside an identifier: archival terms and joining words
_ID_WORDS = {
    "of", "the", "and", "for", "to", "de", "des", "der", "und", "a", "an", "al", "din", "si", "și", "z", "i",
    "me", "të", "e",
    "doboz", "tétel", "box", "boxes", "folder", "file", "files", "sheet", "sheets", "page", "pages", "reel",
    "frame", "item", "series", "entry", "vol", "no", "nr", "sign", "sygn", "teczka", "karton", "kart", "sv",
    "inv", "fond", "fonds", "dosar", "opis", "delo", "papka", "list", "listy", "zespół", "jedn", "arch",
}
_SENTENCE_END = re.compile(r"\.(?=\s+[A-Z][a-z]|\s*$)")
_ABBREVIATION = re.compile(r"(?:\b(?:No|Nr|Vol|Bd|Bl|Sign|Sygn|[a-z])|\b[A-Z][a-z]+\s+[A-Z])$")  # "Walt W."
_HARD_STOP = re.compile(r"\n[ \t\f]*\n|[;<>\"“”‘’\[\]()]|\s+https?:")


def _body_end(body: str) -> int:
    """Where an identifier must stop: a hard stop (a blank line, not a wrap), or a sentence's full stop."""
    hard = _HARD_STOP.search(body)
    limit = hard.start() if hard else len(body)
    for stop in _SENTENCE_END.finditer(body, 0, limit):
        if stop.end() < limit and _ABBREVIATION.search(body[: stop.start()]):
            continue  # "Vol. II", "No. 5", "Walt W. Rostow"
        return stop.start()
    return limit


def _is_id_segment(segment: str) -> bool:
    """A comma-separated piece of a shelfmark, not prose ("Translated by ...", "and the Embassy")."""
    words = segment.split()
    if not words or len(words) > 8:
        return False
    if words[0].lower() in ("and", "or", "see", "the", "in", "which", "who", "where", "holds"):
        return False
    for word in words:
        bare = word.strip(".:'’")
        if not bare or any(c.isdigit() for c in bare) or bare[:1].isupper() or not bare[:1].isalpha():
            continue
        if bare.lower() in _ID_WORDS or (word.endswith(".") and len(bare) <= 4):
            continue
        return False
    return True


def _closes_id(segment: str) -> bool:
    """An identifier ends on a piece with a number, or on a file code in capitals (`POL US–USSR`)."""
    if any(c.isdigit() for c in segment):
        return True
    letters = [c for c in segment if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _segments(body: str) -> list[tuple[int, int]]:
    """(start, end) of the comma-separated segments of `body` that belong to the identifier.

    A piece that is not part of a shelfmark but has a line break in it keeps its first line when that
    reads as one (a wrapped id followed by the next line of text)."""
    kept: list[tuple[int, int]] = []
    position = 0
    for piece in body.split(","):
        start = position + len(piece) - len(piece.lstrip())
        end = position + len(piece.rstrip())
        position += len(piece) + 1
        if _is_id_segment(body[start:end]):
            kept.append((start, end))
            continue
        first_line = body[start:end].split("\n", 1)[0].rstrip()
        if first_line != body[start:end] and _is_id_segment(first_line):
            kept.append((start, start + len(first_line)))
        break
    while kept and not _closes_id(body[kept[-1][0]: kept[-1][1]]):
        kept.pop()
    return kept


def segments_rule(entry: Entry, name: str, separator_required: bool = False) -> Finder:
    """`SAPMO-BArch, DY 30, IV 2/2.035/137`, `PA AA, MfAA, C 1093/70`, `AAN, KC PZPR, XI A/1, k. 23`,
    `National Archives, RG 59, Central Files 1964-66, POL 7 US/NIXON`: the repository, then the
    collection pieces, the file, and the pages if the last piece is a page reference."""
    separator = r",[ \t]*(?:\n[ \t]*)?" if separator_required else r"[,:]?[ \t]*(?:\n[ \t]*)?"
    pattern = re.compile(rf"\b(?P<repo>{_repository_pattern(entry)})(?!\w)"
                         rf"(?:\s*\((?P<abbr>[^()\n]{{1,15}})\))?{separator}")

    def find(text: str) -> list[ArchivalId]:
        found = []
        for match in pattern.finditer(text):
            body_start = match.end()
            if body_start == match.end("repo") and not separator_required:
                continue  # "NARAX": the repository must be followed by a separator or a space
            body = text[body_start: body_start + 300]
            body = body[: _body_end(body)]
            kept = _segments(body)
            if not kept:
                continue
            pages = _PAGE_SEGMENT.fullmatch(body[kept[-1][0]: kept[-1][1]]) if len(kept) > 1 else None
            shelf = kept[:-1] if pages else kept
            end = body_start + kept[-1][1]
            collection = body[shelf[0][0]: shelf[-2][1]] if len(shelf) > 1 else None
            found.append(ArchivalId(
                match.start(), end, text[match.start(): end], match.group("repo"), collection=collection,
                file=body[shelf[-1][0]: shelf[-1][1]],
                pages_text=pages.group(0) if pages else None,
                pages_from=pages.group("from") if pages else None, pages_to=pages.group("to") if pages else None,
                rule=name))
        return found
    return find


# -- US State Department files ---------------------------------------------------------------------

DECIMAL_FILE_RE = re.compile(
    r"(?<![\w.])(?P<file>\d{3}\.\d{1,6}[A-Z]{0,2}(?:\s+[A-Z][A-Za-z]*(?:\s*\([^()\n]{1,30}\))?)?)"
    r"/(?P<date>(?:1[0-2]|0?[1-9])[–-]\d{3,4})(?![\w–-])"
)


_DECIMAL_SUBJECT = re.compile(r"\d{3}\.\d")  # what DECIMAL_FILE_RE needs, without its lookbehind


def decimal_file_date(code: str) -> str | None:
    """The filing date of a decimal file's date code, month–day and two-digit year of the 1900s
    (`1–2546` -> 1946-01-25, `6–2550` -> 1950-06-25); None when it is no calendar date."""
    month, _, rest = code.replace("–", "-").partition("-")
    if not month.isdigit() or not rest.isdigit() or len(rest) not in (3, 4):
        return None
    try:
        return date(1900 + int(rest[-2:]), int(month), int(rest[:-2])).isoformat()
    except ValueError:
        return None


def decimal_rule(entry: Entry, name: str) -> Finder:
    """`740.00119 Control (Korea)/1–2546`, `880.2553/1–2354`: central decimal files, the subject number
    then the filing date (month–day–year, kept in `when`), never cut at the slash. The repository is
    not printed."""
    def find(text: str) -> list[ArchivalId]:
        if "/" not in text or _DECIMAL_SUBJECT.search(text) is None:  # most paragraphs have neither
            return []
        return [ArchivalId(m.start(), m.end(), m.group(0), "", file=m.group("file"), rule=name,
                           when=decimal_file_date(m.group("date")))
                for m in DECIMAL_FILE_RE.finditer(text)]
    return find


LOT_FILE_RE = re.compile(
    r"(?:(?P<collection>[A-Z][\w/–-]*(?:[ \t]+[A-Z][\w/–-]*){0,4}[ \t]+Files),\s*)?"
    r"(?P<file>\bLot\s+\d{2}\s?[–-]?\s?[DF]\s?[–-]?\s?\d{1,4})\b")


_LOT_NUMBER = re.compile(r"\bLot\s+\d{2}")  # what LOT_FILE_RE's file group needs


def lot_rule(entry: Entry, name: str) -> Finder:
    """`Lot 63 D 351`, `Marshall Mission Files, Lot 54–D270`: a lot file (office files retired as a lot),
    with the office's files named before it when joined by a comma."""
    def find(text: str) -> list[ArchivalId]:
        if "Lot" not in text or _LOT_NUMBER.search(text) is None:  # what the pattern needs: most have none
            return []
        return [ArchivalId(m.start(), m.end(), m.group(0), "", collection=m.group("collection"),
                           file=m.group("file"), rule=name)
                for m in LOT_FILE_RE.finditer(text)]
    return find


# -- regex: a corpus's own pattern -------------------------------------------------------------------


def regex_rule(entry: Entry, name: str) -> Finder:
    """A whole-identifier regular expression; named groups `collection`, `file`, `pages` structure it."""
    try:
        compiled = re.compile(str(entry["regex"]))
    except (KeyError, re.error) as error:
        raise ValueError(f"archive pattern {entry.get('name')!r}: {error}") from error
    repository = str(entry.get("name", ""))

    def find(text: str) -> list[ArchivalId]:
        found: list[ArchivalId] = []
        for match in compiled.finditer(text):
            if match.end() == match.start():
                continue
            groups = match.groupdict()
            pages = groups.get("pages")
            pages_from, pages_to = _page_numbers(pages) if pages else (None, None)
            found.append(ArchivalId(match.start(), match.end(), match.group(0), repository,
                                    collection=groups.get("collection"), file=groups.get("file"),
                                    pages_text=pages, pages_from=pages_from, pages_to=pages_to, rule=name))
        return found
    return find


def _needs_repository(entry: Entry, find: Finder) -> Finder:
    """A finder whose pattern starts with the repository's name, run only when a name is in the text.

    The names alone (no leading `\\b`) let the regex engine skip ahead to their first letters, so this
    scan is much cheaper than the full pattern's, and most paragraphs name no archive."""
    names = re.compile(_repository_pattern(entry))
    words = _repository_words(entry)

    def find_named(text: str) -> list[ArchivalId]:
        if words and not any(word in text for word in words):  # substring tests skip ahead faster still
            return []
        return find(text) if names.search(text) is not None else []
    return find_named


def _repository_words(entry: Entry) -> tuple[str, ...]:
    """Substrings one of which every repository name of the entry contains: the first word of each
    literal name (a space may be any white space) and the entry's `repository_words` for its
    `repository_regex`; () when a regex has no words (no shortcut then)."""
    words = [name.split()[0] for name in _names(entry.get("repository")) if name.split()]
    if _names(entry.get("repository_regex")):
        extra = _names(entry.get("repository_words"))
        if not extra:
            return ()
        words += extra
    unique = list(dict.fromkeys(words))
    # a word holding another of the list adds nothing: the shorter is in the text whenever it is
    return tuple(w for w in unique if not any(v != w and v in w for v in unique))


_NAMED_STYLES = frozenset({"file_number", "fond", "hungarian", "segments", "record_group"})  # _needs_repository


def build_rule(entry: Entry, rule_name: str | None = None) -> Finder:
    """The finder for one archive entry; ValueError (naming the entry) when the entry is unusable.
    Found ids carry `rule_name` (default: the entry's name) so a finding says which rule read them."""
    name = rule_name or str(entry.get("name") or "")
    style = str(entry.get("style") or ("regex" if "regex" in entry else ""))
    try:
        if style == "file_number":
            return _needs_repository(entry, file_number_rule(entry, name))
        if style == "fond":
            return _needs_repository(entry, fond_rule(entry, name))
        if style == "hungarian":
            return _needs_repository(entry, hungarian_rule(entry, name))
        if style in ("segments", "record_group"):
            return _needs_repository(entry, segments_rule(entry, name, separator_required=style == "record_group"))
        if style == "decimal":
            return decimal_rule(entry, name)
        if style == "lot":
            return lot_rule(entry, name)
        if style == "regex":
            return regex_rule(entry, name)
    except (KeyError, re.error) as error:
        raise ValueError(f"archive {name!r}: {error}") from error
    raise ValueError(f"archive {name!r}: unknown style {style!r}; expected one of {', '.join(STYLES)}")


def load_archives(path: Path = ARCHIVES_FILE) -> list[dict[str, Any]]:
    """The archive entries of a table file (the packaged archives.yaml by default)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("archives") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a mapping with an `archives` list")
    return [dict(entry) for entry in entries if isinstance(entry, dict)]


ARCHIVES: list[dict[str, Any]] = load_archives()
ARCHIVE_RULES: list[tuple[str, Finder]] = [(str(entry["name"]), build_rule(entry)) for entry in ARCHIVES]
# Per packaged rule, the words one of which its texts must hold (empty: no shortcut); every word once,
# so that a text is searched for each word a single time however many rules share it.
_RULE_WORDS: list[frozenset[str]] = [
    frozenset(_repository_words(entry)) if str(entry.get("style") or "") in _NAMED_STYLES else frozenset()
    for entry in ARCHIVES]
_ALL_WORDS: tuple[str, ...] = tuple(sorted(set().union(*_RULE_WORDS)))
# One scan says whether any word is in the text at all (most paragraphs name no archive); only then is
# each word asked for. The rules without words always run; the others are found through their words.
_ANY_WORD_RE = re.compile("|".join(re.escape(word) for word in sorted(_ALL_WORDS, key=len, reverse=True)))
_UNGATED_RULES: tuple[int, ...] = tuple(index for index, words in enumerate(_RULE_WORDS) if not words)
_RULES_BY_WORD: dict[str, tuple[int, ...]] = {
    word: tuple(index for index, words in enumerate(_RULE_WORDS) if word in words) for word in _ALL_WORDS}
_CORPUS_RULES: dict[str, Finder] = {}


def _corpus_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    named = dict(entry)
    if "style" in named and named.get("style") != "regex":
        named.setdefault("repository", named.get("name", ""))
    return named


def archive_entry_error(entry: Mapping[str, Any]) -> str | None:
    """Why a tei.yaml `rules.archive_patterns` entry cannot be used (for the configuration check), or None."""
    try:
        build_rule(_corpus_entry(entry), "corpus_pattern")
    except ValueError as error:
        return str(error)
    return None


def _nothing(text: str) -> list[ArchivalId]:
    return []


def _corpus_rule(entry: Mapping[str, Any]) -> Finder:
    """A tei.yaml entry's finder, built once per distinct entry (the encoder calls this per paragraph).
    An unusable entry finds nothing here: the configuration check reports it (archive_entry_error)."""
    key = json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)
    if key not in _CORPUS_RULES:
        try:
            _CORPUS_RULES[key] = build_rule(_corpus_entry(entry), "corpus_pattern")
        except ValueError:
            _CORPUS_RULES[key] = _nothing
    return _CORPUS_RULES[key]


def find_archival_ids(text: str, extra_patterns: Iterable[Mapping[str, Any]] = ()) -> list[ArchivalId]:
    """Every archival identifier in a string, left to right, not overlapping. At one position the
    corpus's entries come first, then the packaged table in order, and the longest match wins."""
    found: list[tuple[int, ArchivalId]] = []
    for entry in extra_patterns:
        found += [(0, a) for a in _corpus_rule(entry)(text)]
    # the rules' own shortcut (a repository word in the text), asked once for all rules; the rules run
    # in the table's order, so that ties are broken as before
    indices = _UNGATED_RULES
    if _ANY_WORD_RE.search(text) is not None:
        indices = tuple(sorted({*_UNGATED_RULES, *(index for word in _ALL_WORDS if word in text
                                                   for index in _RULES_BY_WORD[word])}))
    for index in indices:
        found += [(index + 1, a) for a in ARCHIVE_RULES[index][1](text)]
    found.sort(key=lambda pair: (pair[1].start, pair[0], -(pair[1].end - pair[1].start)))
    chosen: list[ArchivalId] = []
    for _, candidate in found:
        if chosen and candidate.start < chosen[-1].end:
            continue
        chosen.append(candidate)
    return chosen
