"""The project rules beyond the grammar: a table of small named Python checks.

Why Python and not Schematron: the rules need things XPath 1.0 cannot say or says badly (calendar
dates, closest-id hints, name matching that ignores titles and diacritics, sums), lxml has no
Schematron 2/XSLT 2 engine, and one language for all rules keeps them typed, testable one by one and
fast (each rule is one or two C-level XPath queries plus linear Python over the hits).

Each `Rule` has a stable id (`TEI001`…; never reused), a severity, a message template (str.format
fields), a hint template and a check function whose docstring explains the rule; its first line is
the "what it checks" column of the generated rules table (`python -m tei_tool.validate.docs`). A check
yields `Hit(element, fields, hint)`; the element gives the finding's line and column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from lxml import etree

from tei_tool import TEI_NS, XML_NS
from tei_tool.findings import Severity
from tei_tool.read import lexicon
from tei_tool.tei.mapping import INLINE
from tei_tool.validate.clutter_patterns import CLUTTER_KEYWORDS, is_clutter
from tei_tool.validate.messages import Check

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
NS = {"t": TEI_NS}


@dataclass
class Hit:
    """One violation: where (element), the message fields, and a hint when the template's will not do."""

    element: etree._Element
    fields: dict[str, object] = field(default_factory=dict)
    hint: str | None = None


CheckFunction = Callable[["DocumentView"], Iterator[Hit]]


@dataclass(frozen=True)
class Rule(Check):
    """A project rule: a Check with the function that finds its violations."""

    check: CheckFunction | None = None
    covers: tuple[str, ...] = ()  # attributes whose grammar errors this rule reports better (see validate_tree)
    scope: str = "project"  # "any": right for any TEI; "project": describes tei encode's output
    elsewhere: Severity | None = None  # the severity on TEI that tei encode did not write (None: the same)

    @property
    def doc(self) -> str:
        """The check function's docstring: what the rule checks and why."""
        return " ".join((self.check.__doc__ or "").split()) if self.check else ""

    @property
    def what(self) -> str:
        """The docstring's first sentence: the "what it checks" of the rules table."""
        first = self.doc.split(". ")[0].rstrip(".")
        return first + "." if first else ""


_XPATHS: dict[str, etree.XPath] = {}

POINTER_ATTRIBUTES = ("who", "ref", "resp", "target", "corresp", "ana", "sameAs", "copyOf", "next", "prev",
                      "synch", "source", "hand", "decls")
DATE_ATTRIBUTES = ("when", "notBefore", "notAfter")
_INDEXED_TAGS = ("sp", "person", "gap", "list", "docDate", "measure")
_HEADER_TAGS = ("title", "language", "bibl", "idno", "date")
BLOCK_TAGS = ("p", "ab", "head", "stage", "item", "titlePart", "label", "l")
_WATCHED = frozenset((XML_ID, *POINTER_ATTRIBUTES, *DATE_ATTRIBUTES, "cert"))


