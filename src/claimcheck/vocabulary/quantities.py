"""Quantities: what a number in a text asserts, read alike by the extractor and by every checker.

A quantity is a value or a range, its unit, the thing it counts or measures, the group it belongs to,
how it is compared ("about", "more than") and the direction of change it names. Numbers are read as
abstracts write them: "(95% CI 32-43%)" is an interval, not a figure of 95%; "34.4% vs. 31.1%" is two
figures, each with its own group; "200 (2.4%)" is a count and its share; "diarrhea (31%)" is a share of
diarrhea; "two-thirds", "a dozen" and "one in five" are numbers. Digits that name something are no
quantity: "SYGMA 1", "phase 1/2", "COVID-19", "type 2 diabetes", "IL-6", dates, times::

    first, second = find_quantities("Nausea occurred in 34.4% vs. 31.1% of patients.")
    first.value, first.unit, second.value == 34.4, "%", 31.1
    find_quantities("the phase 1/2 SYGMA 1 trial of COVID-19") == ()

``find_quantities`` reads a text once per process (its answer is cached by text), so that checking many
figures against one abstract analyses the abstract once.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from claimcheck import data
from claimcheck.vocabulary import numbers, units
from claimcheck.vocabulary.dates import DATE
from claimcheck.vocabulary.directions import direction_of
from claimcheck.vocabulary.nouns import Group, count_unit, groups_of, measure, singular, stem
from claimcheck.vocabulary.words import SentenceIndex, Token, root, word_tokens

# Searched in the text with ASCII letters lowered (same offsets), so that no pattern needs IGNORECASE.
_CANDIDATE = re.compile(
    rf"(?<![\w,\u00b7/%\-\u2212\u2010\u2011])(?<![^a-z]\.)"
    rf"(?:(?P<sign>[-\u2212](?=[0-9]))?(?P<digits>{numbers.DIGITS})"
    rf"|(?P<duration>{numbers.DURATION})|(?P<fraction>{numbers.FRACTION})|(?P<words>{numbers.WORDS}))"
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Times of day, ratios of allocation ("1:1"), telephone numbers and citation markers ("[12]", "[3, 5-7]"):
# never quantities. Each starts with a digit or a bracket, and only then looks behind ("[0-9](?<![0-9]{2})"
# is a digit after none): lookbehinds first would be tried at every offset of a text.
_MASKED = re.compile(
    r"[0-9](?<![0-9]{2})[0-9]?:[0-9]{1,2}(?![0-9])"
    r"|(?:\([0-9]{3}|[0-9](?<![0-9]{2})[0-9]{2})\)?[ .-][0-9]{3}[ .-][0-9]{4}(?![0-9])"
    r"|\[[0-9]{1,3}(?:\s*[,\u2013-]\s*[0-9]{1,3}){0,20}\]"
)
_COUNT_SLASH_SHARE = re.compile(rf"\s*/\s*(?P<share>{numbers.DIGITS})\s*%\s*\)")
_CONTINUES = re.compile(r"[.,:/][0-9]|[-\u2010\u2011][A-Z]")
_CHEMICAL = re.compile(
    r"[-\u2010\u2011](?:" + "|".join(data.load("number_names")["chemistry"]["prefixes"]) + ")",
    re.IGNORECASE,
)
_GLUED_SHORT_UNITS = frozenset({"h", "g", "m", "L", "%"})
_HYPHEN_WORD = re.compile(r"[-\u2010\u2011]([a-z][a-z]*)")
_RANGE = re.compile(
    rf"\s*(?:-|\u2013|\u2014|\u2010|\u2011|to|through)\s*(?P<sign>[-\u2212])?(?P<high>{numbers.DIGITS})"
    r"(?![0-9]|[.,][0-9])",
    re.IGNORECASE,
)
_BETWEEN_HIGH = re.compile(rf"\s+and\s+(?P<high>{numbers.DIGITS})(?![0-9]|[.,][0-9])", re.IGNORECASE)
# A spread written after its mean, bare or bracketed: "45.2 ± 8.1 years", "546.90 (±93.66) min".
_SPREAD_AFTER = re.compile(
    rf"\s*(?:\u00b1|\+/-|\+-)\s*(?:{numbers.DIGITS})"
    rf"|\s*[(\[]\s*(?:\u00b1|\+/-|SD\s*=?)\s*(?:{numbers.DIGITS})\s*(?:SD)?\s*[)\]]"
)
# "1 in 5 adults", "one in every four": a share; "68 of 84", "five out of seven": a count and its whole.
_PROPORTION = re.compile(
    rf"\s+(?:in(?:\s+every)?|of\s+every)\s+(?P<total>{numbers.DIGITS}|{numbers.WORDS})(?![0-9.,%])",
    re.IGNORECASE,
)
_OF_TOTAL = re.compile(
    rf"\s+(?:out\s+)?of\s+(?:the\s+)?(?P<total>{numbers.DIGITS}|{numbers.WORDS})(?![0-9.,%]|\s*%)",
    re.IGNORECASE,
)
_SHARE_ASIDE = re.compile(rf"\s*\(\s*(?:{numbers.DIGITS})\s*%\s*\)")
_ONE_OF = re.compile(r"one\s+of\b", re.IGNORECASE)
_TO_THE_NEXT = re.compile(r"\s+to\s+(?:the\s+next|another)\b", re.IGNORECASE)
_CITED_WORK = count_unit("study")  # "one case report describes" names the cited work, it counts nothing
_REFERRED_BACK = re.compile(r"\b(?:the|these|those)\s+$", re.IGNORECASE)
# The items of a list that ends right before a count of them: "Minocycline and doxycycline, " (no clause
# break inside the items).
_LISTED_BEFORE = re.compile(
    r"(?:^|[.;:(]\s*|\b(?:of|with|as|like|from)\s+)(?P<items>[^.;:()]+?\s(?:and|or)\s[^.;:(),]+?),\s*$"
)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_LIST_REACH = 120
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|last|latter|former|other|the)\s+$", re.IGNORECASE)
_AFTER_ONE_OF = re.compile(r"\bone\s+of\s+$", re.IGNORECASE)
_CONFIDENCE_LEVEL = re.compile(r"\s*(?:CIs?|CrIs?|UIs?|confidence|credible|uncertainty)\b", re.IGNORECASE)
_NOUN_WORD = re.compile(r"(?:\s+|[-\u2010\u2011])([A-Za-z][\w-]*|[0-9]+(?:\.[0-9]+)?)")
# Brackets are asides, not breaks: "pain fell (p = 0.03) after 6 weeks" is one clause with an aside.
# A colon is no break either: "cryosolution B: 5 to 38%" names what its figure is of. A comma before a
# comparison is part of it (", compared with 3 hours"), so that the compared figure shares the subject.
_CLAUSE_BREAK = re.compile(
    r"[,;]?\s(?:vs\.?|versus|(?:compared|in\s+comparison)\s+(?:with|to)|whereas|while|than)\s|[,;]\s",
    re.IGNORECASE,
)
_BRACKET = re.compile(r"[()\[\]]")
_VERB_FORM = re.compile(r"[a-z]{2}(?:ed|ing)$")  # "25 treated", "two adjusted"; "a 16-bed unit" counts beds
_ABBREVIATION_DEFINED = re.compile(r"\(([A-Z][A-Za-z/+-]{1,9})\)")
_GENUS_INITIAL = re.compile(r"\b([A-Z])\.\s?([a-z]{3,})\b")
_GENUS_SPECIES = re.compile(r"\b([A-Z][a-z]{2,})\s+([a-z]{3,})\b")
_LINK_WORDS = frozenset("of was were is are be been by to at reached".split())
_LIST_END = re.compile(r"\s*,?\s*(?:and|or)\s*", re.IGNORECASE)
_LIST_COMMA = re.compile(r"\s*,\s*")
_CLAUSE_REACH = 300
_DIRECTION_REACH = 8  # words back from a number to the verb that says which way it went
_INTERVAL_REACH = 80
_WINDOW = 60

_STOP = frozenset(
    "and or but at after before compared with from when than by who which that was were is are had have has "
    "while to of the a an in on for as per each this these those it its their our your we you they "
    "live lives say said report reported experience experienced showed took received vs versus against "
    "respectively".split()
)
_MEASURE_STOP = _STOP - {"of", "in", "the", "a", "an", "on", "per"}
_CONNECTORS = ("of", "in", "the", "a", "an", "on", "per")
_NEW_PHRASE = re.compile(r"\s+(?:in|on|at)\s+(?:a|an|the)\b", re.IGNORECASE)
_MAX_NOUN_WORDS = 3
_MAX_MEASURE_WORDS = 5
_CONTEXT_STOP = _STOP | frozenset(
    "most many few several majority minority any both either neither other others such against "
    "be been into over under between among all also not no there this it its we our they than more less "
    "approximately about around nearly almost some estimated respectively total mean median average "
    "p n ci iqr sd se range".split()
)

_COMPARISONS = (
    (
        "about",
        r"about|approximately|approx\.?|around|nearly|almost|roughly|circa|some|an\s+estimated|~|\u2248",
    ),
    ("at least", r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|\u2265|>="),
    ("over", r"more\s+than|greater\s+than|over|above|exceeding|upwards\s+of|in\s+excess\s+of|>"),
    ("at most", r"at\s+most|up\s+to|no\s+more\s+than|\u2264|<="),
    ("under", r"less\s+than|fewer\s+than|under|below|<"),
)
_COMPARISON = re.compile(
    "(?<![A-Za-z])(?:"
    + "|".join(f"(?P<{name.replace(' ', '_')}>{words})" for name, words in _COMPARISONS)
    + r")\s*$",
    re.IGNORECASE,
)
_STATISTICS = data.load("number_names")["statistics"]
_LABEL_WORDS = frozenset(data.load("number_names")["labels"]["words"])
_PLURAL_LABELS = frozenset(data.load("number_names")["labels"]["plurals"])


def _label_pattern(labels: list[str]) -> str:
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


_ABBREVIATION = r"(?:\s*[\[(]\s*[A-Za-z]{1,6}\s*[\])])?"
_ROLE_BEFORE = (
    (
        "interval",
        re.compile(
            rf"(?<![A-Za-z])(?:{_label_pattern(_STATISTICS['interval'])}){_ABBREVIATION}\s*(?:[=:,]|\bof\b)?\s*$",
            re.IGNORECASE,
        ),
    ),
    (
        "spread",
        re.compile(
            rf"(?:\u00b1|\+/-|(?<![A-Za-z])(?:{_label_pattern(_STATISTICS['spread'])}){_ABBREVIATION}\s*[=:,]?)\s*$",
            re.IGNORECASE,
        ),
    ),
    (
        "p",
        re.compile(
            rf"(?<![A-Za-z])(?:{_label_pattern(_STATISTICS['p'])})\s*(?:[=<>\u2264\u2265]=?|of|was)\s*$",
            re.IGNORECASE,
        ),
    ),
    ("n", re.compile(r"(?<![A-Za-z])(?:n|N)\s*=\s*$")),
)
_RATIO_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?P<label>{_label_pattern(list(units.RATIO_MEASURES))}){_ABBREVIATION}"
    r"\s*(?:[=:,]|\bof\b|\bwas\b|\bwere\b|\bis\b)?\s*$",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:[$\u20ac\u00a3\u00a5]|\b(?:USD|US\$|EUR|GBP|CAD|AUD)\s*)$")
_MONEY_AFTER = re.compile(r"\s*(?:dollars|usd|euros?|pounds|gbp|eur|cents)\b", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\b(?P<verb>\w+\s+)?from\s+(?:an?\s+|the\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
# Words and signs that may qualify the number after them; only then are the patterns above tried.
_BEFORE_WORDS = frozenset(
    word.strip(".").lower()
    for phrase in [
        *units.RATIO_MEASURES,
        *(label for labels in _STATISTICS.values() if isinstance(labels, list) for label in labels),
        "about approximately approx around nearly almost roughly circa some estimated least fewer less more",
        "greater over above exceeding upwards excess most up under below than usd us eur gbp cad aud",
    ]
    for word in re.split(r"[\s-]+", phrase)
)
_BEFORE_SIGNS = frozenset("=<>\u2264\u2265\u00b1~\u2248:,([$\u20ac\u00a3\u00a5/")
# Items named after a series, before "respectively": "... in groups IA, IT and C, respectively".
_TRAILING_ITEMS = re.compile(
    r"\s*(?:in|for|with|among|of)\s+(?:the\s+)?(?P<items>[^.;:()\d]{1,120}?)\s*,?\s*(?:respectively|in\s+that\s+order)\b",
    re.IGNORECASE,
)
_RESPECTIVELY = re.compile(r"\s*,?\s*(?:respectively|in\s+that\s+order)\b", re.IGNORECASE)
_SERIES_GAP = re.compile(
    r"\s*(?:,\s*(?:and|or)?|and|or|vs\.?|versus|against|compared\s+(?:with|to)|to)?\s*$", re.IGNORECASE
)
# "against" compares only right before the second figure ("15% ..., against 3.5% when"): "60% against
# H1N1 and 40% against H3N2" names what each protects from. "Than" compares only what it names before the
# figure ("greater than that in the RPE group (2.11 mm)"): "more than 20%" is a bound of one figure.
_COMPARED = re.compile(
    r"\b(?:vs\.?|versus|(?:compared|in\s+comparison)\s+(?:with|to)|whereas)(?!\w)|\bagainst\s*$"
    r"|\bthan\s+(?:that|those|in|with|for|among)\b",
    re.IGNORECASE,
)
_PAIRED_CLAUSE_GAP = 160
# Figures each led by its own words: "a racing pulse in 71.4% and vomiting in 39%".
_LED_PREPOSITION = r"(?:in|among|for|with|at)"
_LED_GAP = re.compile(
    rf"\s*,?\s*(?:and\s+|or\s+)?(?P<item>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,2}})\s+{_LED_PREPOSITION}\s+",
    re.IGNORECASE,
)
_LED_BEFORE = re.compile(
    rf"(?P<item>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,2}})\s+{_LED_PREPOSITION}\s+$", re.IGNORECASE
)
_PAIRING_GAP = re.compile(r"\s*(?:vs\.?|versus|against|compared\s+(?:with|to))\s*$", re.IGNORECASE)
_BRACKETED = re.compile(r"\[[^\[\]]{0,120}\]|\([^()]{0,120}\)")
_BRACKETS_AHEAD = re.compile(r"(?:\s*(?:\[[^\[\]]{0,120}\]|\([^()]{0,120}\)))*")
_NAME_REST = re.compile(r"[\w.,:/\u00b7-]*")
# The rest of a labelled list ("types 1 and 2"); a decimal or a percentage after it is a figure of its own
# ("in Group 1 and 3.5% of eyes in Group 2").
_LABELLED_LIST = re.compile(
    r"[a-z]?(?:\s*(?:/|,|-|\u2013|and|or|to)\s*[0-9]+(?![.,\u00b7][0-9]|\s*%)[a-z]?\b)*", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    """One quantity in a text, with what it counts and how the text qualifies it.

    ``start``/``end`` span the number and its unit ("14 days", "84.31%"); ``phrase`` (from
    ``phrase_start``) is the verbatim figure with its hedge and counted words ("approximately 14 days",
    "18 medical studies"), what a report shows. ``unit`` is "" for a count, "%" for a percentage,
    "times" for a ratio, else a unit key of ``units`` ("mg", "day", "mg/kg", "per 100000").
    ``counted`` are the stemmed words of what it counts or measures ("knee" in "1069 knees", "diarrhea"
    in "diarrhea (31%)"), ``nouns`` the same words as written; ``context`` the content words of its
    clause, stemmed and without inflection (``words.root``); ``group`` the groups it belongs to
    (``nouns.groups_of``). ``comparison`` is "about", "over", "at least", "under", "at most" or "";
    ``direction`` -1 for a decrease, +1 for an increase, 0 when no change is named. ``role`` says what a
    statistic is: "" (a figure), "interval" (a confidence interval, IQR or range given for another
    figure), "spread" (SD, SE), "p", "n" (a sample size), "share" (the percentage of a count, "200
    (2.4%)") or "money". ``measure`` names what a ratio compares ("odds" for "OR 1.86"); ``total`` is
    the whole of "68 of 84"; ``approximate`` marks numbers rounded by the way they are written
    ("two-thirds", "one in five"). Figures compared with each other ("34.4% vs. 31.1%", "... and ...,
    respectively") share a ``series`` (the offset of its first figure; -1 for a figure compared with
    none). ``named`` are the words right before it that name its measure, as written ("sensitivity" of
    "a sensitivity of 81%").
    """

    value: float
    decimals: int
    start: int
    end: int
    phrase: str
    phrase_start: int
    high: float | None = None
    unit: str = ""
    counted: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    context: frozenset[str] = frozenset()
    group: frozenset[Group] = frozenset()
    comparison: str = ""
    direction: int = 0
    role: str = ""
    measure: str = ""
    total: float | None = None
    approximate: bool = False
    sentence: tuple[int, int] = (0, 0)
    series: int = -1
    named: tuple[str, ...] = ()

    @property
    def percent(self) -> bool:
        return self.unit == units.PERCENT

    @property
    def is_count(self) -> bool:
        """A count of things ("18 studies") rather than a percentage, a ratio or a measure."""
        return not self.unit

    @property
    def is_figure(self) -> bool:
        """A figure an article would assert: a share, a measure, a ratio, a count of named things or a
        range of decimals; not a statistic of another figure, a price, or a bare number that counts
        nothing named."""
        if self.role in ("spread", "p", "money"):
            return False
        measured_range = self.high is not None and self.decimals > 0  # "ranged between 0.62 and 0.77"
        return bool(self.unit or self.counted or self.total is not None or measured_range)


@dataclass
class _Draft:
    """A quantity while its sentence is still being read (lists and series change it)."""

    value: float
    decimals: int
    start: int
    end: int
    phrase_start: int
    phrase_end: int = 0
    high: float | None = None
    unit: str = ""
    comparison: str = ""
    role: str = ""
    measure: str = ""
    total: float | None = None
    approximate: bool = False
    during: bool = False  # "over" that may mean "during" ("over 6 months") rather than "more than"
    series: int = -1
    resume: int = 0  # where reading goes on when the unit holds a number of its own ("per 100,000")
    noun_tokens: list[Token] = field(default_factory=list)
    owner_words: list[Token] = field(default_factory=list)
    item: list[Token] = field(default_factory=list)
    others: list[Token] = field(default_factory=list)


@functools.lru_cache(maxsize=4096)
def find_quantities(text: str, *, context: bool = True) -> tuple[Quantity, ...]:
    """Every quantity in ``text``, in order; linear in the length of the text, cached by text.

    ``context=False`` leaves out what only a comparison of two figures needs (context words, groups,
    direction, series): the extractor's reading, which decides only which numbers are figures."""
    lowered = text.translate(_ASCII_LOWER)
    first = _CANDIDATE.search(lowered)
    return _Reader(text, lowered).read(first, context=context) if first else ()


def parse_quantities(text: str) -> tuple[Quantity, ...]:
    """The figures a figure as written asserts ("3 and 6 months" is two), else every quantity in it."""
    found = find_quantities(text)
    figures = tuple(quantity for quantity in found if quantity.is_figure)
    return figures or found


def parse_quantity(text: str) -> Quantity | None:
    """The first figure of ``text`` ("approximately 14 days", "72%"), or None when it holds no number."""
    found = parse_quantities(text)
    return found[0] if found else None


class _Reader:
    """One pass over a text: numbers, then what each counts, then lists, series and their groups."""

    def __init__(self, text: str, lowered: str) -> None:
        self.text = text
        self.lowered = lowered
        self.tokens = word_tokens(text)
        self.token_starts = [token.start for token in self.tokens]

        masked = sorted(
            [(match.start(), match.end()) for match in DATE.finditer(text)]
            + [(match.start(), match.end()) for match in _MASKED.finditer(text)]
        )
        self.mask_starts = [start for start, _ in masked]
        self.mask_ends = [end for _, end in masked]
        self.number_starts: list[int] = []
        self.number_words: set[int] = set()
        self.share_after: _Draft | None = None  # the share of "(136/31%)", read with its count

    @functools.cached_property
    def sentences(self) -> SentenceIndex:
        return SentenceIndex(self.text)

    @functools.cached_property
    def keys(self) -> list[str]:
        """What each word brings to a figure's context, worked out once per word of the text."""
        return [context_key(token.word) for token in self.tokens]

    @functools.cached_property
    def abbreviations(self) -> dict[str, frozenset[str]]:
        """What the text's own abbreviations stand for ("combination therapy (ACT)": "act" is "combin" and
        "therapy"), so that a figure said of "ACT prescription" is one of combination therapy too."""
        found: dict[str, frozenset[str]] = {}
        for short, words in defined_abbreviations(self.text, self.tokens, self.token_starts):
            found[context_key(short.lower())] = frozenset(context_key(token.word) for token in words) - {""}
        # A species named in full, then by its genus's initial ("Strongyloides stercoralis", later "S.
        # stercoralis"): a figure said of the short name is one of the genus too.
        initials = {(short[0], species) for short, species in _GENUS_INITIAL.findall(self.text)}
        for genus, species in _GENUS_SPECIES.findall(self.text):
            if (genus[0], species) in initials and (key := context_key(species.lower())):
                found.setdefault(key, frozenset({context_key(genus.lower())}) - {""})
        return found

    @functools.cached_property
    def grouped_set(self) -> frozenset[int]:
        """The indexes of the words that name a group."""
        return frozenset(index for index, token in enumerate(self.tokens) if groups_of(token.word))

    @functools.cached_property
    def breaks(self) -> list[re.Match[str]]:
        """Where clauses break: commas, semicolons, "versus"."""
        return list(_CLAUSE_BREAK.finditer(self.text))

    @functools.cached_property
    def break_starts(self) -> list[int]:
        return [match.start() for match in self.breaks]

    @functools.cached_property
    def break_ends(self) -> list[int]:
        return [match.end() for match in self.breaks]

    @functools.cached_property
    def break_brackets(self) -> list[int]:
        """The bracket each break lies in (-1: none): a comma inside "(OR, 1.86)" breaks only the aside."""
        return [self._bracket_at(match.start()) for match in self.breaks]

    @functools.cached_property
    def brackets(self) -> list[tuple[int, int, int]]:
        """Every bracketed aside as (opening offset, closing offset, enclosing aside or -1), in order of
        opening; an aside left open closes at the end of its sentence."""
        found: list[tuple[int, int, int]] = []
        open_ones: list[int] = []
        sentence_end = -1
        for match in _BRACKET.finditer(self.text):
            position = match.start()
            if position >= sentence_end:
                for index in open_ones:
                    found[index] = (found[index][0], sentence_end, found[index][2])
                open_ones = []
                sentence_end = self.sentences.bounds(position, position)[1]
            if match.group() in "([":
                found.append((position, sentence_end, open_ones[-1] if open_ones else -1))
                open_ones.append(len(found) - 1)
            elif open_ones:
                index = open_ones.pop()
                found[index] = (found[index][0], position, found[index][2])
        return found

    @functools.cached_property
    def bracket_opens(self) -> list[int]:
        return [opening for opening, _, _ in self.brackets]

    @functools.cached_property
    def token_brackets(self) -> list[int]:
        """The innermost aside each word lies in (-1: none)."""
        return [self._bracket_at(token.start) for token in self.tokens]

    def _bracket_at(self, position: int) -> int:
        """The innermost aside that ``position`` lies inside (its brackets excluded), or -1."""
        index = bisect.bisect_left(self.bracket_opens, position) - 1
        while index >= 0:
            opening, closing, enclosing = self.brackets[index]
            if opening < position < closing:
                return index
            index = enclosing if opening < position else index - 1
        return -1

    def read(self, first: re.Match[str], *, context: bool) -> tuple[Quantity, ...]:
        drafts: list[_Draft] = []
        match: re.Match[str] | None = first
        while match is not None:
            draft, position = self._draft(match)
            if draft is not None:
                drafts.append(draft)
            if self.share_after is not None:
                drafts.append(self.share_after)
                self.share_after = None
            match = _CANDIDATE.search(self.lowered, position)
        self._share_units(drafts)
        self._attach_statistics(drafts)
        if not context:
            return tuple(self._figure(draft) for draft in drafts)
        self._pair_series(drafts)
        self._pair_clauses(drafts)
        self._pair_led(drafts)
        self._pair_asides(drafts)
        self.number_starts = [draft.start for draft in drafts]
        # The words of numbers and their units ("2.3 minutes") say nothing of what another figure measures.
        self.number_words = {index for draft in drafts for index in self._token_range(draft.start, draft.end)}
        return tuple(self._quantity(draft) for draft in drafts)

    # ----------------------------------------------------------------- one number

    def _masked(self, start: int) -> bool:
        index = bisect.bisect_right(self.mask_starts, start) - 1
        return index >= 0 and self.mask_ends[index] > start

    def _draft(self, match: re.Match[str]) -> tuple[_Draft | None, int]:
        """The quantity at ``match`` and where to read on; None for a number that is no quantity."""
        text, start = self.text, match.start()
        if self._masked(start) or _AFTER_ONE_OF.search(text, max(0, start - 12), start):
            return None, match.end()  # "one of two ways": which one, not how many
        if match.group("digits"):
            return self._digits(match)
        if match.group("duration"):
            value, unit = numbers.duration_of(match.group("duration"))
            draft = _Draft(value, 0 if value.is_integer() else 2, start, match.end(), start, unit=unit)
            return self._finish(draft), draft.end
        if match.group("fraction"):
            if _ORDINAL_BEFORE.search(text, max(0, start - 12), start):
                return None, match.end()  # "the second half of the cases": a part, not a share
            fraction = numbers.fraction_value(match.group("fraction"))
            assert fraction is not None  # the pattern matched a fraction
            draft = _Draft(round(fraction * 100, 2), 2, start, match.end(), start, unit=units.PERCENT)
            draft.approximate = True
            return self._finish(draft), draft.end
        written = match.group("words")
        draft = _Draft(numbers.value_of(written), 0, start, match.end(), start)
        draft = self._finish(draft)
        if (
            written.lower() == "one"
            and not (draft.unit or draft.noun_tokens)
            or _ONE_OF.match(self.text, start)
            or (written.lower() == "one" and _TO_THE_NEXT.match(self.text, draft.phrase_end))
        ):
            # "one of the most common", "one of two ways": a pronoun, not a count; "from one day to the
            # next": a way of speaking, not a length of time
            return None, match.end()
        if self._determiner(draft):
            return None, max(draft.end, match.end())
        return draft, max(draft.end, draft.resume, match.end())

    def _determiner(self, draft: _Draft) -> bool:
        """A small number in words that picks things out rather than counts them: "in one piece", "one
        place of treatment", "one case report describes" (the cited work), "one of the two operations" and
        "the three drugs" (named before), "Minocycline and doxycycline, two older tetracyclines" (the
        sentence's own list). Counts of patients, studies, eyes... stay figures ("one patient died")."""
        if draft.unit or draft.total is not None or not draft.noun_tokens or draft.value > 10:
            return False
        head = count_unit(draft.noun_tokens[0].word)
        if draft.value == 1:
            after = self._token_after(draft.phrase_end)
            cited = after is not None and count_unit(after.word) == _CITED_WORK
            return not head or cited
        if head:
            return False
        before = self.text[max(0, draft.start - 20) : draft.start]
        return bool(_REFERRED_BACK.search(before)) or _names_its_list(self.text, draft.start, draft.value)

    def _token_after(self, position: int) -> Token | None:
        index = bisect.bisect_left(self.token_starts, position)
        return self.tokens[index] if index < len(self.tokens) else None

    def _digits(self, match: re.Match[str]) -> tuple[_Draft | None, int]:
        text, start, end = self.text, match.start(), match.end()
        written = match.group("digits")
        if _CHEMICAL.match(text, end):
            return None, _skip_name(text, end)  # "25-hydroxyvitamin D", "5-fluorouracil": a name
        if text[end : end + 1].isalpha():
            glued = units.unit_after(text, end)
            if glued is None or (glued[1] - end == 1 and text[end] not in _GLUED_SHORT_UNITS):
                return None, _skip_name(text, end)  # "3rd", "2b", "1990s": no unit glued to the digits
        elif text[start - 1 : start] == "(" and (share := _COUNT_SLASH_SHARE.match(text, end)):
            return self._count_and_share(match, share)
        elif _CONTINUES.match(text, end):
            return None, _skip_name(text, end)  # "2,4-dihydroxy", "1.2.3", "1/2", "5-FU"
        if self._names_something(start, written):
            return None, _skip_list(text, end)
        value = numbers.value_of(written) * (-1 if match.group("sign") else 1)
        draft = _Draft(value, numbers.decimals_of(written), start, end, start)
        year_like = len(written) == 4 and written.isdigit() and written[:2] in ("19", "20")
        draft = self._finish(draft)
        if draft.role == "skip":
            return None, draft.end
        if year_like and not draft.unit and not _counts_plural(draft.noun_tokens):
            return None, end  # "in 2016", "a 2016 study": a year; "2016 participants" is a count
        return draft, max(draft.end, draft.resume)

    def _count_and_share(self, match: re.Match[str], share: re.Match[str]) -> tuple[_Draft, int]:
        """ "documentation errors (136/31%)": a count and its share in one bracket, both read (the share
        just after the count), neither a ratio nor a rate "per 31"."""
        written = share.group("share")
        start, end = share.span("share")
        self.share_after = self._finish(
            _Draft(numbers.value_of(written), numbers.decimals_of(written), start, end, start)
        )
        count = match.group("digits")
        draft = _Draft(
            numbers.value_of(count), numbers.decimals_of(count), match.start(), match.end(), match.start()
        )
        draft.phrase_end = match.end()
        return draft, share.end()

    def _names_something(self, start: int, written: str) -> bool:
        """A number that is part of a name: "type 2", "phase 3", "SYGMA 1", "Figure 2", "patient 4",
        "Thr(256)"."""
        end = start + len(written)
        if self.text[start - 2 : start - 1].isalnum() and self.text[start - 1 : start] == "(":
            return self.text[end : end + 1] == ")" and written.isdigit()
        previous = self._token_before(start)
        if previous is None or self.text[previous.end : start].strip(" \t.") != "":
            return False
        if previous.word in _LABEL_WORDS or previous.word in _PLURAL_LABELS:
            return True
        original = previous.original
        capitals = sum(char.isupper() for char in original)
        acronym = original.isalpha() and capitals >= 2 and capitals >= len(original) - 1  # "SYGMA", "EPs"
        if not acronym or "." in written or "," in written:
            return False
        is_statistic = _ratio_label(self.text[previous.start : start]) or any(
            pattern.search(self.text[previous.start : start]) for _, pattern in _ROLE_BEFORE
        )
        return not is_statistic and units.unit_after(self.text, start + len(written)) is None

    def _token_before(self, position: int) -> Token | None:
        index = bisect.bisect_left(self.token_starts, position) - 1
        return self.tokens[index] if index >= 0 else None

    def _finish(self, draft: _Draft) -> _Draft:
        """Read what surrounds a number: qualifier and statistic before it; range, unit, share, noun after."""
        text = self.text
        before = text[max(0, draft.start - _WINDOW) : draft.start]
        self._read_before(draft, before)
        position = draft.end
        if not draft.unit:
            spread = _SPREAD_AFTER.match(text, position)
            position = spread.end() if spread else position
            unit = units.unit_after(text, position)
            if unit is not None:
                draft.unit, position = unit[0], unit[1]
            else:
                hyphen = _HYPHEN_WORD.match(text, position)
                unit = units.unit_after(text, position + 1) if hyphen else None
                if unit is not None:
                    draft.unit, position = unit[0], unit[1]
        if draft.during and draft.unit in units.TIME:
            draft.comparison = ""  # "over 6 months" is a span of time, not "more than 6 months"
        if draft.unit == units.PERCENT and _CONFIDENCE_LEVEL.match(text, position):
            draft.role = "skip"  # the 95 of "95% CI" is a confidence level, not a figure
            draft.end = position
            return draft
        if not draft.unit and _MONEY_AFTER.match(text, position):
            draft.role = "money"
        position = self._read_range(draft, position, before)
        position = self._read_total(draft, position)
        if draft.unit == units.PERCENT:
            extension = _extend(text, position, _MEASURE_STOP, _MAX_MEASURE_WORDS, cut_at_plural=False)
        elif draft.unit:
            extension = position
        else:
            extension = _extend(text, position, _STOP, _MAX_NOUN_WORDS, cut_at_plural=True)
        draft.noun_tokens = self._tokens_between(position, extension)
        if draft.noun_tokens and not draft.unit and _VERB_FORM.search(draft.noun_tokens[-1].word):
            draft.noun_tokens, draft.phrase_end = [], position  # "two adjusted", "25 treated": no noun
        draft.end = position
        draft.phrase_end = max(extension, position)
        rate = units.unit_after(text, draft.phrase_end) if not draft.unit else None
        if rate is not None and rate[0].startswith("per "):
            draft.unit, draft.phrase_end = rate  # "92.95 cases per 100,000": the 100,000 is the unit's
            draft.resume = rate[1]
        return draft

    def _labelled(self, start: int) -> bool:
        """Whether the words or signs just before a number may qualify it (a label, a comparison, a
        currency); most numbers have none, and then no pattern needs to look back."""
        index = bisect.bisect_left(self.token_starts, start)
        if any(token.word in _BEFORE_WORDS for token in self.tokens[max(index - 4, 0) : index]):
            return True
        tail = self.text[max(0, start - 3) : start].rstrip()
        return bool(tail) and tail[-1] in _BEFORE_SIGNS

    def _read_before(self, draft: _Draft, before: str) -> None:
        previous = self._token_before(draft.start)
        if (
            previous is not None
            and previous.word in units.TIME
            and self.text[draft.start].isdigit()
            and self.text[previous.end : draft.start].strip() == ""
            and not (draft.decimals == 0 and 1900 <= draft.value < 2100)
        ):
            draft.unit = previous.word  # "at week 12": a time point, 12 weeks in
            draft.phrase_start = previous.start
        if not self._labelled(draft.start):
            return
        label = _ratio_label(before)
        if label:
            draft.unit = units.RATIO
            draft.measure = units.ratio_measure(label.group("label"))
            draft.phrase_start = draft.start - len(before) + label.start("label")  # "OR 1.72"
        for role, pattern in _ROLE_BEFORE:
            if pattern.search(before):
                draft.role = role
                break
        if _MONEY_BEFORE.search(before):
            draft.role = "money"
        comparison = _COMPARISON.search(before[-24:])
        if comparison and comparison.lastgroup:
            draft.comparison = comparison.lastgroup.replace("_", " ")
            word = comparison.group().strip().lower()
            draft.during = word == "over"
            if word not in ("above", "below"):  # prepositions of the sentence ("above six cups, ...")
                draft.phrase_start = draft.start - (len(before[-24:]) - comparison.start())

    def _read_range(self, draft: _Draft, position: int, before: str) -> int:
        text = self.text
        match = _RANGE.match(text, position) or _BETWEEN_HIGH.match(text, position)
        if match is None:
            return position
        between = _BETWEEN_BEFORE.search(before)
        if match.re is _BETWEEN_HIGH and not between:
            return position
        change = _FROM_BEFORE.search(before)
        if match is None or (
            change and not between and not (change.group("verb") or "").lower().startswith("rang")
        ):
            return position  # "from 10% to 20%" is a change, two figures; "ranged from 18 to 65" a range
        high = numbers.value_of(match.group("high")) * (-1 if match.groupdict().get("sign") else 1)
        if high < draft.value:
            return position
        after = match.end()
        unit = units.unit_after(text, after)
        if unit is not None and draft.unit and unit[0] != draft.unit:
            return position
        if unit is not None:
            draft.unit, after = unit[0], unit[1]
        draft.high = high
        draft.decimals = max(draft.decimals, numbers.decimals_of(match.group("high")))
        if between and match.re is _BETWEEN_HIGH:  # "between 20 and 30" reads as a range only whole
            draft.phrase_start = min(draft.phrase_start, draft.start - len(before) + between.start())
        return after

    def _read_total(self, draft: _Draft, position: int) -> int:
        """ "1 in 5 adults" is 20% of adults; "68 of 84 patients" and "five out of seven studies" are counts
        with their whole."""
        if draft.unit or draft.high is not None:
            return position
        proportion = _PROPORTION.match(self.text, position)
        if proportion:
            total = numbers.value_of(proportion.group("total"))
            if total > draft.value and not _is_year(proportion.group("total")):
                draft.value = round(100 * draft.value / total, 2)
                draft.decimals, draft.unit, draft.total, draft.approximate = 2, units.PERCENT, total, True
                return proportion.end()
        of_total = _OF_TOTAL.match(self.text, position)
        aside = _SHARE_ASIDE.match(self.text, position) if of_total is None else None
        if aside:  # "In 20 (33.3%) of the 60 patients": the whole, read past the share between them
            of_total = _OF_TOTAL.match(self.text, aside.end())
        if of_total:
            total = numbers.value_of(of_total.group("total"))
            if total > draft.value and not _is_year(of_total.group("total")):
                draft.total = total
                return position if aside else of_total.end()  # the share is read on its own
        return position

    def _tokens_between(self, start: int, end: int) -> list[Token]:
        first = bisect.bisect_left(self.token_starts, start)
        last = bisect.bisect_left(self.token_starts, end)
        return self.tokens[first:last]

    # ----------------------------------------------------------------- a sentence's figures together

    def _share_units(self, drafts: list[_Draft]) -> None:
        """ "At 3 and 6 months", "97.8, 88.8 and 84.7%", "360 vs. 245 minutes": a bare number in a list
        or a comparison takes the unit written once at its end; "over 65, four months" is no list (a list
        ends in "and", "or" or "vs.", and is written alike)."""
        shared: set[int] = set()
        for index in range(len(drafts) - 2, -1, -1):
            draft, following = drafts[index], drafts[index + 1]
            if self._labelled_item(draft, following, index + 1 in shared):
                draft.noun_tokens = [*draft.noun_tokens, following.noun_tokens[-1]]
                shared.add(index)
                continue
            if draft.unit or draft.noun_tokens or draft.role or following.role:
                continue
            if self.text[draft.start].isdigit() != self.text[following.start].isdigit():
                continue
            gap = self.text[draft.phrase_end : following.start]
            ends_list = _LIST_END.fullmatch(gap) or _PAIRING_GAP.fullmatch(gap)  # "360 vs. 245 minutes"
            if not (ends_list or (index + 1 in shared and _LIST_COMMA.fullmatch(gap))):
                continue
            if following.unit or following.noun_tokens:
                draft.unit, draft.noun_tokens = following.unit, list(following.noun_tokens)
                draft.approximate = draft.approximate or following.approximate
                shared.add(index)

    def _labelled_item(self, draft: _Draft, following: _Draft, following_shared: bool) -> bool:
        """ "22 HFpEF, 17 HFmrEF and 15 HFrEF patients": a count named by a subgroup's label in a list takes
        the noun written once at its end, so that each is a count of patients (of its subgroup)."""
        if draft.unit or draft.role or following.role or len(draft.noun_tokens) != 1:
            return False
        label = draft.noun_tokens[0].original
        if not any(char.isupper() for char in label[1:]) or count_unit(draft.noun_tokens[0].word):
            return False
        heads = following.noun_tokens
        if len(heads) < 2 or not count_unit(heads[-1].word) or heads[0].original[1:] == heads[0].word[1:]:
            return False  # the following item must be a label and a counted noun: "15 HFrEF patients"
        gap = self.text[draft.phrase_end : following.start]
        return bool(_LIST_END.fullmatch(gap) or (following_shared and _LIST_COMMA.fullmatch(gap)))

    def _attach_statistics(self, drafts: list[_Draft]) -> None:
        """Intervals, spreads and shares belong to the figure or the words before them: "34 % (17-57)"
        is an interval of a percentage, "200 (2.4%)" a share of 200, "diarrhea (31%)" a share of diarrhea,
        and "OR 1.72; 95% CI 1.07 to 2.78" an interval of a ratio."""
        for index, draft in enumerate(drafts):
            opening = self._bracket_before(draft.phrase_start)
            owner = _last_before(drafts, index, opening) if opening >= 0 else None
            if opening >= 0 and owner is not None and self.text[owner.phrase_end : opening].strip() == "":
                if draft.high is not None and not draft.role and not draft.noun_tokens:
                    draft.role = "interval"
                if draft.unit == units.PERCENT and not owner.unit and not draft.role:
                    draft.role = "share"
                if not draft.noun_tokens:
                    draft.owner_words = owner.noun_tokens or owner.owner_words
            elif opening >= 0 and not draft.noun_tokens and self._bare_aside(opening, draft.phrase_start):
                draft.owner_words = self._words_before(opening)
            if draft.role == "interval" and not draft.unit:
                estimate = _last_before(drafts, index, draft.start, reach=_INTERVAL_REACH)
                draft.unit = estimate.unit if estimate is not None and estimate.role != "interval" else ""

    def _bare_aside(self, opening: int, position: int) -> bool:
        """Whether an aside holds nothing but its figures and their labels up to ``position``: "diarrhea
        (31%)", "(n = 71, 69%)"; "(females: HR = 1.16" names its own group and owes nothing to the words
        before it."""
        return all(
            token.word in _BEFORE_WORDS or numbers.is_number_word(token.word)
            for token in self._tokens_between(opening, position)
        )

    def _bracket_before(self, position: int) -> int:
        """Offset of the "(" or "[" still open right before ``position`` (up to 40 characters back), or -1."""
        low = max(0, position - 40)
        segment = self.text[low:position]
        index = max(segment.rfind("("), segment.rfind("["))
        if index < 0 or any(char in segment[index + 1 :] for char in ")]"):
            return -1
        return low + index

    def _words_before(self, position: int) -> list[Token]:
        """The noun phrase right before a bracket: "sinus tachycardia" of "sinus tachycardia (86.7%)"."""
        index = bisect.bisect_left(self.token_starts, position) - 1
        words: list[Token] = []
        clause_start = self._clause(position, position)[0]
        while index >= 0 and len(words) < _MAX_NOUN_WORDS:
            token = self.tokens[index]
            if token.start < clause_start or token.word in _STOP or numbers.is_number_word(token.word):
                break
            words.insert(0, token)
            index -= 1
        return words

    def _pair_series(self, drafts: list[_Draft]) -> None:
        """ "A and B ... 38.9% and 34.3%, respectively", "(A) versus (B)": each figure of a compared
        series takes its own item of the coordination before it, and not the other items' words."""
        index = 0
        while index < len(drafts):
            series = [index]
            while series[-1] + 1 < len(drafts) and self._continues_series(
                drafts[series[-1]], drafts[series[-1] + 1]
            ):
                series.append(series[-1] + 1)
            main = [drafts[i] for i in series if drafts[i].role not in ("interval", "spread", "p", "n")]
            index = series[-1] + 1
            if len(main) < 2 or len({draft.unit for draft in main}) != 1:
                continue
            after = self._after_brackets(main[-1].phrase_end)
            trailing = self._items_after(
                after, len(main)
            )  # "... 172.20 min in groups IA, IT and C, respectively"
            respectively = trailing is not None or bool(_RESPECTIVELY.match(self.text, after))
            paired = respectively or any(
                _PAIRING_GAP.match(_unbracketed(self.text[a.phrase_end : b.start]))
                for a, b in zip(main, main[1:])
            )
            if not paired:
                self._pair_named(main)
                continue
            for draft in main:
                draft.series = main[0].start
            joints = ("versus", "vs", "than", "compared") + (("and", "or") if respectively else ())
            items = trailing or self._coordinated_items(main[0].phrase_start, len(main), joints)
            if items is None:
                continue
            for draft, item in zip(main, items):
                draft.item = item
                draft.others = [token for other in items if other is not item for token in other]

    def _pair_named(self, series: list[_Draft]) -> None:
        """ "80% of trifocal patients and 50% of bifocal patients": figures listed together, each naming
        its own thing, are a series whose items are their own words."""
        named = [{context_key(token.word) for token in draft.noun_tokens} - {""} for draft in series]
        if not all(named) or any(a == b for a, b in itertools.combinations(named, 2)):
            return
        for draft in series:
            draft.series = series[0].start
            draft.item = list(draft.noun_tokens)
            draft.others = [token for other in series if other is not draft for token in other.noun_tokens]

    def _pair_led(self, drafts: list[_Draft]) -> None:
        """ "a racing pulse in 71.4% and vomiting in 39%": figures listed each after its own words and a
        preposition are a series whose items are those words, so that neither takes the other's."""
        main = [draft for draft in drafts if draft.role not in ("interval", "spread", "p", "n")]
        runs: list[list[_Draft]] = []
        for first, second in zip(main, main[1:]):
            if first.unit != second.unit or first.noun_tokens or second.noun_tokens or second.series >= 0:
                continue
            gap = _LED_GAP.fullmatch(self.text, first.phrase_end, second.phrase_start)
            item = self._tokens_between(*gap.span("item")) if gap else []
            if not item or any(token.word in _STOP for token in item):
                continue  # "in 60% with the drug and in 40%": the words are the first figure's own
            continued = bool(runs) and runs[-1][-1] is first
            if continued:
                own = first.item
            elif first.series < 0:  # not a series of its own already ("..., respectively")
                lead = _LED_BEFORE.search(self.text, max(0, first.phrase_start - _WINDOW), first.phrase_start)
                own = _content(self._tokens_between(*lead.span("item")))[-_MAX_NOUN_WORDS:] if lead else []
            else:
                own = []
            if not own or own[-1].word == item[-1].word:
                continue
            if not continued:
                first.item, first.series = own, first.start
                runs.append([first])
            second.item, second.series = item, first.series
            runs[-1].append(second)
        for run in runs:
            for draft in run:
                draft.others = [token for other in run if other is not draft for token in other.item]

    def _pair_asides(self, drafts: list[_Draft]) -> None:
        """ "either the Koga agar plate (21.4%) or the Baermann method (37.5%)": figures of one unit and
        sentence, each in an aside after the words it is of, name their own things; each takes its words
        as its item, and not the others' words."""
        asides = [
            draft
            for draft in drafts
            if draft.owner_words and not draft.noun_tokens and not draft.item and not draft.role
        ]
        runs: list[list[_Draft]] = []
        for draft in asides:
            last = runs[-1][-1] if runs else None
            if (
                last is not None
                and last.unit == draft.unit
                and self.sentences.bounds(last.start, last.start)
                == self.sentences.bounds(draft.start, draft.start)
            ):
                runs[-1].append(draft)
            else:
                runs.append([draft])
        for run in runs:
            named = [{context_key(token.word) for token in draft.owner_words} - {""} for draft in run]
            if len(run) < 2 or not all(named) or any(a & b for a, b in itertools.combinations(named, 2)):
                continue
            for draft in run:
                draft.item = list(draft.owner_words)
                draft.others = [token for other in run if other is not draft for token in other.owner_words]

    def _pair_clauses(self, drafts: list[_Draft]) -> None:
        """ "34.4% in the treatment group versus 54.4% with placebo": two figures of one unit compared in
        their own clauses are a series too (each clause names its own group)."""
        main = [draft for draft in drafts if draft.role not in ("interval", "spread", "p", "n")]
        for first, second in zip(main, main[1:]):
            if second.series >= 0 or first.unit != second.unit:
                continue
            gap = _unbracketed(self.text[first.phrase_end : second.start])
            # "... compared with the control. Nine dyes were chosen": a comparison ends with its sentence
            one_sentence = self.sentences.bounds(first.start, first.start)[1] > second.start
            if len(gap) <= _PAIRED_CLAUSE_GAP and _COMPARED.search(gap) and one_sentence:
                first.series = second.series = first.start if first.series < 0 else first.series
                if not second.noun_tokens and not second.owner_words:
                    second.owner_words = first.noun_tokens  # "0.7% of the insects ..., compared with 8.5%"

    def _continues_series(self, first: _Draft, second: _Draft) -> bool:
        gap = _unbracketed(self.text[first.phrase_end : second.start])
        return bool(_SERIES_GAP.fullmatch(gap)) or second.role in ("interval", "spread", "p", "n")

    def _after_brackets(self, position: int) -> int:
        match = _BRACKETS_AHEAD.match(self.text, position)
        return match.end() if match else position

    def _coordinated_items(
        self, position: int, count: int, kinds: tuple[str, ...]
    ) -> list[list[Token]] | None:
        """The ``count`` items of the last coordination before ``position`` in its sentence ("A and B",
        "A, B and C", "A versus B", "A than B"), each as its content words (at most three); ``kinds``
        are the words that may join them ("and" only for a series followed by "respectively"). Three
        items or more are a list only when commas part them: in "KAP, BM and PCR for detection as
        compared to a combination ... was 21.4%, 37.5% and 76.8%, respectively", the list is the first."""
        sentence_start = self.sentences.bounds(position, position)[0]
        tokens = self._tokens_between(sentence_start, position)
        joints = [
            index
            for index, token in enumerate(tokens)
            if token.word in kinds
            and 0 < index < len(tokens) - 1
            and not numbers.is_number_word(tokens[index - 1].word)
            and not numbers.is_number_word(tokens[index + 1].word)
        ]  # "10, 50 and 100 mg" coordinates numbers, not the items they belong to
        if count < 3:
            return self._items_joined_at(tokens, joints[-1], count) if joints else None
        for joint in reversed(joints):
            items = self._items_joined_at(tokens, joint, count)
            if items is not None and all(
                "," in self.text[first[0].start : second[0].start]
                for first, second in zip(items, items[1:-1])
            ):
                return items
        return None

    def _items_after(self, position: int, count: int) -> list[list[Token]] | None:
        """The ``count`` items named right after a series and before "respectively": "234.90, 367.80 and
        172.20 min in groups IA, IT and C, respectively"."""
        trailing = _TRAILING_ITEMS.match(self.text, position)
        if trailing is None:
            return None
        tokens = self._tokens_between(*trailing.span("items"))
        joints = [
            i for i, token in enumerate(tokens) if token.word in ("and", "or") and i and not _is_label(token)
        ]
        return self._items_joined_at(tokens, joints[-1], count) if joints else None

    def _items_joined_at(self, tokens: list[Token], joint: int, count: int) -> list[list[Token]] | None:
        """The ``count`` items of the coordination whose last joining word is ``tokens[joint]``."""
        after = tokens[joint + 1 :]
        if tokens[joint].word == "compared" and after and after[0].word in ("with", "to"):
            after = after[1:]
        last = _content(after)[:_MAX_NOUN_WORDS]
        items = [last]
        index = joint - 1
        while len(items) < count and index >= 0:
            item: list[Token] = []
            while index >= 0 and len(item) < _MAX_NOUN_WORDS:
                token = tokens[index]
                gap = self.text[token.end : (item[0].start if item else tokens[index + 1].start)]
                if item and "," in gap:
                    break
                if (token.word in _STOP and not _is_label(token)) or numbers.is_number_word(token.word):
                    if item:
                        break
                    index -= 1
                    continue
                item.insert(0, token)
                index -= 1
            if not item:
                return None
            items.insert(0, item)
            while index >= 0 and tokens[index].word in ("and", "or"):
                index -= 1
        if len(items) != count or not all(items):
            return None
        if len(last) > 1 and all(len(item) == 1 for item in items[:-1]):
            # "the higher and the lower dose": the last item's noun is every item's
            items = [[*item, last[-1]] for item in items[:-1]] + [last]
        return items

    # ----------------------------------------------------------------- the finished quantity

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        """The comma-, semicolon- or "versus"-delimited part of the sentence (or of the aside) that
        ``text[start:end]`` sits in."""
        low, _ = self._clause_start(start)
        bracket = self._bracket_at(start)
        limit = self.brackets[bracket][1] if bracket >= 0 else self.sentences.bounds(start, end)[1]
        high = min(limit, end + _CLAUSE_REACH)
        index = bisect.bisect_left(self.break_starts, end)
        while index < len(self.break_starts) and self.break_starts[index] < high:
            if self.break_brackets[index] == bracket:
                return low, self.break_starts[index]
            index += 1
        return low, high

    def _clause_start(self, position: int) -> tuple[int, re.Match[str] | None]:
        """Where the clause holding ``position`` starts, and the break that starts it (None when it
        starts a sentence or an aside)."""
        bracket = self._bracket_at(position)
        opening = (
            self.brackets[bracket][0] + 1 if bracket >= 0 else self.sentences.bounds(position, position)[0]
        )
        low = max(opening, position - _CLAUSE_REACH)
        index = bisect.bisect_right(self.break_ends, position) - 1
        while index >= 0 and self.break_starts[index] >= low:
            if self.break_brackets[index] == bracket:
                return self.break_ends[index], self.breaks[index]
            index -= 1
        return low, None

    def _clause_words(self, clause: tuple[int, int], bracket: int) -> list[int]:
        """The indexes of the words of a clause that are not inside an aside of it."""
        span = self._token_range(*clause)
        return [index for index in span if self.token_brackets[index] == bracket]

    def _shared_words(self, position: int, opening: re.Match[str] | None) -> list[int]:
        """The words a clause shares with another: an aside takes the words of the clause it stands in
        ("preterm birth (9.1% vs 9.3%)", "risk of cancer (OR, 1.72; ...)"), and the second figure of a
        comparison the subject before the first ("nausea occurred in 34.4% of patients versus 31.1%")."""
        bracket = self._bracket_at(position)
        shared: list[int] = []
        if bracket >= 0:
            outside = self.brackets[bracket][0]
            shared = self._clause_words(self._clause(outside, outside), self.brackets[bracket][2])
            shared += self._shared_words(outside, self._clause_start(outside)[1])
        if opening is None or opening.group().strip() in (",", ";"):
            return shared
        previous_start, _ = self._clause_start(opening.start())
        index = bisect.bisect_left(self.number_starts, previous_start)
        first_number = self.number_starts[index] if index < len(self.number_starts) else opening.start()
        previous = self._clause_words((previous_start, min(first_number, opening.start())), bracket)
        return shared + previous

    def _series_words(self, draft: _Draft, clause: tuple[int, int]) -> list[int]:
        """The words that name what a whole series measures, for a figure of it in a later clause: in
        "Pain-free time was 546 min in group A, against 234, 367 and 172 min in groups B, C and D,
        respectively", 367 and 172 are pain-free times too (their items tell them apart)."""
        if draft.series < 0 or draft.series >= clause[0]:
            return []
        start, opening = self._clause_start(draft.series)
        index = bisect.bisect_left(self.number_starts, start)
        first_number = self.number_starts[index] if index < len(self.number_starts) else draft.series
        before = self._clause_words((start, min(first_number, draft.series)), self._bracket_at(draft.series))
        return before + self._shared_words(draft.series, opening)

    def _token_range(self, start: int, end: int) -> range:
        return range(bisect.bisect_left(self.token_starts, start), bisect.bisect_left(self.token_starts, end))

    @staticmethod
    def _counted_words(draft: _Draft) -> list[Token]:
        """What a number counts: its own words, else the words its bracket stands after ("diarrhea
        (31%)"); a sample size's bracket names the arm it belongs to, not what it counts ("vitamin D3
        (n = 30)")."""
        return draft.noun_tokens or (draft.owner_words if draft.role != "n" else [])

    def _figure(self, draft: _Draft) -> Quantity:
        """The quantity as the extractor needs it: value, unit, what it counts by its own words (a number
        in brackets after words, "(pH 8.0, ...)", is no figure of an article), how it is worded."""
        noun_tokens = [token for token in draft.noun_tokens if context_key(token.word)]
        return Quantity(
            value=draft.value,
            decimals=draft.decimals,
            start=draft.start,
            end=draft.end,
            phrase=self.text[draft.phrase_start : draft.phrase_end],
            phrase_start=draft.phrase_start,
            high=draft.high,
            unit=draft.unit,
            counted=tuple(stem(token.word) for token in noun_tokens),
            nouns=tuple(token.original for token in noun_tokens),
            comparison=draft.comparison,
            role=draft.role,
            measure=draft.measure,
            total=draft.total,
            approximate=draft.approximate,
        )

    def _quantity(self, draft: _Draft) -> Quantity:
        text = self.text
        sentence = self.sentences.bounds(draft.start, draft.end)
        clause = self._clause(draft.phrase_start, draft.end)
        window = [
            index
            for index in self._clause_words(clause, self._bracket_at(draft.start))
            if index not in self.number_words
        ]
        shared = self._shared_words(draft.start, self._clause_start(draft.phrase_start)[1])
        shared += self._series_words(draft, clause)
        others = {context_key(token.word) for token in draft.others} - {
            context_key(token.word) for token in draft.item
        }
        noun_tokens = [
            token
            for token in self._counted_words(draft)
            if context_key(token.word) and context_key(token.word) not in others
        ]
        keys = self.keys
        context = (
            {
                *(keys[index] for index in window),
                *(keys[index] for index in shared),
                *(context_key(token.word) for token in [*draft.owner_words, *draft.item]),
            }
            - others
            - {""}
        )
        context |= {word for key in context & self.abbreviations.keys() for word in self.abbreviations[key]}
        own = [
            self.tokens[index] for index in window if keys[index] not in others and index in self.grouped_set
        ]
        group = frozenset(g for token in [*noun_tokens, *draft.item, *own] for g in groups_of(token.word))
        if not group and not draft.item:  # an aside's figure belongs to the group of its clause
            group = frozenset(
                g for index in shared if index in self.grouped_set for g in groups_of(self.tokens[index].word)
            )
        if not draft.item:  # "Among men, ...": the opening names the group of what follows, where its own
            leading = self._leading_group(sentence, clause)  # words name none of that kind
            group |= {g for g in leading if all(kind != g[0] for kind, _ in group)}
        return Quantity(
            value=draft.value,
            decimals=draft.decimals,
            start=draft.start,
            end=draft.end,
            phrase=text[draft.phrase_start : draft.phrase_end],
            phrase_start=draft.phrase_start,
            high=draft.high,
            unit=draft.unit,
            counted=tuple(stem(token.word) for token in noun_tokens),
            nouns=tuple(token.original for token in noun_tokens),
            context=frozenset(context),
            group=group,
            comparison=draft.comparison,
            direction=self._direction(draft, clause),
            role=draft.role,
            measure=draft.measure,
            total=draft.total,
            approximate=draft.approximate,
            sentence=sentence,
            series=draft.series,
            named=self._named_before(draft, clause),
        )

    def _named_before(self, draft: _Draft, clause: tuple[int, int]) -> tuple[str, ...]:
        """The words right before a number that name what it measures, as written: "sensitivity" of
        "a sensitivity of 81%", "specificity" of "specificity: 57%" (at most two, in its clause)."""
        index = bisect.bisect_left(self.token_starts, draft.phrase_start) - 1
        named: list[Token] = []
        end = draft.phrase_start
        while index >= 0 and len(named) < 2:
            token = self.tokens[index]
            gap = self.text[token.end : end]
            if token.start < clause[0] or any(char in gap for char in ",;()[]"):
                break
            if token.word in _LINK_WORDS and not named:
                end, index = token.start, index - 1
                continue
            if not context_key(token.word) or token.word in _STOP:
                break
            named.insert(0, token)
            end, index = token.start, index - 1
        return tuple(token.original for token in named)

    def _leading_group(self, sentence: tuple[int, int], clause: tuple[int, int]) -> frozenset[Group]:
        """ "Among the adolescents, 76.8% ...": a sentence's opening phrase names the group of what
        follows."""
        first = bisect.bisect_left(self.break_starts, sentence[0])
        if first == len(self.break_starts) or self.break_starts[first] >= clause[0]:
            return frozenset()
        tokens = self._tokens_between(sentence[0], self.break_starts[first])
        if not tokens or tokens[0].word not in ("among", "in", "for", "of", "within"):
            return frozenset()
        return frozenset(g for token in tokens for g in groups_of(token.word))

    def _direction(self, draft: _Draft, clause: tuple[int, int]) -> int:
        """-1/+1 for a decrease/increase named next to the number: its own words, then the words before it
        in its clause, nearest first ("decreased by 20%", "an 84.31% decrease", "reduced antibody levels
        against EBNA-1 by 20%")."""
        index = bisect.bisect_left(self.token_starts, draft.start)
        reach = max(index - _DIRECTION_REACH, 0)
        before = [token for token in self.tokens[reach:index] if token.start >= clause[0]]
        for token in [*draft.noun_tokens, *reversed(before)]:
            # The word as written: spelling-neutral folding turns "raised" into "raized".
            if direction := direction_of(token.original.casefold()) or direction_of(token.word):
                return direction
        return 0


def _last_before(drafts: list[_Draft], index: int, position: int, reach: int = 40) -> _Draft | None:
    """The last draft before ``drafts[index]`` that ends by ``position``, at most ``reach`` back."""
    for earlier in range(index - 1, -1, -1):
        draft = drafts[earlier]
        if draft.phrase_end <= position:
            return draft if position - draft.phrase_end <= reach else None
    return None


def _extend(text: str, end: int, stop: frozenset[str], max_words: int, *, cut_at_plural: bool) -> int:
    """End of the noun phrase after a number: "18 medical studies", "84.31% decrease in resting pain"."""
    word_ends: list[tuple[str, int]] = []
    position = end
    while len(word_ends) < max_words:
        word = _NOUN_WORD.match(text, position)
        if not word or word.group(1).lower() in stop or _NEW_PHRASE.match(text, position):
            break
        word_ends.append((word.group(1), word.end()))
        position = word.end()
    while word_ends and word_ends[-1][0].lower() in _CONNECTORS:
        word_ends.pop()
    if not word_ends:
        return end
    if cut_at_plural:
        return _plural_end(word_ends) or word_ends[0][1]
    return _plural_end(word_ends[1:]) or word_ends[-1][1]


def _plural_end(word_ends: list[tuple[str, int]]) -> int:
    """End of the first plural noun ("studies" in "of the included studies harvested"), or 0."""
    for word, word_end in word_ends:
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return word_end
    return 0


def _skip_name(text: str, end: int) -> int:
    """Past an identifier that a number starts ("3rd", "2,4-dihydroxy", "1.2.3"), so none of it is read."""
    match = _NAME_REST.match(text, end)
    return match.end() if match else end


def _skip_list(text: str, end: int) -> int:
    """Past the rest of a labelled list: "types 1 and 2", "phase 1/2", "grades 3-4"."""
    found = _LABELLED_LIST.match(text, end)
    return found.end() if found else end


def _ratio_label(before: str) -> re.Match[str] | None:
    """The ratio label ("OR", "hazard ratio [HR]") that ``before`` ends with, else None; "or" is no "OR"."""
    match = _RATIO_BEFORE.search(before)
    if match is None:
        return None
    label = match.group("label")
    return match if label in units.RATIO_MEASURES or label.lower() in units.RATIO_MEASURES else None


def _names_its_list(text: str, start: int, value: float) -> bool:
    """A count set beside a list of as many items just before it: "Minocycline and doxycycline, two
    older tetracyclines" names the two, it does not count anything the source could give."""
    listed = _LISTED_BEFORE.search(text, max(0, start - _LIST_REACH), start)
    if listed is None:
        return False
    items = [item for item in _LIST_SPLIT.split(listed.group("items")) if item.strip()]
    return len(items) == value and all(len(item.split()) <= _MAX_NOUN_WORDS for item in items)


def _counts_plural(tokens: list[Token]) -> bool:
    """Whether a number's first noun is a plural count noun ("2016 participants", not "a 2016 study")."""
    return bool(tokens) and bool(count_unit(tokens[0].word)) and singular(tokens[0].word) != tokens[0].word


def defined_abbreviations(
    text: str, tokens: Sequence[Token], token_starts: Sequence[int]
) -> Iterator[tuple[str, tuple[Token, ...]]]:
    """The abbreviations ``text`` defines, each as written with the words (``tokens`` of ``text``, starting
    at ``token_starts``) it stands for: the words whose initials run through its capitals ("combination
    therapy (ACT)"), or one word shortened by its own letters ("Baermann (BM)", "Lidocaine (LDC)")."""
    for match in _ABBREVIATION_DEFINED.finditer(text):
        letters = [char.lower() for char in match.group(1) if char.isupper()]
        if len(letters) < 2:
            continue
        index = bisect.bisect_left(token_starts, match.start())
        before = tokens[max(index - len(letters) - 3, 0) : index]
        words = [token for token in before if token.word not in _STOP]
        for first in range(len(words)):
            spelled = "".join(token.word[:1] for token in words[first:])
            if spelled[:1] == letters[0] and _spells(letters, spelled):
                yield match.group(1), tuple(words[first:])
                break
        else:
            word = words[-1].word if words else ""
            inside = _spells(letters[1:], word[1:], at_end=False)
            if len(word) > len(letters) + 2 and word[0] == letters[0] and inside:
                yield match.group(1), (words[-1],)


def _spells(letters: list[str], initials: str, *, at_end: bool = True) -> bool:
    """Whether an abbreviation's letters run through the initials of its words, first to last (the last
    letter ``at_end``, unless the letters are taken from inside one word)."""
    position = 0
    for letter in letters:
        position = initials.find(letter, position)
        if position < 0:
            return False
        position += 1
    return not at_end or initials.endswith(letters[-1])


def _is_year(written: str) -> bool:
    return len(written) == 4 and written.isdigit() and written[:2] in ("19", "20")


@functools.lru_cache(maxsize=65536)
def context_key(word: str) -> str:
    """What a folded word brings to a figure's context: its stem without inflection, or "" for a word
    that says nothing of what is measured ("the", "was", a number)."""
    if word in _CONTEXT_STOP or numbers.is_number_word(word) or word[:1].isdigit():
        return ""
    return root(stem(measure(word)))


def _is_label(token: Token) -> bool:
    """A word in capitals names a group or a test ("groups IA, IT and C"), not the pronoun "it"."""
    return len(token.original) > 1 and token.original.isupper()


def _content(tokens: list[Token]) -> list[Token]:
    """The content words of a coordination item, from its start up to the first break."""
    words: list[Token] = []
    for token in tokens:
        if (token.word in _STOP and not _is_label(token)) or numbers.is_number_word(token.word):
            if words:
                break
            continue
        words.append(token)
    return words


def _unbracketed(text: str) -> str:
    return _BRACKETED.sub(" ", text)


def with_context(quantity: Quantity, other: Quantity) -> Quantity:
    """``quantity`` read in the sentence ``other`` was found in: its counted words, unit, context,
    comparison and direction where it has none of its own (a figure "72%" of a claim about studies), and
    the groups of kinds its own words do not name ("60% of the teenagers ... the high-activity group")."""
    return replace(
        quantity,
        counted=quantity.counted or other.counted,
        nouns=quantity.nouns or other.nouns,
        unit=quantity.unit or other.unit,
        context=quantity.context | other.context,
        group=quantity.group | {g for g in other.group if g[0] not in {kind for kind, _ in quantity.group}},
        comparison=quantity.comparison or other.comparison,
        direction=quantity.direction or other.direction,
        measure=quantity.measure or other.measure,
    )
