"""What a sentence asserts in numbers and words: figures with their noun, dates, study designs.

Figures keep the article's wording ("about 10% of people over 60", "15 patients", "eighteen studies",
"3 and 6 months") because the checkers compare them; which numbers are figures, and what each one counts,
is decided by the quantity vocabulary the checkers read them with (``claimcheck.vocabulary.quantities``).
Prices, times, phone numbers, ordinals, years alone, names with digits ("type 2", "COVID-19") and "one of
the most common" are not figures.
"""

from __future__ import annotations

import functools
import re

from claimcheck.vocabulary.dates import CALENDAR_DATE, PERIOD_AFTER, PERIOD_BEFORE, YEAR_OF_STUDY
from claimcheck.vocabulary.designs import designs_named
from claimcheck.vocabulary.numbers import SMALL
from claimcheck.vocabulary.prefilter import Prefiltered, fold_for_literals
from claimcheck.vocabulary.quantities import Quantity, find_quantities

_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or|vs\.?|versus|against)\s*", re.IGNORECASE)
_SPELLED_WORDS = [word for word in SMALL if SMALL[word] >= 2] + ["hundred"]

# Design parameters beside the design itself (claimcheck.vocabulary.designs): blinding, follow-up, arms.
# Each is scanned only where a sentence holds the words it cannot match without ("blind", "follow",
# "groups"): most sentences lack them.
_DESIGN_PARAMETERS = (
    (Prefiltered.of(re.compile(r"\b(triple|double|single)[- ]blind(?:ed)?\b", re.IGNORECASE)), "{0}-blind"),
    (
        Prefiltered.of(re.compile(r"\b(\d+)[- ]months?[- ]follow[- ]?up\b", re.IGNORECASE)),
        "{0} months follow-up",
    ),
    (
        Prefiltered.of(re.compile(r"\bfollowed up for (\d+|\w+) months\b", re.IGNORECASE)),
        "{0} months follow-up",
    ),
)
_ARMS = Prefiltered.of(
    re.compile(rf"(?<!phase )\b(\d+|{'|'.join(_SPELLED_WORDS)}) (groups|arms)\b", re.IGNORECASE)
)
# "the two groups", "the three arms": groups already named, referred back to; no count the text asserts.
_GROUPS_REFERRED_BACK = re.compile(r"\bthe\s+$", re.IGNORECASE)
_GROUP_NOUNS = frozenset({"group", "arm"})


def find_date(sentence: str) -> str:
    """The date a sentence gives its study: "January 2020", "June 18, 2018", or a year: "a 2016 study",
    "published in 2012". Dates that bound a period of data ("from January 2010 to June 2012", "cases in
    2007") date the data, not the study."""
    for match in CALENDAR_DATE.finditer(sentence):
        before = sentence[max(0, match.start() - 12) : match.start()]
        if not (PERIOD_BEFORE.search(before) or PERIOD_AFTER.match(sentence, match.end())):
            return match.group().rstrip(".")
    year = YEAR_OF_STUDY.search(sentence)
    return next((group for group in year.groups() if group), "") if year else ""


def find_design(sentence: str) -> tuple[str, ...]:
    """Study designs ("randomized", "cohort study", "phase 1/2") and their parameters ("double-blind",
    "6 months follow-up", "two groups") in text order, each once, one spelling each ("randomised" ->
    "randomized")."""
    found = list(designs_named(sentence))
    folded = fold_for_literals(sentence)
    for scan, label in _DESIGN_PARAMETERS:
        for match in scan.finditer(sentence, folded):
            found.append((match.start(), label.format(*(group.lower() for group in match.groups()))))
    for match in _ARMS.finditer(sentence, folded):
        if not _referred_back(sentence, match.start()):
            found.append((match.start(), f"{match.group(1).lower()} {match.group(2).lower()}"))
    return tuple(dict.fromkeys(term for _, term in sorted(found)))


@functools.lru_cache(maxsize=16384)  # a long page repeats its sentences, a site its boilerplate
def find_figures(sentence: str) -> tuple[str, ...]:
    """Figures as written, each with what it counts or measures; a list sharing one unit ("3 and 6
    months") is one figure, and numbers inside a figure's own words ("people over 60") are part of it."""
    return tuple(phrase for phrase, _ in figure_phrases(sentence))


def figure_phrases(sentence: str) -> list[tuple[str, tuple[Quantity, ...]]]:
    """Each figure's wording with the quantities it asserts, in order."""
    figures: list[tuple[int, int, list[Quantity]]] = []
    for quantity in find_quantities(sentence, context=False):
        start, end = quantity.phrase_start, quantity.phrase_start + len(quantity.phrase)
        if figures and start < figures[-1][1]:
            if end <= figures[-1][1]:  # a number within the figure's words: "people over 60"
                if quantity.is_figure:
                    figures[-1][2].append(quantity)
                continue
            # A figure of its own that the words of the one before ran into: the earlier one stops here.
            figures[-1] = (figures[-1][0], len(sentence[:start].rstrip()), figures[-1][2])
        if not quantity.is_figure or quantity.role == "interval":
            continue
        if set(quantity.counted) <= _GROUP_NOUNS and quantity.counted and _referred_back(sentence, start):
            continue
        if figures and _shares_unit(sentence, figures[-1], quantity):
            figures[-1] = (figures[-1][0], end, [*figures[-1][2], quantity])
            continue
        figures.append((start, end, [quantity]))
    return [(" ".join(sentence[start:end].split()), tuple(found)) for start, end, found in figures]


def _shares_unit(sentence: str, figure: tuple[int, int, list[Quantity]], following: Quantity) -> bool:
    """A figure listed with the one before it under one unit: "3 and 6 months", "1.4 and 96.1%", "360 vs.
    245 minutes" (the
    figure before is a bare number that takes its unit or noun from the list)."""
    last = figure[2][-1]
    bare = last.phrase_start + len(last.phrase) == last.end
    bare = bare and (last.unit, last.counted) == (following.unit, following.counted)
    return bare and bool(_LIST_GAP.fullmatch(sentence, figure[1], following.phrase_start))


def _referred_back(sentence: str, start: int) -> bool:
    """A count of groups right after "the" ("in the two groups") refers to groups already named."""
    return bool(_GROUPS_REFERRED_BACK.search(sentence, max(0, start - 8), start))
