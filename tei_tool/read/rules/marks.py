"""Rules that classify a bracket or parenthesis group: ordered tables of small named functions.

Each rule gets a `Group` (the printed group and its surroundings) and returns a `Mark` (what the
group is) or None to pass. The first rule that answers wins, so order matters: specific readings
(page markers, redactions) before general ones (supplied words). The TEI for each mark kind is
chosen in `render.py`, not here.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from tei_tool.model import NodeKind
from tei_tool.read.lexicon import (
    DESCRIPTION_WORDS,
    ILLEGIBLE_WORDS,
    NON_NAME_WORDS,
    NUMBER_WORDS,
    OMISSION_WORDS,
    PRONOUNS,
    REDACTION_WORDS,
    STAGE_WORDS,
    UNIT_WORDS,
    name_key,
    similar_at_least,
)


@dataclass
class Group:
    """A delimited group and its context inside one block."""

    inner: str  # text between the delimiters
    before: str  # block text before the opening delimiter (at most inline.CONTEXT characters)
    after: str  # block text after the closing delimiter (at most inline.CONTEXT characters)
    context: str  # block kind: "turn", "label", "header_line", "paragraph", "field", ...
    whole_block: bool  # the group is the whole block (nothing but whitespace around it)
    extra_redaction: tuple[str, ...] = ()
    at_start: bool = False  # nothing but whitespace before the group in the block
    # the content, whitespace aside, is one bracket group (`[[…]]`), as the parser paired the brackets
    inner_is_group: bool = False


@dataclass
class Mark:
    """What a group is: a mark kind plus its values (reason, type, quantity, unit, ...)."""

    kind: NodeKind
    info: dict[str, str] = field(default_factory=dict)
    parse_inner: bool = True  # parse brackets/parentheses inside the content


MarkRule = Callable[[Group], "Mark | None"]

_WORD_RE = re.compile(r"[\w’'\-.]+", re.UNICODE)
# The rules' patterns, compiled once: classification runs for every group of every transcript.
_I = re.IGNORECASE
QUANTITY_RE = re.compile(r"\b(\d+|[A-Za-z]+)\s+(lines?|words?|characters?|chars?|pages?|sections?|"
                         r"paragraphs?|sentences?)\b", _I)
# The printed forms a page marker is rebuilt in exactly (tei/mapping.py PAGE_LABELS): `Page 623`,
# `page 3`, `p. 12`, `P. 12`; another spacing (`[page2 ]`) stays an ordinary bracket group.
PAGE_RE = re.compile(r"(?:Page|page|p\.|P\.) ([\w\-]+)")
FOOTNOTE_RE = re.compile(r"\d{1,3}|[*†‡]")
EMAIL_RE = re.compile(r"\s*email(?:\s|\u00a0)+protected\s*", _I)
ELLIPSIS_RE = re.compile(r"\s*(?:…|\.\s?\.\s?\.)\s*")
ILLEGIBLE_RE = re.compile(rf"\b(?:{ILLEGIBLE_WORDS})\b", _I)
OMISSION_RE = re.compile(rf"(?:{OMISSION_WORDS})", _I)
CAPITAL_START_RE = re.compile(r"\s*[A-Z]")
TRANSLATOR_NOTE_RE = re.compile(r"\s*(?:translator[’']?s?\s+note|trans(?:lator)?\.?\s*note|tr\.|tn\b|note\b)", _I)
EDITOR_NOTE_RE = re.compile(r"\s*(?:editor[’']?s?\s+note|ed\.)", _I)
SIC_RE = re.compile(r"\s*(?:sic!?|!)\s*|\s*sic\s*[,;:]\s*\S.*", _I | re.DOTALL)  # `[sic]`, `[sic, should be X]`
QUERY_RE = re.compile(r"\s*\?+\s*")
PUNCTUATION_RE = re.compile(r"[\s.,;:!?\"“”‘’'—–\-()]+")  # `[.]`, `[,]`, `[)]`
YEAR_RE = re.compile(r"\s*(?:1[89]|20)\d\d\s*")
TRAILING_GROUP_RE = re.compile(r"\s*\[[^\]]*\]\s*$")
PREVIOUS_GROUP_RE = re.compile(r"\[([^\[\]]*)\]\s*$")
SENTENCE_RE = re.compile(r"[A-Z][^\[\]]{20,}[.!?]")
DESCRIPTION_RE = re.compile(rf"\s*(?:{DESCRIPTION_WORDS})\b", _I)
ALIAS_WORD_RE = re.compile(r"abbreviat|hereafter|hereinafter|henceforth|referred to as", _I)
APPROVAL_RE = re.compile(r"\b(?:yet to (?:review|approve|check)|not (?:yet )?(?:been )?(?:reviewed|approved)|"
                         r"(?:reviewed|approved) by|approval)\b", _I)
TRANSLATOR_REMARK_RE = re.compile(r"translat|\b(?:against|in) (?:the )?original\b|"
                                  r"\boriginal (?:text|language|version)\b|\bsic\b|\bTN\b", _I)
CORRECTION_RE = re.compile(r"\s*(?:eventually |later |subsequently )?(?:changed|corrected|amended|revised) to\b", _I)
STAGE_RE = re.compile(rf"\b(?:{STAGE_WORDS})", _I)


@functools.lru_cache(maxsize=32)
def _redaction_re(extra: tuple[str, ...]) -> re.Pattern[str]:
    """The redaction words plus a corpus's own (tei.yaml), compiled once per word list."""
    words = REDACTION_WORDS + ("|" + "|".join(extra) if extra else "")
    return re.compile(rf"\b(?:{words})\b", _I)


