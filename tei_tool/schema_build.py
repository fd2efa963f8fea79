"""Derive schemas/tei-archival.rng from the ODD (schemas/tei-archival.odd) and the official tei_all.rng.

    python -m tei_tool.schema_build [--tei-all ../shared/tei/tei_all.rng] [--check]

No TEI Stylesheets or Java (and so no network) are needed: the ODD drives a pruning of the official
grammar. Every step only removes or narrows, so the result is a subset of TEI P5 by construction:

1. the ODD's moduleRef/@include lists name the elements kept; every reference to any other element
   becomes <notAllowed/>;
2. an attDef with a closed valList replaces that attribute's value pattern by a choice of the listed
   values: on one element for an elementSpec (the class attribute is copied into the element first),
   on every element for a classSpec. Each value is first checked against the original datatype, so a
   value TEI would reject is an error, never an extension;
3. RELAX NG's own notAllowed rules are applied (a choice loses the branch, a group/element needing it
   becomes notAllowed), definitions nothing reaches from start are dropped, and annotations
   (documentation, embedded Schematron) are stripped.

The output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"
R = f"{{{RNG_NS}}}"
NS = {"t": TEI_NS}
ROOT = Path(__file__).resolve().parent.parent
ODD = ROOT / "schemas" / "tei-archival.odd"
OUTPUT = ROOT / "schemas" / "tei-archival.rng"
TEI_ALL = ROOT.parent / "shared" / "tei" / "tei_all.rng"
PREFIX = "tei_"
NAME_CLASSES = frozenset(f"{R}{tag}" for tag in ("name", "anyName", "nsName", "except"))
# Patterns that match nothing as soon as one of their (content) children matches nothing.
NEEDS_ALL = frozenset(f"{R}{tag}" for tag in
                      ("group", "interleave", "oneOrMore", "list", "mixed", "attribute", "element", "define"))
HEADER = (" tei-archival.rng: GENERATED, do not edit. Regenerate it with\n"
          "     .venv/bin/python -m tei_tool.schema_build\n"
          "   (its help gives the options, e.g. another path to tei_all.rng) from schemas/tei-archival.odd and\n"
          "   the official TEI P5 tei_all.rng ({version}). A strict subset of TEI P5: elements the ODD does not\n"
          "   include are removed and closed value lists narrow attribute values; see schemas/README.md.\n"
          "   TEI material: CC-BY and BSD-2 (TEI Consortium). ")


class BuildError(Exception):
    """The ODD asks for something the derivation cannot do without leaving tei_all's language."""


@dataclass
class Customisation:
    """What the ODD says, reduced to what the derivation needs."""

    elements: set[str] = field(default_factory=set)
    # (element, attribute) -> closed values, from elementSpec/attList
    element_values: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # (class, attribute) -> closed values, from classSpec/attList
    class_values: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    start: str = "TEI"


def read_odd(odd: Path) -> Customisation:
    """Read the schemaSpec: kept elements (moduleRef/@include minus deleted elementSpecs) and closed lists."""
    tree = etree.parse(str(odd))
    spec = tree.find(".//t:schemaSpec", NS)
    if spec is None:
        raise BuildError(f"{odd}: no schemaSpec")
    custom = Customisation(start=spec.get("start", "TEI"))
    for module in spec.iterfind("t:moduleRef", NS):
        include = module.get("include")
        if include is None:
            if module.get("key") == "tei":  # classes and macros only, no elements
                continue
            raise BuildError(f"moduleRef key={module.get('key')!r}: list its elements in @include "
                             "(tei_all.rng does not record which module an element belongs to)")
        custom.elements.update(include.split())
    for element_spec in spec.iterfind("t:elementSpec", NS):
        ident = element_spec.get("ident") or ""
        if element_spec.get("mode") == "delete":
            custom.elements.discard(ident)
            continue
        if ident not in custom.elements:
            raise BuildError(f"elementSpec {ident!r} changes an element no moduleRef includes")
        custom.element_values.update({(ident, a): v for a, v in _closed_lists(element_spec).items()})
    for class_spec in spec.iterfind("t:classSpec", NS):
        ident = class_spec.get("ident") or ""
        custom.class_values.update({(ident, a): v for a, v in _closed_lists(class_spec).items()})
    return custom


