"""A large RELAX NG grammar cut down to the element names a set of documents uses: same verdicts, a
fraction of libxml2's compile time.

Why: libxml2 turns each element's content model into an automaton when it compiles a schema; for
tei_all (594 element patterns, content models such as macro.paraContent that offer ~200 elements)
that takes 5.5 s, before the first file is checked (jing: under 1 s). A document only ever matches
element patterns whose name it uses, so for documents whose element names all lie in a set S:

1. every `element` pattern whose name class matches no name in S is replaced by `notAllowed`
   (sound: a valid derivation of such a document never uses that pattern);
2. `notAllowed` is propagated and removed the way the RELAX NG specification simplifies a grammar
   (section 4.19): a choice loses the branch, a group/oneOrMore/element/attribute/ref that needs it
   becomes notAllowed itself, an optional/zeroOrMore of it is empty; `empty` is then dropped from
   groups and a choice with an `empty` branch becomes `optional`. No `notAllowed` is left in a content
   model (libxml2 builds no automaton for a content model that contains one, and validation without
   automata is several times slower), no `empty` is left inside a group;
3. an element's or define's items stay direct children (never wrapped in a new `group`): libxml2 moves
   an element's attribute-only children out of its content model, and only then is it compilable;
4. definitions no longer reachable from `start` are dropped.

Each step keeps the language on documents whose element names lie in S, so the verdict is the
full grammar's (checked on the 499 third-party files jing could check, and by tests). Names are
matched by local name only (a superset of what a namespace-aware match would keep); `anyName` and
`nsName` patterns are always kept. Compile time then grows with |S|: 0.005 s for 60 names, 0.1 s
for 150, 0.8 s for 490.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable
from typing import NamedTuple

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG_NS}}}"
_EMPTY = "empty"  # marker: the pattern simplified to empty
_ELEMENT, _REF, _DEFINE, _START = f"{_R}element", f"{_R}ref", f"{_R}define", f"{_R}start"
_CHOICE, _GROUP, _INTERLEAVE = f"{_R}choice", f"{_R}group", f"{_R}interleave"
_OPTIONAL, _ZERO, _ONE = f"{_R}optional", f"{_R}zeroOrMore", f"{_R}oneOrMore"
_NOT_ALLOWED, _EMPTY_TAG = f"{_R}notAllowed", f"{_R}empty"
_NAME_CLASSES = frozenset({f"{_R}name", f"{_R}anyName", f"{_R}nsName", _CHOICE})
_NEEDS_ALL = frozenset({_GROUP, _INTERLEAVE, _ONE, _DEFINE, _START, f"{_R}list", f"{_R}mixed"})
# Any start tag's local name: a superset of the document's element names (it also sees tags in
# comments, CDATA and entity declarations, which only keeps more of the grammar).
_TAG_RE = re.compile(rb"<(?:[A-Za-z_\x80-\xff][\w.\x80-\xff-]*:)?([A-Za-z_\x80-\xff][\w.\x80-\xff-]*)")
# Any attribute-like `name="` or `name='` (a superset of the attributes' names: text such as
# `a = "b"` too), searched in the reversed bytes, where each pattern starts with a literal quote and
# the search is ten times faster than forwards (the name comes out reversed). Bytes from 0x80 are name
# characters: UTF-8 names (Größe) are read whole.
_ATTRIBUTE_RES = (re.compile(rb"\"\s*=\s*([\w.:\x80-\xff-]+)"), re.compile(rb"'\s*=\s*([\w.:\x80-\xff-]+)"))
_ENCODING_RE = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
ATTRIBUTES = "@"  # in a name set: it also holds the attribute names, as "@local"; attributes are cut too
MIN_ELEMENTS = 300  # smaller grammars compile in well under 0.1 s: used as they are


def scanned_names(data: bytes) -> frozenset[str] | None:
    """The local names of every start tag in a UTF-8 XML file's bytes (a superset of its elements'
    names) and, as "@name", of every attribute-like `name=` (a superset of its attributes' names);
    None for any other encoding (the caller reads the names from the parsed tree instead)."""
    if not _utf8(data):
        return None
    names = {m.decode("utf-8", "replace") for m in set(_TAG_RE.findall(data))}
    if b"<!ATTLIST" not in data:  # a DTD's default attributes never show as name=
        names.add(ATTRIBUTES)
        backwards = data[::-1]
        for pattern in _ATTRIBUTE_RES:
            for found in set(pattern.findall(backwards)):
                names.add("@" + found[::-1].decode("utf-8", "replace").rsplit(":", 1)[-1])
    return frozenset(names)


def _utf8(data: bytes) -> bool:
    """False for UTF-16 and UTF-32, and for a declared encoding other than UTF-8 or ASCII (Latin-1 and
    the like: bytes from 0x80 are not UTF-8)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:256]:
        return False
    declared = _ENCODING_RE.match(data[:200].lstrip(b"\xef\xbb\xbf"))
    return declared is None or declared.group(1).lower().replace(b"-", b"") in (b"utf8", b"usascii", b"ascii")