def _last_words(text: str, count: int) -> list[str]:
    """The last `count` words; reads only the tail of the text when that holds enough of them."""
    if not count:
        return []
    words = _WORD_RE.findall(text, max(0, len(text) - 24 * count))
    if len(words) <= count and len(text) > 24 * count:  # a cut or very long word: read it all
        words = _WORD_RE.findall(text)
    return words[-count:]


def _is_capitalised_name(text: str) -> bool:
    """Every word starts upper-case (hyphenated parts may be lower): a name, not a phrase."""
    words = text.replace("’s", "").replace("'s", "").split(maxsplit=5)  # a sixth item: too many words
    if not words or len(words) > 5:
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha()) and any(w[0].isalpha() for w in words)


def _has_non_name_word(text: str) -> bool:
    return any(w.strip(".,’'s").lower() in NON_NAME_WORDS or w.lower() in NON_NAME_WORDS for w in text.split())


def _quantity(text: str) -> dict[str, str]:
    """`quantity` and `unit` from phrases like "two lines blacked out" or "3 words illegible"."""
    match = QUANTITY_RE.search(text)
    if not match:
        return {}
    number, unit = match.group(1).lower(), match.group(2).lower()
    quantity = int(number) if number.isdigit() else NUMBER_WORDS.get(number, -1)
    if quantity <= 0:  # "several lines": no count to record, and a unit needs a quantity
        return {}
    return {"quantity": str(quantity), "unit": UNIT_WORDS[unit]}


# --- bracket rules -------------------------------------------------------------------------------


def nested_group(g: Group) -> Mark | None:
    """`[[illegible signature]]`: an editor's bracket around the translator's; the inner one is read too."""
    return Mark(NodeKind.EDITORIAL_NOTE) if g.inner_is_group else None


def page_marker(g: Group) -> Mark | None:
    """`[Page 623]`, `[p. 12]`: a page of the printed source."""
    match = PAGE_RE.fullmatch(g.inner)
    return Mark(NodeKind.PAGEBREAK, {"n": match.group(1), "printed": g.inner}, parse_inner=False) if match else None