class DocumentView:
    """A parsed TEI document with the indexes the rules share, built once per document.

    Elements by tag come from lxml's C-level filtered walks, attributes from one Python walk; measured,
    that is cheaper than one XPath with a big predicate and far cheaper than a `//` query per rule (each
    walks the whole tree again). `data` (the file's bytes, when known) lets rules skip work: no `[` in
    the file, no bracket check. Every rule is then linear in the size of what it reads.
    """

    def __init__(self, tree: etree._ElementTree, data: bytes | None = None) -> None:
        self.tree = tree
        self.root = tree.getroot()
        self.data = data
        self.ids: dict[str, etree._Element] = {}
        self.duplicate_ids: list[etree._Element] = []
        self.pointers: list[tuple[etree._Element, str, str]] = []  # (element, attribute, value)
        self.dates: list[tuple[etree._Element, str, str]] = []
        self.low_certainty: list[etree._Element] = []
        self.by_tag: dict[str, list[etree._Element]] = {tag: [] for tag in _INDEXED_TAGS}
        self.in_header: dict[str, list[etree._Element]] = {tag: [] for tag in _HEADER_TAGS}
        self.blocks: list[etree._Element] = []  # block elements inside <text>, for the clutter rule
        self.header: etree._Element | None = None
        self.includes = bool(data is None or b"XInclude" in data) and \
            next(self.root.iter("{http://www.w3.org/2001/XInclude}include"), None) is not None
        self._names: dict[str, list[set[str]]] = {}
        self._carried: dict[str, set[str | bytes]] = {}  # element tag -> the attribute names it carries
        root = self.root
        # Elements by tag: C-level filtered walks (the header and the text are walked separately).
        by_tag = {f"{T}{tag}": self.by_tag[tag] for tag in _INDEXED_TAGS}
        for element in root.iter(*by_tag):
            by_tag[element.tag].append(element)
        self.header = root.find(f"{T}teiHeader")
        if self.header is not None:
            header_tags = {f"{T}{tag}": self.in_header[tag] for tag in _HEADER_TAGS}
            for element in self.header.iter(*header_tags):
                header_tags[element.tag].append(element)
        text = root.find(f"{T}text")
        if text is not None:
            self.blocks = list(text.iter(*(f"{T}{tag}" for tag in BLOCK_TAGS)))
        # Attributes: one Python walk; a disjointness test skips the elements with none of interest.
        # The names are then taken in document order (a set's order follows the hash seed, and the
        # order decides which dangling pointers get hints: the same file must give the same bytes).
        # The same walk notes which attributes each element name carries, for the grammar check.
        watched = _WATCHED.isdisjoint
        carried = self._carried
        for element in root.iter(etree.Element):
            keys = element.keys()
            if not keys:
                continue
            tag = element.tag
            held = carried.get(tag)
            if held is None:
                carried[tag] = set(keys)
            else:
                held.update(keys)
            if watched(keys):
                continue
            for name in keys:
                if name not in _WATCHED:
                    continue
                value = cast(str, element.get(name))
                if name == XML_ID:
                    if value in self.ids:
                        self.duplicate_ids.append(element)
                    else:
                        self.ids[value] = element
                elif name in DATE_ATTRIBUTES:
                    self.dates.append((element, name, value))
                elif name == "cert":
                    if value == "low":
                        self.low_certainty.append(element)
                else:
                    self.pointers.append((element, name, value))

    def attribute_use(self) -> dict[str, frozenset[str]]:
        """The attribute local names each element local name carries (prune.attribute_use, from the
        walk above: the grammar check cuts the schema's optional attributes to these)."""
        found: dict[str, frozenset[str]] = {}
        for tag, keys in self._carried.items():
            local = tag.rpartition("}")[2]
            names = frozenset(str(k).rpartition("}")[2] for k in keys)
            found[local] = found[local] | names if local in found else names
        return found

    def xpath(self, path: str) -> list[Any]:
        """Nodes (elements, attribute values, text) matching path; `t:` is the TEI namespace. Each path
        is compiled once per process: compiling costs more than evaluating on a small document."""
        compiled = _XPATHS.get(path)
        if compiled is None:
            compiled = _XPATHS[path] = etree.XPath(path, namespaces=NS)
        return compiled(self.root)  # type: ignore[return-value]

    def tagged(self, tag: str) -> list[etree._Element]:
        """The elements of one of the indexed TEI tags, in document order."""
        return self.by_tag[tag]

    def persons(self) -> dict[str, etree._Element]:
        return {p.get(XML_ID) or "": p for p in self.by_tag["person"] if p.get(XML_ID)}

    def name_words(self, person: etree._Element) -> list[set[str]]:
        """The word sets of each persName of a person, computed once per document."""
        key = person.get(XML_ID) or str(id(person))
        if key not in self._names:
            self._names[key] = [set(_words(_text(n))) for n in person.iterfind(f"{T}persName")]
        return self._names[key]


def sourceline(node: etree._Element | None) -> int:
    """The node's line (lxml may not know it: 0)."""
    line = node.sourceline if node is not None else None
    return line if isinstance(line, int) else 0


