"""The grammar check: which RELAX NG schema a file is checked against, compiled once per run, and its errors.

Which schema (`choose`): the one the user names (`--schema PATH|project|tei_all`, or `validate.schema`
in tei.yaml) for every file; else the file's `xml-model` processing instruction when it names a usable
.rng file (the official tei_all addresses, release or vault, .rng or .rnc, mean the copy of tei_all.rng
shipped in the package, so this works offline); else the project schema for files `tei encode` wrote
and tei_all for any other TEI. An `xml-model` that cannot be used (remote, missing, not a .rng file) is
an SCH002 finding naming it, and the file is checked against the default, never silently.

Compiling costs from 0.01 s (project) to 6 s (tei_all) while validating a file costs milliseconds, so
schemas are compiled once per process, cached by resolved path; a small one before worker processes
fork. A large flat one (tei_all) is cut down to the element and attribute names of the documents
(prune.py: same verdicts and messages): `plan` groups a run's name sets and compiles each group (in
0.03–0.15 s) before the workers fork, so that they compile nothing; a group of many files is also
compiled cut to the attributes they carry and without the value patterns their values match
(`cut_group`: validation three times as fast on tei encode's files).
Before compiling, `_linearise` rewrites one pattern of tei_all that makes libxml2's validation
superlinear: `oneOrMore(oneOrMore(A), zeroOrMore(B))` (listPerson, listPlace, listOrg…): libxml2 keeps a
state for every way of splitting a run of persons between the two loops, so 4,000 persons took 60 s.
The equivalent `A, zeroOrMore(A | B)` accepts the same documents and is checked in linear time.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from tei_tool import TEI_NS
from tei_tool.findings import Finding
from tei_tool.resources import SCHEMA_URL_RE, schema_file
from tei_tool.validate import prune
from tei_tool.validate.expect import ANY_NAME, ContentModels
from tei_tool.validate.messages import CHECKS_BY_ID
from tei_tool.validate.rules import sourceline
from tei_tool.xmlsafe import safe_parser

PACKAGE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_DIR.parent
PROJECT_SCHEMAS = (schema_file("tei-archival.rng"),)
TEI_ALL = schema_file("tei_all.rng")  # TEI P5 4.9.0, shipped with the package (licence in the file)
TEI_ALL_LABEL = "tei_all (TEI P5 4.9.0, bundled)"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG_NS}}}"
_ANNOTATIONS = ("{http://relaxng.org/ns/compatibility/annotations/1.0}*", "{http://purl.oclc.org/dsdl/schematron}*")

# The official addresses of tei_all: release, current and versioned vault copies, RELAX NG XML or compact.
TEI_ALL_URL_RE = re.compile(
    r"https?://(?:www\.|vault\.)?tei-c\.org/(?:release|Vault/P5/[\w.-]+|vault/P5/[\w.-]+|P5/[\w.-]+)"
    r"/xml/tei/custom/schema/relaxng/tei_all\.rn[gc]", re.IGNORECASE)


class SchemaError(Exception):
    """A schema that is missing or does not compile: the file cannot be checked."""


def project_schema() -> Path:
    """The project's RELAX NG schema (schemas/tei-archival.rng)."""
    for candidate in PROJECT_SCHEMAS:
        if candidate.is_file():
            return candidate
    return PROJECT_SCHEMAS[0]


def default_schema() -> Path:
    """The project's RELAX NG schema, or the bundled tei_all while the project schema is missing."""
    found = project_schema()
    return found if found.is_file() else TEI_ALL


def resolve_spec(spec: str | Path, base: Path | None = None) -> Path:
    """`project`, `tei_all`, a tei_all URL, or a path (relative to base) as the schema file it means."""
    text = str(spec)
    if text == "project":
        return project_schema()
    if text == "tei_all" or TEI_ALL_URL_RE.fullmatch(text):
        return TEI_ALL
    path = Path(text)
    return path if path.is_absolute() or base is None else base / path


def label(path: Path) -> str:
    """How a run names a schema: tei_all and the project schema by name, others by path."""
    resolved = _resolved(str(path))
    if resolved == _resolved(str(TEI_ALL)):
        return TEI_ALL_LABEL
    if resolved == _resolved(str(project_schema())):
        return "project (tei-archival.rng)"
    return os.path.normpath(str(path))