def footnote_marker(g: Group) -> Mark | None:
    """`Razak[1]`: a number glued to the preceding word is a footnote reference."""
    if FOOTNOTE_RE.fullmatch(g.inner) and g.before[-1:].strip() and not g.before[-1:].isdigit():
        return Mark(NodeKind.FOOTNOTE_REF, {"n": g.inner}, parse_inner=False)
    return None


def web_artefact(g: Group) -> Mark | None:
    """`[email protected]`: a web page's e-mail obfuscation left in the text."""
    if EMAIL_RE.fullmatch(g.inner):
        return Mark(NodeKind.ARTEFACT, parse_inner=False)
    return None


DOCUMENT_MARKER_RE = re.compile(r"\s*Document\s+\d+\s*")


def document_marker(g: Group) -> Mark | None:
    """`[Document 47]` opening a line: the web page's label for the document's number, not the editor's words
    (mid-sentence, `[Document 47]` is a cross-reference instead)."""
    line_start = g.at_start or g.before.endswith("\n")
    return Mark(NodeKind.ARTEFACT, parse_inner=False) if line_start and DOCUMENT_MARKER_RE.fullmatch(g.inner) else None


def ellipsis_omission(g: Group) -> Mark | None:
    """`[…]`, `[...]`: the editor left something out."""
    if ELLIPSIS_RE.fullmatch(g.inner):
        return Mark(NodeKind.OMISSION, {"reason": "omitted"}, parse_inner=False)
    return None


def redaction_phrase(g: Group) -> Mark | None:
    """`[name deleted]`, `[Part of the contents … blacked out and not legible.]`."""
    if _redaction_re(g.extra_redaction).search(g.inner):
        return Mark(NodeKind.OMISSION, {"reason": "redacted", **_quantity(g.inner)}, parse_inner=False)
    return None


def illegible_phrase(g: Group) -> Mark | None:
    """`[illegible]`, `[illegible signature]`, `[two words illegible]`."""
    if len(g.inner) < 80 and ILLEGIBLE_RE.search(g.inner):
        return Mark(NodeKind.OMISSION, {"reason": "illegible", **_quantity(g.inner)}, parse_inner=False)
    return None


def editorial_omission(g: Group) -> Mark | None:
    """`[Here follows quotation of …]`, `[text omitted]`: the editor says what is left out."""
    if CAPITAL_START_RE.match(g.inner) and OMISSION_RE.search(g.inner):
        return Mark(NodeKind.OMISSION, {"reason": "omitted"}, parse_inner=False)
    return None


def translator_note(g: Group) -> Mark | None:
    """`[translator's note: …]`, `[Tr.: …]`, `[TN: …]`."""
    if TRANSLATOR_NOTE_RE.match(g.inner):
        return Mark(NodeKind.TRANSLATOR_NOTE)
    return None


def editor_note(g: Group) -> Mark | None:
    """`[Editor's note: …]`, `[Ed.: …]`."""
    if EDITOR_NOTE_RE.match(g.inner):
        return Mark(NodeKind.EDITORIAL_NOTE)
    return None


def sic(g: Group) -> Mark | None:
    """`[sic]`, `[sic, probably "can"]`: the translator confirms (or corrects) an odd reading."""
    return Mark(NodeKind.SIC, parse_inner=False) if SIC_RE.fullmatch(g.inner) else None


def query(g: Group) -> Mark | None:
    """`path[?]`: the translator doubts a reading."""
    if QUERY_RE.fullmatch(g.inner):
        return Mark(NodeKind.SUPPLIED, {"reason": "query"}, parse_inner=False)
    return None


def punctuation(g: Group) -> Mark | None:
    """`[.]`, `[,]`, `[”]`: supplied punctuation."""
    if g.inner and PUNCTUATION_RE.fullmatch(g.inner):
        return Mark(NodeKind.SUPPLIED, {"reason": "punctuation"}, parse_inner=False)
    return None


def year(g: Group) -> Mark | None:
    """`[1963]`: a supplied year or date."""
    if YEAR_RE.fullmatch(g.inner):
        return Mark(NodeKind.SUPPLIED, {"reason": "date"})
    return None


