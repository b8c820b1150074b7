"""Quotations: is the quoted text in the source, word for word?

Rules: CC205 quote-altered (error; info when the quote only spells out an abbreviation), CC206
quote-not-found (abstract and full text searched), CC303 source-text-unavailable.

The quote is aligned word by word (after ``fold``, spelling-neutral) with the best-matching window of every
passage. Ellipses (". . .", "...", "\u2026") split it into parts found in order; words in [square brackets]
are the writer's and accepted; words in (parentheses) or plainly added, dropped or changed are listed.
Given the abstract "Injections of BM-MSCs improve function and reduce pain."::

    PASS  "Injections of bone marrow derived mesenchymal stem cells improve function"  (info: expands BM-MSCs)
    FAIL  "Injections of BM-MSCs augment function"      CC205: changed 'improve' to 'augment'
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, not_in_source, support
from claimcheck.checks.text import Token, excerpt, fold_space, word_tokens
from claimcheck.model import Passage, Severity

DECLARATION = Declaration(rules=("CC205", "CC206", "CC303"), reads=("quote",))

_ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3}\]|\[\s*\u2026\s*\]|\.(?:\s*\.){2}|\u2026")
_DEFINITION = re.compile(r"\(([A-Za-z][\w-]*[A-Z][\w-]*)\)")
_WEAK = 0.6
_BAND = 8
_CANDIDATES = 3
_COMMON = 1000
_EVIDENCE_LIMIT = 200
_FREE_WORDS = frozenset({"of", "and", "the", "derived", "based", "in", "to", "for"})


@dataclass(frozen=True)
class QuoteWord:
    """One word of the quotation: whether it is an aside in (parentheses), and whether the writer's own
    [bracketed] words stand just before it (the source's words there may differ or be missing).

    ``gap`` is the text written between the previous quoted word and this one ("-" in "intra-articular"),
    so a message can show the quotation's own wording rather than its folded words."""

    word: str
    original: str
    parenthesized: bool = False
    follows_insertion: bool = False
    gap: str = ""


@dataclass(frozen=True)
class Alignment:
    """One quote segment set against its best source window: score, span and what differs."""

    passage: int
    start: int
    end: int
    score: float
    changes: tuple[str, ...]
    expansions: tuple[str, ...]
    first_change: int


@dataclass(frozen=True)
class _Source:
    passage: Passage
    tokens: list[Token]
    positions: dict[str, list[int]]


def check(context: ClaimContext) -> Iterator[Outcome]:
    """At most one outcome for the claim's quotation (plus an info note when it expands abbreviations)."""
    quote = context.claim.quote.strip()
    if not quote:
        return
    if not context.passages:
        yield finding(
            "CC303",
            context,
            "the record has no abstract to find the quotation in",
            claimed=_clip(quote),
            found="no abstract",
            evidence="record has no abstract",
        )
        return
    alignments, score = _located(quote, context.passages)
    sources = [_index(passage) for passage in context.passages]
    if not alignments or score < _WEAK:
        yield _not_found(context, quote)
        return
    spans = [_span_text(sources[a.passage], a.start, a.end) for a in alignments]
    # A clipped span's own ellipsis would double the one that joins the spans ("… …").
    evidence = " \u2026 ".join(
        [_clip(span).removesuffix(" \u2026") for span in spans[:-1]] + [_clip(spans[-1])]
    )
    changes = [change for a in alignments for change in a.changes]
    expansions = list(dict.fromkeys(expansion for a in alignments for expansion in a.expansions))
    if changes:
        worst = next(a for a in alignments if a.changes)
        source = sources[worst.passage]
        token = source.tokens[min(worst.first_change, len(source.tokens) - 1)]
        yield finding(
            "CC205",
            context,
            "; ".join(changes + expansions),
            claimed=_clip(quote),
            found=evidence,
            evidence=excerpt(source.passage.text, token.start, token.end, _EVIDENCE_LIMIT),
            passage=source.passage,
        )
        return
    passage = sources[alignments[0].passage].passage
    yield support(context, claimed=_clip(quote), evidence=evidence, passage=passage)
    if expansions:
        yield finding(
            "CC205",
            context,
            "; ".join(expansions),
            claimed=_clip(quote),
            found=evidence,
            evidence=evidence,
            passage=passage,
            severity=Severity.INFO,
        )


@functools.lru_cache(maxsize=256)  # claims are checked record by record: recent records suffice
def _located(quote: str, passages: tuple[Passage, ...]) -> tuple[tuple[Alignment, ...], float]:
    """The quotation's parts aligned in order with the passages, and the score of the whole: aligned once
    however many claims (of however many articles) quote the same words of the same record."""
    sources = [_index(passage) for passage in passages]
    segments = [words for part in _ELLIPSIS.split(quote) if (words := quote_words(part))]
    alignments = _align_in_order(segments, sources, _definitions(passages))
    total = sum(len(words) for words in segments)
    score = sum(a.score * len(words) for a, words in zip(alignments, segments)) / max(total, 1)
    return tuple(alignments), score


def quote_words(text: str) -> list[QuoteWord]:
    """The quotation's own words: [bracketed] insertions left out, (parenthesized) asides marked."""
    depth = {"[": 0, "(": 0}
    closing = {"]": "[", ")": "("}
    marks = []
    for char in text:
        if char in depth:
            depth[char] += 1
        elif char in closing:
            depth[closing[char]] = max(depth[closing[char]] - 1, 0)
        marks.append((depth["["] > 0, depth["("] > 0))
    words: list[QuoteWord] = []
    inserted, previous_end, previous_word_end = False, 0, None
    for token in word_tokens(text):
        bracketed, parenthesized = marks[token.start]
        inserted = inserted or bracketed or "[" in text[previous_end : token.start]
        previous_end = token.end
        if not bracketed:
            gap = "" if previous_word_end is None else text[previous_word_end : token.start]
            words.append(QuoteWord(token.word, token.original, parenthesized, inserted, gap))
            inserted, previous_word_end = False, token.end
    return words


# Claims citing one work are checked one after another (pipeline): a source is indexed once for them all.
# What the caches hand out is shared, and only ever read.
@functools.lru_cache(maxsize=256)
def _index(passage: Passage) -> _Source:
    """The passage's words, less abbreviations it defines in passing ("osteoarthritis (OA)"): a quotation
    may leave those out or use them in place of the long form. A hyphenated one ("(BM-MSCs)") goes whole."""
    text = passage.text
    asides = [match.span() for match in _DEFINITION.finditer(text) if _looks_abbreviated(match.group(1))]
    tokens = [
        token for token in word_tokens(text) if not any(start < token.start < end for start, end in asides)
    ]
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(tokens):
        positions.setdefault(token.word, []).append(position)
    return _Source(passage, tokens, positions)


@functools.lru_cache(maxsize=256)
def _definitions(passages: tuple[Passage, ...]) -> dict[str, tuple[str, ...]]:
    """Abbreviations the source defines ("mesenchymal stromal cells (MSCs)"), by letters: long-form words."""
    found: dict[str, tuple[str, ...]] = {}
    for passage in passages:
        for match in _DEFINITION.finditer(passage.text):
            letters = _letters([match.group(1)])
            before = [
                token.word for token in word_tokens(passage.text[max(match.start() - 120, 0) : match.start()])
            ]
            for size in range(len(before), 0, -1):
                if _initials_fit(letters, before[-size:]):
                    found[letters] = tuple(before[-size:])
                    break
    return found


def _align_in_order(
    segments: list[list[QuoteWord]], sources: list[_Source], definitions: dict[str, tuple[str, ...]]
) -> list[Alignment]:
    """Align each ellipsis segment, preferring a window after the previous segment's (quotes run forward)."""
    alignments: list[Alignment] = []
    for words in segments:
        candidates = _align(words, sources, definitions)
        if not candidates:
            return []
        best = max(candidates, key=lambda a: a.score)
        after = [
            a
            for a in candidates
            if not alignments or (a.passage, a.start) >= (alignments[-1].passage, alignments[-1].end)
        ]
        forward = max(after, key=lambda a: a.score, default=None)
        alignments.append(forward if forward and forward.score >= 0.9 * best.score else best)
    return alignments


def _align(
    words: list[QuoteWord], sources: list[_Source], definitions: dict[str, tuple[str, ...]]
) -> list[Alignment]:
    """Best windows for one segment: vote on diagonals of shared words, then diff the top few windows."""
    plain = [word.word for word in words]
    votes: Counter[tuple[int, int]] = Counter()
    for number, source in enumerate(sources):
        for offset, word in enumerate(plain):
            positions = source.positions.get(word, ())
            if len(positions) <= _COMMON:
                votes.update((number, (position - offset) // _BAND) for position in positions)
    alignments = []
    for (number, band), _ in votes.most_common(_CANDIDATES):
        source = sources[number]
        low = max(band * _BAND - _BAND, 0)
        high = min(band * _BAND + len(words) + 2 * _BAND, len(source.tokens))
        alignment = _diff(words, source, number, low, high, definitions)
        if alignment is not None:
            alignments.append(alignment)
    return alignments


def _diff(
    words: list[QuoteWord],
    source: _Source,
    number: int,
    low: int,
    high: int,
    definitions: dict[str, tuple[str, ...]],
) -> Alignment | None:
    window = [token.word for token in source.tokens[low:high]]
    quoted = [word.word for word in words]
    blocks = [
        b for b in SequenceMatcher(None, quoted, window, autojunk=False).get_matching_blocks() if b.size
    ]
    if not blocks:
        return None
    # The window runs from the first to the last matched word, widened by the quote's unmatched ends so an
    # edited first or last word reads as changed ("intraarticular" / "intra-articular"), not as added.
    start = max(low + blocks[0].b - blocks[0].a, low)
    end = min(low + blocks[-1].b + blocks[-1].size + len(quoted) - blocks[-1].a - blocks[-1].size, high)
    span = source.tokens[start:end]
    matcher = SequenceMatcher(None, quoted, [token.word for token in span], autojunk=False)
    changes: list[str] = []
    expansions: list[str] = []
    first_change = end
    accepted = 0
    for tag, q1, q2, s1, s2 in matcher.get_opcodes():
        said, original = words[q1:q2], span[s1:s2]
        inserted = q1 < len(words) and words[q1].follows_insertion
        verdict = (
            None if tag == "equal" else _compare(said, original, inserted, definitions, source.passage.text)
        )
        if verdict is None or verdict[0] == "expansion":
            accepted += len(said)
        if verdict is None:
            continue
        kind, note = verdict
        if kind == "expansion":
            expansions.append(note)
        else:
            changes.append(note)
            # An addition has no source word of its own: point at the word it follows.
            first_change = min(first_change, start + (s1 if s2 > s1 else max(s1 - 1, 0)))
    score = accepted / len(words)
    return Alignment(number, start, end, score, tuple(changes), tuple(expansions), first_change)


def _compare(
    said: list[QuoteWord],
    original: list[Token],
    inserted: bool,
    definitions: dict[str, tuple[str, ...]],
    source_text: str,
) -> tuple[str, str] | None:
    """Why one differing stretch differs, as ("change" | "expansion", note), or None when it is acceptable.

    ``inserted``: the writer's [bracketed] words stand at this point, in place of whatever the source has.
    Notes quote both sides as written (``source_text`` is the passage ``original`` slices).
    """
    if "".join(word.word for word in said) == "".join(token.word for token in original):
        return None  # "intra-articular" / "intraarticular"
    if not said:
        if inserted:
            return None
        return "change", f"dropped '{_as_written(source_text, original)}'"
    if not original:
        if all(word.parenthesized and _looks_abbreviated(word.original) for word in said):
            return None  # the quote keeps an "(OA)" the source defines in passing
        shown = _as_quoted(said)
        return "change", f"added '({shown})'" if all(
            word.parenthesized for word in said
        ) else f"added '{shown}'"
    expansion = _expansion(said, original, definitions)
    if expansion == "expands":
        return "expansion", f"expands {_as_written(source_text, original)} as '{_as_quoted(said)}'"
    if expansion == "abbreviates":
        return "expansion", f"abbreviates '{_as_written(source_text, original)}' as {_as_quoted(said)}"
    return "change", f"changed '{_as_written(source_text, original)}' to '{_as_quoted(said)}'"


def _expansion(said: list[QuoteWord], original: list[Token], definitions: dict[str, tuple[str, ...]]) -> str:
    """Which way an abbreviation changed: "expands" (the quote spells it out) or "abbreviates"."""
    for short, long, direction in (
        ([t.original for t in original], [w.word for w in said], "expands"),
        ([w.original for w in said], [t.word for t in original], "abbreviates"),
    ):
        if len(short) <= 2 and all(_looks_abbreviated(part) for part in short):
            letters = _letters(short)
            defined = definitions.get(letters)
            if (defined and "".join(defined) == "".join(long)) or _initials_fit(letters, long):
                return direction
    return ""


def _looks_abbreviated(word: str) -> bool:
    return sum(1 for char in word if char.isupper()) >= 2 or (word.isupper() and len(word) > 1)


def _letters(parts: Sequence[str]) -> str:
    """The letters an abbreviation stands for: "BM-MSCs" -> "bmmsc" (a plural s is not a letter)."""
    letters = []
    for part in parts:
        for piece in re.split(r"[-\s]", part):
            if len(piece) > 1 and piece.endswith("s") and piece[:-1].isupper():
                piece = piece[:-1]
            letters.append(piece)
    return "".join(letters).lower()


def _initials_fit(letters: str, words: Sequence[str]) -> bool:
    """Do ``words`` spell ``letters`` by their initials (and letters inside a word, "osteoarthritis" = OA)?

    One word that gives no letter is allowed ("bone marrow derived mesenchymal stem cells" = BM-MSCs).
    """
    if len(letters) < 2 or not words or words[0][:1] != letters[0]:
        return False
    index, skipped = 0, 0
    for number, word in enumerate(words):
        if index < len(letters) and word[:1] == letters[index]:
            index += 1
            following = words[number + 1][:1] if number + 1 < len(words) else ""
            rest = word[1:]
            while index < len(letters) and letters[index] != following and letters[index] in rest:
                rest = rest[rest.index(letters[index]) + 1 :]
                index += 1
        elif word not in _FREE_WORDS:
            skipped += 1
    return index == len(letters) and skipped <= 1


def _as_quoted(said: Sequence[QuoteWord]) -> str:
    """A run of the quotation's words as the article writes them: "intra-articular", not "intra articular"."""
    return fold_space(said[0].original + "".join(word.gap + word.original for word in said[1:]))


def _as_written(text: str, tokens: Sequence[Token]) -> str:
    """A run of source words as the source writes them."""
    return fold_space(text[tokens[0].start : tokens[-1].end])


def _span_text(source: _Source, start: int, end: int) -> str:
    return fold_space(source.passage.text[source.tokens[start].start : source.tokens[end - 1].end])


def _clip(text: str, limit: int = _EVIDENCE_LIMIT) -> str:
    """Verbatim text cut at a word boundary, with an ellipsis saying it goes on."""
    text = fold_space(text)
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)] + " \u2026"


def _not_found(context: ClaimContext, quote: str) -> Outcome:
    """CC206 when abstract and full text were both searched; CC303 when only the abstract was."""
    return not_in_source("CC206", context, "the quotation", claimed=_clip(quote))
