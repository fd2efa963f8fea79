"""The one two-way TEI mapping: model kind <-> TEI element, attributes and printed delimiters.

`render.py` writes TEI from `INLINE` and `DELIMITERS`; `textback.py` rebuilds the transcript from the
same tables (`printed`, `page_label`, `list_separator`); `kind_of` is the reverse lookup that `tei eval`
and the validator can use instead of their own copies. docs/tei-mapping.md is the specification.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from tei_tool import TEI_NS

T = f"{{{TEI_NS}}}"
# Printed delimiters recorded in @rend (the first token), opener and closer.
DELIMITERS: dict[str, tuple[str, str]] = {"brackets": ("[", "]"), "parentheses": ("(", ")"), "bold": ("**", "**")}
RESP = "bracket-resp"  # stands for whoever the document says wrote its brackets (the renderer fills it in)


@dataclass(frozen=True)
class TeiForm:
    """How one inline model kind is written: element, fixed attributes, attributes copied from `info`."""

    tag: str
    fixed: dict[str, str] = field(default_factory=dict)
    info: tuple[str, ...] = ()  # keys of Inline.info written as attributes of the same name
    content: str = "children"  # children | desc (gap: the printed words in <desc>) | empty
    resp: bool = False  # credited (@resp) to whoever wrote the document's brackets


INLINE: dict[str, TeiForm] = {
    "supplied": TeiForm("supplied", info=("reason",), resp=True),
    "referent": TeiForm("gloss", resp=True),  # an editor's gloss on a pronoun, not words missing from the text
    "variant": TeiForm("note", {"type": "variant"}, resp=True),
    "translator_note": TeiForm("note", {"type": "translator"}, resp=True),
    "editorial_note": TeiForm("note", {"type": "editorial"}),
    "sic": TeiForm("note", {"type": "sic"}),
    "artefact": TeiForm("note", {"type": "artefact"}),
    "status_note": TeiForm("note", {"type": "status"}),
    "correction_note": TeiForm("note", {"type": "correction"}),
    "alias": TeiForm("note", {"type": "alias"}),
    "stage": TeiForm("stage"),
    "omission": TeiForm("gap", info=("reason", "quantity", "unit"), content="desc"),
    "pagebreak": TeiForm("pb", info=("n",), content="empty"),
    "footnote_ref": TeiForm("ref", {"type": "footnote"}, info=("n", "target")),
    "person": TeiForm("persName", info=("ref",)),
    "org": TeiForm("orgName"),
    "place": TeiForm("placeName"),
    "date": TeiForm("date", info=("when", "from", "to")),
    "archival_id": TeiForm("idno", {"type": "archival"}),
    "measure": TeiForm("measure", info=("type", "quantity")),
    "title_words": TeiForm("roleName"),
    "bold": TeiForm("hi"),  # @rend from the delimiter: bold or h1..h6 (markdown)
    "linebreak": TeiForm("lb", info=("break",), content="empty"),
    "unmatched": TeiForm("pc", info=("type",)),  # a delimiter kept as printed: its partner is missing
}
DEFAULTS = {"supplied": {"reason": "omitted"}}

# Page markers (rend="brackets"): @rendition="#rend-TOKEN" says how the label was printed; none = "Page N".
PAGE_LABELS: dict[str, str] = {"": "Page {n}", "lowercase": "page {n}", "abbreviated": "p. {n}",
                               "abbreviated-upper": "P. {n}"}
# Inline lists (rend="inline"): @rendition="#rend-TOKEN" on the list names the separator between its
# items (none = ", "); on an item, the separator printed after that item when it differs (also after
# the last item: a trailing comma).
LIST_SEPARATORS: dict[str, str] = {"": ", ", "commas": ", ", "semicolons": "; ", "commas-unspaced": ",",
                                   "semicolons-unspaced": ";", "spaced": " "}
# What each @rend token means in print (tagsDecl/rendition).
RENDITIONS: dict[str, str] = {
    "brackets": "enclosed in square brackets [ ] in the transcript",
    "parentheses": "enclosed in parentheses ( ) in the transcript",
    "bold": "bold (markdown **…**)",
    "inline": "a list printed as running text, items separated by commas unless @rendition says otherwise",
    "semicolons": "a list printed as running text, items separated by semicolons (on an item: followed by \"; \")",
    "commas": "followed by a comma and a space",
    "commas-unspaced": "followed by a comma without a space",
    "run-on": "a label the text follows without a space (`Zhou Enlai：We …`, `Original Language:Korean`)",
    "semicolons-unspaced": "followed by a semicolon without a space",
    "spaced": "followed by a space only",
    "lines": "a list printed one item per line",
    "paragraphs": "a list printed one item a paragraph, blank lines between (the head a paragraph too)",
    "own-line": "a list head printed on a line of its own, the items on the next line",
    "lowercase": "a page marker printed as [page N]",
    "abbreviated": "a page marker printed as [p. N]",
    "abbreviated-upper": "a page marker printed as [P. N]",
    **{f"h{n}": f"a markdown heading of level {n} ({'#' * n})" for n in range(1, 7)},
}


def attributes(kind: str, info: Mapping[str, str]) -> dict[str, str]:
    """The attributes of a kind's element (without @rend, @resp and ids, which depend on the document)."""
    form = INLINE[kind]
    values = dict(form.fixed)
    for key in form.info:
        value = info.get(key) or DEFAULTS.get(kind, {}).get(key)
        if value:
            values[key] = value
    if form.resp:
        values["resp"] = RESP
    return values


