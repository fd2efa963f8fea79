"""One document under review: its TEI, its findings, where its elements came from, its review queue.

The result is a small XML wrapper (`rv:review`) holding the TEI with `rv:id`, `rv:line`, `rv:col` on
its elements, the findings anchored to the element they are about, the queue in document order, the
clutter lines and the personography status of each person. The stylesheet turns it into the page;
everything it needs is in the wrapper, so an editor adapting the stylesheet never touches Python.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_tool.config import Config, Personography, Sidecar
from tei_tool.read.source import SourceError, decode

from .. import TEI_NS, XML_NS
from ..findings import Finding, Severity
from ..xmlsafe import safe_parser
from ._encoding import encode_bytes
from .lines import Position, transcript_positions, xml_positions

RV_NS = "urn:tei-tool:review"
RV = f"{{{RV_NS}}}"
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
BRACKET_CODES = frozenset({"E101", "E102", "TEI015"})  # unmatched brackets, literal brackets left in the text
PERSON_CODES = frozenset({"I202"})  # a person not in the personography
# Elements the page draws with their rv:id as HTML id: the places a finding or queue item can point at.
ON_PAGE = frozenset(f"{T}{tag}" for tag in (
    "front body back div docTitle docDate titlePart head p ab sp list item supplied note gap pb ref stage "
    "persName placeName orgName date idno roleName measure").split())
_YAML_HINT = re.compile(r"add to [^:]+: (- \{.*\})$")


@dataclass
class QueueItem:
    """One thing the editor should look at, in document order."""

    kind: str  # cert | warning | error | bracket | person
    line: int
    col: int
    target: str  # rv:id of the mark on the page ("" when it has none)
    message: str
    yaml: str = ""


@dataclass
class Review:
    """A document ready to be turned into its page (or the reason it cannot be)."""

    name: str
    stem: str
    mode: str  # "transcript" (line numbers of the .txt) or "xml" (line numbers of the TEI file)
    tree: etree._Element | None = None  # the rv:review wrapper
    tei: bytes = b""
    findings: list[Finding] = field(default_factory=list)
    queue: list[QueueItem] = field(default_factory=list)
    failure: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    title: str = ""

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)


def from_transcript(path: Path, data: bytes, config: Config, personography: Personography,
                    sidecar: Sidecar | None) -> Review:
    """Encode the transcript and keep what the encoder knows: findings at line:col, clutter lines."""
    name, stem = str(path), path.stem
    result = encode_bytes(data, name, config, personography, sidecar, True)
    if not result.xml:
        first = result.findings[0].format() if result.findings else "the encoder gave no TEI"
        return Review(name, stem, "transcript", findings=result.findings, failure=first)
    try:
        text = decode(name, data).text
    except SourceError as error:  # cannot happen after a successful encoding; reported, never raised
        return Review(name, stem, "transcript", findings=result.findings, failure=error.finding.format())
    root = etree.fromstring(result.xml, safe_parser())
    clutter = sorted(set(result.document.clutter_lines)) if result.document else []
    text_element = root.find(f"{T}text")
    positions = transcript_positions(text_element, text, set(clutter)) if text_element is not None else {}
    lines = text.split("\n")
    clutter_text = [(n, lines[n - 1] if 0 < n <= len(lines) else "") for n in clutter]
    known = {e.id for e in personography.persons} if personography.path is not None else None
    return _build(name, stem, "transcript", root, result.xml, result.findings, positions, clutter_text, known,
                  personography)


def from_tei(path: Path, data: bytes, personography: Personography) -> Review:
    """A TEI file on its own: findings from `tei validate`, positions are the XML's own lines."""
    from ..validate import validate_bytes

    name, stem = str(path), path.stem
    findings = validate_bytes(data, name).findings
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (1, 1)
        return Review(name, stem, "xml", findings=findings, failure=f"{name}:{line}:{col}: not well-formed XML: "
                                                                    f"{error.msg}")
    if root.tag != f"{T}TEI":
        return Review(name, stem, "xml", findings=findings, failure=f"{name}: not a TEI document (root <{root.tag}>)")
    known = {e.id for e in personography.persons} if personography.path is not None else None
    return _build(name, stem, "xml", root, data, findings, xml_positions(root), [], known, personography)