def variant_romanisation(g: Group) -> Mark | None:
    """`Tae Ho [Thae Ho]`, `Jagang [Chagang]`: another spelling of the name just before.

    The bracket holds a capitalised name whose letters resemble the words right before it; a name
    completion (`Liu [Shaoqi]`) does not resemble them and so falls through to `name_completion`.
    """
    inner = g.inner.strip()
    if not _is_capitalised_name(inner) or not g.before.strip():  # glued, or after a space or line break
        return None
    before = TRAILING_GROUP_RE.sub(" ", g.before)  # `Pak [Seong-cheol] [Pak Song-chol]`
    if g.before.rstrip().endswith("]"):
        previous = PREVIOUS_GROUP_RE.search(g.before)
        before = before + (previous.group(1) if previous else "")
    word_count = len(inner.replace("-", " ").split())
    candidates = []
    for n in range(1, min(word_count + 2, 5)):
        words = _last_words(before.rstrip(), n + 1 if before.rstrip().endswith("]") else n)
        if words:
            candidates.append(" ".join(words[-n:]))
            candidates.append(" ".join(words))
    target = name_key(inner)
    matcher: difflib.SequenceMatcher[str] | None = None  # learns the target once for every candidate
    for candidate in candidates:
        cand = name_key(candidate)
        if not cand or not candidate[:1].isupper() or cand == target:
            continue
        if not 0.6 <= len(cand) / len(target) <= 1.67:  # `Okano (Nozako Sanzo)`: a short word inside a long name
            continue
        matcher = matcher or difflib.SequenceMatcher(None, "", target)
        if similar_at_least(cand, target, 0.6, matcher):
            return Mark(NodeKind.VARIANT)
    return None


LOCATIVE_RE = re.compile(r"\b(?:in|at|near|of|from|around|outside)\s+([A-Z][a-z]+)\s+$")


def place_renamed(g: Group) -> Mark | None:
    """`lease of Lushun [Port Arthur]`, `the city of Mukden [Shenyang]`: another name of the place just named.

    The word before the bracket follows a preposition of place. A short word there is more likely a
    surname whose given name the bracket completes (`a letter from Liu [Shaoqi]`), so a one-word
    bracket needs a place name of five letters or more before it.
    """
    inner = g.inner.strip()
    match = LOCATIVE_RE.search(g.before)
    if match is None or not _is_capitalised_name(inner) or _has_non_name_word(inner) or len(inner.split()) > 3:
        return None
    if len(inner.split()) == 1 and len(match.group(1)) < 5:
        return None
    return Mark(NodeKind.VARIANT)


# A Hanyu Pinyin syllable (tone marks removed first): initial, then final, longest finals first.
PINYIN_WORD_RE = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|uan|üan|ian|iao|ai|ei|ao|ou|an|en|in|un|ün|ia|ie|iu|ua|uo|ui|"
    r"ue|üe|er|a|o|e|i|u|ü|v)'?)+")


def _pinyin_syllables(word: str) -> int:
    """How many syllables `word` reads as in pinyin, or 0 when it is not pinyin."""
    plain = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    if not PINYIN_WORD_RE.fullmatch(plain):
        return 0
    return len(re.findall(r"[aeiouüv]+", plain))


# English words that also read as pinyin ("he", "a", "an", "men"): their presence means English.
FUNCTION_WORDS = frozenset("a an and or the to in on of at by he she me we be ye die lie tie men ban can "
                           "man pan ran tan fan hang long sun run chin shin gun".split())


def original_term(g: Group) -> Mark | None:
    """`political capital [zhengzhi ziben]`: the original (pinyin) words of what was just translated.

    Two or more lower-case words, every one a pinyin syllable string, none an English function word
    (`[he came]` reads as pinyin too), and one of them of two syllables or more.
    """
    words = g.inner.split(maxsplit=6)  # a seventh item: too many words
    if len(words) < 2 or len(words) > 6 or not all(w.isalpha() and w.islower() for w in words):
        return None
    if any(w in PRONOUNS or w in FUNCTION_WORDS for w in words):
        return None
    counts = [_pinyin_syllables(w) for w in words]
    if all(counts) and max(counts) >= 2:
        return Mark(NodeKind.TRANSLATOR_NOTE)
    return None


