"""Stage 4a: persons. One person, one id: resolves every speaker label and listed participant.

"Chairman Liu Shaoqi", "Chairman Liu" and "Liu" become one person because the shorter forms are a
prefix or suffix of the fuller name the document (its title, header or an earlier label) or the
corpus personography gives. Declared aliases ("(abbreviated as Ri as below)") win over inference.
When a label fits several people the best reading is kept with `cert="low"` and a warning that
names the candidates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tei_tool.config import PersonEntry, Personography
from tei_tool.findings import Finding, Severity
from tei_tool.model import Block, Inline, NodeKind, Person, name_text, variants_in, walk
from tei_tool.read.lexicon import FORMS_OF_ADDRESS, NON_NAME_WORDS, TITLE_PHRASE_WORDS, name_key
from tei_tool.read.rules.speakers import strip_titles
from tei_tool.read.source import Source

_NAME_RUN = re.compile(
    r"(?:[A-Z][\w’'\-.]*(?:\s+|$)){2,5}",
)


_SPACES_RE = re.compile(r"\s+")


def slug(name: str) -> str:
    """An xml:id from a name: ASCII, lower case, hyphens ("Liu Shaoqi" -> "liu-shaoqi")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not text:
        text = "person"
    if not text[0].isalpha():
        text = "p-" + text
    return text


def tokens(name: str) -> list[str]:
    return [t.lower().strip(".,") for t in _SPACES_RE.split(name.replace("’s", "").replace("'s", "")) if t]


def _is_part_of(short: str, full: str) -> bool:
    """`Liu` is part of `Liu Shaoqi`; `Nixon` of `Richard Nixon`; `Byroade` of `Henry A. Byroade`."""
    a, b = tokens(short), tokens(full)
    if not a or len(a) >= len(b):
        return False
    return b[: len(a)] == a or b[-len(a):] == a


@dataclass
class Resolution:
    person: Person
    cert: str = ""  # "" or "low"
    candidates: list[Person] = field(default_factory=list)


