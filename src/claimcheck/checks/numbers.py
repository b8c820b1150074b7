"""Numbers as articles and abstracts write them, and what each one counts.

Every checker that compares figures reads them through here, so "1,069", "1069" and "one thousand
sixty-nine" are one number everywhere, and "84.31% decrease in resting pain" is known to be a percentage,
a decrease, and about resting pain::

    parse_number("one thousand sixty-nine") == 1069.0
    mention = find_numbers("an 84.31% decrease in resting pain")[0]
    mention.value, mention.percent, mention.direction == 84.31, True, -1
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from claimcheck.checks.text import Token, sentence_bounds, word_tokens
from claimcheck.vocabulary.directions import direction_of

_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_NUMBER_WORD = "(?:" + "|".join(sorted([*_SMALL, *_SCALES], key=len, reverse=True)) + ")"
_WORDS = rf"\b{_NUMBER_WORD}(?:(?:[ \t-]+|(?<=hundred)\s+and\s+){_NUMBER_WORD})*\b"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:[.\u00b7]\d+)?|\d+(?:[.\u00b7]\d+)?"
_MENTION = re.compile(
    rf"(?<![\w.,\u00b7-])(?P<number>(?:{_DIGITS})(?!\w)|{_WORDS})"
    rf"(?:[ \t]*(?P<dash>-|\u2013|\u2014|to)[ \t]*(?P<high>{_DIGITS})(?!\w))?"
    r"(?P<percent>[ \t]*%|[ \t]+per[ \t]?cent\b)?",
    re.IGNORECASE,
)

TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})
MEASURE_UNITS = (
    frozenset({"mg", "g", "kg", "ml", "l", "mm", "cm", "m", "km", "mmhg", "iu", "kcal"}) | TIME_UNITS
)
_BREAK_WORDS = frozenset(
    [
        "of",
        "in",
        "at",
        "from",
        "with",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "and",
        "or",
        "to",
        "after",
        "before",
        "for",
        "by",
        "on",
        "who",
        "which",
        "that",
        "than",
        "per",
        "vs",
        "versus",
        "had",
        "have",
        "has",
        "showed",
        "reported",
        "underwent",
        "received",
        "the",
        "a",
        "an",
        "as",
        "into",
        "over",
        "under",
        "between",
        "among",
    ]
)
_ABOUT = frozenset(
    [
        "approximately",
        "approx",
        "about",
        "around",
        "roughly",
        "nearly",
        "almost",
        "circa",
        "some",
        "estimated",
    ]
)
_STOPWORDS = (
    _BREAK_WORDS
    | _ABOUT
    | frozenset(
        [
            "this",
            "these",
            "those",
            "their",
            "there",
            "it",
            "its",
            "we",
            "our",
            "they",
            "all",
            "each",
            "also",
            "not",
            "no",
        ]
    )
)
_OVER = ("more than", "greater than", "over", "above", "exceeding", "at least")
_UNDER = ("less than", "fewer than", "under", "below", "up to", "at most")
# Count nouns that name the same unit of analysis, first word of each group standing for it. A careful
# fact-checker accepts "four treatments" for "4 injections" (the same count of the same procedure) and "18
# trials" for "18 studies", but never mixes groups: "1069 patients" is not "1069 knees", "18 patients" is
# not "18 studies". Add a word to a group only when it always counts that group's unit.
COUNT_NOUN_GROUPS: tuple[tuple[str, ...], ...] = (
    ("study", "trial", "paper", "article", "report", "publication"),
    ("patient", "participant", "subject", "individual", "person", "people"),
    ("injection", "treatment", "session", "dose", "administration"),
    ("knee", "joint"),
)
_SAME_THING = {word: group[0] for group in COUNT_NOUN_GROUPS for word in group[1:]}
_CONTEXT_BEFORE, _CONTEXT_AFTER, _COUNTED_MAX = 8, 10, 3
_CLAUSE_BREAK = re.compile(r"[,;:]\s|[()\[\]]")
_CLAUSE_REACH = 300


@dataclass(frozen=True)
class NumberMention:
    """One number in a text, with what it counts and how the text qualifies it.

    ``counted`` are the stemmed words right after the number ("knee" in "1069 knees"); ``context`` the
    stemmed content words of its neighbourhood in the same sentence; ``direction`` is -1 for a decrease,
    +1 for an increase, 0 when no change is named; ``qualifier`` is "about", "over", "under" or "".
    ``phrase`` is the verbatim number and counted words ("1069 knees"), what a report shows as found;
    ``nouns`` are the counted words as written ("knees"), one per ``counted`` stem, for messages and for
    telling a synonym ("treatments" for "injections") from the very same word.
    """

    value: float
    decimals: int
    start: int
    end: int
    phrase: str
    percent: bool = False
    high: float | None = None
    unit: str = ""
    counted: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    context: frozenset[str] = frozenset()
    direction: int = 0
    qualifier: str = ""

    @property
    def is_count(self) -> bool:
        """A count of things ("18 studies") rather than a percentage or a measure."""
        return not self.percent and not self.unit


def parse_number(text: str) -> float | None:
    """The value of a number written alone ("1,069", "84.31", "eighteen", "twenty-one"), else None."""
    text = text.strip()
    match = re.fullmatch(rf"{_DIGITS}|{_WORDS}", text, re.IGNORECASE)
    return _value(match.group()) if match else None


def _value(number: str) -> float:
    number = number.replace(",", "").replace("\u00b7", ".")
    if number[0].isdigit():
        return float(number)
    total = current = 0
    for word in re.findall(r"[a-z]+", number.lower()):
        if word in _SMALL:
            current += _SMALL[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
    return float(total + current)


def _decimals(number: str) -> int:
    number = number.replace("\u00b7", ".")
    return len(number.split(".")[1]) if "." in number and number[0].isdigit() else 0


def singular(word: str) -> str:
    """Singular form of a folded word ("studies" -> "study"), synonyms left apart."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stem(word: str) -> str:
    """Singular, synonym-folded form of a folded word, so "studies" and "trial" count the same thing."""
    word = singular(word)
    return _SAME_THING.get(word, word)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in ``text`` with what it counts; linear in the length of the text."""
    tokens = word_tokens(text)
    starts = [token.start for token in tokens]
    mentions = []
    for match in _MENTION.finditer(text):
        number = match.group("number")
        if not number[0].isdigit() and number.lower() in ("one", "zero"):
            continue  # "one of the most common": a pronoun far more often than a count
        after = bisect.bisect_left(starts, match.end())
        before = bisect.bisect_left(starts, match.start())
        sentence = sentence_bounds(text, match.start(), match.end())
        clause = _clause_bounds(text, sentence, match.start(), match.end())
        counted_tokens = _counted(text, tokens, after, match.end())
        percent = bool(match.group("percent"))
        noun_tokens = counted_tokens or ([] if percent else _shared_counted(text, tokens, after))
        counted = tuple(stem(token.word) for token in noun_tokens)
        phrase_end = counted_tokens[-1].end if counted_tokens else match.end()
        unit = counted[0] if counted and counted[0] in MEASURE_UNITS and not percent else ""
        window = [
            token
            for token in tokens[max(before - _CONTEXT_BEFORE, 0) : after + _CONTEXT_AFTER]
            if clause[0] <= token.start < clause[1] and not (match.start() <= token.start < match.end())
        ]
        mentions.append(
            NumberMention(
                value=_value(number),
                decimals=_decimals(number),
                start=match.start(),
                end=match.end(),
                phrase=text[match.start() : phrase_end],
                percent=percent,
                high=_value(match.group("high")) if match.group("high") else None,
                unit=unit,
                counted=counted,
                nouns=tuple(token.original for token in noun_tokens),
                context=frozenset(
                    stem(token.word)
                    for token in window
                    if token.word not in _STOPWORDS and not token.word.isdigit() and token.word not in _SMALL
                ),
                direction=_direction(counted_tokens, tokens[max(before - 4, 0) : before], sentence),
                qualifier=_qualifier(text[max(match.start() - 16, sentence[0]) : match.start()]),
            )
        )
    return mentions


def _clause_bounds(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The comma-, semicolon- or bracket-delimited part of the sentence a number sits in.

    Two figures in one sentence ("72% of studies used X, and 28% used Y") each keep their own subject.
    """
    low = max(sentence[0], start - _CLAUSE_REACH)
    before = [match.end() for match in _CLAUSE_BREAK.finditer(text, low, start)]
    after = _CLAUSE_BREAK.search(text, end, min(sentence[1], end + _CLAUSE_REACH))
    return (before[-1] if before else low), (
        after.start() if after else min(sentence[1], end + _CLAUSE_REACH)
    )