def _text(element: etree._Element) -> str:
    return " ".join("".join(cast("Iterator[str]", element.itertext())).split())


_WORD_RE = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=8192)
def _word_tuple(text: str) -> tuple[str, ...]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return tuple(_WORD_RE.findall(plain.replace("'", "").replace("’", "")))


def _words(text: str) -> list[str]:
    """Name words for comparison: no diacritics, no case, apostrophes dropped, split at anything else.
    Cached: the same labels and names recur in every turn and every file of a corpus."""
    return list(_word_tuple(text))


# --- TEI001: pointers ----------------------------------------------------------------------------

MAX_HINTED_POINTERS = 50  # closest-id hints cost len(ids) comparisons each: bounded, so the rule stays linear
HINT_BUDGET = 100_000  # and at most this many id comparisons per document (a play with 20,000 ids: 5 hints)


def closest_ids(target: str, ids: list[str], n: int = 5, counts: dict[str, list[int]] | None = None) -> list[str]:
    """The existing ids most like target (difflib's ratio), closest first (ties keep document order).
    Every id's bound on the ratio (difflib's quick_ratio: the characters the two share) is computed
    column by column (how often each of target's characters occurs in each id: str.count, cached in
    counts across the calls for one document), and the exact ratio only for ids whose bound can still
    beat the n best: a document with thousands of ids computes a few dozen ratios."""
    import difflib  # only when a pointer dangles: not at every start-up

    cache = counts if counts is not None else {}
    shared = [0] * len(ids)
    for char in set(target):
        column = cache.get(char)
        if column is None:
            column = cache[char] = [candidate.count(char) for candidate in ids]
        wanted = target.count(char)
        shared = [have + (found if found < wanted else wanted) for have, found in zip(shared, column, strict=True)]
    size = len(target)
    bounds = [2.0 * common / (len(candidate) + size) if len(candidate) + size else 1.0
              for common, candidate in zip(shared, ids, strict=True)]
    matcher = difflib.SequenceMatcher(None, "", target)  # seq2 is analysed once, seq1 varies
    best: list[tuple[float, int, str]] = []  # (-ratio, position, id), the n best so far, sorted
    for position in sorted(range(len(ids)), key=lambda i: (-bounds[i], i)):
        if len(best) == n and (bounds[position] < -best[-1][0]
                               or (bounds[position] == -best[-1][0] and position > best[-1][1])):
            break  # the rest are bounded lower (or equal, and later in the document)
        matcher.set_seq1(ids[position])
        entry = (-matcher.ratio(), position, ids[position])
        if len(best) < n or entry < best[-1]:
            best.append(entry)
            best.sort()
            del best[n:]
    return [candidate for _, _, candidate in best]


def pointers_resolve(doc: DocumentView) -> Iterator[Hit]:
    """Every `#id` pointer in @who, @ref, @resp, @target (and the other TEI pointer attributes) names an
    element of the same document. A dangling pointer attributes a turn or a name to nobody. Links into
    other files (`persons.xml#p1`) and XPointer schemes (`#range(a,b)`, `#xpath(…)`) are not checked, nor
    are documents with `xi:include` (validate does not process XInclude; the ids may be in those files)."""
    if doc.includes:
        return
    ids = doc.ids
    hints: dict[str, str] = {}  # one hint per missing id: a broken file may repeat it thousands of times
    known: list[str] | None = None
    counts: dict[str, list[int]] = {}  # closest_ids' character counts, shared by this document's hints
    for element, attribute, value in doc.pointers:
        if value[1:] in ids and value[:1] == "#":
            continue  # the common case: one pointer that resolves
        for token in value.split():
            if not token.startswith("#") or token[1:] in ids or "(" in token:
                continue
            hint = hints.get(token)
            if hint is None:
                if len(hints) >= MAX_HINTED_POINTERS or (len(hints) + 1) * len(ids) > max(HINT_BUDGET, len(ids)):
                    hint = "see the hints of the first dangling pointers"
                else:
                    known = known if known is not None else list(ids)
                    candidates = closest_ids(token[1:], known, counts=counts)
                    hint = "ids that exist, closest first: " + ", ".join(f"#{c}" for c in candidates) \
                        if candidates else "the document has no xml:id at all"
                hints[token] = hint
            yield Hit(element, {"attribute": attribute, "pointer": token}, hint)