def _closed_lists(spec: etree._Element) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for att in spec.iterfind("t:attList/t:attDef", NS):
        values = [item.get("ident") or "" for item in att.iterfind("t:valList[@type='closed']/t:valItem", NS)]
        if values:
            lists[att.get("ident") or ""] = values
    return lists


def _strip_annotations(grammar: etree._Element) -> None:
    """Foreign elements (documentation, Schematron) and comments mean nothing to RELAX NG validation."""
    for node in list(grammar.iter()):
        if node is grammar or node.getparent() is None:
            continue
        if not isinstance(node.tag, str) or not node.tag.startswith(R):
            node.getparent().remove(node)  # type: ignore[union-attr]
    for node in grammar.iter():
        for name in [n for n in map(str, node.attrib) if n.startswith("{")]:
            del node.attrib[name]  # foreign attributes: a:defaultValue and the like


def _defines(grammar: etree._Element) -> dict[str, etree._Element]:
    return {d.get("name") or "": d for d in grammar.iterfind(f"{R}define")}


def _element_defines(defines: dict[str, etree._Element]) -> dict[str, str]:
    """TEI element name -> name of the define that holds it (tei_all keeps one element per define)."""
    found: dict[str, str] = {}
    for name, define in defines.items():
        element = define.find(f"{R}element")
        if element is not None and element.get("name"):  # TEI namespace, or Examples for egXML
            found[element.get("name") or ""] = name
    return found


def _content(node: etree._Element) -> list[etree._Element]:
    return [c for c in node if c.tag not in NAME_CLASSES]


def _replace(old: etree._Element, new: etree._Element) -> etree._Element:
    parent = old.getparent()
    assert parent is not None
    parent.replace(old, new)
    return new


def _attribute_names(define: str, defines: dict[str, etree._Element], memo: dict[str, set[str]]) -> set[str]:
    """Names of the attributes a tei_att.* define declares, directly or through other att.* defines."""
    if define in memo:
        return memo[define]
    memo[define] = set()
    names = {a.get("name") or "" for a in defines[define].iter(f"{R}attribute")}
    for ref in defines[define].iter(f"{R}ref"):
        target = ref.get("name") or ""
        if target.startswith(f"{PREFIX}att.") and target in defines:
            names |= _attribute_names(target, defines, memo)
    memo[define] = names
    return names


def _localise(pattern: etree._Element, attribute: str, defines: dict[str, etree._Element],
              memo: dict[str, set[str]]) -> list[etree._Element]:
    """The <attribute> nodes for `attribute` in this element, class definitions copied in on the way.

    Copying a define's body in place of its reference changes nothing the grammar accepts; it only
    lets the next step narrow the attribute on this element without touching the class."""
    found = [a for a in pattern.iter(f"{R}attribute") if a.get("name") == attribute]
    for ref in list(pattern.iter(f"{R}ref")):
        target = ref.get("name") or ""
        if target.startswith(f"{PREFIX}att.") and attribute in _attribute_names(target, defines, memo):
            group = _replace(ref, etree.Element(f"{R}group"))
            group.extend(copy.deepcopy(child) for child in defines[target])
            found += _localise(group, attribute, defines, memo)
    return found


def _narrow(attributes: list[etree._Element], values: list[str], checks: list[tuple[etree._Element, str]]) -> None:
    """Replace each attribute's value pattern by a choice of `values`, remembering the originals to check."""
    for attribute in attributes:
        original = etree.Element(f"{R}attribute", name="a")
        choice = etree.Element(f"{R}choice")
        for child in _content(attribute):
            original.append(child)  # moves it out of the grammar
        if not len(original):
            original.append(etree.Element(f"{R}text"))  # <attribute name="x"/> means any text
        for value in values:
            etree.SubElement(choice, f"{R}value").text = value
            checks.append((original, value))
        attribute.append(choice)