@dataclass(frozen=True)
class Declared:
    """What an xml-model PI says: a usable schema, or the href and why it cannot be used."""

    path: Path | None
    href: str = ""
    problem: str = ""


def declared_schema(tree: etree._ElementTree, base: str | None) -> Declared | None:
    """The RELAX NG schema named by the document's xml-model PI, None when it names none."""
    root = tree.getroot()
    unusable: Declared | None = None
    for node in reversed(list(root.itersiblings(preceding=True))):
        if not isinstance(node, etree._ProcessingInstruction) or node.target != "xml-model":
            continue
        href = (node.get("href") or "").strip()
        kind = node.get("schematypens")
        if not href or (kind and kind != RNG_NS):
            continue  # Schematron and other kinds are not a grammar
        found = _resolve_href(href, os.path.dirname(base) if base else "")
        if found.path is not None:
            return found
        unusable = unusable or found
    return unusable


@functools.lru_cache(maxsize=256)
def _resolve_href(href: str, folder: str) -> Declared:
    """A local schema for an href, or why not (cached: a corpus's files share one or two hrefs)."""
    if TEI_ALL_URL_RE.fullmatch(href):
        return Declared(TEI_ALL, href)
    if SCHEMA_URL_RE.fullmatch(href):  # the project schema's versioned address: the bundled copy
        return Declared(project_schema(), href)
    parsed = urlparse(href)
    if parsed.scheme not in ("", "file"):
        return Declared(None, href, "is a remote address; validate never fetches schemas")
    path = Path(unquote(parsed.path))
    if path.suffix.lower() != ".rng":
        return Declared(None, href, "is not a RELAX NG schema file (.rng)")
    if not path.is_absolute():
        path = Path(folder or ".") / path
    if not path.is_file():
        return Declared(None, href, f"does not exist (looked for {os.path.normpath(path)})")
    return Declared(path, href)


@dataclass(frozen=True)
class Choice:
    """The schema one file is checked against, and the finding fields when its xml-model was unusable."""

    path: Path
    declared: Declared | None = None


def choose(tree: etree._ElementTree, base: str | None, override: Path | None, ours: bool) -> Choice:
    """The schema for one document (order: see the module docstring)."""
    if override is not None:
        return Choice(override)
    declared = declared_schema(tree, base)
    if declared is not None and declared.path is not None:
        return Choice(declared.path)
    fallback = default_schema() if ours else TEI_ALL
    return Choice(fallback, declared)


def schema_for(tree: etree._ElementTree, base: str | None, override: Path | None = None) -> Path:
    """The schema one document is checked against (tei encode's files: see `choose`)."""
    return choose(tree, base, override, ours=True).path


def _linearise(grammar: etree._ElementTree) -> int:
    """Rewrite `oneOrMore(oneOrMore(A), zeroOrMore(B))` as `A, zeroOrMore(A | B)` (same language, but
    libxml2 checks it in linear time); returns how many were rewritten."""
    count = 0
    for outer in list(grammar.iter(f"{_R}oneOrMore")):
        kids = [k for k in outer if isinstance(k.tag, str)]
        if len(kids) != 2 or kids[0].tag != f"{_R}oneOrMore" or kids[1].tag != f"{_R}zeroOrMore":
            continue
        first = [k for k in kids[0] if isinstance(k.tag, str)]
        then = [k for k in kids[1] if isinstance(k.tag, str)]

        def one(items: list[etree._Element]) -> etree._Element:
            if len(items) == 1:
                return copy.deepcopy(items[0])
            group = etree.Element(f"{_R}group")
            group.extend(copy.deepcopy(i) for i in items)
            return group

        for kid in kids:
            outer.remove(kid)
        outer.tag = f"{_R}group"
        outer.append(one(first))
        loop = etree.SubElement(etree.SubElement(outer, f"{_R}zeroOrMore"), f"{_R}choice")
        loop.append(one(first))
        loop.append(one(then))
        count += 1
    return count


@functools.lru_cache(maxsize=8)
def _prepared(path: str) -> etree._ElementTree | SchemaError:
    """The schema as a tree ready to compile: annotations removed, `_linearise`d (or the error)."""
    if not Path(path).is_file():
        return SchemaError("no such file")
    try:
        grammar = etree.fromstring(Path(path).read_bytes(), safe_parser(), base_url=path).getroottree()
    except etree.XMLSyntaxError as error:
        return SchemaError(str(error))
    for note in list(grammar.iter(*_ANNOTATIONS)):  # documentation and Schematron: lxml ignores them
        parent = note.getparent()
        if parent is not None:
            parent.remove(note)
    _linearise(grammar)
    return grammar