class PersonIndex:
    """The persons of one document and the ways to find them."""

    def __init__(self, personography: Personography, extra_titles: frozenset[str]) -> None:
        self.persons: list[Person] = []
        self.aliases: dict[str, Person] = {}
        self.personography = personography
        self.extra_titles = extra_titles
        self.completions: list[str] = []
        self.recent: list[Person] = []  # speakers, most recent last

    # -- creation --------------------------------------------------------------------------------

    def add(self, name: str, offset: int, titles: list[str] | None = None, role: str = "mentioned") -> Person:
        printed = name
        name = self._fuller(name)
        entry = self._entry_for(name)
        canonical = entry.name if entry else name
        person = Person(id=entry.id if entry else self._unique_id(slug(canonical)), name=canonical,
                        first_offset=offset, role=role)
        person.forms.add(name)
        if printed != name:
            (person.short_forms if _is_part_of(printed, name) else person.variants).add(printed)
        if titles:
            self._add_titles(person, titles)
        self.persons.append(person)
        return person

    def _fuller(self, name: str) -> str:
        """The document's own fuller or standard form of a name (title, citation), when one fits."""
        key = name_key(name)
        for candidate in self.completions:
            if name_key(candidate) == key:
                return candidate
        fuller = self.completion(name)
        return fuller or name

    def _unique_id(self, base: str) -> str:
        used = {p.id for p in self.persons}
        candidate, n = base, 2
        while candidate in used:
            candidate = f"{base}-{n}"
            n += 1
        return candidate

    def _entry_for(self, name: str) -> PersonEntry | None:
        key = name_key(name)
        for entry in self.personography.persons:
            if key == name_key(entry.name) or any(key == name_key(v) for v in entry.variants):
                return entry
        return None

    @staticmethod
    def _add_titles(person: Person, titles: list[str]) -> None:
        title = " ".join(titles).strip()
        if title and title not in person.titles:
            person.titles.append(title)

    # -- lookup ----------------------------------------------------------------------------------

    def exact(self, name: str) -> Person | None:
        key = name_key(name)
        for person in self.persons:
            if key == name_key(person.name) or any(key == name_key(f) for f in person.forms | person.variants):
                return person
        return None

    def partial(self, name: str) -> list[Person]:
        found = []
        for person in self.persons:
            names = {person.name} | person.forms | person.variants
            if any(_is_part_of(name, n) for n in names):
                found.append(person)
        return found

    def completion(self, name: str) -> str | None:
        """A fuller form of `name` from the title, header or personography, when exactly one fits."""
        own = self._unique({c for c in self.completions if _is_part_of(name, c)})
        if own:  # the document's own title or header names the person: that wins over the corpus
            return own
        corpus = {e.name for e in self.personography.persons
                  if any(name_key(name) == name_key(s) for s in e.short_forms) or _is_part_of(name, e.name)}
        return self._unique(corpus)

    def _unique(self, fits: set[str]) -> str | None:
        """The one person a set of name forms stands for (forms of one corpus entry count once)."""
        merged: dict[str, str] = {}
        for fit in sorted(fits, key=lambda f: (-len(f), f)):
            known = self._entry_for(fit)
            merged.setdefault(known.id if known else name_key(fit), fit)
        return next(iter(merged.values())) if len(merged) == 1 else None

    def by_initial(self, name: str) -> Person | None:
        """The one person of the document whose name has a word starting with this initial (`M`, `K.`)."""
        letter = name.rstrip(".")
        if not (len(letter) == 1 and letter.isupper()):
            return None
        fits = [p for p in self.persons if len(p.name.rstrip(".")) > 1
                and any(word[:1] == letter.lower() for word in tokens(p.name))]
        return fits[0] if len(fits) == 1 else None

    def by_title(self, titles: list[str]) -> list[Person]:
        wanted = {t.lower() for t in titles if t.lower() not in FORMS_OF_ADDRESS}
        return [p for p in self.persons if wanted and any(wanted & set(t.lower().split()) for t in p.titles)]

    def by_exact_title(self, titles: list[str]) -> list[Person]:
        """Persons listed with exactly this title ("Vice Premier"), ignoring forms of address."""
        title = " ".join(t for t in titles if t.lower() not in FORMS_OF_ADDRESS).lower()
        if not title:
            return []
        return [p for p in self.persons if any(t.lower() == title for t in p.titles)]

    def resolve(self, name: str, titles: list[str], offset: int, alias: str = "") -> Resolution:
        if name and name in self.aliases:
            return Resolution(self.aliases[name])
        if name:
            person = self.exact(name)
            if person:
                return Resolution(person)
            candidates = self.partial(name)
            if len(candidates) == 1:
                return Resolution(candidates[0])
            if len(candidates) > 1:
                titled = [c for c in candidates if set(titles) & set(" ".join(c.titles).split())] if titles else []
                spoken = [c for c in reversed(self.recent) if c in candidates]
                best = titled[0] if len(titled) == 1 else (spoken[0] if spoken else candidates[0])
                return Resolution(best, "low", candidates)
            initial = self.by_initial(name)
            if initial is not None:  # `M:` in a memcon whose participants list Chairman Mao Zedong
                initial.short_forms.add(name)
                return Resolution(initial)
            fuller = self.completion(name)
            if fuller:
                person = self.exact(fuller) or self.add(fuller, offset, titles)
                person.short_forms.add(name)
                return Resolution(person)
            same_title = self.by_exact_title(titles)
            if len(same_title) == 1 and not same_title[0].speaks:
                # "Vice Premier Teng" and the listed "Vice Premier Deng Xiaoping": another romanisation
                return Resolution(same_title[0], "low", same_title)
            return Resolution(self.add(name, offset, titles))
        candidates = self.by_title(titles)
        if len(candidates) == 1:
            return Resolution(candidates[0])
        label = " ".join(titles)
        if candidates:
            spoken = [c for c in reversed(self.recent) if c in candidates]
            return Resolution(spoken[0] if spoken else candidates[0], "low", candidates)
        return Resolution(self.add(label, offset, titles))


