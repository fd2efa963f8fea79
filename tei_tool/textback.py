"""`tei text`: rebuild the transcript from the TEI, the inverse of `render.py`.

The brackets and parentheses the encoder took out of the text come back from `@rend`; list
separators and item markers from `list/@rend` and `item/@n`; markdown marks from `hi/@rend`.
Block elements are separated by blank lines. Only `<text>` is read: the header holds copies.
"""

from __future__ import annotations

from lxml import etree

from . import TEI_NS

T = f"{{{TEI_NS}}}"
BLOCKS = frozenset(f"{T}{tag}" for tag in (
    "p", "ab", "head", "docDate", "docTitle", "titlePart", "stage", "sp", "note", "gap", "item", "list", "div",
    "front", "body", "back", "speaker", "label"))
DELIMITERS = {"brackets": ("[", "]"), "parentheses": ("(", ")"), "bold": ("**", "**")}


def _inline(element: etree._Element) -> str:
    """An element's text as printed, with its delimiters."""
    tag = element.tag
    if tag == f"{T}lb":
        return "\n"
    if tag == f"{T}pb":
        printed = f"Page {element.get('n', '')}"
        return f"[{printed}]" if element.get("rend") == "brackets" else ""
    inner = (element.text or "") + "".join(_inline(child) + (child.tail or "") for child in element)
    if tag == f"{T}gap":
        desc = element.find(f"{T}desc")
        inner = "".join(desc.itertext()) if desc is not None else ""
    rend = element.get("rend") or ""
    if tag == f"{T}hi" and rend.startswith("h") and rend[1:].isdigit():
        return "#" * int(rend[1:]) + " " + inner
    opener, closer = DELIMITERS.get(rend, ("", ""))
    return opener + inner + closer


def _block(element: etree._Element) -> list[str]:
    """The paragraphs one structural element contributes."""
    tag = element.tag
    if tag in (f"{T}front", f"{T}body", f"{T}back", f"{T}div", f"{T}docTitle"):
        out: list[str] = []
        for child in element:
            out += _block(child)
        return out
    if tag == f"{T}sp":
        paragraphs = element.findall(f"{T}p")
        speaker = element.find(f"{T}speaker")
        texts = [_inline(p) for p in paragraphs]
        if speaker is not None:
            label = _inline(speaker)
            texts = [f"{label} {texts[0]}" if texts else label] + texts[1:]
        return texts
    if tag == f"{T}list":
        head = element.find(f"{T}head")
        items = element.findall(f"{T}item")
        if element.get("rend") == "inline":
            runs: list[list[str]] = [[]]
            for child in element:
                if child.tag == f"{T}lb":
                    runs.append([])
                elif child.tag == f"{T}item":
                    runs[-1].append(_inline(child))
            texts = [", ".join(run) for run in runs if run]
            if head is not None and texts:
                texts[0] = f"{_inline(head)} {texts[0]}"
            return texts
        lines = [(_inline(head),)] if head is not None else []
        lines += [((i.get("n") + " ") if i.get("n") else "") + _inline(i) for i in items]  # type: ignore[misc]
        return ["\n".join(line if isinstance(line, str) else line[0] for line in lines)]
    if tag == f"{T}note" and element.get("type") == "footnote":
        return [f"{element.get('n', '')} {_inline(element)}".strip()]
    if tag == f"{T}ab" or tag == f"{T}head" or tag == f"{T}p" or tag == f"{T}stage" or tag == f"{T}note" \
            or tag == f"{T}gap" or tag == f"{T}docDate" or tag == f"{T}titlePart" or tag == f"{T}pb":
        return [_inline(element)]
    return [_inline(element)]


def tei_to_text(tree: etree._ElementTree | etree._Element) -> str:
    """The transcript's text rebuilt from a TEI document written by `tei encode`."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    text = root.find(f"{T}text")
    if text is None:
        return ""
    paragraphs: list[str] = []
    for region in text:
        paragraphs += _block(region)
    return "\n\n".join(p.strip("\n") for p in paragraphs if p.strip()) + "\n"