@functools.lru_cache(maxsize=8)
def _compile(path: str) -> etree.RelaxNG | SchemaError:
    """The compiled schema, or the error (cached too: a corpus naming a broken schema fails once)."""
    grammar = _prepared(path)
    if isinstance(grammar, SchemaError):
        return grammar
    try:
        return _relaxng(grammar)
    except etree.RelaxNGParseError as error:
        return SchemaError(str(error))


@functools.lru_cache(maxsize=8)
def _prunable(path: str) -> bool:
    grammar = _prepared(path)
    return not isinstance(grammar, SchemaError) and prune.prunable(grammar)


@functools.lru_cache(maxsize=8)
def _flat(path: str) -> bool:
    grammar = _prepared(path)
    return not isinstance(grammar, SchemaError) and prune.flat(grammar)


# The attribute cuts of each small schema compiled in this process (resolved path -> (attribute use,
# compiled), each wider than the one before); all are kept, so no tree's libxml2 marks can point at
# a freed grammar.
_CUTS: dict[str, list[tuple[prune.AttributeUse, etree.RelaxNG]]] = {}
MAX_CUTS = 12  # per schema and process; then the whole schema (a corpus of ever new attribute uses)
# The small schemas for which this run may compile cuts (validate_paths, on runs of many files): a cut
# costs 0.03-0.05 s, paid back after some 30 files; one document (tei encode's) uses a cut only when
# one covers it already, else the whole schema.
CUTTING: set[str] = set()


def compiled_cut(path: Path | str, used: prune.AttributeUse) -> etree.RelaxNG:
    """The schema without the optional attributes no element of the document carries (prune.attributes_cut:
    same verdict and messages; validation 3.5 times as fast on tei encode's files). A cut is compiled
    for the attributes used so far in this process and this document together, so that a run compiles
    a few, each covering the documents before it; the whole schema when no cut covers the document and
    the run may compile none (CUTTING), when the schema is not a flat grammar, after MAX_CUTS, or when
    the cut does not compile (raises SchemaError)."""
    resolved = _resolved(str(path))
    cuts = _CUTS.setdefault(resolved, [])
    if cuts and prune.covers(cuts[-1][0], used):
        return cuts[-1][1]
    whole = compiled(resolved)  # a schema that does not compile whole is an error, whatever a cut would do
    if resolved not in CUTTING or len(cuts) >= MAX_CUTS or not _flat(resolved):
        return whole
    wider = prune.merged(cuts[-1][0], used) if cuts else used
    grammar = _prepared(resolved)
    assert not isinstance(grammar, SchemaError)
    try:
        rng = _relaxng(prune.attributes_cut(grammar, wider))
    except etree.RelaxNGParseError:
        rng = whole
    cuts.append((wider, rng))
    return rng


def clear_caches() -> None:
    """Forget every compiled schema and cut (the benchmark times a run from scratch)."""
    _compile.cache_clear()
    _compile_pruned.cache_clear()
    _CUTS.clear()
    _GROUP_CUTS.clear()


def _relaxng(grammar: etree._ElementTree) -> etree.RelaxNG:
    """libxml2's compile of a grammar: every compile of a run goes through here (tests count them)."""
    return etree.RelaxNG(grammar)


@functools.lru_cache(maxsize=256)
def _compile_pruned(path: str, names: frozenset[str]) -> etree.RelaxNG | SchemaError:
    """The schema cut down to names (see prune.py); the full schema when the cut one does not compile."""
    grammar = _prepared(path)
    if isinstance(grammar, SchemaError):
        return grammar
    try:
        return _relaxng(prune.pruned(grammar, names))
    except etree.RelaxNGParseError:
        return _compile(path)


# The name groups planned for this run, by resolved schema path (see `plan`).
_GROUPS: dict[str, list[frozenset[str]]] = {}