def tree_names(tree: etree._ElementTree | etree._Element) -> frozenset[str]:
    """The local names of a parsed document's elements and, as "@name", its attributes (exact)."""
    tags: set[object] = set()
    attributes: set[str] = set()
    for element in tree.iter():
        tags.add(element.tag)
        if element.attrib:
            attributes.update(element.attrib)  # type: ignore[arg-type]
    names = {str(tag).rpartition("}")[2] for tag in tags if isinstance(tag, str)}
    names.add(ATTRIBUTES)
    names.update("@" + str(a).rpartition("}")[2] for a in attributes)
    return frozenset(names)


def _patterns(node: etree._Element) -> list[etree._Element]:
    return [k for k in node if isinstance(k.tag, str) and k.tag.startswith(_R)]


def _content(node: etree._Element) -> list[etree._Element]:
    """A pattern's child patterns, without an element's or attribute's name class."""
    kids = _patterns(node)
    if node.tag in (_ELEMENT, f"{_R}attribute") and node.get("name") is None and kids:
        return kids[1:]
    return kids


def _name_matches(name_class: etree._Element, names: frozenset[str]) -> bool:
    if name_class.tag == f"{_R}name":
        return (name_class.text or "").strip().rsplit(":", 1)[-1] in names
    if name_class.tag == _CHOICE:
        return any(_name_matches(k, names) for k in _patterns(name_class))
    return True  # anyName, nsName: kept whatever the names


def _element_matches(node: etree._Element, names: frozenset[str]) -> bool:
    name = node.get("name")
    if name is not None:
        return name.strip().rsplit(":", 1)[-1] in names
    kids = _patterns(node)
    return bool(kids) and _name_matches(kids[0], names)


def prunable(grammar: etree._ElementTree) -> bool:
    """True for a flat grammar (see `flat`) with enough element patterns for the compile time to matter."""
    return flat(grammar) and sum(1 for _ in grammar.getroot().iter(_ELEMENT)) >= MIN_ELEMENTS


def flat(grammar: etree._ElementTree) -> bool:
    """True for a single flat grammar (start, defines; no include, externalRef, nested grammar or
    parentRef): what both cuts work on."""
    root = grammar.getroot()
    if root.tag != f"{_R}grammar" or root.find(_START) is None:
        return False
    for tag in ("include", "externalRef", "parentRef", "div"):
        if root.find(f".//{_R}{tag}") is not None:
            return False
    if sum(1 for _ in root.iter(f"{_R}grammar")) != 1:
        return False
    return not any(d.get("combine") for d in root.iter(_DEFINE)) and len(root.findall(_START)) == 1


# A grammar as nested tuples, for the fixpoints (far faster than walking the lxml tree each time):
# ("na",) notAllowed · ("never",) cannot be notAllowed (optional, zeroOrMore, text, data…) ·
# ("ref", name) · ("choice", kids) · ("all", kids): needs every kid (group, oneOrMore, attribute…) ·
# ("elem", local name or "", names it matches or None for any, content kids).
_Node = tuple


