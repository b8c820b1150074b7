"""Text helpers shared by every checker: word tokens with their spans, sentence bounds, excerpts.

Folding itself (``fold``) is ``claimcheck.textfold``, shared with the extractor."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claimcheck.textfold import folded_words

_WORD = re.compile(r"\w+|&")
_SENTENCE_REACH = 1000
_SENTENCE_END = re.compile(r"[.!?;][\"'\u201d\u2019)\]]*\s+|\n\s*")
_BRITISH_ENDINGS = (
    (re.compile(r"(?<=\w\w)is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=\w)ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w\w)our(s|ed|ing|able|ite|ites)?$"), r"or\1"),
    (re.compile(r"(?<=[aeiou])ll(ed|ing)$"), r"l\1"),
    (re.compile(r"(?<=[tb])re(s|d)?$"), r"er\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"^oe|(?<=\w)ae(?=\w)"), "e"),
)


@dataclass(frozen=True)
class Token:
    """One word of a text: ``word`` is its folded, spelling-neutral form; ``start``/``end`` slice the text."""

    word: str
    start: int
    end: int
    original: str


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
    tokens = []
    for match in _WORD.finditer(text):
        word = _token_word(match.group())
        if word:
            tokens.append(Token(word, match.start(), match.end(), match.group()))
    return tokens


@functools.lru_cache(maxsize=65536)
def _token_word(raw: str) -> str:
    """Folded, spelling-neutral form of one raw word; cached because texts repeat their words."""
    return american("".join(folded_words(raw)))


def fold_space(text: str) -> str:
    """Runs of whitespace (line breaks included) as one space: how evidence is compared and shown."""
    return " ".join(text.split())


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding ``text[start:end]``; a decimal point ("84.31") ends no sentence.

    Looks no further than ``_SENTENCE_REACH`` characters either way, so finding every number's sentence in a
    long full text stays linear."""
    reach = max(start - _SENTENCE_REACH, 0)
    sentence_start = reach
    for match in _SENTENCE_END.finditer(text, reach, start):
        sentence_start = match.end()
    stop = _SENTENCE_END.search(text, end, end + _SENTENCE_REACH)
    if stop is None:
        return sentence_start, min(end + _SENTENCE_REACH, len(text))
    return sentence_start, stop.start() + 1 if text[stop.start()] in ".!?;" else stop.start()


def excerpt(text: str, start: int, end: int, limit: int = 200) -> str:
    """The sentence around ``text[start:end]``, cut at word boundaries to about ``limit`` characters.

    The result is verbatim source text (whitespace folded), so a reader can find it in the source.
    """
    low, high = sentence_bounds(text, start, end)
    if high - low > limit:
        room = max(limit - (end - start), 0) // 2
        low = max(low, start - room)
        high = min(high, end + room) if end - start <= limit else start + limit
        while low > 0 and not text[low - 1].isspace() and low < start:
            low += 1
        while high < len(text) and not text[high].isspace() and high > end:
            high -= 1
    return fold_space(text[low:high])