def plan(path: Path | str, name_sets: list[frozenset[str]]) -> int:
    """Prepare a run: compile, now (before workers fork, so that they inherit it and compile
    nothing), what its files need of the schema: a schema too small to be worth cutting whole; a
    large one cut to each group of its files' name sets (prune.groups). Returns the number of groups."""
    resolved = _resolved(str(path))
    if not _prunable(resolved):
        result = _compile(resolved)
        if isinstance(result, SchemaError):
            raise result
        return 1
    _GROUPS[resolved] = prune.groups(name_sets)
    _GROUP_CUTS.clear()
    for group in _GROUPS[resolved]:
        result = _compile_pruned(resolved, group)
        if isinstance(result, SchemaError):
            raise result
    return len(_GROUPS[resolved])


def _group(resolved: str, names: frozenset[str]) -> frozenset[str]:
    """The first planned group of names that covers a document with these names (names themselves
    when none does)."""
    return next((g for g in _GROUPS.get(resolved, ()) if prune.within(names, g)), names)


# Attribute cuts of planned groups of a large schema, by (resolved path, group): (the attribute use
# the cut covers, the value patterns it drops, the compiled cut); compiled by the parent for groups of
# many files (`cut_group`).
_GROUP_CUTS: dict[tuple[str, frozenset[str]], tuple[prune.AttributeUse, prune.Patterned, etree.RelaxNG]] = {}
_NO_PATTERNS = prune.Patterned(frozenset(), frozenset())


def cut_group(path: Path | str, group: frozenset[str], used: prune.AttributeUse) -> bool:
    """Compile a planned group of a large schema further cut to the attributes each element carries in
    used (prune.attributes_cut: same verdict and messages on the documents whose attribute use it
    covers) and without the patterns every value of such documents matches (prune.patterns_cut, for
    the documents prune.values_fit): libxml2 validates tei encode's files three times as fast. False
    when group was not planned or the cut does not compile."""
    resolved = _resolved(str(path))
    grammar = _prepared(resolved)
    if group not in _GROUPS.get(resolved, ()) or isinstance(grammar, SchemaError):
        return False
    cut = prune.attributes_cut(prune.pruned(grammar, group), used)
    patterned = _NO_PATTERNS
    without = prune.patterns_cut(cut)
    if without is not None:
        cut, patterned = without
    try:
        _GROUP_CUTS[(resolved, group)] = (used, patterned, _relaxng(cut))
    except etree.RelaxNGParseError:
        return False
    return True


def compiled(path: Path | str, names: frozenset[str] | None = None,
             fits: Callable[[prune.AttributeUse, prune.Patterned], bool] | None = None) -> etree.RelaxNG:
    """The compiled schema at path (raises SchemaError), compiled once per process. With names (the
    local names of the elements of the document to check) a large schema is cut down to a planned
    group of names that covers them, or to names themselves: same verdict, far shorter compile; and
    to that group's attribute cut (`cut_group`) when the document fits it (fits: its attribute use
    and the patterns it dropped)."""
    resolved = _resolved(str(path))
    if names is None or not _prunable(resolved):
        result = _compile(resolved)
    else:
        group = _group(resolved, names)
        cut = _GROUP_CUTS.get((resolved, group))
        if cut is not None and fits is not None and fits(cut[0], cut[1]):
            return cut[2]
        result = _compile_pruned(resolved, group)
    if isinstance(result, SchemaError):
        raise result
    return result


@functools.lru_cache(maxsize=256)
def _resolved(path: str) -> str:
    return os.path.realpath(path)


# --- messages ------------------------------------------------------------------------------------

_NAMESPACE_RE = re.compile(r"\{" + re.escape(TEI_NS) + r"\}")
_ELEMENT_NAME_RE = re.compile(r"(element |Element |got |Expecting element )([\w.-]+)")
_XINCLUDE_NS = "http://www.w3.org/2001/XInclude"


def _qualified(element: etree._Element | None) -> str:
    """The element's name as written: with its prefix (xi:include), without the TEI namespace."""
    if element is None or not isinstance(element.tag, str):
        return ""
    qname = etree.QName(element)
    if qname.namespace in (None, TEI_NS):
        return qname.localname
    return f"{element.prefix}:{qname.localname}" if element.prefix else f"{{{qname.namespace}}}{qname.localname}"


def _attributes(element: etree._Element) -> str:
    """The element's attributes as written (libxml2's "failed to validate attributes" names none)."""
    return ", ".join(f"@{_attribute_name(element, str(n))}=\"{element.get(n)}\"" for n in element.keys())


