"""Words and sentences of a text, with their offsets: the units every reading of a text starts from.

The extractor, the quantity vocabulary and the checkers all cut text the same way, so that a figure's
sentence or its neighbouring words are the same wherever it is read. Folding itself is
``claimcheck.textfold``.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

from claimcheck import data
from claimcheck.textfold import folded_words
from claimcheck.vocabulary import numbers

_WORD = re.compile(r"\w+|&")
_SENTENCE_REACH = 1000
# "vs.", "et al.", "e.g.", "approx." and a genus's initial ("S. aureus") end no sentence: "34.4% vs. 31.1%"
# is one comparison.
# The mark first, then what may not precede it: a pattern that starts with a character class is scanned
# fast, one that starts with lookbehinds tries them at every offset.
_SENTENCE_END = re.compile(
    r"[.!?](?<!\bvs.)(?<!\bal.)(?<!\be\.g.)(?<!\bi\.e.)(?<!\bcf.)(?<!\bapprox.)(?<!\b[Ff]ig.)"
    r"(?!(?<=\b[A-Z]\.)[ \t]+[a-z])"  # a genus abbreviated before its species: "S. stercoralis", "E. coli"
    r"[\"'\u201d\u2019)\]]*\s+|\n[ \t]*\n\s*"
)  # a line break alone ends no sentence: articles wrap their lines
_BRITISH_ENDINGS = (
    (re.compile(r"(?<=\w\w)is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=\w)ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w\w)our(s|ed|ing|able|ite|ites)?$"), r"or\1"),
    (re.compile(r"(?<=[aeiou])ll(ed|ing)$"), r"l\1"),
    (re.compile(r"(?<=[tb])re(s|d)?$"), r"er\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"^oe|(?<=\w)ae(?=\w)"), "e"),
)


class Token(NamedTuple):
    """One word of a text: ``word`` is its folded, spelling-neutral form; ``start``/``end`` slice the text.

    A named tuple rather than a dataclass: a long text has hundreds of thousands of them."""

    word: str
    start: int
    end: int
    original: str


@functools.lru_cache(maxsize=65536)  # a run meets few distinct words, each many times
def american(word: str) -> str:
    """Spelling-neutral form of a folded word ("randomised" -> "randomized", "orthopaedic" -> "orthopedic").

    Applied to both sides of every comparison, so a rewrite that turns a word into a non-word is harmless:
    what matters is that the British and American forms of a word end up alike.
    """
    if len(word) < 5 or word.isdigit():
        return word
    for pattern, replacement in _BRITISH_ENDINGS:
        word = pattern.sub(replacement, word)
    return word


def word_tokens(text: str) -> list[Token]:
    """The words of ``text`` with offsets, folded like ``fold`` (a "the" is kept) and spelling-neutral."""
    return list(_word_tokens(text))


@functools.lru_cache(maxsize=4096)  # the figure, statement and quotation readers of one passage share it
def _word_tokens(text: str) -> tuple[Token, ...]:
    return tuple(
        Token(word, match.start(), match.end(), match.group())
        for match in _WORD.finditer(text)
        if (word := _token_word(match.group()))
    )


@functools.lru_cache(maxsize=65536)
def _token_word(raw: str) -> str:
    """Folded, spelling-neutral form of one raw word; cached because texts repeat their words."""
    return american("".join(folded_words(raw)))


def fold_space(text: str) -> str:
    """Runs of whitespace (line breaks included) as one space: how evidence is compared and shown."""
    return " ".join(text.split())


class SentenceIndex:
    """The sentence bounds of one text, found in one pass, for a reader that asks about many offsets
    (``sentence_bounds`` for each of 20,000 numbers would read the text 20,000 times)."""

    def __init__(self, text: str) -> None:
        self.text = text
        breaks = list(_SENTENCE_END.finditer(text))
        self._break_starts = [match.start() for match in breaks]
        self._break_ends = [match.end() for match in breaks]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of the sentence holding ``text[start:end]``, within the reach ``sentence_bounds`` has."""
        before = bisect.bisect_right(self._break_ends, start) - 1
        low = max(self._break_ends[before] if before >= 0 else 0, start - _SENTENCE_REACH, 0)
        after = bisect.bisect_left(self._break_starts, end)
        if after == len(self._break_starts) or self._break_starts[after] > end + _SENTENCE_REACH:
            return low, min(end + _SENTENCE_REACH, len(self.text))
        stop = self._break_starts[after]
        return low, stop + 1 if self.text[stop] in ".!?" else stop


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding ``text[start:end]``; a decimal point ("84.31") and a semicolon end
    no sentence.

    Looks no further than ``_SENTENCE_REACH`` characters either way, so finding every number's sentence in a
    long full text stays linear."""
    reach = max(start - _SENTENCE_REACH, 0)
    sentence_start = reach
    for match in _SENTENCE_END.finditer(text, reach, start):
        sentence_start = match.end()
    stop = _SENTENCE_END.search(text, end, end + _SENTENCE_REACH)
    if stop is None:
        return sentence_start, min(end + _SENTENCE_REACH, len(text))
    return sentence_start, stop.start() + 1 if text[stop.start()] in ".!?" else stop.start()


_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ions",
    "ion",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
)


@functools.lru_cache(maxsize=65536)
def root(word: str) -> str:
    """A folded word without its inflection ("improved", "improvement" -> "improv"), so that a claim and
    its source name one measure alike; too crude to show anyone, good enough to compare words.

    A final e goes from a word of four letters too, so that "site" meets "sites"; a final double l is one,
    as spelling-neutral folding leaves "kills" but makes "killed" "kiled"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word[:-1] if len(word) > 3 and word.endswith("ll") else word


@functools.lru_cache(maxsize=65536)
def meaning(word: str) -> str:
    """The key a folded word is compared by: a small number's digits ("two" is "2"), its paraphrase
    group's, or else its stem."""
    if word in numbers.SMALL:
        return str(numbers.SMALL[word])
    return _PARAPHRASES.get(word) or _PARAPHRASES.get(root(word)) or root(word)


def _paraphrases() -> dict[str, str]:
    """Each word of a paraphrase group, and its root, to the group's key (its first word's root)."""
    table: dict[str, str] = {}
    for group in data.load("statements")["paraphrase"]["groups"]:
        key = "~" + root(group[0])
        for word in group:
            table[word] = key
            table.setdefault(root(word), key)
    return table


_PARAPHRASES = _paraphrases()