CROSS_REFERENCE_RE = re.compile(r"\s*(?:see\b|cf\.|pgs?\.|pp\.|docs?\.|documents?\b)[^\d]{0,40}\d", _I)


def cross_reference(g: Group) -> Mark | None:
    """`[Pgs. 1180–1190 include portions of Doc. 590 …]`, `[See Document 12]`: the editor points elsewhere."""
    return Mark(NodeKind.EDITORIAL_NOTE) if CROSS_REFERENCE_RE.match(g.inner) else None


# Pronouns a bracket after them glosses; not "that", "which", "who", "there" (`stipulated that [the Second
# International] will…`: a conjunction or relative whose bracket supplies a missing subject).
_GLOSSED_PRONOUNS = PRONOUNS - {"that", "which", "what", "who", "there", "here", "one"}


def pronoun_referent(g: Group) -> Mark | None:
    """`his [Khrushchev’s]`, `he [the delegation chief]`: who a pronoun means, the editor's gloss on
    words that are all there (TEI `gloss`), not words the text leaves out (`supplied`)."""
    words = _last_words(g.before, 1)
    if words and words[0].lower() in _GLOSSED_PRONOUNS and g.before[-1:].isspace():
        if _is_capitalised_name(g.inner.strip()) or g.inner.strip().lower().startswith("the "):
            return Mark(NodeKind.REFERENT)
    return None


def name_completion(g: Group) -> Mark | None:
    """`Liu [Shaoqi]`, `[Liu] Shaoqi`, `Premier [Kim]`: part of a name the text leaves out."""
    inner = g.inner.strip()
    if not _is_capitalised_name(inner) or len(inner.split()) > 3 or _has_non_name_word(inner):
        return None
    prev = _last_words(g.before, 1)
    nxt = _WORD_RE.findall(g.after)[:1]
    prev_cap = bool(prev) and prev[0][:1].isupper() and g.before[-1:].isspace() and not _has_non_name_word(prev[0])
    next_cap = bool(nxt) and nxt[0][:1].isupper() and g.after[:1].isspace() and not _has_non_name_word(nxt[0])
    if prev_cap or next_cap:
        return Mark(NodeKind.SUPPLIED, {"reason": "name"})
    return None


def bracketed_sentence(g: Group) -> Mark | None:
    """`[Extracts]`, `[The meeting convened at 10:05 a.m.]`: an editor's remark standing alone."""
    inner = g.inner.strip()
    if g.whole_block and inner[:1].isupper():
        return Mark(NodeKind.EDITORIAL_NOTE)
    if SENTENCE_RE.fullmatch(inner) and (g.at_start or g.before.rstrip()[-1:] in ".!?:"):
        return Mark(NodeKind.EDITORIAL_NOTE)
    return None


def editorial_description(g: Group) -> Mark | None:
    """`[handwritten]`, `[stamp: Secret]`, `[signature]`: the editor describes the page, not its words."""
    if DESCRIPTION_RE.match(g.inner):
        return Mark(NodeKind.EDITORIAL_NOTE)
    return None


def supplied_words(g: Group) -> Mark | None:
    """`[took place]`, `[but]`: words the translator adds (the default reading)."""
    return Mark(NodeKind.SUPPLIED, {"reason": "omitted"})


BRACKET_RULES: list[MarkRule] = [
    nested_group,
    page_marker,
    footnote_marker,
    web_artefact,
    document_marker,
    ellipsis_omission,
    redaction_phrase,
    illegible_phrase,
    editorial_omission,
    cross_reference,
    translator_note,
    editor_note,
    sic,
    query,
    punctuation,
    year,
    original_term,
    variant_romanisation,
    place_renamed,
    pronoun_referent,
    name_completion,
    bracketed_sentence,
    editorial_description,
    supplied_words,
]


