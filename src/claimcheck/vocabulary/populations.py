"""Who a study studied, as articles, abstracts and MeSH headings say it (``data/populations.toml``).

One table for the extractor and the population checker. A population is a value on an axis (species,
material, age, sex), so that "older women" is read as two facts and "adult male rats" as rats, adult and
male, never as people::

    [(m.population.axis, m.population.value) for m in find_populations("40 adult male rats")]
    == [("species", "rat"), ("age", "adult"), ("sex", "male")]
    population_terms("In a trial of 120 older women with knee pain") == ("older women",)
    population_terms("The study used skin cells grown in a dish, not people") == ()
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claimcheck import data

SPECIES, MATERIAL, AGE, SEX = "species", "material", "age", "sex"
HUMAN, ANIMAL = "human", "animal"
# Cells in a dish are a design the design checker reads ("in vitro"); the extractor leaves them to it.
_LEFT_TO_DESIGN = ((MATERIAL, "cells"),)
_NUMBER_BEFORE = re.compile(
    r"(?:\b\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|hundred|dozen))(?:\s+[\w-]+){0,3}\s*$",
    re.IGNORECASE,
)
# "Skin cells grown in a dish, not people": a population the sentence says was not the one studied.
_DENIED_BEFORE = re.compile(
    r"\b(?:not|never|rather\s+than|instead\s+of)\s+(?:(?:in|on|with|from|of)\s+)?(?:the\s+)?$", re.IGNORECASE
)
_STUDIED_AFTER = re.compile(
    r"\s*(?:\([^)]{0,40}\)\s*)?(?:(?:were|was)\s+(?:\w+\s+)?)?"
    r"(?:randomi[sz]ed|receiving|undergoing|who received|assigned|allocated|enrolled|recruited|included|"
    r"treated|given|injected|fed|exposed|housed|studied|followed|divided|sacrificed|euthani[sz]ed|"
    r"immuni[sz]ed|vaccinated|examined|operated|dissected)\b",
    re.IGNORECASE,
)


# Ages as abstracts give them ("aged 6 to 12 years", "mean age 71.4 years", "a 54-year-old woman"),
# read into the MeSH age groups' bounds: child < 13, adolescent 13-17, adult 18-64, older 65 and over.
_AGE_RANGE = re.compile(
    r"\baged?\s+(?:between\s+)?(\d{1,3})\s*(?:-|\u2013|to|and)\s*(\d{1,3})\s*(?:years|yrs|y)\b", re.IGNORECASE
)
_AGE_POINT = re.compile(
    r"\b(?:mean|median|average)\s+age\s+(?:of\s+|was\s+|=\s*|:\s*)?(\d{1,3}(?:\.\d+)?)|\b(\d{1,3})-year-old\b",
    re.IGNORECASE,
)
# An age given only from below ("aged 40 years or older", "aged 18 and over", "aged ≥65"): a number
# without "aged" before it must say "years", so a follow-up of "2 years or more" is no age. A floor below
# adulthood ("aged 5 or older") spans every age group and so says none.
_AGE_FLOOR = re.compile(
    r"\baged?\s*(?:≥|>=|over|above|at\s+least)\s*(\d{1,3})\b"
    r"|\baged?\s+(\d{1,3})\s*(?:years?|yrs|y)?(?:\s+of\s+age)?\s*(?:\+|(?:or|and)\s+(?:older|over|above)\b)"
    r"|\b(\d{1,3})\s*(?:years?|yrs)(?:\s+of\s+age)?\s+(?:or|and)\s+(?:older|over|above)\b",
    re.IGNORECASE,
)
_AGE_BOUNDS = (("child", 0, 13), ("adolescent", 13, 18), ("adult", 18, 65), ("older", 65, 200))
_OLDEST = 200
_ADULTHOOD = 18


@dataclass(frozen=True)
class Population:
    """One value on one axis ("species"/"mouse", "age"/"child"), with its words and MeSH headings."""

    axis: str
    value: str
    words: tuple[str, ...]
    mesh: frozenset[str]
    source: str
    pattern: re.Pattern[str]
    exclude: re.Pattern[str] | None

    def indexes(self, heading: str) -> bool:
        """True when a MeSH heading states this population ("Mice, Inbred C57BL" states mice)."""
        return heading in self.mesh or heading.split(",", 1)[0] in self.mesh


@dataclass(frozen=True)
class Mention:
    """A population named in a text, and where."""

    population: Population
    words: str
    start: int
    end: int


def _pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")


def _words(entry: dict[str, list[str]]) -> tuple[str, ...]:
    """An entry's phrases: its words, and each of its materials with each of its shapes ("composite
    chips", "resin discs")."""
    made_of, shapes = entry.get("made_of", []), entry.get("shapes", [])
    return (*entry["words"], *(f"{material} {shape}" for material in made_of for shape in shapes))