def rendition(token: str) -> dict[str, str]:
    """The @rendition pointer to the tagsDecl/rendition that describes `token` ({} for the default form)."""
    return {"rendition": f"#rend-{token}"} if token else {}


def _token(element: etree._Element) -> str:
    return (element.get("rendition") or "").removeprefix("#rend-")


def page_form(printed: str, n: str) -> str:
    """The PAGE_LABELS token of a printed page marker ("" for "Page N" or a form not in the table)."""
    for token, label in PAGE_LABELS.items():
        if re.sub(r"\s+", " ", printed.strip()) == label.format(n=n):
            return token
    return ""


def page_label(element: etree._Element) -> str:
    """The page marker as printed, from pb/@n, @rend and @rendition; a page break the transcript
    printed as a form feed (no @rend) is that form feed."""
    if element.get("rend") != "brackets":
        return "\f"
    form = PAGE_LABELS.get(_token(element), PAGE_LABELS[""])
    return "[" + form.format(n=element.get("n", "")) + "]"


def list_form(separators: list[str]) -> str:
    """The LIST_SEPARATORS token when every separator of an inline list is the same non-comma one."""
    for token, separator in LIST_SEPARATORS.items():
        if token and separators and all(s == separator for s in separators):
            return "" if separator == LIST_SEPARATORS[""] else token
    return ""


def separator_form(separator: str) -> str | None:
    """The named LIST_SEPARATORS token of one printed separator (None when the table has no such form)."""
    return next((token for token, value in LIST_SEPARATORS.items() if token and value == separator), None)


def list_separator(element: etree._Element) -> str:
    return LIST_SEPARATORS.get(_token(element), LIST_SEPARATORS[""])


def item_separator(item: etree._Element, default: str | None) -> str | None:
    """The separator printed after an item: its own @rendition, else the list's (`default`)."""
    token = _token(item)
    return LIST_SEPARATORS.get(token, default) if token else default


def printed(element: etree._Element, inner: str) -> str:
    """An element's content with the delimiters its @rend records put back."""
    rend = element.get("rend") or ""
    if element.tag == f"{T}hi" and re.fullmatch(r"h[1-6]", rend):
        return "#" * int(rend[1]) + " " + inner
    opener, closer = DELIMITERS.get(rend, ("", ""))
    return opener + inner + closer


_REVERSE: dict[tuple[str, str], str] = {}
for _kind, _form in INLINE.items():
    _REVERSE.setdefault((_form.tag, _form.fixed.get("type", "")), _kind)


def kind_of(element: etree._Element) -> str | None:
    """The model kind an element of our TEI stands for (None for structure and unknown elements)."""
    if not isinstance(element.tag, str) or not element.tag.startswith(T):
        return None
    tag = element.tag[len(T):]
    return _REVERSE.get((tag, element.get("type", ""))) or _REVERSE.get((tag, ""))