class _Index:
    """What the fixpoints need from one grammar, built once per grammar."""

    def __init__(self, grammar: etree._ElementTree) -> None:
        root = grammar.getroot()
        self.elements: list[tuple[str, _Node]] = []  # (local name, node) of every named element pattern
        self._element_nodes: list[etree._Element] = []
        self.defines = {d.get("name") or "": d for d in root.iter(_DEFINE)}
        self.bodies = {name: ("all", tuple(self._node(k) for k in _content(d))) for name, d in self.defines.items()}
        self.referrers: dict[str, set[str]] = {}
        for name, define in self.defines.items():
            for ref in define.iter(_REF):
                self.referrers.setdefault(ref.get("name") or "", set()).add(name)
        start = root.find(_START)
        found: set[str] = set()
        if start is not None:
            self._offered(start, found, set())
        self.start_offered = frozenset(found)
        self._offered_memo: dict[int, frozenset[str]] = {}

    def _node(self, node: etree._Element) -> _Node:
        tag = node.tag
        if tag == _NOT_ALLOWED:
            return ("na",)
        if tag == _REF:
            return ("ref", node.get("name") or "")
        kids = tuple(self._node(k) for k in _content(node))
        if tag == _ELEMENT:
            name = node.get("name")
            if name is not None:
                local = name.strip().rsplit(":", 1)[-1]
                built: _Node = ("elem", local, (local,), kids)
                self.elements.append((local, built))
                self._element_nodes.append(node)
                return built
            patterns = _patterns(node)
            names = self._class_names(patterns[0]) if patterns else None
            return ("elem", "", names, kids)
        if tag == _CHOICE:
            return ("choice", kids)
        if tag in _NEEDS_ALL or tag == f"{_R}attribute":
            return ("all", kids)
        return ("never",)

    def _class_names(self, name_class: etree._Element) -> tuple[str, ...] | None:
        if name_class.tag == f"{_R}name":
            return ((name_class.text or "").strip().rsplit(":", 1)[-1],)
        if name_class.tag == _CHOICE:
            names: list[str] = []
            for kid in _patterns(name_class):
                more = self._class_names(kid)
                if more is None:
                    return None
                names.extend(more)
            return tuple(names)
        return None  # anyName, nsName: matches whatever the names

    def not_allowed(self, node: _Node, names: frozenset[str], stubs: set[str], dead: set[str]) -> bool:
        kind = node[0]
        if kind == "never":
            return False
        if kind == "ref":
            return node[1] in dead
        if kind == "na":
            return True
        if kind == "elem":
            if node[2] is not None and not any(n in names for n in node[2]):
                return not node[1] or node[1] not in stubs
            return any(self.not_allowed(k, names, stubs, dead) for k in node[3])
        if kind == "choice":
            return bool(node[1]) and all(self.not_allowed(k, names, stubs, dead) for k in node[1])
        return any(self.not_allowed(k, names, stubs, dead) for k in node[1])

    def dead(self, names: frozenset[str], stubs: set[str]) -> set[str]:
        """The definitions that match nothing (least fixpoint, from the element patterns up)."""
        dead: set[str] = set()
        todo = list(self.bodies)
        while todo:
            name = todo.pop()
            if name in dead or not self.not_allowed(self.bodies[name], names, stubs, dead):
                continue
            dead.add(name)
            todo.extend(self.referrers.get(name, ()))
        return dead

    def offered(self, index: int) -> frozenset[str]:
        """The element names the index-th named element pattern's content offers (through refs,
        not into nested elements)."""
        if index not in self._offered_memo:
            found: set[str] = set()
            self._offered(self._element_nodes[index], found, set())
            self._offered_memo[index] = frozenset(found)
        return self._offered_memo[index]

    def _offered(self, node: etree._Element, found: set[str], seen: set[str]) -> None:
        for kid in _content(node):
            if kid.tag == _ELEMENT:
                if kid.get("name"):
                    found.add((kid.get("name") or "").strip().rsplit(":", 1)[-1])
            elif kid.tag == _REF:
                name = kid.get("name") or ""
                if name not in seen and name in self.defines:
                    seen.add(name)
                    self._offered(self.defines[name], found, seen)
            else:
                self._offered(kid, found, seen)


_INDEXES: dict[int, tuple[etree._ElementTree, _Index]] = {}


def _index(grammar: etree._ElementTree) -> _Index:
    """The grammar's _Index, built on first use (the grammar is kept with it, so its id stays its own)."""
    entry = _INDEXES.get(id(grammar))
    if entry is None or entry[0] is not grammar:
        entry = _INDEXES[id(grammar)] = (grammar, _Index(grammar))
    return entry[1]


