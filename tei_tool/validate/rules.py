"""The project rules beyond the grammar: Python checks, one small function per rule.

Each `Rule` has a stable id, a severity, a one-line title (the README's rule table is generated from
these) and a check that yields `(element, message, hint)` for every violation. Rules are Python, not
Schematron: they need things XPath 1.0 cannot say (ISO calendar dates, closest-id hints, name
matching), and one language for all rules keeps them testable the same way.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from .. import TEI_NS, XML_NS
from ..findings import Severity
from .clutter_patterns import CLUTTER_PATTERNS

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
NS = {"t": TEI_NS}

Violation = tuple[etree._Element, str, str]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    check: Callable[[DocumentView], Iterator[Violation]]


class DocumentView:
    """A parsed TEI document with the indexes several rules need."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self.root = tree.getroot()
        self.ids: dict[str, etree._Element] = {}
        self.duplicate_ids: list[etree._Element] = []
        for element in self.root.iter():
            if not isinstance(element.tag, str):
                continue
            value = element.get(XML_ID)
            if value is None:
                continue
            if value in self.ids:
                self.duplicate_ids.append(element)
            else:
                self.ids[value] = element
        self.persons = {p.get(XML_ID): p for p in self.root.iterfind(".//t:person", NS) if p.get(XML_ID)}

    def xpath(self, path: str) -> list[etree._Element]:
        return self.root.xpath(path, namespaces=NS)  # type: ignore[return-value]


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _skeleton(text: str) -> str:
    return re.sub(r"[\s\-’'.,]", "", unicodedata.normalize("NFKD", text)).lower()


# --- rules -----------------------------------------------------------------------------------------

POINTER_ATTRIBUTES = ("who", "ref", "resp", "target", "corresp", "ana")


def pointers_resolve(doc: DocumentView) -> Iterator[Violation]:
    """Every `#id` in @who, @ref, @resp, @target, @corresp, @ana names an element of the document."""
    for element in doc.root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in POINTER_ATTRIBUTES:
            for token in (element.get(attribute) or "").split():
                if not token.startswith("#"):
                    continue
                target = token[1:]
                if target not in doc.ids:
                    closest = difflib.get_close_matches(target, list(doc.ids), n=3, cutoff=0.4)
                    hint = ("existing ids: " + ", ".join(f"#{c}" for c in closest)) if closest else \
                        "no element has a similar xml:id"
                    yield element, f"@{attribute}=\"{token}\" points at no element (no xml:id \"{target}\")", hint


def ids_unique(doc: DocumentView) -> Iterator[Violation]:
    """`xml:id` values are unique in the document."""
    for element in doc.duplicate_ids:
        value = element.get(XML_ID)
        first = doc.ids[value or ""]
        yield element, f"xml:id \"{value}\" is used twice (first on line {first.sourceline})", \
            "rename one of them and update the pointers to it"


_TITLE_WORDS = frozenset(
    "chairman premier president vice minister ambassador comrade secretary general deputy director head "
    "counselor charge d'affaires d’affaires mr. mrs. dr. prime the of for foreign affairs assistant acting "
    "under state first second third cde. sir".split())


def _label_name(speaker: etree._Element) -> str:
    parts = [speaker.text or ""]
    for child in speaker:
        if child.tag == f"{T}note":  # alias declarations, variant spellings
            parts.append(" ")
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    words = "".join(parts).replace("*", " ").strip().rstrip(":.").split()
    while words and words[0].lower() in _TITLE_WORDS:
        words.pop(0)
    return " ".join(words)


def speaker_matches_person(doc: DocumentView) -> Iterator[Violation]:
    """A turn's printed label names the person its @who points at (one of their persName forms)."""
    for sp in doc.root.iterfind(".//t:sp[@who]", NS):
        speaker = sp.find("t:speaker", NS)
        person = doc.persons.get((sp.get("who") or "").lstrip("#"))
        if speaker is None or person is None:
            continue
        name = _label_name(speaker)
        if not name:
            continue  # a title alone ("The Ambassador:") names no one by itself
        forms = [_text(n) for n in person.iterfind("t:persName", NS)]
        key = _skeleton(name)
        if any(key == _skeleton(f) or key in _skeleton(f) for f in forms):
            continue
        yield speaker, f"speaker label \"{_text(speaker)}\" does not name #{person.get(XML_ID)} " \
            f"({forms[0] if forms else 'no name'})", \
            "add the label's form of the name as a persName of that person, or point @who at the right person"


def person_names_unique(doc: DocumentView) -> Iterator[Violation]:
    """No two persons share a full name (one person, one id)."""
    seen: dict[str, etree._Element] = {}
    for person in doc.root.iterfind(".//t:person", NS):
        full = person.find("t:persName[@type='full']", NS)
        if full is None:
            full = person.find("t:persName", NS)
        if full is None:
            continue
        key = _skeleton(_text(full))
        if key in seen:
            other = seen[key]
            yield person, f"persons #{other.get(XML_ID)} and #{person.get(XML_ID)} share the name \"{_text(full)}\"", \
                "merge them into one person and point every @who/@ref at the kept id"
        else:
            seen[key] = person