POPULATIONS: tuple[Population, ...] = tuple(
    Population(
        axis=entry["axis"],
        value=entry["value"],
        words=_words(entry),
        mesh=frozenset(entry["mesh"]),
        source=entry["source"],
        pattern=_pattern(entry["words"]),
        exclude=re.compile("|".join(entry["exclude"]), re.IGNORECASE) if entry.get("exclude") else None,
    )
    for entry in data.load("populations")["population"]
)


def _phrase_table() -> dict[str, tuple[Population, ...]]:
    table: dict[str, list[Population]] = {}
    for population in POPULATIONS:
        for words in population.words:
            table.setdefault(" ".join(_WORD.findall(words.lower())), []).append(population)
    return {phrase: tuple(populations) for phrase, populations in table.items()}


_BY_PHRASE = _phrase_table()
_LONGEST = max(len(phrase.split()) for phrase in _BY_PHRASE)
_FIRST_WORDS = frozenset(phrase.split(" ")[0] for phrase in _BY_PHRASE)


@functools.lru_cache(maxsize=4096)  # every claim citing a record reads its abstract: once per run
def find_populations(text: str) -> tuple[Mention, ...]:
    """Every population the text names, in text order; within one axis the longest phrase wins; cached
    by text."""
    return tuple(sorted(_mentions(text), key=lambda mention: (mention.start, mention.population.axis)))


def _mentions(text: str) -> list[Mention]:
    """Read word by word against one table of phrases, so a long text costs one pass."""
    words = [(match.group().lower(), match.start(), match.end()) for match in _WORD.finditer(text)]
    found: list[Mention] = []
    taken: dict[str, int] = {}  # axis -> end of the last phrase kept on it
    for index in range(len(words)):
        if words[index][0] not in _FIRST_WORDS:
            continue  # no phrase of the table starts with this word (most words): no phrase is built
        for length in range(min(_LONGEST, len(words) - index), 0, -1):
            phrase = " ".join(word for word, _, _ in words[index : index + length])
            start, end = words[index][1], words[index + length - 1][2]
            for population in _BY_PHRASE.get(phrase, ()):
                if taken.get(population.axis, -1) > start:
                    continue
                if population.exclude and population.exclude.match(text, start):
                    continue
                found.append(Mention(population, text[start:end], start, end))
                taken[population.axis] = end
    return found


def stated_ages(text: str) -> list[Mention]:
    """The age groups that ages written as numbers fall in: "aged 6 to 12 years" is children, "aged 40 or
    older" adults and older people."""
    groups = {population.value: population for population in POPULATIONS if population.axis == AGE}
    found: list[Mention] = []
    for match in (*_AGE_RANGE.finditer(text), *_AGE_POINT.finditer(text), *_AGE_FLOOR.finditer(text)):
        numbers = [float(number) for number in match.groups() if number]
        low, high = min(numbers), _OLDEST if match.re is _AGE_FLOOR else max(numbers)
        if match.re is _AGE_FLOOR and low < _ADULTHOOD:
            continue
        for value, lower, upper in _AGE_BOUNDS:
            if value in groups and low < upper and high >= lower:
                found.append(Mention(groups[value], match.group(), match.start(), match.end()))
    return found


def indexed_populations(headings: tuple[str, ...]) -> list[tuple[Population, str]]:
    """The populations a record's MeSH headings state, with the heading that states each."""
    return [
        (population, heading)
        for heading in headings
        for population in POPULATIONS
        if population.indexes(heading)
    ]


def population_terms(sentence: str) -> tuple[str, ...]:
    """The population phrases of an article's sentence, as written and in text order; a phrase inside a
    longer one ("women" in "older women") is kept once, as the longer one."""
    spans = [
        (mention.start, mention.end)
        for mention in find_populations(sentence)
        if (mention.population.axis, mention.population.value) not in _LEFT_TO_DESIGN
        and not _DENIED_BEFORE.search(sentence[max(mention.start - 30, 0) : mention.start])
    ]
    outer = [
        span for span in spans if not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in spans)
    ]
    return tuple(dict.fromkeys(sentence[start:end] for start, end in sorted(outer)))


def names_the_studied(text: str, mention: Mention) -> bool:
    """True when the text says these were the ones studied: counted ("43 patients", "twelve horses") or
    the subject of what the study did to them ("mice were randomized")."""
    return bool(
        _NUMBER_BEFORE.search(text[max(mention.start - 40, 0) : mention.start])
        or _STUDIED_AFTER.match(text, mention.end)
    )