class _Pruner:
    """One pruning of one grammar (a deep copy of it) to one set of names."""

    def __init__(self, grammar: etree._ElementTree, names: frozenset[str]) -> None:
        self.index = _index(grammar)
        self.tree = copy.deepcopy(grammar)
        self.root = self.tree.getroot()
        self.names = names
        self.defines = {d.get("name") or "": d for d in self.root.iter(_DEFINE)}
        self.dead: set[str] = set()
        self.stubs: set[str] = set()  # names not in names kept as `element name { empty }`, for messages
        self.done: dict[str, object] = {}
        self.busy: set[str] = set()

    # -- which definitions cannot match anything (least fixpoint, from the element patterns up) --

    def _not_allowed(self, node: etree._Element) -> bool:
        tag = node.tag
        if tag == _NOT_ALLOWED:
            return True
        if tag == _REF:
            return (node.get("name") or "") in self.dead
        if tag == _ELEMENT:
            if self._stub(node):
                return False
            return not _element_matches(node, self.names) or any(self._not_allowed(k) for k in _content(node))
        if tag == _CHOICE:
            kids = _content(node)
            return bool(kids) and all(self._not_allowed(k) for k in kids)
        if tag in _NEEDS_ALL or tag == f"{_R}attribute":
            return any(self._not_allowed(k) for k in _content(node))
        return False  # optional, zeroOrMore, text, data, value, empty

    def _stub(self, node: etree._Element) -> bool:
        name = node.get("name")
        return name is not None and name.strip().rsplit(":", 1)[-1] in self.stubs and \
            not _element_matches(node, self.names)

    def _mark(self) -> None:
        """The dead definitions; then, while an element pattern of a used name is dead because its
        content needs elements the documents lack, those names become stubs, so that libxml2 reports
        the missing element where it is missing (as with the full grammar), not the parent as
        unexpected. A stub never matches a document element (its name is not in names)."""
        index = self.index
        self.stubs = set(index.start_offered - self.names)  # the root's alternatives, for messages at the root
        for _ in range(8):
            self.dead = index.dead(self.names, self.stubs)
            failing = {i: index.offered(i) for i, (name, node) in enumerate(index.elements)
                       if name in self.names and index.not_allowed(node, self.names, self.stubs, self.dead)}
            failed = {index.elements[i][0] for i in failing}
            # innermost first: an element that fails only because a used child fails needs no stubs
            wanted = set().union(*(o for o in failing.values() if not o & failed)) - self.names - self.stubs
            if not wanted:  # every failing one waits on another (recursion): take all they offer
                wanted = set().union(*failing.values()) - self.names - self.stubs
            if not wanted:
                return
            self.stubs |= wanted

    # -- the rewrite: returns the simplified pattern, None (notAllowed) or _EMPTY --

    def _items(self, nodes: Iterable[etree._Element]) -> list[etree._Element] | None:
        items = [self._simplify(k) for k in list(nodes)]
        if any(i is None for i in items):
            return None
        return [i for i in items if isinstance(i, etree._Element)]

    def _simplify(self, node: etree._Element) -> etree._Element | str | None:
        tag = node.tag
        if tag == _NOT_ALLOWED:
            return None
        if tag == _EMPTY_TAG:
            return _EMPTY
        if tag == _REF:
            name = node.get("name") or ""
            if name in self.dead:
                return None
            if name in self.busy:  # recursion: the definition is being simplified, keep the ref
                return node
            if name not in self.done and name in self.defines:
                self._define(name)
            result = self.done.get(name, node)
            return result if result is None or result is _EMPTY else node
        if tag == _ELEMENT:
            if self._stub(node):
                for kid in _content(node):
                    node.remove(kid)
                node.append(etree.Element(_EMPTY_TAG))
                return node
            if not _element_matches(node, self.names):
                return None
            kids = _content(node)
            items = self._items(kids)
            if items is None:
                return None
            for kid in kids:
                if kid.getparent() is node:
                    node.remove(kid)
            node.extend(items or [etree.Element(_EMPTY_TAG)])
            return node
        if tag in (_GROUP, _INTERLEAVE):
            items = self._items(_content(node))
            if items is None:
                return None
            if not items:
                return _EMPTY
            if len(items) == 1:
                return items[0]
            wrapper = etree.Element(tag)
            wrapper.extend(items)
            return wrapper
        if tag == _CHOICE:
            results = [self._simplify(k) for k in _content(node)]
            allowed = [r for r in results if r is not None]
            if not allowed:
                return None
            rest = [r for r in allowed if isinstance(r, etree._Element)]
            if not rest:
                return _EMPTY
            if len(rest) == 1:
                alternative = rest[0]
            else:
                alternative = etree.Element(_CHOICE)
                alternative.extend(rest)
            if len(rest) < len(allowed):  # an empty branch: optional
                optional = etree.Element(_OPTIONAL)
                optional.append(alternative)
                return optional
            return alternative
        if tag in (_OPTIONAL, _ZERO) and self._unused_attributes(node):
            return _EMPTY
        if tag in (_OPTIONAL, _ZERO, _ONE):
            items = self._items(_content(node))
            if items is None:
                return None if tag == _ONE else _EMPTY
            if not items:
                return _EMPTY
            wrapper = etree.Element(tag)
            wrapper.extend(items)
            return wrapper
        return None if self._not_allowed(node) else node  # attribute, data, value, text, list

    def _unused_attributes(self, node: etree._Element) -> bool:
        """True when an optional or zeroOrMore holds only attributes whose names no document uses:
        it can then only match nothing (required attributes are kept, for their messages)."""
        if ATTRIBUTES not in self.names:
            return False
        kids = _content(node)
        return bool(kids) and all(k.tag == f"{_R}attribute" and not self._attribute_used(k) for k in kids)

    def _attribute_used(self, node: etree._Element) -> bool:
        name = node.get("name")
        if name is not None:
            return "@" + name.strip().rsplit(":", 1)[-1] in self.names
        kids = _patterns(node)
        attributes = frozenset(n[1:] for n in self.names if n.startswith("@"))
        return not kids or _name_matches(kids[0], attributes)

    def _define(self, name: str) -> None:
        self.busy.add(name)
        define = self.defines[name]
        items = self._items(_content(define))
        for kid in list(define):
            define.remove(kid)
        if items is None:
            define.append(etree.Element(_NOT_ALLOWED))
            self.done[name] = None
        elif not items:
            define.append(etree.Element(_EMPTY_TAG))
            self.done[name] = _EMPTY
        else:
            define.extend(items)
            self.done[name] = define
        self.busy.discard(name)

    def run(self) -> etree._ElementTree:
        self._mark()
        start = self.root.find(_START)
        assert start is not None
        items = self._items(_content(start))
        for kid in list(start):
            start.remove(kid)
        start.extend(items if items else [etree.Element(_NOT_ALLOWED if items is None else _EMPTY_TAG)])
        _drop_unreachable(self.root, self.defines, start)
        return self.tree