def _check_values(checks: list[tuple[etree._Element, str]], defines: dict[str, etree._Element]) -> None:
    """Every narrowed value must be one tei_all already accepts for that attribute: one small grammar."""
    if not checks:
        return
    grammar = etree.Element(f"{R}grammar", datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes")
    start = etree.SubElement(etree.SubElement(grammar, f"{R}start"), f"{R}element", name="check")
    cases = etree.SubElement(etree.SubElement(start, f"{R}zeroOrMore"), f"{R}choice")
    originals: list[etree._Element] = []
    for original, _ in checks:
        if not any(original is o for o in originals):
            originals.append(original)
            etree.SubElement(cases, f"{R}element", name=f"v{len(originals) - 1}").append(copy.deepcopy(original))
    needed: list[str] = []
    stack = [ref.get("name") or "" for o in originals for ref in o.iter(f"{R}ref")]
    while stack:
        name = stack.pop()
        if name not in needed:
            needed.append(name)
            stack += [ref.get("name") or "" for ref in defines[name].iter(f"{R}ref")]
    for name in sorted(needed):
        grammar.append(copy.deepcopy(defines[name]))
    schema = etree.RelaxNG(grammar)
    for original, value in checks:
        index = next(i for i, o in enumerate(originals) if o is original)
        document = etree.Element("check")
        etree.SubElement(document, f"v{index}", a=value)
        if not schema.validate(document):
            raise BuildError(f"value {value!r} is not allowed by tei_all for this attribute "
                             f"({schema.error_log.last_error}); the ODD may only narrow TEI")


def _dead(defines: dict[str, etree._Element]) -> set[str]:
    """Defines that can match nothing, given the notAllowed already in place (a sound fixpoint)."""
    dead: set[str] = set()

    def empty_language(node: etree._Element) -> bool:
        tag = node.tag
        if tag == f"{R}notAllowed":
            return True
        if tag == f"{R}ref":
            return (node.get("name") or "") in dead
        if tag == f"{R}choice":
            return all(empty_language(c) for c in node)
        if tag in NEEDS_ALL:
            return any(empty_language(c) for c in _content(node))
        return False  # zeroOrMore, optional, text, empty, data, value

    changed = True
    while changed:
        changed = False
        for name, define in defines.items():
            if name not in dead and empty_language(define):
                dead.add(name)
                changed = True
    return dead


def _simplify(node: etree._Element, dead: set[str]) -> etree._Element:
    """Bottom-up notAllowed/empty simplification (RELAX NG spec 4.20); returns the node now in its place."""
    for child in list(node):
        _simplify(child, dead)
    tag = node.tag
    content = _content(node)
    not_allowed = [c for c in content if c.tag == f"{R}notAllowed"]
    if tag == f"{R}ref" and (node.get("name") or "") in dead:
        return _replace(node, etree.Element(f"{R}notAllowed"))
    if tag == f"{R}choice":
        for child in not_allowed:
            node.remove(child)
        if not len(node):
            return _replace(node, etree.Element(f"{R}notAllowed"))
        if len(node) == 1:
            return _replace(node, node[0])
        return node
    if tag in NEEDS_ALL and not_allowed and tag != f"{R}define":
        return _replace(node, etree.Element(f"{R}notAllowed"))
    if tag in (f"{R}zeroOrMore", f"{R}optional"):
        if not_allowed or all(c.tag == f"{R}empty" for c in content):
            return _replace(node, etree.Element(f"{R}empty"))
    if tag in (f"{R}group", f"{R}interleave", f"{R}oneOrMore"):
        empties = [c for c in content if c.tag == f"{R}empty"]
        if len(empties) == len(content):
            return _replace(node, etree.Element(f"{R}empty"))
        for child in empties:
            node.remove(child)
        if len(node) == 1 and tag != f"{R}oneOrMore":
            return _replace(node, node[0])
    return node


def _drop_unreachable(grammar: etree._Element) -> None:
    defines = _defines(grammar)
    start = grammar.find(f"{R}start")
    assert start is not None
    reachable: set[str] = set()
    stack = [start]
    while stack:
        for ref in stack.pop().iter(f"{R}ref"):
            name = ref.get("name") or ""
            if name not in reachable:
                reachable.add(name)
                stack.append(defines[name])
    for name, define in defines.items():
        if name not in reachable:
            grammar.remove(define)


def derive(odd: Path, tei_all: Path) -> bytes:
    """The project grammar as bytes (see the module docstring for the steps)."""
    custom = read_odd(odd)
    tree = etree.parse(str(tei_all))
    grammar = tree.getroot()
    version = next((" ".join(m.group(0).split()) for c in grammar.iter(etree.Comment)
                    if (m := re.search(r"P5 Version\s+[0-9.]*[0-9]", c.text or ""))), "version unknown")
    _strip_annotations(grammar)
    defines = _defines(grammar)
    elements = _element_defines(defines)
    unknown = sorted(custom.elements - set(elements))
    if unknown:
        raise BuildError(f"the ODD includes elements tei_all does not define: {', '.join(unknown)}")
    if custom.start not in custom.elements:
        raise BuildError(f"start element {custom.start!r} is not included")
    start = grammar.find(f"{R}start")
    assert start is not None
    for child in list(start):
        start.remove(child)
    etree.SubElement(start, f"{R}ref", name=elements[custom.start])

    removed = {define for name, define in elements.items() if name not in custom.elements}
    for ref in list(grammar.iter(f"{R}ref")):
        if ref.get("name") in removed:
            _replace(ref, etree.Element(f"{R}notAllowed"))
    for name in sorted(removed):
        grammar.remove(defines.pop(name))

    checks: list[tuple[etree._Element, str]] = []
    memo: dict[str, set[str]] = {}
    # Elements first: their copies of class attributes must start from TEI's value patterns.
    for (element, attribute), values in sorted(custom.element_values.items()):
        pattern = defines[elements[element]].find(f"{R}element")
        assert pattern is not None
        found = _localise(pattern, attribute, defines, memo)
        if not found:
            raise BuildError(f"{element}/@{attribute}: tei_all gives {element} no such attribute")
        _narrow(found, values, checks)
    for (class_name, attribute), values in sorted(custom.class_values.items()):
        target = defines.get(f"{PREFIX}{class_name}.attribute.{attribute}")
        if target is None:
            raise BuildError(f"classSpec {class_name}/@{attribute}: tei_all has no such class attribute")
        _narrow([a for a in target.iter(f"{R}attribute") if a.get("name") == attribute], values, checks)
    _check_values(checks, defines)

    dead = _dead(defines)
    _simplify(grammar, dead)
    _drop_unreachable(grammar)
    etree.cleanup_namespaces(grammar)
    clean = _rebuilt(grammar, None)
    etree.indent(clean, space=" ")
    body = etree.tostring(clean, encoding="unicode")
    comment = "<!--" + HEADER.format(version=version) + "-->"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{comment}\n{body}\n'.encode()


def _rebuilt(node: etree._Element, parent: etree._Element | None) -> etree._Element:
    """A clean copy: one default namespace declaration, no stray prefixes or whitespace."""
    attrib = {str(k): str(v) for k, v in node.attrib.items()}
    if parent is None:
        copy_ = etree.Element(node.tag, attrib, nsmap={None: RNG_NS})  # type: ignore[dict-item]
    else:
        copy_ = etree.SubElement(parent, node.tag, attrib)
    if not len(node) and node.text:
        copy_.text = node.text
    for child in node:
        _rebuilt(child, copy_)
    return copy_


def main(argv: list[str] | None = None) -> int:
    """Write schemas/tei-archival.rng, or with --check fail when the committed one is stale."""
    parser = argparse.ArgumentParser(prog="python -m tei_tool.schema_build",
                                     description="Derive schemas/tei-archival.rng from the ODD and tei_all.rng.")
    parser.add_argument("--tei-all", type=Path, default=TEI_ALL, help=f"the official tei_all.rng ({TEI_ALL})")
    parser.add_argument("--odd", type=Path, default=ODD, help=f"the ODD customisation ({ODD})")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write ({OUTPUT})")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the output is stale")
    args = parser.parse_args(argv)
    if not args.tei_all.is_file():
        sys.stderr.write(f"error: {args.tei_all} not found (give --tei-all PATH)\n")
        return 2
    try:
        data = derive(args.odd, args.tei_all)
    except BuildError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    if args.check:
        if not args.output.is_file() or args.output.read_bytes() != data:
            sys.stderr.write(f"{args.output} is stale: run python -m tei_tool.schema_build\n")
            return 1
        sys.stdout.write(f"{args.output} is up to date\n")
        return 0
    args.output.write_bytes(data)
    sys.stdout.write(f"wrote {args.output} ({len(data)} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
