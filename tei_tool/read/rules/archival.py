"""Archival-identifier rules: the shelfmarks archives print in citations and source lines.

`ARCHIVE_RULES` is an ordered table of small named rules, one per archive style: PRC Foreign Ministry
file numbers, Russian and Bulgarian fond/opis/delo, Hungarian MOL / MNL OL boxes, US record groups,
State Department decimal and lot files, and a "REPOSITORY, segment, segment" rule for the other
repositories (German, Polish, Czech, Romanian, US libraries ...). Each rule finds the identifier as
printed, stops where it ends (never taking the full stop before "Translated by"), and names its parts
(repository, collection, the file or shelfmark, the cited pages) so the encoder can mark them inside
the printed text. Registry and dispatch numbers ("No. 327") are not identifiers and are never found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


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

_RANGE = r"(?P<from>\d{1,4})(?:\s*[-–]\s*(?P<to>\d{1,4}))?"
_PAGE_SEGMENT = re.compile(
    r"(?:pp?\.|S\.|s\.|str\.|Bl\.|l\.|ll\.|k\.|ff?\.|fol\.|folios?|pages?|sheets?|list|listy|sh\.)\s*"
    + _RANGE + r"(?:\s*ob\.?)?",
    re.IGNORECASE,
)


def _page_numbers(pages_text: str) -> tuple[str | None, str | None]:
    numbers = re.findall(r"\d+", pages_text)
    return (numbers[0] if numbers else None), (numbers[1] if len(numbers) > 1 else None)


# -- PRC Foreign Ministry ---------------------------------------------------------------------------

PRC_FMA_RE = re.compile(
    r"\b(?P<repo>PRC FMA|PRCFMA|FMA PRC|PRC MFA|CFMA)\s*,?\s+"
    r"(?P<file>\d{3}-\d{5}-\d{2}(?:\(\d+\))?)"
    rf"(?:,\s*(?:pp?\.\s*)?(?P<pages>{_RANGE}))?(?![\d–-])"
)


def prc_fma(text: str) -> list[ArchivalId]:
    """`PRC FMA 106-01380-05, 56-60`: the file number, then the pages (or a single page)."""
    return [
        ArchivalId(m.start(), m.end(), m.group(0), m.group("repo"), file=m.group("file"),
                   pages_text=m.group("pages"), pages_from=m.group("from"), pages_to=m.group("to"), rule="prc_fma")
        for m in PRC_FMA_RE.finditer(text)
    ]


# -- Russian, Soviet-successor and Bulgarian fond / opis / delo ----------------------------------------

_RUSSIAN_TERM = (r"(?:fond|f\.|opis'?|op\.|papka|p\.|delo|d\.|por\.|tom|t\.|korobka|k\.|a\.\s?e\.|"
                 r"listy|list|ll\.|l\.|sh\.|ap\.|b\.|rolik|r\.)")
_RUSSIAN_SEGMENT = rf"{_RUSSIAN_TERM}\s*\w(?:[\w/–-]*\w)?"
RUSSIAN_RE = re.compile(
    r"\b(?P<repo>AVPRF|AVP RF|AVP SSSR|RGANI|RGASPI|GARF|TsAMO|RGAE|RGVA|APRF|AP RF|TsKhSD|RTsKhIDNI|"
    r"TsDA|TsDAHOU|TsDAVO|HDA SBU|LYA)\b,?\s*"
    rf"(?P<body>{_RUSSIAN_SEGMENT}(?:(?:,\s*|\s+){_RUSSIAN_SEGMENT})*)",
    re.IGNORECASE,
)
_RUSSIAN_FILE = re.compile(r"(?:delo|d\.|a\.\s?e\.|por\.)\s*", re.IGNORECASE)
_RUSSIAN_PAGES = re.compile(r"(?:listy|list|ll\.|l\.|sh\.|p\.|pp\.)\s*\w", re.IGNORECASE)


def russian_fond(text: str) -> list[ArchivalId]:
    """`AVPRF f. 0102, op. 9, d. 9, p. 43`, `AVPRF, fond 0102, opis 19, papka 97, delo 4, list 169`.

    The collection runs to the file (delo, or a.e. in Bulgaria); a "list"/"l." after the file, or a
    "p." after it (before it, "p." is the papka), gives the sheets."""
    found = []
    for match in RUSSIAN_RE.finditer(text):
        segments = re.findall(_RUSSIAN_SEGMENT, match.group("body"), re.IGNORECASE)
        file_index = next((i for i, s in enumerate(segments) if _RUSSIAN_FILE.match(s)), None)
        pages = segments[-1] if len(segments) > 1 and _RUSSIAN_PAGES.match(segments[-1]) and \
            (file_index is None or file_index < len(segments) - 1) and \
            (file_index is not None or not segments[-1].lower().startswith("p.")) else None
        rest = segments[:-1] if pages else segments
        if file_index is None:
            file_index = len(rest) - 1
        collection = _span_text(match.group(0), rest[0], rest[file_index - 1]) if file_index > 0 else None
        pages_from, pages_to = _page_numbers(pages) if pages else (None, None)
        found.append(ArchivalId(match.start(), match.end(), match.group(0), match.group("repo"),
                                collection=collection, file=rest[file_index], pages_text=pages,
                                pages_from=pages_from, pages_to=pages_to, rule="russian_fond"))
    return found


def _span_text(text: str, first: str, last: str) -> str:
    """The printed text from the segment `first` to the segment `last`, separators included."""
    start = text.find(first)
    end = text.find(last, start) + len(last)
    return text[start:end]


# -- Hungarian National Archives ----------------------------------------------------------------------

HUNGARIAN_RE = re.compile(
    r"\b(?P<repo>MNL OL|MNL-OL|MOL)\b,?\s+"
    r"(?P<collection>[IVXL]+-[A-Z](?:-[0-9A-Za-z]+)*(?:\s+(?![\d(])[\w.-]+){0,4}?)"
    r"(?:,\s*(?P<year>1[89]\d\d|20\d\d))?"
    r",\s*(?P<box>\d+\.\s*(?:doboz|d\.)|(?:doboz|box)\s+\d+)"
    r"(?:,\s*(?P<file>[\w/–-]*\d[\w/–-]*)(?:,\s*(?P<number>[\w/–-]*\d[\w/–-]*))?)?"
)


def hungarian_mol(text: str) -> list[ArchivalId]:
    """`MNL OL XIX-J-1-j É-Korea, 1972, 60. doboz, 81-146, 00394`: fonds and country, year, box, file,
    registry number (`MOL, XIX-J-1-j Korea, 1967, 61. doboz, 5, 001050/1967`)."""
    return [
        ArchivalId(m.start(), m.end(), m.group(0), m.group("repo"), collection=m.group("collection"),
                   file=m.group("file") or m.group("box"), rule="hungarian_mol")
        for m in HUNGARIAN_RE.finditer(text)
    ]


# -- US State Department files ---------------------------------------------------------------------

DECIMAL_FILE_RE = re.compile(
    r"(?<![\w.])(?P<file>\d{3}\.\d{1,6}[A-Z]{0,2}(?:\s+[A-Z][A-Za-z]*(?:\s*\([^()\n]{1,30}\))?)?)"
    r"/(?P<date>(?:1[0-2]|0?[1-9])[–-]\d{3,4})(?![\w–-])"
)


def state_department_decimal(text: str) -> list[ArchivalId]:
    """`740.00119 Control (Korea)/1–2546`, `880.2553/1–2354`: central decimal files, the subject number
    then the filing date (month–day–year). The repository is not printed."""
    return [ArchivalId(m.start(), m.end(), m.group(0), "", file=m.group("file"), rule="state_department_decimal")
            for m in DECIMAL_FILE_RE.finditer(text)]


LOT_FILE_RE = re.compile(r"\bLot\s+\d{2}\s?[DF]\s?\d{1,4}\b")


def state_department_lot(text: str) -> list[ArchivalId]:
    """`Lot 63 D 351`: a State Department lot file (office files retired as a lot)."""
    return [ArchivalId(m.start(), m.end(), m.group(0), "", file=m.group(0), rule="state_department_lot")
            for m in LOT_FILE_RE.finditer(text)]


# -- "REPOSITORY, segment, segment": the common citation shape -------------------------------------------

REPOSITORIES = (
    # German
    r"SAPMO-BArch|SAPMO-BA|SAPMO|BArch-SAPMO|BArch|PA AA|PAAA|BStU|"
    # Polish, Czech, Slovak, Romanian, Bulgarian, Albanian, Yugoslav, Mongolian
    r"AAN|AMSZ|IPN|AIPN|NA ČR|NAČR|SÚA|AMZV|ABS|AÚV KSČ|ANIC|AMAE|ACNSAS|AMVnR|DAMO|AQSH|AMPJ|AJ|DAMSP|"
    r"MNL OL|MOL|"
    # United States
    r"NARA|National Archives(?: and Records Administration)?|Library of Congress|"
    r"(?:[A-Z][a-z]+\s|[A-Z]\.\s){1,3}(?:Presidential\s)?Library|Nixon Presidential Materials(?: Project)?|"
    # named archives elsewhere
    r"(?:[A-Z][a-z]+\s){1,2}(?:Provincial|Municipal|State|National|Central|Party|Foreign Ministry)\sArchives?"
)
GENERIC_RE = re.compile(rf"\b(?P<repo>{REPOSITORIES})(?!\w)(?:\s*\((?P<abbr>[^()\n]{{1,15}})\))?,?[ \t]+")
# words that may stand lower case inside an identifier: archival terms and joining words
_ID_WORDS = {
    "of", "the", "and", "for", "to", "de", "des", "der", "und", "a", "an", "al", "din", "si", "și", "z", "i",
    "doboz", "tétel", "box", "boxes", "folder", "file", "files", "sheet", "sheets", "page", "pages", "reel",
    "frame", "item", "series", "entry", "vol", "no", "nr", "sign", "sygn", "teczka", "karton", "kart", "sv",
    "inv", "fond", "fonds", "dosar", "opis", "delo", "papka", "list", "listy", "zespół", "jedn", "arch",
}
_SENTENCE_END = re.compile(r"\.(?=\s+[A-Z][a-z]|\s*$)")
_ABBREVIATION = re.compile(r"(?:\b(?:No|Nr|Vol|Bd|Bl|Sign|Sygn|[a-z]))$")
_HARD_STOP = re.compile(r"[\n;<>\"“”‘’\[\]()]|\s+https?:")


def _body_end(body: str) -> int:
    """Where an identifier must stop: a hard stop, or a full stop that ends the sentence."""
    hard = _HARD_STOP.search(body)
    limit = hard.start() if hard else len(body)
    for stop in _SENTENCE_END.finditer(body, 0, limit):
        if stop.end() < limit and _ABBREVIATION.search(body[: stop.start()]):
            continue  # "Vol. II", "No. 5"
        return stop.start()
    return limit


def _is_id_segment(segment: str) -> bool:
    """A comma-separated piece of a shelfmark, not prose ("Translated by ...", "and the Embassy")."""
    words = segment.split()
    if not words or len(words) > 8:
        return False
    if words[0].lower() in ("and", "or", "see", "the", "in", "which", "who"):
        return False
    for word in words:
        bare = word.strip(".:'’")
        if not bare or any(c.isdigit() for c in bare) or bare[:1].isupper() or not bare[:1].isalpha():
            continue
        if bare.lower() in _ID_WORDS or (word.endswith(".") and len(bare) <= 4):
            continue
        return False
    return True


def _segments(body: str) -> list[tuple[int, int]]:
    """(start, end) of the comma-separated segments of `body` that belong to the identifier."""
    kept: list[tuple[int, int]] = []
    position = 0
    for piece in body.split(","):
        start = position + len(piece) - len(piece.lstrip())
        end = position + len(piece.rstrip())
        position += len(piece) + 1
        if not _is_id_segment(body[start:end]):
            break
        kept.append((start, end))
    while kept and not any(c.isdigit() for c in body[kept[-1][0]: kept[-1][1]]):
        kept.pop()  # an identifier ends on a number-bearing piece
    return kept


def generic_repository(text: str) -> list[ArchivalId]:
    """`SAPMO-BArch, DY 30, IV 2/2.035/137`, `PA AA, MfAA, C 1093/70`, `AAN, KC PZPR, XI A/1, k. 23`,
    `National Archives, RG 59, Central Files 1964-66, POL 7 US/NIXON`: the repository, then the
    collection pieces, the file, and the pages if the last piece is a page reference."""
    found = []
    for match in GENERIC_RE.finditer(text):
        body_start = match.end()
        body = text[body_start: body_start + 240]
        body = body[: _body_end(body)]
        kept = _segments(body)
        if not kept:
            continue
        pages = _PAGE_SEGMENT.fullmatch(body[kept[-1][0]: kept[-1][1]]) if len(kept) > 1 else None
        shelf = kept[:-1] if pages else kept
        end = body_start + kept[-1][1]
        printed = text[match.start(): end]
        collection = body[shelf[0][0]: shelf[-2][1]] if len(shelf) > 1 else None
        found.append(ArchivalId(
            match.start(), end, printed, match.group("repo"), collection=collection,
            file=body[shelf[-1][0]: shelf[-1][1]],
            pages_text=pages.group(0) if pages else None,
            pages_from=pages.group("from") if pages else None, pages_to=pages.group("to") if pages else None,
            rule="generic_repository"))
    return found


RECORD_GROUP_RE = re.compile(r"\b(?P<repo>RG\s?\d{1,3}),[ \t]+")


def us_record_group(text: str) -> list[ArchivalId]:
    """`RG 59, Central Files 1967-69, POL 27 VIET S`: a US National Archives record group cited alone."""
    found = []
    for match in RECORD_GROUP_RE.finditer(text):
        body = text[match.end(): match.end() + 240]
        body = body[: _body_end(body)]
        kept = _segments(body)
        if not kept:
            continue
        end = match.end() + kept[-1][1]
        collection = body[kept[0][0]: kept[-2][1]] if len(kept) > 1 else None
        found.append(ArchivalId(match.start(), end, text[match.start(): end], match.group("repo"),
                                collection=collection, file=body[kept[-1][0]: kept[-1][1]], rule="us_record_group"))
    return found


ARCHIVE_RULES: list[tuple[str, Finder]] = [
    ("prc_fma", prc_fma),
    ("russian_fond", russian_fond),
    ("hungarian_mol", hungarian_mol),
    ("state_department_decimal", state_department_decimal),
    ("state_department_lot", state_department_lot),
    ("generic_repository", generic_repository),
    ("us_record_group", us_record_group),
]


def _corpus_ids(text: str, patterns: Iterable[dict[str, str]]) -> list[ArchivalId]:
    """Identifiers matched by the corpus's own patterns (tei.yaml `rules.archive_patterns`)."""
    found: list[ArchivalId] = []
    for pattern in patterns:
        name = pattern.get("name", "")
        try:
            compiled = re.compile(pattern["regex"])
        except (KeyError, re.error) as error:
            raise ValueError(f"archive pattern {name!r}: {error}") from error
        for match in compiled.finditer(text):
            if match.end() == match.start():
                continue
            groups = match.groupdict()
            pages = groups.get("pages")
            pages_from, pages_to = _page_numbers(pages) if pages else (None, None)
            found.append(ArchivalId(match.start(), match.end(), match.group(0), name,
                                    collection=groups.get("collection"), file=groups.get("file"),
                                    pages_text=pages, pages_from=pages_from, pages_to=pages_to,
                                    rule="corpus_pattern"))
    return found


def find_archival_ids(text: str, extra_patterns: Iterable[dict[str, str]] = ()) -> list[ArchivalId]:
    """Every archival identifier in a string, left to right, not overlapping. At one position the
    corpus's patterns come first, then the rules in table order (the specific before the generic)."""
    found: list[tuple[int, ArchivalId]] = [(0, a) for a in _corpus_ids(text, extra_patterns)]
    for index, (_, rule) in enumerate(ARCHIVE_RULES, start=1):
        found += [(index, a) for a in rule(text)]
    found.sort(key=lambda pair: (pair[1].start, pair[0], -(pair[1].end - pair[1].start)))
    chosen: list[ArchivalId] = []
    for _, candidate in found:
        if chosen and candidate.start < chosen[-1].end:
            continue
        chosen.append(candidate)
    return chosen