def _drop_unreachable(root: etree._Element, defines: dict[str, etree._Element], start: etree._Element | None) -> None:
    """Remove the defines no reference from start leads to (a cut leaves many behind)."""
    reachable: set[str] = set()
    todo = [start] if start is not None else []
    while todo:
        for ref in todo.pop().iter(_REF):
            name = ref.get("name") or ""
            if name not in reachable and name in defines:
                reachable.add(name)
                todo.append(defines[name])
    for name, define in defines.items():
        if name not in reachable:
            root.remove(define)


def pruned(grammar: etree._ElementTree, names: frozenset[str]) -> etree._ElementTree:
    """A copy of a flat grammar (see `prunable`) that gives the same verdict as grammar on every
    document whose element local names all lie in names."""
    return _Pruner(grammar, names).run()


def _elements(names: frozenset[str]) -> frozenset[str]:
    return frozenset(n for n in names if not n.startswith("@"))


def groups(name_sets: Iterable[frozenset[str]], cap: int = 150) -> list[frozenset[str]]:
    """Few name sets covering every given set, each (where one document allows) at most cap element
    names (attribute names do not count): documents are taken largest first and join the group they
    enlarge least. Compile time grows faster than |S|, so a few groups of ~150 names compile faster
    than one union (530 third-party files: 10 groups, 0.7 s in all, against 3.6 s for their union)."""
    found: list[frozenset[str]] = []
    elements: list[frozenset[str]] = []  # the element names of each group
    for names in sorted(set(name_sets), key=lambda s: (-len(s), sorted(s))):
        own = _elements(names)
        best: tuple[int, int] | None = None
        for index, group in enumerate(found):
            grow = len(own - elements[index])
            if not grow and within(names, group):
                best = (0, index)
                break
            if len(elements[index]) + grow <= cap and (best is None or grow < best[0]):
                best = (grow, index)
        if best is None:
            found.append(names)
            elements.append(own)
        else:
            group = found[best[1]]
            found[best[1]] = group | names if ATTRIBUTES in names or ATTRIBUTES not in group else \
                (group | names) - {ATTRIBUTES}  # one member's attributes unknown: the group's too
            elements[best[1]] = elements[best[1]] | own
    return found


def within(names: frozenset[str], group: frozenset[str]) -> bool:
    """True when a grammar cut to group gives the verdict of the whole on a document with these names:
    its names lie in group, and group cuts attributes (has ATTRIBUTES) only when the document's
    attribute names are known (a document with a DTD's default attributes has none)."""
    if ATTRIBUTES in group:
        return ATTRIBUTES in names and names <= group
    return names - {ATTRIBUTES} <= group


# --- the optional attributes an element never carries ---------------------------------------------
#
# Validating, not compiling, is what a small grammar (the project schema) costs: every element pattern
# lists its classes' optional attributes (att.global and the rest: 10 to 30), and libxml2 tries each
# one on every element, copying its validation state each time, and keeps two states (taken, not
# taken) for every one that matches. Cut to the attributes each element name carries in the documents,
# libxml2 validates the benchmark's files 3.5 times as fast (2.5 ms → 0.7 ms a file).
#
# Why the verdict and the messages stay the same on documents whose attributes lie in `used`: an
# `optional` (or `zeroOrMore`) of attributes the element never carries fails on it without a message,
# and libxml2 goes on with the state it copied before trying it, exactly as if it were absent; a
# definition left with nothing is then no reference at all. Only items libxml2 moves to the element's
# attribute list are touched (references to definitions of attributes only, optional attributes), so
# the content model and how it is checked do not change; nothing else is reordered or regrouped, and
# required attributes stay. An element none of whose attribute items would be left is kept whole
# (dropping them all would change how its content is checked).

AttributeUse = dict[str, frozenset[str]]  # element local name -> the local names of its attributes
_ATTRIBUTE = f"{_R}attribute"
_HOLDERS = frozenset({_OPTIONAL, _ZERO, _ONE, _GROUP, _CHOICE, _INTERLEAVE, _REF})


def attribute_use(tree: etree._ElementTree | etree._Element) -> AttributeUse:
    """The attribute local names each element local name carries in a parsed document."""
    found: dict[str, set[str]] = {}
    for element in tree.iter(etree.Element):
        keys = element.keys()
        if keys:
            found.setdefault(str(element.tag).rpartition("}")[2], set()).update(
                str(k).rpartition("}")[2] for k in keys)
    return {name: frozenset(keys) for name, keys in found.items()}


def covers(wider: AttributeUse, use: AttributeUse) -> bool:
    """True when every element's attributes in use lie in wider's for that element."""
    return all(keys <= wider.get(name, frozenset()) for name, keys in use.items())