def _build(name: str, stem: str, mode: str, root: etree._Element, tei: bytes, findings: list[Finding],
           positions: dict[etree._Element, Position], clutter: list[tuple[int, str]], known: set[str] | None,
           personography: Personography) -> Review:
    review = Review(name, stem, mode, tei=tei, findings=sorted(findings, key=lambda f: (f.line, f.col, f.code)))
    ordered: list[tuple[Position, int, str]] = []  # (position, document order, rv:id)
    text_root = root.find(f"{T}text")
    in_text = set(text_root.iter()) if text_root is not None else set()  # where findings and queue items can point
    number = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        number += 1
        element.set(f"{RV}id", f"m{number}")
        where = positions.get(element)
        if where is not None and where[0] > 0:
            element.set(f"{RV}line", str(where[0]))
            if where[1] > 0:
                element.set(f"{RV}col", str(where[1]))
            if element.tag in ON_PAGE and element in in_text:
                ordered.append((where, number, f"m{number}"))
    ordered.sort()
    keys = [(p, 0) for p, _, _ in ordered]

    def anchor(finding: Finding) -> str:
        """The mark a finding is about: the outermost element starting last at or before its place."""
        at = bisect_right(keys, ((finding.line, finding.col), 1)) - 1
        if at < 0:
            return "header"  # before the text: about the file or its header (the page's header card)
        start = ordered[at][0]
        while at > 0 and ordered[at - 1][0] == start:
            at -= 1
        return ordered[at][2]

    wrapper = etree.Element(f"{RV}review", nsmap={"rv": RV_NS})  # type: ignore[dict-item]
    wrapper.set("name", name)
    wrapper.set("file", Path(name).name)
    wrapper.set("lines", mode)
    findings_el = etree.SubElement(wrapper, f"{RV}findings")
    by_anchor: dict[str, list[Finding]] = {}
    for n, finding in enumerate(review.findings, 1):
        target = anchor(finding)
        by_anchor.setdefault(target, []).append(finding)
        item = etree.SubElement(findings_el, f"{RV}finding", {
            "n": str(n), "line": str(finding.line), "col": str(finding.col), "severity": finding.severity.value,
            "code": finding.code, "anchor": target})
        etree.SubElement(item, f"{RV}message").text = finding.message
        if finding.hint:
            etree.SubElement(item, f"{RV}hint").text = finding.hint
    review.queue = _queue(root, in_text, review.findings, anchor, known, personography, mode)
    queue_el = etree.SubElement(wrapper, f"{RV}queue")
    for n, entry in enumerate(review.queue, 1):
        item = etree.SubElement(queue_el, f"{RV}item", {
            "n": str(n), "kind": entry.kind, "line": str(entry.line), "col": str(entry.col), "target": entry.target})
        etree.SubElement(item, f"{RV}message").text = entry.message
        if entry.yaml:
            etree.SubElement(item, f"{RV}yaml").text = entry.yaml
    clutter_el = etree.SubElement(wrapper, f"{RV}clutter", {"known": "yes" if mode == "transcript" else "no"})
    for line, text in clutter:
        etree.SubElement(clutter_el, f"{RV}line", {"n": str(line)}).text = text.replace("\f", "")
    persons_el = etree.SubElement(wrapper, f"{RV}persons", {
        "personography": personography.path.name if personography.path else ""})
    for person in root.iterfind(f".//{T}listPerson/{T}person"):
        pid = person.get(XML_ID, "")
        status = "unknown" if known is None else ("yes" if pid in known else "no")
        etree.SubElement(persons_el, f"{RV}person", {"id": pid, "known": status})
    wrapper.append(root)
    review.tree = wrapper
    review.counts = count_marks(root)
    title = root.findtext(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title") or stem
    review.title = " ".join(title.split())
    return review


def _queue(root: etree._Element, in_text: set[etree._Element], findings: list[Finding],
           anchor_of: Callable[[Finding], str], known: set[str] | None,
           personography: Personography, mode: str) -> list[QueueItem]:
    """Low-certainty decisions, warnings and errors, unmatched brackets, unknown persons: in document order."""
    items: list[QueueItem] = []
    for element in root.iter(f"{T}*"):
        if element.get("cert") != "low" or element not in in_text:
            continue
        line = int(element.get(f"{RV}line", "0"))
        col = int(element.get(f"{RV}col", "0"))
        speaker = " ".join("".join(element.findtext(f"{T}speaker") or "").split()) if element.tag == f"{T}sp" else ""
        who = element.get("who", "")
        if element.tag == f"{T}sp":
            said = f"speaker label {speaker!r}" if speaker else "unlabelled paragraph"
            message = f"{said} attributed to {who or 'nobody'} with low certainty: check the speaker"
        else:
            message = f"<{etree.QName(element).localname}> marked with low certainty"
        items.append(QueueItem("cert", line, col, element.get(f"{RV}id", ""), message))
    reported_persons: set[str] = set()
    for finding in findings:
        kind = ""
        if finding.code in BRACKET_CODES:
            kind = "bracket"
        elif finding.code in PERSON_CODES:
            kind = "person"
        elif finding.severity is Severity.ERROR:
            kind = "error"
        elif finding.severity is Severity.WARNING:
            kind = "warning"
        if not kind:
            continue
        yaml_entry = ""
        if kind == "person":
            match = _YAML_HINT.search(finding.hint)
            yaml_entry = match.group(1) if match else ""
            reported_persons.add(finding.message)
        items.append(QueueItem(kind, finding.line, finding.col, anchor_of(finding),
                               f"{finding.code}: {finding.message}", yaml_entry))
    if known is not None and mode == "xml":  # a TEI file on its own: compare its persons with the personography
        for person in root.iterfind(f".//{T}listPerson/{T}person"):
            pid = person.get(XML_ID, "")
            if pid in known:
                continue
            full = person.findtext(f"{T}persName[@type='full']") or pid
            first = root.find(f".//{T}text//*[@who='#{pid}']")
            if first is None:
                first = root.find(f".//{T}text//*[@ref='#{pid}']")
            if first is None:
                continue  # mentioned only in the header: nothing on the page to point at
            file = personography.path.name if personography.path else "persons.yaml"
            items.append(QueueItem("person", int(first.get(f"{RV}line", "0")), 0, first.get(f"{RV}id", ""),
                                   f"{full!r} is not in {file} (document-local id #{pid})",
                                   f"- {{id: {pid}, name: {full}}}"))
    order = {"cert": 0, "error": 1, "bracket": 1, "warning": 2, "person": 3}
    items.sort(key=lambda q: (q.line, q.col, order[q.kind]))
    return items


# Kinds of marks on the page, and the TEI elements each stands for (the tests count both).
MARK_KINDS: dict[str, str] = {
    "turn": ".//t:text//t:sp",
    "supplied": ".//t:text//t:supplied",
    "variant": ".//t:text//t:note[@type='variant']",
    "note": ".//t:text//t:note[not(@type='variant') and not(@type='footnote')]",
    "footnote": ".//t:text//t:note[@type='footnote']",
    "gap": ".//t:text//t:gap",
    "pagebreak": ".//t:text//t:pb",
    "footnote-ref": ".//t:text//t:ref",
    "stage": ".//t:text//t:stage",
    "item": ".//t:text//t:list/t:item",
    "copies": ".//t:text//t:measure",
    "name": ".//t:text//t:persName",
    "place": ".//t:text//t:placeName",
    "org": ".//t:text//t:orgName",
    "date": ".//t:text//t:date",
    "idno": ".//t:text//t:idno",
    "role": ".//t:text//t:roleName",
}
NS = {"t": TEI_NS}


def count_marks(root: etree._Element) -> dict[str, int]:
    """How many TEI elements of each mark kind the document has."""
    return {kind: len(root.xpath(path, namespaces=NS)) for kind, path in MARK_KINDS.items()}  # type: ignore[arg-type]