# --- TEI002: unique ids --------------------------------------------------------------------------

def ids_unique(doc: DocumentView) -> Iterator[Hit]:
    """`xml:id` values are unique in the document: a pointer must name exactly one element."""
    for element in doc.duplicate_ids:
        value = element.get(XML_ID) or ""
        yield Hit(element, {"id": value, "first_line": sourceline(doc.ids[value])})


# --- TEI003: speaker labels ----------------------------------------------------------------------

# The encoder's title words (one list, tei_tool/read/lexicon.py) in the form _words() compares: ASCII, lower
# case, no apostrophes; plus the small words a label may carry around a name ("his Excellency").
TITLE_WORDS = frozenset(
    word for entry in lexicon.TITLE_WORDS | {"a", "on", "in", "der", "his", "her", "note", "premiers", "chairmans"}
    for word in _words(entry))


def label_words(speaker: etree._Element) -> list[str]:
    """The name words of a printed label: without roleName titles, alias or variant notes, brackets,
    markdown and punctuation, and without title words (Chairman, Premier, Comrade…)."""
    parts: list[str] = [speaker.text or ""]
    for child in speaker:
        if isinstance(child.tag, str) and child.tag not in (f"{T}note", f"{T}roleName"):
            parts.append(" ".join(str(t) for t in child.itertext()))
        parts.append(child.tail or "")
    return [w for w in _words(" ".join(parts)) if w not in TITLE_WORDS]


def speaker_matches_person(doc: DocumentView) -> Iterator[Hit]:
    """A turn's printed `speaker` label agrees with the person its `@who` points at: the label's name
    words (titles, brackets and alias notes ignored) all occur in one `persName` of that person. A label
    that is a title alone ("The Ambassador:") is not checked; it names no one by itself."""
    persons = doc.persons()
    speaker_tag = f"{T}speaker"
    agreed: set[tuple[str, tuple[str, ...]]] = set()  # (who, label words) already found to agree
    for sp in doc.tagged("sp"):
        who = sp.get("who") or ""
        speaker = sp.find(speaker_tag)
        if speaker is None or not who:
            continue
        words = tuple(label_words(speaker))
        if not words or (who, words) in agreed:
            continue
        people = [persons[t[1:]] for t in who.split() if t[1:] in persons]
        if not people:
            continue  # TEI001 reports dangling pointers; non-person speakers are not checked
        wanted = set(words)
        if any(wanted <= form for p in people for form in doc.name_words(p)):
            agreed.add((who, words))
            continue
        forms = [_text(n) for p in people for n in p.iterfind(f"{T}persName")]
        yield Hit(speaker, {"label": _text(speaker), "who": who, "names": "; ".join(forms) or "no persName"})


# --- TEI004: one name, one person ----------------------------------------------------------------

def _full_name(person: etree._Element) -> etree._Element | None:
    names = person.findall(f"{T}persName")
    return next((n for n in names if n.get("type") == "full"), names[0] if names else None)


def person_names_unique(doc: DocumentView) -> Iterator[Hit]:
    """No two persons share a full name (the persName[@type="full"], else the first persName): the same
    person listed twice splits their turns between two ids."""
    seen: dict[tuple[str, ...], etree._Element] = {}
    for person in doc.tagged("person"):
        full = _full_name(person)
        if full is None:
            continue
        key = tuple(_words(_text(full)))
        if not key:
            continue
        if key in seen:
            yield Hit(person, {"first": seen[key].get(XML_ID), "second": person.get(XML_ID), "name": _text(full)})
        else:
            seen[key] = person


# --- TEI005: principals speak --------------------------------------------------------------------