def merged(one: AttributeUse, other: AttributeUse) -> AttributeUse:
    return {name: one.get(name, frozenset()) | other.get(name, frozenset()) for name in one.keys() | other.keys()}


class _AttributeCut:
    """One cut of one flat grammar (a deep copy of it) to the attributes each element name carries."""

    def __init__(self, grammar: etree._ElementTree, used: AttributeUse) -> None:
        self.tree = copy.deepcopy(grammar)
        self.root = self.tree.getroot()
        self.used = used
        self.defines = {d.get("name") or "": d for d in self.root.iter(_DEFINE)}
        self._only: dict[str, bool] = {}
        self._names: dict[str, frozenset[str]] = {}
        self._copies: dict[tuple[str, frozenset[str]], str | None] = {}

    def attributes_only(self, name: str) -> bool:
        """True when the definition holds attributes and nothing else (libxml2 then moves a reference
        to it from an element's content to the element's attribute list)."""
        if name not in self._only:
            self._only[name] = False  # a recursive definition is not one of attributes
            define = self.defines.get(name)
            self._only[name] = define is not None and bool(_patterns(define)) and \
                all(self._holds_attributes(k) for k in _patterns(define))
        return self._only[name]

    def _holds_attributes(self, node: etree._Element) -> bool:
        if node.tag == _ATTRIBUTE:
            return True
        if node.tag == _REF:
            return self.attributes_only(node.get("name") or "")
        kids = _patterns(node)
        return node.tag in _HOLDERS and bool(kids) and all(self._holds_attributes(k) for k in kids)

    def names(self, name: str) -> frozenset[str]:
        """The local names of the named attributes a definition can reach."""
        if name not in self._names:
            self._names[name] = frozenset()
            found: set[str] = set()
            for node in self.defines[name].iter(_ATTRIBUTE, _REF):
                if node.tag == _REF:
                    found |= self.names(node.get("name") or "") if (node.get("name") or "") in self.defines else set()
                elif node.get("name"):
                    found.add((node.get("name") or "").strip().rsplit(":", 1)[-1])
            self._names[name] = frozenset(found)
        return self._names[name]

    @staticmethod
    def _never(node: etree._Element, keys: frozenset[str]) -> bool:
        """An optional or zeroOrMore of named attributes none of which the element carries."""
        kids = _patterns(node)
        return node.tag in (_OPTIONAL, _ZERO) and bool(kids) and all(
            k.tag == _ATTRIBUTE and k.get("name") and (k.get("name") or "").strip().rsplit(":", 1)[-1] not in keys
            for k in kids)

    def _kept(self, items: list[etree._Element], keys: frozenset[str]) -> list[etree._Element] | None:
        """items (children of an element or of a definition of attributes) without what can never match;
        references to definitions of attributes point to their cut copies. None: nothing changes."""
        kept = []
        changed = False
        for item in items:
            if item.tag == _REF and self.attributes_only(item.get("name") or ""):
                name = self._copy(item.get("name") or "", keys)
                if name != item.get("name"):
                    changed = True
                    if name is None:
                        continue
                    item = copy.copy(item)
                    item.set("name", name)
            elif self._never(item, keys):
                changed = True
                continue
            elif item.tag == _GROUP and self._holds_attributes(item):
                inner = self._kept(_patterns(item), keys)
                if inner is not None:
                    changed = True
                    if not inner:
                        continue
                    if len(inner) == 1:  # never a group of one (libxml2 does not finish compiling some)
                        item = inner[0]
                    else:
                        item = etree.Element(_GROUP)
                        item.extend(copy.deepcopy(k) if k.getparent() is not None else k for k in inner)
            kept.append(item)
        return kept if changed else None

    def _copy(self, name: str, keys: frozenset[str]) -> str | None:
        """The name of a copy of the definition of attributes without those outside keys (name itself
        when it keeps them all; None when none is left)."""
        keys = keys & self.names(name)
        if (name, keys) not in self._copies:
            self._copies[(name, keys)] = name  # while copying: a recursive reference keeps the original
            define = self.defines[name]
            kept = self._kept(_patterns(define), keys)
            result: str | None = name
            if kept is not None:
                result = None
                if len(kept) == 1 and kept[0].tag == _REF:  # a reference to a reference: the inner one
                    result = kept[0].get("name")
                elif kept:
                    result = f"{name}.cut{len(self._copies)}"
                    while result in self.defines:
                        result += "_"
                    clone = etree.SubElement(self.root, _DEFINE, name=result)
                    clone.extend(copy.deepcopy(k) if k.getparent() is not None else k for k in kept)
                    self.defines[result] = clone
            self._copies[(name, keys)] = result
        return self._copies[(name, keys)]

    def _optionals(self, item: etree._Element) -> list[etree._Element] | None:
        """The optional attributes an item of attributes comes to when it is nothing else (through
        references and groups), in order; None when it holds anything else (a required attribute…)."""
        kids: list[etree._Element] | None
        if item.tag == _OPTIONAL:
            kids = _patterns(item)
            return [item] if len(kids) == 1 and kids[0].tag == _ATTRIBUTE else None
        if item.tag == _REF:
            define = self.defines.get(item.get("name") or "")
            kids = _patterns(define) if define is not None and self.attributes_only(item.get("name") or "") else None
        else:
            kids = _patterns(item) if item.tag == _GROUP else None
        if kids is None:
            return None
        found: list[etree._Element] = []
        for kid in kids:
            more = self._optionals(kid)
            if more is None:
                return None
            found += more
        return found

    def _flattened(self, items: list[etree._Element]) -> list[etree._Element]:
        """An element's items with each reference to (or group of) optional attributes only replaced by
        those optional attributes: libxml2 then tries each directly, without going through the
        references (10 % of the validation time). They can only ever match their own attribute and
        never fail the element, so the order libxml2 tries them in changes no verdict or message."""
        result = []
        for item in items:
            found = self._optionals(item) if item.tag in (_REF, _GROUP) else None
            result += [copy.deepcopy(o) for o in found] if found else [item]
        return result

    def run(self) -> etree._ElementTree:
        for element in list(self.root.iter(_ELEMENT)):
            name = element.get("name")
            if name is None:
                continue
            keys = self.used.get(name.strip().rsplit(":", 1)[-1], frozenset())
            items = _patterns(element)
            kept = self._kept(items, keys)
            if not kept:  # nothing changes, or nothing would be left: the element stays whole
                continue
            kept = self._flattened(kept)
            for item in items:
                if item.getparent() is element:
                    element.remove(item)
            element.extend(kept)
        _drop_unreachable(self.root, self.defines, self.root.find(_START))
        return self.tree