def principals_speak(doc: DocumentView) -> Iterator[Violation]:
    """Persons with role="principal" have at least one turn."""
    speakers = {(sp.get("who") or "").lstrip("#") for sp in doc.root.iterfind(".//t:sp", NS)}
    if not speakers:
        return
    for person in doc.root.iterfind(".//t:person[@role='principal']", NS):
        if person.get(XML_ID) not in speakers:
            yield person, f"principal participant #{person.get(XML_ID)} has no turn", \
                "give the person another role (accompanying, mentioned) or attribute their turns"


def low_certainty_listed(doc: DocumentView) -> Iterator[Violation]:
    """Decisions the encoder was unsure of (`@cert="low"`), listed for an editor to review."""
    for element in doc.root.iterfind(".//*[@cert='low']"):
        label = element.find("t:speaker", NS)
        what = f"turn \"{_text(label)}\"" if label is not None else f"<{etree.QName(element).localname}>"
        yield element, f"{what} attributed to {element.get('who') or element.get('ref') or '?'} with low certainty", \
            "check the attribution; confirm it by mapping the label in the sidecar"


def gap_quantity_with_unit(doc: DocumentView) -> Iterator[Violation]:
    """`gap/@quantity` and `gap/@unit` come together."""
    for gap in doc.root.iterfind(".//t:gap", NS):
        if (gap.get("quantity") is None) != (gap.get("unit") is None):
            missing = "unit" if gap.get("unit") is None else "quantity"
            yield gap, f"gap has @{'quantity' if missing == 'unit' else 'unit'} but no @{missing}", \
                "give both (quantity=\"2\" unit=\"lines\") or neither"


def illegible_count_matches(doc: DocumentView) -> Iterator[Violation]:
    """A gap of illegible characters counts the boxes its description shows."""
    for gap in doc.root.iterfind(".//t:gap[@unit='chars']", NS):
        desc = gap.find("t:desc", NS)
        if desc is None:
            continue
        boxes = _text(desc).count("□")
        if boxes and str(boxes) != gap.get("quantity"):
            yield gap, f"gap says quantity=\"{gap.get('quantity')}\" but its description shows {boxes} boxes", \
                f"set quantity=\"{boxes}\""


def _copies(item: etree._Element) -> int:
    measure = item.find("t:measure[@type='copies']", NS)
    if measure is None:
        measure = item.find(".//t:measure[@type='copies']", NS)
    try:
        return int(measure.get("quantity", "1")) if measure is not None else 1
    except ValueError:
        return 1


def copies_add_up(doc: DocumentView) -> Iterator[Violation]:
    """Distribution copy counts add up to the stated total."""
    for lst in doc.root.iterfind(".//t:list[@type='distribution']", NS):
        items = lst.findall("t:item", NS)
        total_measure = lst.find("t:item/t:measure[@type='total']", NS)
        stated: int | None = None
        if total_measure is not None:
            stated = int(total_measure.get("quantity", "0") or 0)
        else:
            head = lst.find("t:head", NS)
            number = re.search(r"\b(\d{1,4})\b", _text(head)) if head is not None else None
            stated = int(number.group(1)) if number else None
        if stated is None:
            continue
        counted = sum(_copies(i) for i in items if i.find("t:measure[@type='total']", NS) is None)
        if counted != stated:
            yield lst, f"distribution copies add up to {counted}, but the list states {stated}", \
                "check each recipient's count; an item without a count is one copy"


def _valid_iso(value: str) -> bool:
    try:
        if re.fullmatch(r"\d{4}", value):
            return True
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return 1 <= int(value[5:]) <= 12
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            date.fromisoformat(value)
            return True
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", value):
            datetime.fromisoformat(value)
            return True
    except ValueError:
        return False
    return False


def when_is_iso(doc: DocumentView) -> Iterator[Violation]:
    """`@when` values are real ISO dates (no 30 February)."""
    for element in doc.root.iterfind(".//*[@when]"):
        value = element.get("when") or ""
        if not _valid_iso(value):
            yield element, f"@when=\"{value}\" is not a real ISO date", \
                "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a day that exists"


def header_has_title_and_language(doc: DocumentView) -> Iterator[Violation]:
    """The header names the document (titleStmt/title) and its language (langUsage/language)."""
    header = doc.root.find("t:teiHeader", NS)
    if header is None:
        yield doc.root, "the document has no teiHeader", "add a teiHeader with a title and a language"
        return
    title = header.find("t:fileDesc/t:titleStmt/t:title", NS)
    if title is None or not _text(title):
        yield header, "the header has no title (fileDesc/titleStmt/title)", "set `title:` in the sidecar YAML"
    if header.find(".//t:langUsage/t:language", NS) is None:
        yield header, "the header names no language (profileDesc/langUsage/language)", \
            "add <langUsage><language ident=\"en\">English</language></langUsage>"