# --- parenthesis rules ---------------------------------------------------------------------------

ALIAS_RE = re.compile(
    r"\s*(?:to be |hereafter |hereinafter |henceforth |below |abbreviated |referred to )"
    r"[^()]*?(?:abbreviated|referred to|called|cited)?[^()]*?(?:as\s+)?"
    r"(?P<alias>[A-Z][\w\-’']*(?:\s+[A-Z][\w\-’']*)?)(?:\s+(?:as below|below|hereafter|hereinafter))?\s*",
)


def alias_declaration(g: Group) -> Mark | None:
    """`(abbreviated as Ri as below)`, `(to be abbreviated as Zhou)`, `(hereafter abbreviated Jeong)`."""
    if not ALIAS_WORD_RE.search(g.inner):
        return None
    match = ALIAS_RE.fullmatch(g.inner)
    if match:
        return Mark(NodeKind.ALIAS, {"alias": match.group("alias")}, parse_inner=False)
    return None


def redaction_note(g: Group) -> Mark | None:
    """`(two lines blacked out)`, `(section redacted from document)`, `(inaudible)`, `(…)`: the bracket
    readings, kept to short parentheses (a long one that mentions a deletion is the author's prose)."""
    if len(g.inner) < 120:
        mark = redaction_phrase(g) or illegible_phrase(g) or ellipsis_omission(g)
        if mark is not None:
            return mark
    if PAREN_OMISSION_RE.fullmatch(g.inner):
        return Mark(NodeKind.OMISSION, {"reason": "omitted", **_quantity(g.inner)}, parse_inner=False)
    return None


PAREN_OMISSION_RE = re.compile(
    r"\s*(?:text |words? |lines? )?(?:omitted|missing|untranslated|not translated)\s*",
    re.IGNORECASE)


def approval_status(g: Group) -> Mark | None:
    """`(President Liu has yet to review and approve)`, `(Premier has yet to review)`."""
    if APPROVAL_RE.search(g.inner):
        return Mark(NodeKind.STATUS_NOTE)
    return None


def translator_remark(g: Group) -> Mark | None:
    """`(not checked yet against original Chinese translation)`, `(translator's note: …)`, `(sic)`."""
    if TRANSLATOR_REMARK_RE.search(g.inner):
        return Mark(NodeKind.TRANSLATOR_NOTE)
    return None


def correction_note(g: Group) -> Mark | None:
    """`(eventually changed to eight)`: a later correction of what was said."""
    if CORRECTION_RE.match(g.inner):
        return Mark(NodeKind.CORRECTION_NOTE)
    return None


def variant_in_parentheses(g: Group) -> Mark | None:
    """`Mao Tse-tung (Mao Ze-dong)`: another romanisation given in parentheses."""
    if g.context == "distribution":
        return None
    mark = variant_romanisation(g)
    return mark


def stage_direction(g: Group) -> Mark | None:
    """`(Chinese laugh.)`, `(referring to …)`, `(The conversation concluded …)` in a record of speech."""
    inner = g.inner.strip()
    if STAGE_RE.search(inner) and g.context in ("turn", "narrative", "record"):
        return Mark(NodeKind.STAGE)
    if g.whole_block and inner[:1].isupper() and g.context in ("narrative", "record"):
        return Mark(NodeKind.STAGE)
    return None


PAREN_RULES: list[MarkRule] = [
    alias_declaration,
    redaction_note,
    approval_status,
    translator_remark,
    correction_note,
    variant_in_parentheses,
    stage_direction,
]


def classify(group: Group, rules: list[MarkRule]) -> tuple[Mark | None, str]:
    """The first rule's answer and the rule's name (None when no rule claims the group)."""
    for rule in rules:
        mark = rule(group)
        if mark is not None:
            return mark, rule.__name__
    return None, ""