def principals_speak(doc: DocumentView) -> Iterator[Hit]:
    """Every principal participant (`person[@role="principal"]`) has at least one turn (`sp/@who`). Not
    checked in documents without turns (cables, reports), where principals are authors or addressees."""
    turns = doc.tagged("sp")
    if not turns:
        return
    speakers = {token[1:] for sp in turns for token in (sp.get("who") or "").split()}
    for person in doc.tagged("person"):
        if person.get("role") == "principal" and person.get(XML_ID) not in speakers:
            full = _full_name(person)
            yield Hit(person, {"id": person.get(XML_ID), "name": _text(full) if full is not None else "?"})


# --- TEI006: low certainty -----------------------------------------------------------------------

def low_certainty_listed(doc: DocumentView) -> Iterator[Hit]:
    """Decisions the encoder was unsure of (`@cert="low"`) are listed for an editor to review (info
    only: the file is valid; the list is the review queue)."""
    for element in doc.low_certainty:
        speaker = element.find(f"{T}speaker")
        what = f"turn \"{_text(speaker)}\"" if speaker is not None else f"<{etree.QName(element).localname}>"
        target = element.get("who") or element.get("ref") or element.get("target") or "(no pointer)"
        yield Hit(element, {"what": what, "target": target})


# --- TEI007, TEI008: gaps ------------------------------------------------------------------------

# A unit of characters as TEI suggests it (`char`) and as other projects write it.
CHAR_UNITS = frozenset({"char", "chars", "character", "characters"})

_OTHER_MEASURES = ("extent", "atLeast", "atMost", "min", "max")


def gap_quantity_with_unit(doc: DocumentView) -> Iterator[Hit]:
    """`gap/@quantity` and `gap/@unit` come together: a number without a unit (or a unit without a
    number) says nothing about the size of the gap. A unit with another measure (`@extent`, `@atLeast`,
    `@atMost`, `@min`, `@max`, as in EpiDoc's `extent="unknown" unit="character"`) is complete too."""
    for gap in doc.tagged("gap"):
        if (gap.get("quantity") is None) == (gap.get("unit") is None):
            continue
        if gap.get("quantity") is None and any(gap.get(a) is not None for a in _OTHER_MEASURES):
            continue
        has, lacks = ("quantity", "unit") if gap.get("unit") is None else ("unit", "quantity")
        yield Hit(gap, {"has": has, "lacks": lacks})


def illegible_count_matches(doc: DocumentView) -> Iterator[Hit]:
    """A gap of characters (`unit="char"`, TEI's suggested value; `chars` and `character`, which other
    projects write, too) whose description shows the printed boxes (□) has as many boxes as its
    `@quantity` says."""
    for gap in doc.tagged("gap"):
        desc = gap.find(f"{T}desc")
        if gap.get("unit") not in CHAR_UNITS or desc is None:
            continue
        boxes = _text(desc).count("□")
        if boxes and str(boxes) != (gap.get("quantity") or "").strip():
            yield Hit(gap, {"quantity": gap.get("quantity"), "boxes": boxes})


# --- TEI009: distribution ------------------------------------------------------------------------

def _measures(item: etree._Element) -> tuple[int | None, bool]:
    """(copies the item counts, or None when it states none; whether it is the stated total)."""
    copies: int | None = None
    for measure in item.iter(f"{T}measure"):
        kind = measure.get("type")
        if kind == "total":
            return None, True
        if kind == "copies" and copies is None:
            try:
                copies = int(float(measure.get("quantity", "1")))
            except ValueError:
                copies = 1
    return copies, False


def copies_add_up(doc: DocumentView) -> Iterator[Hit]:
    """In a distribution list, the copies of the items (`measure[@type="copies"]/@quantity`; an item
    without one is one copy) add up to the stated total (`measure[@type="total"]/@quantity`)."""
    if not any(m.get("type") == "total" for m in doc.tagged("measure")):
        return
    for lst in doc.tagged("list"):
        if lst.get("type") != "distribution":
            continue
        total = next((m for m in lst.iter(f"{T}measure") if m.get("type") == "total"), None)
        if total is None:
            continue
        try:
            stated = int(float(total.get("quantity", "")))
        except ValueError:
            continue  # the grammar reports a quantity that is not a number
        counted = items = 0
        for item in lst.iterfind(f"{T}item"):
            copies, is_total = _measures(item)
            if not is_total:
                items += 1
                counted += 1 if copies is None else copies
        if counted != stated:
            yield Hit(lst, {"counted": counted, "items": items, "stated": stated})