def document_dated(doc: DocumentView) -> Iterator[Violation]:
    """The document has a date: a dated docDate, creation date, header line or stamp."""
    for path in (".//t:docDate[@when]", ".//t:text//t:date[@when]", ".//t:profileDesc/t:creation/t:date[@when]"):
        if doc.root.find(path, NS) is not None:
            return
    header = doc.root.find("t:teiHeader", NS)
    yield header if header is not None else doc.root, "the document has no date", \
        "set `date:` in the sidecar YAML, or add a dated docDate"


def source_named(doc: DocumentView) -> Iterator[Violation]:
    """The header says where the text comes from: a citation, an archival reference or a source URL."""
    header = doc.root.find("t:teiHeader", NS)
    if header is None:
        return
    if header.find(".//t:sourceDesc/t:bibl", NS) is not None or header.find(".//t:idno[@type='URI']", NS) is not None:
        return
    yield header, "the header has no citation, archival reference or source URL", \
        "set `source_url:` or `archival_ref:` in the sidecar YAML"


_EXPLAINED = re.compile(r"[\[\]□]")


def no_unexplained_brackets(doc: DocumentView) -> Iterator[Violation]:
    """No literal `[`, `]` or `□` is left in the text: each one belongs to an element that says what it is."""
    text = doc.root.find("t:text", NS)
    if text is None:
        return
    for element in text.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == f"{T}desc" and element.getparent() is not None and element.getparent().tag == f"{T}gap":
            if element.tail and _EXPLAINED.search(element.tail):
                yield element.getparent(), f"literal text after a gap description: \"{element.tail.strip()[:60]}\"", \
                    "move the text out of the gap"
            continue  # a gap's description shows the printed marks on purpose
        for value, where in ((element.text, element), (element.tail, element.getparent())):
            if value and _EXPLAINED.search(value) and where is not None:
                char = _EXPLAINED.search(value).group()  # type: ignore[union-attr]
                yield where, f"literal '{char}' in the text: \"{value.strip()[:60]}\"", \
                    "mark the group (supplied, note, gap) or the boxes (gap reason=\"illegible\")"


def no_clutter_left(doc: DocumentView) -> Iterator[Violation]:
    """No web-page or PDF clutter ("Skip to content", "get citation") is left in the text."""
    text = doc.root.find("t:text", NS)
    if text is None:
        return
    for element in text.iter(f"{T}p", f"{T}ab", f"{T}head", f"{T}stage"):
        content = _text(element)
        if any(pattern.fullmatch(content) for pattern in CLUTTER_PATTERNS):
            yield element, f"page clutter left in the text: \"{content}\"", \
                "delete the element; `tei encode` reports such lines and leaves them out"


RULES: list[Rule] = [
    Rule("TEI001", Severity.ERROR, "Every #pointer in @who, @ref, @resp, @target resolves to an xml:id",
         pointers_resolve),
    Rule("TEI002", Severity.ERROR, "xml:id values are unique", ids_unique),
    Rule("TEI003", Severity.WARNING, "A speaker label names the person its @who points at", speaker_matches_person),
    Rule("TEI004", Severity.WARNING, "No two persons share a full name", person_names_unique),
    Rule("TEI005", Severity.WARNING, "Principal participants have at least one turn", principals_speak),
    Rule("TEI006", Severity.INFO, "Low-certainty attributions (@cert=\"low\") are listed for review",
         low_certainty_listed),
    Rule("TEI007", Severity.ERROR, "gap/@quantity and gap/@unit come together", gap_quantity_with_unit),
    Rule("TEI008", Severity.ERROR, "An illegible-characters gap counts the boxes it shows", illegible_count_matches),
    Rule("TEI009", Severity.WARNING, "Distribution copy counts add up to the stated total", copies_add_up),
    Rule("TEI010", Severity.ERROR, "@when values are real ISO dates", when_is_iso),
    Rule("TEI011", Severity.ERROR, "The header has a title and a language", header_has_title_and_language),
    Rule("TEI012", Severity.WARNING, "The document has a date", document_dated),
    Rule("TEI013", Severity.WARNING, "The header names a citation, archival reference or source URL", source_named),
    Rule("TEI014", Severity.ERROR, "No literal [, ] or □ is left in the text unexplained", no_unexplained_brackets),
    Rule("TEI015", Severity.WARNING, "No page clutter is left in the text", no_clutter_left),
]

RULES_BY_ID = {rule.id: rule for rule in RULES}