def _attribute_name(element: etree._Element, name: str) -> str:
    qname = etree.QName(name)
    if qname.namespace is None:
        return qname.localname
    if qname.namespace == "http://www.w3.org/XML/1998/namespace":
        return f"xml:{qname.localname}"
    prefix = next((p for p, uri in element.nsmap.items() if uri == qname.namespace and p), None)
    return f"{prefix}:{qname.localname}" if prefix else name


class Vocabulary:
    """What a schema allows inside each element, by name: the child elements and the attributes its
    content model can reach (through refs, not into nested elements); `models` says what is allowed at
    one position (jing's "expected" list), and this whole list is the fallback when that cannot be said."""

    def __init__(self, path: str) -> None:
        root = etree.fromstring(Path(path).read_bytes(), safe_parser(), base_url=path)
        self.defines: dict[str, list[etree._Element]] = {}
        self.elements: dict[str, list[etree._Element]] = {}
        for define in root.iter(f"{_R}define"):
            self.defines.setdefault(define.get("name") or "", []).append(define)
        for element in root.iter(f"{_R}element"):
            if element.get("name"):
                self.elements.setdefault((element.get("name") or "").rsplit(":", 1)[-1], []).append(element)
        self._memo: dict[str, tuple[list[str], list[str]]] = {}
        self.models = ContentModels(root)

    def allowed(self, name: str) -> tuple[list[str], list[str]]:
        """(child element names, attribute names) the schema allows in elements called name, sorted."""
        if name not in self._memo:
            children: set[str] = set()
            attributes: set[str] = set()
            seen: set[str] = set()
            for pattern in self.elements.get(name, []):
                self._walk(pattern, children, attributes, seen, top=True)
            self._memo[name] = (sorted(children, key=str.lower), sorted(attributes, key=str.lower))
        return self._memo[name]

    def _walk(self, node: etree._Element, children: set[str], attributes: set[str], seen: set[str],
              top: bool = False) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or not tag.startswith(_R):
                continue
            if tag == f"{_R}element" and not top or tag == f"{_R}element" and child is not node:
                if child.get("name"):
                    children.add(child.get("name") or "")
                continue
            if tag == f"{_R}attribute":
                if child.get("name"):
                    attributes.add(child.get("name") or "")
                continue
            if tag == f"{_R}ref":
                target = child.get("name") or ""
                if target not in seen:
                    seen.add(target)
                    for define in self.defines.get(target, []):
                        self._walk(define, children, attributes, seen)
                continue
            if tag in (f"{_R}notAllowed", f"{_R}data", f"{_R}value", f"{_R}name", f"{_R}anyName", f"{_R}nsName"):
                continue
            self._walk(child, children, attributes, seen)


@functools.lru_cache(maxsize=8)
def vocabulary(path: str) -> Vocabulary | None:
    """The schema's Vocabulary, built once per process on the first error that needs it."""
    try:
        return Vocabulary(path)
    except (OSError, etree.XMLSyntaxError):
        return None


def _names(names: list[str], limit: int = 15) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" … ({len(names)} in all)" if len(names) > limit else "")


_UNEXPECTED_RE = re.compile(r"Did not expect element (\S+) there|Expecting element \S+, got (\S+)")
_ATTRIBUTE_RE = re.compile(r"Invalid attribute (\S+) for element (\S+)")


def _expected(message: str, schema: Path, element: etree._Element | None) -> str:
    """What the schema allows instead, for the message: the parent's possible children, or the
    element's possible attributes (empty when there is nothing useful to add)."""
    if element is None or not isinstance(element.tag, str):
        return ""
    if _UNEXPECTED_RE.search(message):
        parent = element.getparent()
        if parent is None or not isinstance(parent.tag, str):
            return ""
        words = vocabulary(_resolved(str(schema)))
        if words is None:
            return ""
        here = _expected_here(words, parent, element)
        if here:
            return here
        children = words.allowed(etree.QName(parent).localname)[0]
        return f"; <{_qualified(parent)}> may contain: {_names(children)}" if children else \
            f"; <{_qualified(parent)}> may contain no elements"
    if _ATTRIBUTE_RE.search(message) or "failed to validate attributes" in message:
        words = vocabulary(_resolved(str(schema)))
        if words is None:
            return ""
        attributes = words.allowed(etree.QName(element).localname)[1]
        return f"; <{_qualified(element)}> may have: {_names(attributes, 80)}" if attributes else ""
    return ""