def attributes_cut(grammar: etree._ElementTree, used: AttributeUse) -> etree._ElementTree:
    """A copy of a flat grammar (see `prunable`) without the optional attributes each element pattern
    allows but no element of that name carries in used: the same verdict and messages as grammar on
    every document whose attributes lie in used (see above)."""
    return _AttributeCut(grammar, used).run()


# --- value patterns every value of the document matches -------------------------------------------
#
# tei_all's data types carry XSD patterns (teidata.enumerated: `[^\p{C}\p{Z}]+`, teidata.pointer and
# others: `\S+`), and libxml2 compiles a pattern's regular expression anew for every value it checks:
# 70 % of the time a group of tei_all takes to validate tei encode's files. Every non-empty run of
# printable ASCII without spaces matches both, so on a document whose values checked against them are
# such runs, each check passes, and the grammar without them gives the same verdict and messages.
# `patterns_cut` drops them and says which attributes (element, attribute local names) reach one:
# as a whole value, or (in a list) token by token; `values_fit` is the document's side.

PRINTABLE_PATTERNS = frozenset({r"[^\p{C}\p{Z}]+", r"\S+"})
_WHOLE_RE = re.compile(r"[!-~]+")  # one token of printable ASCII (fullmatch)
_TOKENS_RE = re.compile(r"[!-~ \t\n\r]*")  # tokens of it between XML whitespace (fullmatch)
_PARAM, _LIST = f"{_R}param", f"{_R}list"


class Patterned(NamedTuple):
    """The (element, attribute) local names whose values reach a dropped pattern: whole, or by token."""

    whole: frozenset[tuple[str, str]]
    tokens: frozenset[tuple[str, str]]


class _PatternCut:
    def __init__(self, grammar: etree._ElementTree) -> None:
        self.tree = copy.deepcopy(grammar)
        self.defines = {d.get("name") or "": d for d in self.tree.getroot().iter(_DEFINE)}

    @staticmethod
    def _droppable(node: etree._Element) -> bool:
        return node.tag == _PARAM and node.get("name") == "pattern" and (node.text or "") in PRINTABLE_PATTERNS

    def _value(self, node: etree._Element, listed: bool, found: set[bool], seen: set[tuple[str, bool]]) -> None:
        """Whether a value pattern reaches a droppable pattern (found gets `listed` for each way)."""
        for kid in _patterns(node):
            if self._droppable(kid):
                found.add(listed)
            elif kid.tag == _REF:
                name = kid.get("name") or ""
                if (name, listed) not in seen and name in self.defines:
                    seen.add((name, listed))
                    self._value(self.defines[name], listed, found, seen)
            elif kid.tag != _ELEMENT:
                self._value(kid, listed or kid.tag == _LIST, found, seen)

    def _content(self, node: etree._Element, element: str, whole: set[tuple[str, str]],
                 tokens: set[tuple[str, str]], seen: set[str]) -> bool:
        """Walk an element's content (through refs, not into nested elements), recording its attributes
        that reach a droppable pattern; False when one cannot be named or the content itself reaches one."""
        for kid in _content(node):
            if kid.tag == _ELEMENT:
                continue
            if kid.tag == _REF:
                name = kid.get("name") or ""
                if name not in seen and name in self.defines:
                    seen.add(name)
                    if not self._content(self.defines[name], element, whole, tokens, seen):
                        return False
            elif kid.tag == f"{_R}attribute":
                found: set[bool] = set()
                self._value(kid, False, found, set())
                if found:
                    attribute = kid.get("name")
                    if attribute is None or not element:
                        return False
                    key = (element, attribute.strip().rsplit(":", 1)[-1])
                    if False in found:
                        whole.add(key)
                    if True in found:
                        tokens.add(key)
            elif self._droppable(kid):
                return False
            elif not self._content(kid, element, whole, tokens, seen):
                return False
        return True

    def run(self) -> tuple[etree._ElementTree, Patterned] | None:
        whole: set[tuple[str, str]] = set()
        tokens: set[tuple[str, str]] = set()
        for element in self.tree.getroot().iter(_ELEMENT):
            name = element.get("name")
            local = name.strip().rsplit(":", 1)[-1] if name is not None else ""
            if not self._content(element, local, whole, tokens, set()):
                return None
        for param in [p for p in self.tree.getroot().iter(_PARAM) if self._droppable(p)]:
            parent = param.getparent()
            if parent is not None:
                parent.remove(param)
        return self.tree, Patterned(frozenset(whole), frozenset(tokens))


