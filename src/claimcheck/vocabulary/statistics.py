"""Statements that need a source: a statistic about a population stated as fact.

An editor wants a citation for "About one in 12 adults in the United States has asthma", "Malaria still
kills more than 600,000 people a year", "Skin cancer rates have doubled in the past 30 years" or "Our unit
carried out 41 liver transplants last year", whether or not the sentence says "a study found". Figures
that are not statistics need none: a dose or a time in advice ("SPF 30 or higher", "between 11am and
3pm"), a reference range, a person's age, a date, and the article counting its own items ("Eight trials
from the past decade, in brief", "These notes collect trials from one issue of a journal").

Extraction keeps an uncited sentence as a claim when it states a statistic; the citation checker gives
it CC301. Every pattern is bounded, so each runs in linear time over a sentence.
"""

from __future__ import annotations

import functools
import re

from claimcheck.vocabulary import numbers

_NUMBER = numbers.NUMBER  # one grammar for digits: "600,000", "2.5", "88 657"
_COUNT_WORD = (
    rf"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|a\s+hundred|{_NUMBER})"
)
_SHARE = (
    # "one in eight men", "1 in 700 babies", "nine out of ten adults"
    rf"(?<!\w){_COUNT_WORD}\s+(?:in|out\s+of)\s+{_COUNT_WORD}\b(?!\s*(?:%|per\s*cent|percent))"
    # "45% of adults", "12 per cent of children", "half of all people", "a third of Americans",
    # "two-thirds of strokes", "the majority of cases": a share of many (not "half of the tablet")
    rf"|(?:{_NUMBER}\s*(?:%|per\s*cent\b|percent\b)"
    r"|\b(?:half|a\s+(?:third|quarter|fifth|tenth)|(?:one|two|three)[- ](?:thirds?|quarters?|fifths?)"
    r"|the\s+(?:majority|minority)|nearly\s+all|almost\s+all))\s+of\s+(?:(?!(?:with|in|on|for|to|at|from|by|and|or)\b)[\w'\u2019-]+\s+){0,2}?"
    r"(?:[a-z]+s|people|men|women|children|population|public|us|them)\b"
)
_PEOPLE = (
    r"(?:adults|people|persons|children|kids|babies|infants|teenagers|adolescents|men|women|patients|"
    r"workers|americans|britons|europeans|canadians|australians|smokers|drinkers|parents|older\s+adults|"
    r"(?:the\s+)?population)"
)
# "Most adults sit for more than nine hours a day": "most" of a population doing more or less than a
# figure, stated as fact (not "Most people have never had it measured", nor "Most people go home
# within a day or two", which measure nobody against a figure).
_MOST = re.compile(
    rf"^\W*(?:(?:about|around|nearly|almost|roughly|well\s+over)\s+)?(?:most|many|few)\s+(?:\w+\s+)?{_PEOPLE}\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    rf"\b(?:more\s+than|less\s+than|fewer\s+than|at\s+least|over|under)\s+{_COUNT_WORD}\b", re.IGNORECASE
)
_MAGNITUDE = r"(?:thousand|million|billion|trillion)"
# A large count: "38 trillion bacteria", "a million people", or "600,000 people a year" with its scope.
_LARGE_COUNT = (
    rf"(?:{_NUMBER}|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|hundreds\s+of))\s+{_MAGNITUDE}\b(?!-)"
    r"|(?<![\d,.])\d{1,3}(?:,\d{3})++\b(?=[^.;]{0,60}?\b(?:a|each|every|per)\s+(?:year|day|week)\b"
    r"|[^.;]{0,60}?\b(?:annually|worldwide|globally)\b)"
)
# "Skin cancer rates have doubled", "deaths have fallen by a third"
_TREND = (
    r"\b(?:rates?|cases|deaths|numbers?|incidence|prevalence|admissions)\b[^.;]{0,40}?"
    r"\b(?:have|has)\s+(?:(?:more\s+than|nearly|almost|roughly)\s+)?"
    r"(?:doubled|tripled|quadrupled|halved|risen|fallen|increased|decreased|dropped|climbed|soared)\b"
)
# "Drug deaths in Scotland are now the highest in Europe", "the leading cause of death"
_RANKING = (
    r"\b(?:deaths?|rates?|cases|incidence|prevalence)\b[^.;]{0,60}?\b(?:the\s+)?(?:highest|lowest|worst)\s+in\b"
    r"|\bthe\s+(?:leading|commonest|most\s+common)\s+cause\s+of\s+(?:death|disability)\b"
)
# The writer's own service counted: "Our unit carried out 41 liver transplants last year".
_OWN_COUNT = (
    r"^\W*(?:(?:last\s+year|this\s+year|in\s+\d{4}),?\s+)?(?:our|we)\b(?:\s+\w+){0,3}?\s+"
    r"(?:saw|treated|performed|carried\s+out|admitted|operated\s+on|diagnosed|delivered|vaccinated|"
    r"recorded|treat|see|perform)\s+(?:(?:more\s+than|over|about|around|nearly|some)\s+)?\d[\d,]*+\s+[a-z]"
)
_STATISTIC = re.compile(
    "|".join(f"(?:{pattern})" for pattern in (_SHARE, _LARGE_COUNT, _TREND, _RANKING, _OWN_COUNT)),
    re.IGNORECASE,
)
# The article describing itself: its counts are of its own items, not of the world.
_ABOUT_THE_ARTICLE = re.compile(
    r"\b(?:in\s+brief|at\s+a\s+glance|summari[sz](?:ed|es)\s+(?:for|below|here)|"
    r"(?:this|these)\s+(?:notes|pages?|issue|roundup|round-up|digest|article|post|newsletter|guide|leaflet)"
    r"\s+(?:collects?|gathers?|lists?|summari[sz]es?|covers?|brings?|looks?)\b|each\s+item)\b",
    re.IGNORECASE,
)


# Every pattern above needs a digit or one of these words; most sentences have neither, and two cheap
# scans for them spare the patterns' much slower search (tests/vocabulary/test_statistics.py keeps the
# list whole against the corpora's sentences).
_CUE_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty hundred hundreds "
    "half third thirds quarter quarters fifth fifths tenth majority minority all "
    "thousand million billion trillion "
    "doubled tripled quadrupled halved risen fallen increased decreased dropped climbed soared "
    "highest lowest worst leading commonest common".split()
)
_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=16384)  # extraction and the citation check read the same sentences
def stated_statistic(sentence: str) -> str:
    """The words that state a population statistic as fact ("About one in 12 adults"), or ""."""
    if _DIGIT.search(sentence) is None and _CUE_WORDS.isdisjoint(_WORD.findall(sentence.lower())):
        return ""
    return _statistic_in(sentence)


def _statistic_in(sentence: str) -> str:
    most = _MOST.search(sentence)
    found = (most if most and _QUANTITY.search(sentence, most.end()) else None) or _STATISTIC.search(sentence)
    if found is None or _ABOUT_THE_ARTICLE.search(sentence):
        return ""
    return " ".join(found.group().split()).strip(" ,;:")


def describes_the_article(sentence: str) -> bool:
    """ "Eleven randomised trials, summarised for busy clinicians": the article counting its own items."""
    return _ABOUT_THE_ARTICLE.search(sentence) is not None