def _expected_here(words: Vocabulary, parent: etree._Element, element: etree._Element) -> str:
    """What the parent's content model allows at the element's position, as jing lists it; empty when
    that cannot be said (an unknown model, an earlier child already wrong, or the element allowed
    there after all, so the error lies elsewhere)."""
    before = []
    for sibling in parent.iterchildren():
        if sibling is element:
            break
        if isinstance(sibling.tag, str):
            before.append(etree.QName(sibling).localname)
    result = words.models.expected_after(etree.QName(parent).localname, before)
    if result is None:
        return ""
    names, may_end = result
    if etree.QName(element).localname in names or ANY_NAME in names:
        return ""
    options = [f"<{name}>" for name in names[:15]] + ([f"… ({len(names)} in all)"] if len(names) > 15 else [])
    if may_end:
        options.append(f"the end of <{_qualified(parent)}>")
    if not options:
        return f"; nothing more is allowed in <{_qualified(parent)}> here"
    listed = options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]
    return f"; expected here: {listed}"


def _hint(message: str, schema: Path, element: etree._Element | None) -> str:
    """Advice that fits the schema used and the kind of error."""
    if element is not None and isinstance(element.tag, str) and etree.QName(element).namespace == _XINCLUDE_NS:
        return ("XInclude is not processed: the grammar sees the xi:include element itself; check the "
                "included file separately, or validate the expanded document")
    if label(schema).startswith("project"):
        if "Invalid attribute" in message or "not allowed" in message or "value" in message.lower() \
                or "Did not expect" in message:
            return "the project schema allows only the elements, attributes and values of schemas/tei-archival.odd"
        return ""
    if "Did not expect element" in message or "Expecting element" in message:
        return "see the element's content model in the TEI Guidelines (https://www.tei-c.org/release/doc/tei-p5-doc/en/html/)"
    return ""


def grammar_findings(tree: etree._ElementTree, name: str, schema: Path,
                     column: Callable[[etree._Element], int] | None = None,
                     data: bytes | None = None, scanned: frozenset[str] | None = None,
                     used: prune.AttributeUse | None = None) -> list[Finding]:
    """A finding for every place where the document breaks the grammar (raises SchemaError). data: the
    document's bytes; a large schema is cut down to the names they show (scanned, else
    prune.scanned_names(data)), else to the names in the tree; a small one to the attributes each
    element carries (used: prune.attribute_use(tree), when the caller has it already)."""
    if _prunable(_resolved(str(schema))):
        names = scanned or (prune.scanned_names(data) if data is not None else None) or prune.tree_names(tree)
        def fits(cut: prune.AttributeUse, patterned: prune.Patterned) -> bool:
            return prune.covers(cut, used if used is not None else prune.attribute_use(tree)) and \
                prune.values_fit(tree, patterned, data)

        rng = compiled(schema, names, fits)
    else:
        rng = compiled_cut(schema, used if used is not None else prune.attribute_use(tree))
    if rng.validate(tree):
        return []
    findings: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    for entry in rng.error_log:
        element = _element_at(tree, entry.path)
        message = _NAMESPACE_RE.sub("", entry.message)
        if element is not None:
            written = _qualified(element)
            local = etree.QName(element).localname if isinstance(element.tag, str) else ""
            if written != local:  # keep the prefix the document uses (xi:include, not include)
                message = message.replace(f"element {local} ", f"element {written} ")
                message = message.replace(f"Element {local} ", f"Element {written} ")
            if "failed to validate attributes" in message:
                message += f" (its attributes: {_attributes(element)})"
        line = entry.line or sourceline(element) or 1
        if (line, message) in seen:
            continue
        seen.add((line, message))
        col = entry.column
        if not col and element is not None and column is not None:
            col = column(element)
        where = f" in <{_qualified(element)}>" if element is not None else ""
        findings.append(CHECKS_BY_ID["RNG001"].finding(
            name, line, col or 1, reason=message + where + _expected(message, schema, element),
            hint=_hint(message, schema, element)))
    return findings


def _element_at(tree: etree._ElementTree, path: str | None) -> etree._Element | None:
    if not path:
        return None
    try:
        found = tree.xpath(path, namespaces={"xi": _XINCLUDE_NS})
    except etree.XPathError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    return None