# --- TEI010: dates -------------------------------------------------------------------------------

_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"  # XML Schema time zones: Z or ±hh:mm up to 14:00
_DATE_FORMS = (
    (re.compile(r"-?\d{4,}" + _TZ), None),
    (re.compile(r"-?(\d{4,})-(\d{2})" + _TZ), "month"),
    (re.compile(r"(-?\d{4,}-\d{2}-\d{2})" + _TZ), "date"),
    (re.compile(r"(-?\d{4,}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)" + _TZ), "datetime"),
    (re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)" + _TZ), "time"),
    (re.compile(r"--(\d{2})-(\d{2})" + _TZ), "monthday"),
    (re.compile(r"--(\d{2})" + _TZ), "gmonth"),
    (re.compile(r"---(\d{2})" + _TZ), "gday"),
)


def _real_day(text: str) -> None:
    """Raise ValueError unless YYYY-MM-DD (any year, BCE too: -0043-03-15) names a day of the proleptic
    Gregorian calendar (Python's date only knows years 1 to 9999)."""
    year_text, month_text, day_text = text.rsplit("-", 2)
    year, month, day = int(year_text), int(month_text), int(day_text)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not 1 <= month <= 12 or not 1 <= day <= days[month - 1]:
        raise ValueError(text)


def is_real_iso_date(value: str) -> bool:
    """True for ISO 8601 / XML Schema dates, months, years, times and date-times that exist, with or
    without a time zone (1962-06-28T15:00:00+02:00, 1962Z)."""
    for pattern, kind in _DATE_FORMS:
        match = pattern.fullmatch(value)
        if not match:
            continue
        try:
            if kind == "month" or kind == "gmonth":
                return 1 <= int(match.groups()[-1]) <= 12
            if kind == "gday":
                return 1 <= int(match.group(1)) <= 31
            if kind == "date":
                _real_day(match.group(1))
            elif kind == "datetime":
                _real_day(match.group(1))
                datetime.fromisoformat(f"2000-01-01T{match.group(2)}")
            elif kind == "time":
                seconds = ":00" if match.group(1).count(":") == 1 else ""
                datetime.fromisoformat(f"2000-01-01T{match.group(1)}{seconds}")
            elif kind == "monthday":
                date(2000, int(match.group(1)), int(match.group(2)))
            return True
        except ValueError:
            return False
    return False


def when_is_iso(doc: DocumentView) -> Iterator[Hit]:
    """`@when` (and `@notBefore`, `@notAfter`) values are real ISO dates: right form and a day that exists
    in the calendar (1962-02-30 is an error)."""
    for element, attribute, value in doc.dates:
        if not is_real_iso_date(value.strip()):
            yield Hit(element, {"attribute": attribute, "value": value})


# --- TEI011–TEI014: header -----------------------------------------------------------------------

def _header(doc: DocumentView) -> etree._Element:
    return doc.header if doc.header is not None else doc.root


def _parent_is(element: etree._Element, tag: str) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == f"{T}{tag}"


def header_has_title(doc: DocumentView) -> Iterator[Hit]:
    """The header names the document: a non-empty `fileDesc/titleStmt/title`."""
    if not any(_parent_is(t, "titleStmt") and _text(t) for t in doc.in_header["title"]):
        yield Hit(_header(doc))


def document_dated(doc: DocumentView) -> Iterator[Hit]:
    """The document is dated: a `docDate/@when`, or a `date` (with @when or text) in the header (such as
    `profileDesc/creation/date` or a date in the source's bibl); the encoding's publication date does not
    count."""
    if any(d.get("when") for d in doc.tagged("docDate")):
        return
    for date_element in doc.in_header["date"]:
        if (date_element.get("when") or _text(date_element)) and \
                next(date_element.iterancestors(f"{T}publicationStmt"), None) is None:
            return
    yield Hit(_header(doc))


