"""Which child elements a RELAX NG content model allows at one position, as jing says it.

libxml2 reports "Did not expect element X there" and names nothing else. To say what was expected
*there* (not everything the parent may hold somewhere), the parent's content model is read from the
schema and its derivative (Brzozowski) is taken by the element children before the offending one;
the names that can come next, and whether the parent may end, are what the message lists.

Only element children are tokens: text, attributes and data patterns count as empty, and a child
element is matched by its name alone (its own content is libxml2's business). The grammar's
recursion always passes through an element, which is a token here, so expanding refs terminates.
Anything this reading does not understand (externalRef, nested grammars) gives None: the caller
falls back to the parent's whole vocabulary.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG_NS}}}"

# A pattern is a hashable tuple: ("empty",), ("none",), ("el", name), ("ref", name),
# ("choice", a, b), ("group", a, b), ("interleave", a, b), ("more", a) (oneOrMore).
Pattern = tuple
EMPTY: Pattern = ("empty",)
NONE: Pattern = ("none",)
ANY_NAME = "*"

# Patterns that match no element token: for the child sequence they are empty.
_EMPTY_TAGS = frozenset(f"{_R}{t}" for t in ("text", "attribute", "data", "value", "list", "empty"))


class Unsupported(Exception):
    """The schema uses a construct this reading does not model."""


def _choice(a: Pattern, b: Pattern) -> Pattern:
    if a == NONE:
        return b
    if b == NONE or a == b:
        return a
    return ("choice", a, b)


def _sequence(kind: str, a: Pattern, b: Pattern) -> Pattern:
    """A group or an interleave of a and b: both must match, so one that matches nothing makes
    the whole match nothing, and an empty one drops out."""
    if a == NONE or b == NONE:
        return NONE
    if a == EMPTY:
        return b
    if b == EMPTY:
        return a
    return (kind, a, b)


def _group(a: Pattern, b: Pattern) -> Pattern:
    return _sequence("group", a, b)


def _interleave(a: Pattern, b: Pattern) -> Pattern:
    return _sequence("interleave", a, b)


def _fold(make, patterns: Iterable[Pattern], start: Pattern) -> Pattern:  # type: ignore[no-untyped-def]
    result = None
    for pattern in patterns:
        result = pattern if result is None else make(result, pattern)
    return start if result is None else result


class ContentModels:
    """The content models of a schema's elements, by local name, as patterns over child names."""

    def __init__(self, root: etree._Element) -> None:
        self._defines: dict[str, list[etree._Element]] = {}
        self._elements: dict[str, list[etree._Element]] = {}
        for define in root.iter(f"{_R}define"):
            self._defines.setdefault(define.get("name") or "", []).append(define)
        for element in root.iter(f"{_R}element"):
            name = element.get("name")
            if name:
                self._elements.setdefault(name.rsplit(":", 1)[-1].strip(), []).append(element)
        self._refs: dict[str, Pattern] = {}
        self.deriv = functools.lru_cache(maxsize=65536)(self._deriv)
        self.nullable = functools.lru_cache(maxsize=65536)(self._nullable)

    # -- reading the schema ------------------------------------------------------------------
    def content(self, name: str) -> Pattern | None:
        """The content model of elements called name (a choice when the schema has several)."""
        patterns = self._elements.get(name)
        if not patterns:
            return None
        try:
            return _fold(_choice, (self._children(p, skip_name=p.get("name") is None) for p in patterns), NONE)
        except Unsupported:
            return None

    def _children(self, node: etree._Element, skip_name: bool = False) -> Pattern:
        parts = [child for child in node if isinstance(child.tag, str) and child.tag.startswith(_R)]
        if skip_name and parts:
            parts = parts[1:]  # the name class of an element without @name
        return _fold(_group, (self._pattern(child) for child in parts), EMPTY)

    def _pattern(self, node: etree._Element) -> Pattern:
        tag = node.tag
        if tag in _EMPTY_TAGS:
            return EMPTY
        if tag == f"{_R}notAllowed":
            return NONE
        if tag == f"{_R}element":
            name = node.get("name")
            return ("el", name.rsplit(":", 1)[-1].strip() if name else ANY_NAME)
        if tag == f"{_R}ref":
            return ("ref", node.get("name") or "")
        inner = self._children(node)
        if tag in (f"{_R}group", f"{_R}mixed", f"{_R}div"):
            return inner
        if tag == f"{_R}choice":
            parts = [self._pattern(c) for c in node if isinstance(c.tag, str) and c.tag.startswith(_R)]
            return _fold(_choice, parts, NONE)
        if tag == f"{_R}interleave":
            parts = [self._pattern(c) for c in node if isinstance(c.tag, str) and c.tag.startswith(_R)]
            return _fold(_interleave, parts, EMPTY)
        if tag == f"{_R}optional":
            return _choice(inner, EMPTY)
        if tag == f"{_R}zeroOrMore":
            return _choice(("more", inner), EMPTY) if inner not in (EMPTY, NONE) else EMPTY
        if tag == f"{_R}oneOrMore":
            return ("more", inner) if inner not in (EMPTY, NONE) else inner
        raise Unsupported(tag)

    def _ref(self, name: str) -> Pattern:
        if name not in self._refs:
            defines = self._defines.get(name)
            if not defines:
                raise Unsupported(f"ref {name}")
            self._refs[name] = NONE  # a guard; real recursion passes through an element
            combine = next((d.get("combine") for d in defines if d.get("combine")), "choice")
            make = _interleave if combine == "interleave" else _choice
            self._refs[name] = _fold(make, (self._children(d) for d in defines), NONE)
        return self._refs[name]

    # -- derivatives ---------------------------------------------------------------------------
    def _nullable(self, p: Pattern) -> bool:
        kind = p[0]
        if kind == "empty":
            return True
        if kind in ("none", "el"):
            return False
        if kind == "ref":
            return self.nullable(self._ref(p[1]))
        if kind == "choice":
            return self.nullable(p[1]) or self.nullable(p[2])
        if kind in ("group", "interleave"):
            return self.nullable(p[1]) and self.nullable(p[2])
        return self.nullable(p[1])  # more

    def _deriv(self, p: Pattern, name: str) -> Pattern:
        kind = p[0]
        if kind in ("empty", "none"):
            return NONE
        if kind == "el":
            return EMPTY if p[1] in (name, ANY_NAME) else NONE
        if kind == "ref":
            return self.deriv(self._ref(p[1]), name)
        if kind == "choice":
            return _choice(self.deriv(p[1], name), self.deriv(p[2], name))
        if kind == "group":
            first = _group(self.deriv(p[1], name), p[2])
            return _choice(first, self.deriv(p[2], name)) if self.nullable(p[1]) else first
        if kind == "interleave":
            return _choice(_interleave(self.deriv(p[1], name), p[2]), _interleave(p[1], self.deriv(p[2], name)))
        return _group(self.deriv(p[1], name), _choice(p, EMPTY))  # more

    def firsts(self, p: Pattern) -> set[str]:
        """The element names that can come next (ANY_NAME for a wildcard)."""
        names: set[str] = set()
        stack, seen = [p], set()
        while stack:
            q = stack.pop()
            if q in seen:
                continue
            seen.add(q)
            kind = q[0]
            if kind == "el":
                names.add(q[1])
            elif kind == "ref":
                stack.append(self._ref(q[1]))
            elif kind in ("choice", "interleave"):
                stack.extend((q[1], q[2]))
            elif kind == "group":
                stack.append(q[1])
                if self.nullable(q[1]):
                    stack.append(q[2])
            elif kind == "more":
                stack.append(q[1])
        return names

    def expected_after(self, parent: str, before: list[str]) -> tuple[list[str], bool] | None:
        """(names allowed after the children `before` of a `parent` element, whether it may end
        there); None when the model is unknown or the children before are already wrong."""
        p = self.content(parent)
        if p is None:
            return None
        try:
            for name in before:
                p = self.deriv(p, name)
                if p == NONE:
                    return None
            return sorted(self.firsts(p), key=str.lower), self.nullable(p)
        except (Unsupported, RecursionError):
            return None