_STOP_WORDS = NON_NAME_WORDS | TITLE_PHRASE_WORDS
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+")
_WORD_RE = re.compile(r"\S+")  # a word between white space (no-break spaces included)


def _name_runs(text: str) -> list[str]:
    """Capitalised word runs in a title or heading that may be personal names.

    "Record of Premier Zhou Enlai's Meeting with Pak Se-chang, New Ambassador" gives "Zhou Enlai" and
    "Pak Se-chang": runs break at lower-case words, possessives and commas; titles are stripped.
    """
    runs: list[str] = []
    current: list[str] = []

    def close() -> None:
        if not current:  # most words are lower case: nothing to close
            return
        _, rest = strip_titles(" ".join(current))
        words = rest.split()
        stop = _STOP_WORDS
        while words and words[-1].lower() in stop:
            words.pop()
        while words and words[0].lower() in stop:
            words.pop(0)
        if 2 <= len(words) <= 4 and not any(w.lower() in stop for w in words):
            runs.append(" ".join(words))
        current.clear()

    for found in _WORD_RE.finditer(text):  # one word at a time: a title can be a whole page of text
        raw = found.group()
        word = raw.strip("\"“”()[]")
        if not current and not word[:1].isupper():
            continue  # what follows only cuts the word's end: it cannot start a run, and there is none to close
        possessive = word.endswith(("’s", "'s"))
        word = (word[:-2] if possessive else word).rstrip(",;:")
        if word.endswith(".") and not _INITIALS_RE.fullmatch(word):
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


def _addressed(titles: str) -> bool:
    """A form of address or an abbreviated honorific ("Mr.", "Comrade", "Dr.", "Col.") precedes the name."""
    return any(word.lower() in FORMS_OF_ADDRESS or word.endswith(".") for word in titles.split())


def _unmark_appositions(nodes: list[Inline]) -> None:
    """`Mr. Austin T. Foster, General Counsel`: when a line's first name is addressed ("Mr.") and a later
    piece is not, that piece is the person's office, not another person: it becomes a roleName."""
    if len(nodes) < 2 or not _addressed(nodes[0].info.get("titles", "")):
        return
    for node in nodes[1:]:
        if not _addressed(node.info.get("titles", "")):
            node.kind = NodeKind.TITLE_WORDS
            node.info = {}
            node.children = [grand for child in node.children
                             for grand in (child.children if child.kind == "title_words" else [child])]


