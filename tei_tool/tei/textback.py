"""`tei text`: rebuild the transcript from the TEI, the inverse of `render.py`.

The encoder takes brackets, parentheses, list separators, item markers and markdown marks out of
the text and records them as markup (`@rend`, `list/@rend`, `item/@n`, `hi/@rend`); this module puts
them back, following the "Rebuilding" section of docs/tei-mapping.md. Only `<text>` is read: the
header holds copies of what the text already says.
"""

from __future__ import annotations

from lxml import etree

from tei_tool import TEI_NS
from tei_tool.tei.mapping import item_separator, list_separator, page_label, printed

T = f"{{{TEI_NS}}}"
# Elements whose children are blocks (each child starts a new paragraph of the transcript).
CONTAINERS = frozenset(f"{T}{tag}" for tag in ("text", "front", "body", "back", "div", "docTitle", "opener",
                                                  "closer"))


def _is_element(node: object) -> bool:
    """Comments and processing instructions carry no transcript text (their tails do)."""
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def _children_text(element: etree._Element) -> str:
    """Text, child elements and tails, in document order."""
    parts = [element.text or ""]
    for child in element:
        if _is_element(child):
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def inline_text(element: etree._Element, delimiters: bool = True) -> str:
    """An element's text as printed: its content plus, when `delimiters`, the marks its @rend records."""
    tag = element.tag
    if tag == f"{T}lb":
        return "\n"
    if tag == f"{T}pb":  # the page marker itself is the text: [Page N], as printed
        return page_label(element)
    if tag == f"{T}pc":  # a delimiter without its partner: the element holds the character itself
        return _children_text(element)
    if tag == f"{T}gap":  # a gap's printed text is its description
        desc = element.find(f"{T}desc")
        inner = _children_text(desc) if desc is not None else ""
    else:
        inner = _children_text(element)
    return printed(element, inner) if delimiters else inner


def _list_blocks(element: etree._Element) -> list[str]:
    """Inline lists join items with ", " (an <lb/> starts a new paragraph); line lists put @n first."""
    head = element.find(f"{T}head")
    if element.get("rend") == "inline":
        runs: list[list[str]] = [[]]
        default = list_separator(element)
        items = [child for child in element if child.tag in (f"{T}lb", f"{T}item")]
        for index, child in enumerate(items):
            if child.tag == f"{T}lb":
                runs.append([])
                continue
            ends_run = index + 1 == len(items) or items[index + 1].tag == f"{T}lb"
            after = item_separator(child, None if ends_run else default)
            marker = child.get("n")
            runs[-1].append((f"{marker} " if marker else "") + inline_text(child) + (after or ""))
        texts = ["".join(run) for run in runs if run]
        if head is not None:  # a head printed on a line of its own (rendition own-line) ends with a line break
            space = "\n" if head.get("rendition") == "#rend-own-line" else " "
            texts = [f"{inline_text(head)}{space}{texts[0]}"] + texts[1:] if texts else [inline_text(head)]
        return texts
    lines = [inline_text(head)] if head is not None else []
    for item in element.iterfind(f"{T}item"):
        marker = item.get("n")
        after = item_separator(item, None) or ""
        lines.append((f"{marker} {inline_text(item)}" if marker else inline_text(item)) + after)
    if element.get("rendition") == "#rend-paragraphs":  # head and items printed as paragraphs of their own
        return lines
    return ["\n".join(lines)]


def list_blocks(element: etree._Element) -> list[str]:
    """The paragraphs `tei text` rebuilds from a list (the renderer checks a list against them)."""
    return _list_blocks(element)


def _blocks(element: etree._Element) -> list[str]:
    """The paragraphs one structural element contributes, in order."""
    tag = element.tag
    if tag in CONTAINERS:
        out: list[str] = []
        glue = False  # a head the value follows on its line without a space (`Original Language:Korean`)
        for child in element:
            if _is_element(child):
                blocks = _blocks(child)
                if glue and out and blocks:
                    blocks = [out.pop() + blocks[0]] + blocks[1:]
                out += blocks
                glue = child.tag == f"{T}head" and child.get("rendition") == "#rend-run-on"
        return out
    if tag == f"{T}sp":
        label: str | None = None
        run_on = False
        paragraphs: list[str] = []
        for child in element:
            if not _is_element(child):
                continue
            if child.tag == f"{T}speaker":
                label = inline_text(child)
                run_on = child.get("rendition") == "#rend-run-on"
            else:
                paragraphs += _blocks(child)
        if label is not None:  # the label and the turn's first paragraph share a line
            space = "" if run_on else " "
            paragraphs = [f"{label}{space}{paragraphs[0]}"] + paragraphs[1:] if paragraphs else [label]
        return paragraphs
    if tag == f"{T}list":
        return _list_blocks(element)
    if tag == f"{T}note" and element.get("type") == "footnote":
        return [f"{element.get('n', '')} {inline_text(element)}".strip()]
    return [inline_text(element)]


def tei_to_text(tree_or_root: etree._ElementTree | etree._Element) -> str:
    """The transcript's text rebuilt from a TEI document written by `tei encode` (blank line between blocks)."""
    root = tree_or_root.getroot() if isinstance(tree_or_root, etree._ElementTree) else tree_or_root
    text = root if root.tag == f"{T}text" else root.find(f"{T}text")
    if text is None:
        return ""
    paragraphs = [p.strip("\n") for p in _blocks(text)]
    return "\n\n".join(p for p in paragraphs if p.strip()) + "\n"
