"""Archival-identifier rules: the shelfmarks archives print in citations and source lines.

`ARCHIVE_RULES` is an ordered table, one named rule per archive style (PRC Foreign Ministry, Russian
fond/opis/delo, German SAPMO and PA AA, Hungarian MOL / MNL OL, US National Archives, State
Department decimal files, and a generic "ARCHIVE, segment, segment" rule for other repositories).
Each rule finds the identifier as printed and names its parts (repository, the file or shelfmark,
the cited pages), so the encoder can mark them inside the printed text.
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
    archive: str
    collection: str | None = None
    file: str | None = None
    pages_from: str | None = None
    pages_to: str | None = None
    pages_text: str | None = None
    rule: str = ""

    def parts(self) -> list[tuple[int, int, str]]:
        """(start, end, kind) of repository, idno and pages, relative to `text`, in order."""
        found: list[tuple[int, int, str]] = []
        repository = self.text.find(self.archive) if self.archive else -1
        if repository >= 0:
            found.append((repository, repository + len(self.archive), "repository"))
        cursor = repository + len(self.archive) if repository >= 0 else 0
        if self.file:
            position = self.text.find(self.file, cursor)
            if position >= 0:
                found.append((position, position + len(self.file), "idno"))
                cursor = position + len(self.file)
        if self.pages_text:
            position = self.text.rfind(self.pages_text)
            if position >= cursor:
                found.append((position, position + len(self.pages_text), "pages"))
        return found


# Where an identifier ends: before ". Translated by", ". Obtained ...", a URL, or the end of the text.
_END = r"(?=\.\s+(?:[A-Z][a-z]+\s(?:by|for|and)\b|Translated|Obtained|Contributed|Donated|Courtesy|Published|See|"\
       r"Original|Digital|<|https?:)|\.?\s*$|\.?\s*<|\s+https?:|\.\s*\n)"
_PAGES = r"(?P<pages>(?P<from>\d{1,4})(?:\s*[-–]\s*(?P<to>\d{1,4}))?)"

Finder = Callable[[str], list[ArchivalId]]


def _pages(match: re.Match[str]) -> dict[str, str | None]:
    if not match.groupdict().get("pages"):
        return {}
    return {"pages_text": match.group("pages"), "pages_from": match.group("from"), "pages_to": match.group("to")}


def _make(match: re.Match[str], archive: str, rule: str, file: str | None, **extra: str | None) -> ArchivalId:
    return ArchivalId(match.start(), match.end(), match.group(0), archive, file=file, rule=rule,
                      **{k: v for k, v in extra.items()})  # type: ignore[arg-type]


PRC_FMA_RE = re.compile(rf"\b(?P<repo>PRC FMA|PRCFMA|FMA PRC)\s+(?P<file>\d{{3}}-\d{{5}}-\d{{2}})(?:,\s*{_PAGES})?")


def prc_fma(text: str) -> list[ArchivalId]:
    """`PRC FMA 106-01380-05, 56-60`: file number, then pages."""
    return [_make(m, m.group("repo"), "prc_fma", m.group("file"), **_pages(m)) for m in PRC_FMA_RE.finditer(text)]


_RUSSIAN_SEGMENT = r"(?:f\.|fond|op\.|opis|d\.|delo|p\.|papka|por\.|t\.|tom|k\.|korobka|ll?\.|list|listy|sh\.)\s*[\w/]+"
RUSSIAN_RE = re.compile(
    rf"\b(?P<repo>AVPRF|AVP RF|AVP SSSR|RGANI|RGASPI|GARF|TsAMO|RGAE|RGVA|APRF|TsKhSD|RTsKhIDNI)\b,?\s*"
    rf"(?P<body>{_RUSSIAN_SEGMENT}(?:,\s*{_RUSSIAN_SEGMENT})*(?:\s*[-–]\s*\d+)?)",
    re.IGNORECASE,
)
_RUSSIAN_PAGES = re.compile(r"(?:ll?\.|list|listy|sh\.)\s*(?P<pages>(?P<from>\d+)(?:\s*[-–]\s*(?P<to>\d+))?)$",
                            re.IGNORECASE)


def russian_fond(text: str) -> list[ArchivalId]:
    """`AVPRF f. 0102, op. 9, d. 9, p. 43`, `AVPRF, fond 0102, opis 19, papka 97, delo 4, list 169`."""
    found = []
    for match in RUSSIAN_RE.finditer(text):
        body = match.group("body")
        segments = [s.strip() for s in body.split(",")]
        pages = _RUSSIAN_PAGES.search(segments[-1]) if segments else None
        file_part = ", ".join(segments[:-1]) if pages and len(segments) > 1 else body
        extra: dict[str, str | None] = {}
        if pages:
            extra = {"pages_text": segments[-1], "pages_from": pages.group("from"), "pages_to": pages.group("to")}
        found.append(_make(match, match.group("repo"), "russian_fond", file_part, **extra))
    return found


GENERIC_REPOSITORIES = (
    r"SAPMO-BArch|SAPMO|BArch|PA AA|PAAA|MfAA|MNL OL|MOL|AAN|AMSZ|ANIC|AMVnR|AMZV|NAČR|NA ČR|AÚV KSČ|TsDA|"
    r"AMVR|ABS|IPN|Stasi|BStU|MfS|CWIHP|NARA|National Archives(?: and Records Administration)?|"
    r"Jimmy Carter Library|Gerald R\. Ford Library|Nixon Presidential Materials|LBJ Library|"
    r"[A-Z][a-z]+ (?:Provincial|Municipal|State|National|Central|Party) Archives?"
)
GENERIC_RE = re.compile(
    rf"(?P<repo>\b(?:{GENERIC_REPOSITORIES}))\b,?\s+(?P<body>[^\s,.][^,]*?(?:,\s*[^,]*?)*?){_END}"
)


def generic_repository(text: str) -> list[ArchivalId]:
    """`SAPMO-BArch, DY 30, IV 2/2.035/137`, `MNL OL XIX-J-1-j É-Korea, 1972, 60. doboz, 81-146, 00394`."""
    found = []
    for match in GENERIC_RE.finditer(text):
        body = match.group("body").strip()
        if not re.search(r"\d", body) or len(body) > 160:
            continue
        segments = [s.strip() for s in body.split(",")]
        pages = re.fullmatch(r"(?:pp?\.|S\.|l\.|ll\.)\s*" + _PAGES, segments[-1]) if len(segments) > 1 else None
        extra: dict[str, str | None] = {}
        file_part = body
        if pages:
            file_part = ", ".join(segments[:-1])
            extra = {"pages_text": segments[-1], "pages_from": pages.group("from"), "pages_to": pages.group("to")}
        found.append(_make(match, match.group("repo"), "generic_repository", file_part, **extra))
    return found


DECIMAL_FILE_RE = re.compile(r"\b\d{3}\.\d{2,6}(?:\s+[A-Z][\w]*(?:\s*\([^)\n]{1,30}\))?)?/\d{1,2}[–-]\d{2,6}\b")


def state_department_decimal(text: str) -> list[ArchivalId]:
    """`740.00119 Control (Korea)/1–2546`, `880.2553/1–2354`: State Department central decimal files."""
    return [ArchivalId(m.start(), m.end(), m.group(0), "", file=m.group(0), rule="state_department_decimal")
            for m in DECIMAL_FILE_RE.finditer(text)]


ARCHIVE_RULES: list[Finder] = [prc_fma, russian_fond, state_department_decimal, generic_repository]


def find_archival_ids(text: str, extra_patterns: Iterable[dict[str, str]] = ()) -> list[ArchivalId]:
    """Every archival identifier in a string, left to right, not overlapping (earlier rules first)."""
    found: list[ArchivalId] = []
    for pattern in extra_patterns:
        for match in re.finditer(pattern["regex"], text):
            groups = match.groupdict()
            found.append(ArchivalId(match.start(), match.end(), match.group(0), pattern.get("name", ""),
                                    file=groups.get("file"), pages_text=groups.get("pages"), rule="corpus pattern"))
    for rule in ARCHIVE_RULES:
        found += rule(text)
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    chosen: list[ArchivalId] = []
    for candidate in found:
        if any(candidate.start < c.end and c.start < candidate.end for c in chosen):
            continue
        chosen.append(candidate)
    return sorted(chosen, key=lambda a: a.start)