def _counted(text: str, tokens: list[Token], index: int, position: int) -> list[Token]:
    """The words right after a number, up to punctuation, a function word or another number."""
    counted: list[Token] = []
    for token in tokens[index : index + _COUNTED_MAX]:
        gap = text[position : token.start]
        if gap.strip(" \t-") or token.word in _BREAK_WORDS or _is_number_word(token.word):
            break
        counted.append(token)
        position = token.end
    return counted


def _shared_counted(text: str, tokens: list[Token], index: int) -> list[Token]:
    """What a listed number counts when the noun follows the list: the "3" of "at 3 and 6 months"."""
    if (
        index + 2 < len(tokens)
        and tokens[index].word in ("and", "or", "to")
        and _is_number_word(tokens[index + 1].word)
    ):
        return _counted(text, tokens, index + 2, tokens[index + 1].end)
    return []


def _is_number_word(word: str) -> bool:
    return word.isdigit() or word in _SMALL or word in _SCALES


def _direction(counted: list[Token], preceding: list[Token], sentence: tuple[int, int]) -> int:
    """-1/+1 for a named decrease/increase next to the number (its own words first, then the words before)."""
    for token in [*counted, *reversed([t for t in preceding if t.start >= sentence[0]])]:
        if direction := direction_of(token.word):
            return direction
    return 0


def _qualifier(before: str) -> str:
    """The hedge or bound in the words just before the number: "about", "over" or "under"."""
    words = " ".join(re.findall(r"[a-z]+", before.lower())[-2:])
    if before.rstrip().endswith("~") or (words and words.split()[-1] in _ABOUT):
        return "about"
    if words.endswith(_OVER):
        return "over"
    if words.endswith(_UNDER):
        return "under"
    return ""


def parse_figure(text: str) -> NumberMention | None:
    """A claimed figure as the article words it ("approximately 14 days", "72%"): its first number."""
    mentions = find_numbers(text)
    return mentions[0] if mentions else None