def patterns_cut(grammar: etree._ElementTree) -> tuple[etree._ElementTree, Patterned] | None:
    """A copy of a flat grammar without its PRINTABLE_PATTERNS, and the attributes that reached one;
    None when one is reached from an element's content or by an attribute whose name is not given."""
    return _PatternCut(grammar).run()


@functools.lru_cache(maxsize=32)
def _checks(patterned: Patterned) -> tuple[tuple[str, ...], dict[str, dict[str, re.Pattern[str]]]]:
    """The element tags to look at ("{*}local") and, by element local name, each attribute local name's
    test (fullmatch)."""
    tests: dict[str, dict[str, re.Pattern[str]]] = {}
    for element, attribute in patterned.tokens:
        tests.setdefault(element, {})[attribute] = _TOKENS_RE
    for element, attribute in patterned.whole:  # a value checked whole and by token: whole is stricter
        tests.setdefault(element, {})[attribute] = _WHOLE_RE
    return tuple(f"{{*}}{name}" for name in sorted(tests)), tests


# In a file's bytes: an attribute value as written that is not one run of printable ASCII without `&`
# (anchored on the `=`: a literal, searched fast); the attribute's name before it; a value whose
# characters are printable ASCII or XML whitespace (tokens of it).
_UNUSUAL_VALUE_RE = re.compile(rb"""=[ \t\r\n]*(?:"(?![!#-%'-~]+")|'(?![!-%(-~]+'))""")
_NAME_BEFORE_RE = re.compile(rb"(?:^|[^\w.:\x80-\xff-])(?:[\w.\x80-\xff-]+:)?([\w.\x80-\xff-]+)[ \t\r\n]*\Z")
_TOKENS_VALUE_RE = re.compile(rb"""(?:"[!#-%'-~ \t\r\n]*"|'[!-%(-~ \t\r\n]*')""")


def values_fit(tree: etree._ElementTree | etree._Element, patterned: Patterned, data: bytes | None = None) -> bool:
    """True when every value the dropped patterns would check is printable ASCII without spaces (a list's
    tokens, one by one): the grammar without them then gives the verdict and messages of the one with.
    From data (the document's bytes) when they are UTF-8 without a DTD (so every attribute is written
    `name="value"` and a reference shows as `&`): each unusual value is looked at, by attribute name
    whatever the element (more than needed); else from the tree."""
    if not patterned.whole and not patterned.tokens:
        return True
    if data is not None and _utf8(data) and b"<!DOCTYPE" not in data:
        whole, tokens = _names(patterned)
        for found in _UNUSUAL_VALUE_RE.finditer(data):
            name = _NAME_BEFORE_RE.search(data, max(0, found.start() - 200), found.start())
            if name is None or name.group(1) in whole:
                return False
            if name.group(1) in tokens and not _TOKENS_VALUE_RE.match(data, found.end() - 1):
                return False
        return True
    tags, tests = _checks(patterned)
    for element in tree.iter(*tags):
        if not element.attrib:
            continue
        wanted = tests[str(element.tag).rpartition("}")[2]]
        for key, value in element.items():
            test = wanted.get(str(key).rpartition("}")[2])
            if test is not None and not test.fullmatch(str(value)):
                return False
    return True


@functools.lru_cache(maxsize=32)
def _names(patterned: Patterned) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """The attribute local names of patterned (whole, tokens), as UTF-8."""
    return (frozenset(a.encode() for _, a in patterned.whole), frozenset(a.encode() for _, a in patterned.tokens))
