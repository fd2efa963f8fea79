"""Word lists the recognition rules share: titles, pronouns, redaction and stage vocabulary; and how
they compare names and titles (`name_key`, `similar_at_least`).

Kept in one module so a corpus can extend them from tei.yaml and so no rule hides its own copy.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

# Titles and forms of address that precede names in labels and participant lists. Multi-word titles
# are matched word by word, so "Minister of Foreign Affairs" is covered by its words.
TITLE_WORDS = frozenset(
    """
    chairman chairwoman premier president vice minister ambassador comrade cde. cde secretary general
    deputy director head counselor counsellor councillor charge chargé d'affaires d’affaires affaires first second third
    attaché attache consul envoy marshal prime prince king queen sir mr. mr mrs. mrs ms. ms dr. dr
    professor prof. lt. lt col. col colonel comdr. comdr commander captain major admiral
    senator governor mayor chief officer adviser advisor assistant acting under department division
    bureau section member committee central standing party state foreign affairs of the for
    vice-premier vice-chairman vice-minister vice-president defense defence interior trade
    delegation leader representative interpreter translator secretary-general ministry embassy
    political economic military attaché-general chancellor elder brother sister father
    madam tov tovarishch excellency honorable honourable princess emperor ministers secretaries
    ambassadors lieutenant admiral senator
    """.split()
)

# Title words that say nothing about who someone is ("Comrade Kim" and "Mr. Kim" name the same office).
FORMS_OF_ADDRESS = frozenset("the comrade cde. cde mr. mr mrs. mrs ms. ms sir".split())

# Words that begin a sentence rather than a speaker label.
PRONOUNS = frozenset(
    "i you he she it we they me him her us them his hers its our their this that these those "
    "there here who what which one".split()
)

# Words for things that are redacted, removed or unreadable (inside [] or ()).
REDACTION_WORDS = (
    r"blacked out|redacted|deleted|excised|sanitized|sanitised|withheld|removed|censored|"
    r"not declassified|classified|crossed out|struck out|obliterated"
)
ILLEGIBLE_WORDS = r"illegible|not legible|unreadable|indecipherable|undecipherable|unclear|smudged|inaudible"
OMISSION_WORDS = (r"omitted|omission|not translated|untranslated|here follows|follows quotation|text missing|missing|"
                  r"…|\.\.\.")
# What an editor describes rather than transcribes: "[handwritten]", "[stamp]", "[signature]".
DESCRIPTION_WORDS = (r"handwritten|hand-written|in handwriting|stamp|stamped|seal|signature|signed|initials|"
                     r"initialled|underlined|underlining|in the margin|marginal note|marginalia|typed|crossed out|"
                     r"struck through|attachment|enclosure|original in|in english in the original|in russian")

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 0, "some": 0, "few": 0,
    "half": 0,
}

UNIT_WORDS = {  # singular, as in TEI's suggested values for att.dimensions/@unit (char, line)
    "line": "line", "lines": "line", "word": "word", "words": "word", "character": "char",
    "characters": "char", "char": "char", "chars": "char", "page": "page", "pages": "page",
    "section": "section", "sections": "section", "paragraph": "section", "paragraphs": "section",
    "sentence": "section", "sentences": "section",
}

# Verbs and nouns that make a parenthesised sentence a stage direction / narrative line.
STAGE_WORDS = (
    r"laugh|laughter|laughs|applause|applauds|smil|nods|pause|interrupt|toast|shak|greet|"
    r"conversation (?:concluded|ended|began)|meeting (?:concluded|ended|began|convened|adjourned)|"
    r"indicates|gestur|referring to|points to|pointing|enters|leaves|left the room|exchange of"
)

DOCUMENT_TYPES = (
    "Memorandum of Conversation", "Minutes of Conversation", "Record of Conversation", "Cable",
    "Telegram", "Report", "Letter", "Note", "Memorandum", "Minutes", "Diary", "Journal", "Speech",
    "Transcript", "Statement", "Notes", "Resolution", "Protocol", "Instruction", "Directive",
    "Information", "Summary", "Draft", "Declaration", "Agreement", "Treaty", "Communiqué",
)

ORG_WORDS = frozenset(
    """
    office department ministry committee bureau section division embassy consulate agency
    secretariat secretaries council commission party government administration directorate
    institute academy association union headquarters staff group team delegation archive archives
    """.split()
)

# Words of document titles around the names they contain ("Record of Conversation between …").
TITLE_PHRASE_WORDS = frozenset(
    """record minutes memorandum conversation meeting reception delegation peoples day new supreme the of and
    between with from cable report note telegram secretary department transcript company representatives
    council""".split()
)

# Capitalised words that are not parts of personal names: peoples, places, institutions. A bracket
# next to them completes a phrase ("[North] Korean side"), not a name.
NON_NAME_WORDS = frozenset(
    """
    north south east west northern southern eastern western central korea korean koreans china chinese
    soviet soviets russia russian union ussr dprk prc us usa american america japan japanese vietnam
    vietnamese albania albanian romania romanian romanians hungary hungarian poland polish germany german
    gdr czechoslovakia czechoslovak mongolia mongolian india indian cuba cuban laos yugoslavia
    communist socialist workers workers’ workers' party parties people people’s people's republic
    democratic government embassy ministry committee congress assembly army navy state states united
    nations national international foreign affairs asian asia african africa european europe sino
    """.split()
)


@functools.lru_cache(maxsize=8192)  # the persons pass asks for the same few names hundreds of times per file
def name_key(name: str) -> str:
    """The form in which two names are compared: case, spaces, hyphens, apostrophes, full stops, commas
    and accents do not count ("Ri Yeongho" = "Ri Yeong-ho", "Kadar" = "Kádár"). The encoder, the
    personography check and the bracket rules all compare names this way."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s\-’'.,]", "", stripped).lower()


def similar_at_least(a: str, b: str, threshold: float, matcher: difflib.SequenceMatcher[str] | None = None) -> bool:
    """`difflib.SequenceMatcher(None, a, b).ratio() >= threshold`, stopping as soon as the answer is sure.

    The quick ratios are upper bounds of `ratio()`: most texts are ruled out without matching. `ratio()`
    is 2·M/T, M the sizes of the blocks `get_matching_blocks` finds: the longest match of the whole
    ranges, then of the ranges left and right of it, and so on. M does not depend on the order the
    ranges are taken in, and a range can add at most its shorter side: once the blocks found reach the
    threshold, or can no longer reach it, the remaining ranges are not searched. `matcher`, when given,
    already holds `b` as its second sequence (what difflib learns of it is kept for the next `a`)."""
    if matcher is None:
        matcher = difflib.SequenceMatcher(None, a, b)
    else:
        matcher.set_seq1(a)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return False
    size_a, size_b = len(a), len(b)
    total = size_a + size_b
    if not total:
        return 1.0 >= threshold
    matched, pending = 0, min(size_a, size_b)  # pending: what the ranges still queued could add at most
    queue = [(0, size_a, 0, size_b)]
    while queue:
        if 2.0 * matched / total >= threshold:
            return True
        if 2.0 * (matched + pending) / total < threshold:
            return False
        alo, ahi, blo, bhi = queue.pop()
        pending -= min(ahi - alo, bhi - blo)
        i, j, k = matcher.find_longest_match(alo, ahi, blo, bhi)
        if k:
            matched += k
            for part in ((alo, i, blo, j), (i + k, ahi, j + k, bhi)):
                if part[0] < part[1] and part[2] < part[3]:
                    queue.append(part)
                    pending += min(part[1] - part[0], part[3] - part[2])
    return 2.0 * matched / total >= threshold