def resolve_persons(
    blocks: list[Block],
    source: Source,
    title_texts: list[str],
    personography: Personography,
    speaker_map: dict[str, str],
    extra_titles: frozenset[str] = frozenset(),
) -> tuple[list[Person], list[Finding]]:
    """Create the document's persons and set `who`/`cert` on turns and `ref` on listed names."""
    index = PersonIndex(personography, extra_titles)
    findings: list[Finding] = []
    for text in title_texts:
        index.completions += _name_runs(text)
    # participants first: they give full names and roles
    for block in blocks:
        if block.kind != "header_line":
            continue
        for item in block.items:
            _unmark_appositions([n for n in item.nodes() if n.kind == "person"])
            for node in [n for n in item.nodes() if n.kind == "person"]:
                name = node.info.get("name", "")
                if not name or not name[:1].isupper():
                    continue
                titles = node.info.get("titles", "").split()
                role = block.info.get("role") or "mentioned"
                after = item.paragraphs[0].content if item.paragraphs else []
                described = " ".join(n.text for n in after if n.kind == "text") + " " + " ".join(
                    c.text for n in after if n.kind == "parenthetical" for c in n.children if c.kind == "text")
                if re.search(r"\b(?:interpreter|translator)\b", described, re.IGNORECASE):
                    role = "interpreter"
                elif re.search(r"\b(?:notetaker|note-taker|recorder)\b", described, re.IGNORECASE):
                    role = "recorder"
                person = index.exact(name) or index.add(name, node.span.start, titles, role)
                person.variants.update(v for v in variants_in(node.children) if name_key(v) != name_key(person.name))
                if titles:
                    index._add_titles(person, titles)
                node.info = {**node.info, "ref": f"#{person.id}"}
                printed = name_text(node.children)
                if printed and name_key(printed) != name_key(person.name):
                    person.forms.add(printed)
    # speaker labels in order
    for block in blocks:
        if block.kind != "turn":
            continue
        if block.info.get("unlabelled"):
            continue
        label_nodes = block.label
        alias = next((n.info.get("alias", "") for n in walk(label_nodes) if n.kind == "alias"), "")
        label_words = name_text(label_nodes).rstrip(":.：").strip()
        mapped = speaker_map.get(label_words) or speaker_map.get(label_words + ":")
        if mapped:
            found = next((p for p in index.persons if p.id == mapped), None)
            if found is None:
                known = next((e for e in personography.persons if e.id == mapped), None)
                _, bare = strip_titles(label_words, extra_titles)
                found = index.add(known.name if known else (bare or label_words), block.span.start)
                found.id = mapped
            resolution = Resolution(found)
            person = found
        else:
            titles, name = strip_titles(label_words, extra_titles)
            resolution = index.resolve(name, titles, block.span.start, alias)
            person = resolution.person
            if name and name_key(name) != name_key(person.name):
                (person.short_forms if _is_part_of(name, person.name) else person.forms).add(name)
            if titles:
                index._add_titles(person, titles)
            for variant in variants_in(label_nodes):
                if name_key(variant) != name_key(person.name):
                    person.variants.add(variant)
        if alias:
            index.aliases[alias] = person
            person.short_forms.add(alias)
        person.forms.add(label_words)
        person.speaks = True
        if person.role in ("mentioned", "participant"):  # listed as accompanying, interpreter, …: stays so
            person.role = "principal"
        block.info["who"] = person.id
        if resolution.cert:
            block.info["cert"] = resolution.cert
            names = ", ".join(f"{c.name} (#{c.id})" for c in resolution.candidates)
            if len(resolution.candidates) > 1:
                message = f"speaker label {label_words!r} fits several persons: {names}; chose #{person.id}"
                code = "W201"
            else:
                message = (f"speaker label {label_words!r} names no listed person; matched by its title to "
                           f"{names} (another romanisation?)")
                code = "W202"
            findings.append(source.finding(
                block.span.start, Severity.WARNING, code, message,
                "map the label to a person in the document's sidecar (speakers:) to settle it"))
        index.recent.append(person)
    _infer_unlabelled(blocks, index, source, findings)
    if personography.path is not None:
        known_ids = {e.id for e in personography.persons}
        for person in index.persons:
            if person.id not in known_ids and (person.speaks or person.role != "mentioned"):
                findings.append(source.finding(
                    person.first_offset, Severity.INFO, "I202",
                    f"{person.name!r} is not in the personography; using the document-local id #{person.id}",
                    f"add to {personography.path.name}: - {{id: {person.id}, name: {person.name}}}"))
    return index.persons, findings


def _infer_unlabelled(blocks: list[Block], index: PersonIndex, source: Source, findings: list[Finding]) -> None:
    """A turn whose label was lost: in a two-person exchange it is the other speaker's."""
    previous: list[str] = []
    for block in blocks:
        if block.kind != "turn":
            continue
        if block.info.get("unlabelled"):
            other = next((who for who in reversed(previous[:-1]) if previous and who != previous[-1]), None)
            if other:
                block.info["who"] = other
                block.info["cert"] = "low"
                findings.append(source.finding(
                    block.span.start, Severity.WARNING, "W203",
                    f"paragraph has no speaker label; attributed to #{other} (the other party of the exchange)",
                    "add the label to the transcript or map it in the sidecar"))
            else:
                findings.append(source.finding(
                    block.span.start, Severity.WARNING, "W204", "paragraph has no speaker label and no speaker "
                    "could be inferred", "add the label to the transcript"))
        if block.info.get("who"):
            previous.append(block.info["who"])