def source_named(doc: DocumentView) -> Iterator[Hit]:
    """The header says where the text comes from: a `bibl[@type="citation"]` or `bibl[@type="archival"]`,
    or an `idno[@type="URI"]`."""
    if any(b.get("type") in ("citation", "archival") for b in doc.in_header["bibl"]) or \
            any(i.get("type") == "URI" for i in doc.in_header["idno"]):
        return
    yield Hit(_header(doc))


def language_named(doc: DocumentView) -> Iterator[Hit]:
    """The header names the document's language(s): `profileDesc/langUsage/language`."""
    if not any(_parent_is(language, "langUsage") for language in doc.in_header["language"]):
        yield Hit(_header(doc))


# --- TEI015, TEI016: text ------------------------------------------------------------------------

_MARKS = ("[", "]", "□")
# Elements that hold printed marks as their text, from the one TEI mapping: a gap's description (the
# printed boxes or words) and a delimiter without its partner (pc).
_LITERAL_HOLDERS = tuple(f"{T}{INLINE[kind].tag}" for kind in ("omission", "unmatched"))
_BOX = "□".encode()
_MARKS_XPATH = "/t:TEI/t:text//text()[contains(., '[') or contains(., ']') or contains(., '□')]"


_HEADER_END_RE = re.compile(rb"</(?:[\w.-]+:)?teiHeader\s*>")


def _no_brackets_after_header(doc: DocumentView) -> bool:
    """No `[` or `]` in the bytes that can hold <text>: after the first `</teiHeader>` when the header
    comes before the text and that end tag is on an earlier line than <text>'s start tag (headers quote
    brackets: "[email protected]", "square brackets [ ]"), else in the whole file."""
    data = cast(bytes, doc.data)
    start = 0
    if doc.header is not None and doc.header.getparent() is doc.root:
        following = doc.header.getnext()
        while following is not None and following.tag != f"{T}text":
            following = following.getnext()
        if following is not None:  # the header precedes <text>: its closing tag is before the text
            end = _HEADER_END_RE.search(data)
            # only a match on a line before <text>'s own counts (a self-closing header has no end tag)
            if end is not None and data.count(b"\n", 0, end.end()) < sourceline(following) - 1:
                start = end.start()
    return data.find(b"[", start) < 0 and data.find(b"]", start) < 0


def no_unexplained_marks(doc: DocumentView) -> Iterator[Hit]:
    """No literal `[`, `]` or `□` is left in the text (`<text>`) outside a `gap`: each bracket group is an
    element that says what it was (supplied, note, gap, pb, ref) with `@rend`, and boxes are
    `gap[@unit="char"]` whose `desc` shows them."""
    if doc.data is not None and _no_brackets_after_header(doc):  # memchr: ~free
        boxes = doc.data.count(_BOX)
        if boxes == 0 or boxes == sum(_text(g).count("□") for g in doc.tagged("gap")):
            return  # no bracket in the file, and every box (if any) inside a gap
    for node in doc.xpath(_MARKS_XPATH):
        owner = node.getparent()
        if owner is None:
            continue
        context = owner.getparent() if node.is_tail else owner
        if context is not None and (context.tag in _LITERAL_HOLDERS or
                                    next(context.iterancestors(*_LITERAL_HOLDERS), None) is not None):
            continue
        text = str(node)
        char = next(c for c in text if c in _MARKS)
        excerpt = " ".join(text.split())
        yield Hit(owner, {"char": char, "excerpt": excerpt[:60] + ("…" if len(excerpt) > 60 else "")})


_CLUTTER_STARTS = tuple(k.decode() for k in CLUTTER_KEYWORDS)


