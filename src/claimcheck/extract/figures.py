"""What a sentence asserts in numbers and words: figures with their noun, dates, study designs.

Figures keep the article's wording ("about 10% of people over 60", "15 patients", "eighteen studies",
"3 and 6 months") because the checkers normalize and compare them; this module only has to say
which numbers are claims. Prices, times, phone numbers, ordinals, years alone and "one of the most
common" are not.
"""

from __future__ import annotations

import re

from claimcheck.vocabulary.designs import designs_named

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_DATE = re.compile(rf"\b{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d\b")
_YEAR_OF_STUDY = re.compile(
    r"\b(?:(?:in|their|his|her|its|a|an|the|published|from)\s+)((?:19|20)\d\d)\b(?!\s*(?:%|[-–]\d))"
    r"|\b((?:19|20)\d\d)(?=\s+(?:study|review|trial|paper|article|analysis|report|survey|meta-analysis)\b)"
)
_SPELLED_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen"
).split()
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|(?:{'|'.join(_SPELLED_WORDS)})(?:-\w+)?"
_QUALIFIER = (
    r"(?:(?:about|approximately|approx\.|around|nearly|almost|over|under|more than|less than|fewer than|"
    r"up to|at least|roughly|some|an estimated)\s+)"
)
_FIGURE = re.compile(
    rf"(?<![\w$€£.,:/-])({_QUALIFIER})?({_NUMBER})(?!\w|[.,]\d|/)"
    rf"(?:\s*(?:-|–|to|and|out of|in)\s*({_NUMBER}))?"  # "3 and 6 months", "10-20%", "1 in 5 adults"
    r"(\s*(?:%|percent\b|per cent\b))?"
    r"(-[A-Za-z]+)?",  # "12-months"
    re.IGNORECASE,
)
_NOUN_WORD = re.compile(r"\s+([A-Za-z][\w-]*|\d+(?:\.\d+)?)")
_STOP = frozenset(
    "and or but at after before compared with from when than by who which that was were is are had have has "
    "while to of the a an in on for as per each this these those it its their our your we you they "
    "live lives say said report reported experience experienced showed took received".split()
)
_MEASURE_STOP = _STOP - {"of", "in", "the", "a", "an", "on", "per"}
# "in a second group" starts a new phrase; "in resting pain" and "of the included studies" do not.
_NEW_PHRASE = re.compile(r"\s+(?:in|on|at)\s+(?:a|an|the)\b", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"\s*(?:dollars|usd|euros?|pounds|gbp|eur|cents)\b", re.IGNORECASE)
_NOT_A_NOUN = frozenset("of or and to times percent per more less".split())
_TIME_OR_PHONE = re.compile(r"\d{1,2}:\d\d|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}|\d+(?:st|nd|rd|th)\b")
_MAX_NOUN_WORDS = 3
_MAX_MEASURE_WORDS = 5
# Design parameters beside the design itself (claimcheck.vocabulary.designs): blinding, follow-up, arms.
_DESIGN_PARAMETERS = (
    (re.compile(r"\b(triple|double|single)[- ]blind(?:ed)?\b", re.IGNORECASE), "{0}-blind"),
    (re.compile(r"\b(\d+)[- ]months?[- ]follow[- ]?up\b", re.IGNORECASE), "{0} months follow-up"),
    (re.compile(r"\bfollowed up for (\d+|\w+) months\b", re.IGNORECASE), "{0} months follow-up"),
    (re.compile(rf"(?<!phase )\b(\d+|{'|'.join(_SPELLED_WORDS)}) (groups|arms)\b", re.IGNORECASE), "{0} {1}"),
)


def find_date(sentence: str) -> str:
    """The date a sentence gives its study: "January 2020", "June 18, 2018", or a year: "a 2016 study"."""
    match = _DATE.search(sentence)
    if match:
        return match.group().rstrip(".")
    year = _YEAR_OF_STUDY.search(sentence)
    return (year.group(1) or year.group(2)) if year else ""


def find_design(sentence: str) -> tuple[str, ...]:
    """Study designs ("randomized", "cohort study", "phase 1/2") and their parameters ("double-blind",
    "6 months follow-up", "two groups") in text order, each once, one spelling each ("randomised" ->
    "randomized")."""
    found = list(designs_named(sentence))
    for pattern, label in _DESIGN_PARAMETERS:
        for match in pattern.finditer(sentence):
            found.append((match.start(), label.format(*(group.lower() for group in match.groups()))))
    return tuple(dict.fromkeys(term for _, term in sorted(found)))


def find_figures(sentence: str) -> tuple[str, ...]:
    """Figures as written, each with what it counts or measures."""
    masked = _mask_dates(sentence)
    figures: list[str] = []
    last_end = 0
    for match in _FIGURE.finditer(masked):
        qualifier, number, _upper, percent, suffix = match.groups()
        if match.start() < last_end or _is_not_a_figure(masked, match, number):
            continue
        end = match.end()
        if percent:
            end = _extend(masked, end, _MEASURE_STOP, _MAX_MEASURE_WORDS, cut_at_plural=False)
        elif not suffix:
            noun_end = _extend(masked, end, _STOP, _MAX_NOUN_WORDS, cut_at_plural=True)
            if noun_end == end or _MONEY_AFTER.match(masked, end):
                continue
            end = noun_end
        start = match.start() if qualifier else match.start(2)
        figures.append(" ".join(sentence[start:end].split()))
        last_end = end
    return tuple(figures)


def _mask_dates(sentence: str) -> str:
    masked = _DATE.sub(lambda match: " " * len(match.group()), sentence)
    return _TIME_OR_PHONE.sub(lambda match: " " * len(match.group()), masked)


def _is_not_a_figure(text: str, match: re.Match[str], number: str) -> bool:
    """Spelled-out numbers need a noun ("eighteen studies", not "a day or two"); years are dates."""
    if text[: match.start()].rstrip().lower().endswith("one of"):  # "one of two ways"
        return True
    if number.split("-")[0].lower() in _SPELLED_WORDS:
        following = text[match.end() :].lstrip()
        return not following[:1].isalpha() or following.split(" ", 1)[0].lower() in _NOT_A_NOUN
    digits = number.replace(",", "")
    return len(digits) == 4 and digits[:2] in ("19", "20") and digits.isdigit() and not match.group(4)


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
    while word_ends and word_ends[-1][0].lower() in ("of", "in", "the", "a", "an", "on", "per"):
        word_ends.pop()
    if not word_ends:
        return end
    if cut_at_plural:
        return _plural_end(word_ends) or word_ends[0][1]
    return _plural_end(word_ends[1:]) or word_ends[-1][1]


def _plural_end(word_ends: list[tuple[str, int]]) -> int:
    """End of the first plural noun ("studies" in "of the included studies harvested"), or 0."""
    for word, word_end in word_ends:
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            return word_end
    return 0