def no_clutter_left(doc: DocumentView) -> Iterator[Hit]:
    """No web-page clutter ("Skip to content", "get citation", "Print"…; the list is
    `tei_tool/validate/clutter_patterns.py`) is left as a block of the text."""
    for element in doc.blocks:
        head = (element.text or "").lstrip()
        if not head and len(element):
            head = (element[0].text or "").lstrip()
        if not head[:40].lower().startswith(_CLUTTER_STARTS):
            continue  # the cheap test: a clutter line starts with one of the patterns' words
        if len(element) > 3:
            continue  # clutter is a short line: a few words, at most a mark or two
        content = (element.text or "") if len(element) == 0 else _text(element)
        if len(content) < 80 and is_clutter(content):
            yield Hit(element, {"text": " ".join(content.split())})


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: tuple[Rule, ...] = (
    Rule("TEI001", E, "@{attribute}=\"{pointer}\" points at no element of this document", "",
         check=pointers_resolve, scope="any", elsewhere=Severity.WARNING),
    Rule("TEI002", E, "xml:id \"{id}\" is used twice (first on line {first_line})",
         "rename one of them and update the pointers to it", check=ids_unique, covers=("id",),
         scope="any"),
    Rule("TEI003", W, "speaker label \"{label}\" does not agree with the names of {who} ({names})",
         "point @who at the right person, or add the label's form of the name as a persName "
         "(type=\"label\" or \"variant\") of that person", check=speaker_matches_person),
    Rule("TEI004", W, "persons #{first} and #{second} share the name \"{name}\"",
         "merge them into one person and point every @who/@ref at the kept id", check=person_names_unique),
    Rule("TEI005", W, "principal participant #{id} ({name}) has no turn",
         "attribute their turns to them (sp/@who), or give them another role (accompanying, mentioned)",
         check=principals_speak),
    Rule("TEI006", INFO, "{what} attributed to {target} with low certainty: review it",
         "confirm or correct the attribution (a speakers: entry in the document's sidecar settles it)",
         check=low_certainty_listed),
    Rule("TEI007", E, "gap has @{has} but no @{lacks}",
         "give both (quantity=\"2\" unit=\"line\"), a unit with @extent (extent=\"unknown\" unit=\"character\"), "
         "or neither", check=gap_quantity_with_unit, scope="any"),
    Rule("TEI008", E, "gap says quantity=\"{quantity}\" but its description shows {boxes} □",
         "set quantity=\"{boxes}\"", check=illegible_count_matches),
    Rule("TEI009", W, "distribution copies add up to {counted} ({items} items), but the stated total is {stated}",
         "check each recipient's count (an item without a count is one copy) and the total",
         check=copies_add_up),
    Rule("TEI010", E, "@{attribute}=\"{value}\" is not a real ISO date",
         "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss (a time zone may follow), with a day that "
         "exists", check=when_is_iso, covers=("when", "notBefore", "notAfter"), scope="any"),
    Rule("TEI011", E, "the header has no title (fileDesc/titleStmt/title)",
         "give the document a title (the sidecar's title: when the transcript has none)", check=header_has_title),
    Rule("TEI012", W, "the document has no date (docDate/@when or a date in the header)",
         "add profileDesc/creation/date[@when] (the sidecar's date:), or a dated docDate", check=document_dated),
    Rule("TEI013", W, "the header names no source (bibl type=\"citation\"/\"archival\" or idno type=\"URI\")",
         "add the citation or source URL (the sidecar's source_url: or archival_ref:)", check=source_named),
    Rule("TEI014", E, "the header names no language (profileDesc/langUsage/language)",
         "add <langUsage><language ident=\"en\">English</language></langUsage>", check=language_named),
    Rule("TEI015", E, "literal '{char}' left in the text: \"{excerpt}\"",
         "mark the group (supplied, note, gap…) with rend=\"brackets\", or the boxes as gap reason=\"illegible\"",
         check=no_unexplained_marks),
    Rule("TEI016", W, "page clutter left in the text: \"{text}\"",
         "delete the element: it belongs to the web page, not to the document", check=no_clutter_left),
)

RULES_BY_ID = {rule.id: rule for rule in RULES}
