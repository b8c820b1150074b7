"""Plain statements: does the source say, in other words, what the claim says in words?

Rules: CC303 source-text-unavailable (info). It gives support, with the source span, and acts only on a
claim that asserts nothing another checker owns (no figure, quotation, date, journal, design,
population, effect, institution or author). When unsure it finds nothing wrong: such a claim stays
unverifiable unless the source plainly says the same; with the abstract alone it notes so (CC303), so
that the full text is read, where the statement may be ("it asserts nothing the record can confirm"
once the full text was searched too).

The claim's content words (its words less function words, citation markers, the cited authors' names
and the words that only say who reported it: "the authors found that") are looked for together in one
sentence of a passage, or two adjacent ones. Words match by their root, US/UK spelling alike, or through
a small table of paraphrases (``data/statements.toml``: "itching" is "pruritus", "often" is "common",
"venous" is "vein"); a small number in words is its digits ("two" is "2"); a compound is one word whole,
hyphenated or as two words ("well-being", "wellbeing"); an abbreviation the record defines ("acute
mountain sickness (AMS)") stands for its words. Names and anything with a digit ("OXA-48") must be there
as written (a genus may be abbreviated before its species: "M. smegmatis"). It declines (no support):

- when the claim turns on a comparison, a direction, a ranking between groups or a share ("more",
  "reduced", "no difference", "than", "highest", "most patients"): the direction and figures checkers
  own those;
- when a content word is missing from the window, or the claim has fewer than three;
- when the window states an aim, a question or an open matter ("we examined whether", "it is unclear
  if"), or the claim itself says something is unknown; when the window hedges ("may", "could") and the
  claim does not;
- when the claim denies and the window does not, or the other way round ("non-smokers" denies; a
  sentence's denial counts in the clause of the words it shares with the claim: "found in X but not in Y"
  does not deny X, nor does "(vs no exposure)" deny what stands before it; across two sentences any
  denial counts);
- when the claim singles one thing out ("the most common", "only", "every") and no stretch of a
  sentence free of rivals ("followed by", "second", "whereas", "except") holds its words close together,
  with no other content word among them.

Given the abstract "Pruritus occurred only in the fentanyl groups. The most common sites were the feet
(40%) and the groin (30%)."::

    PASS  "Itching occurred only in the fentanyl groups"            (itching = pruritus)
    FAIL  "Itching occurred only in the groups that received fentanyl"   "received" is not there
    FAIL  "Itching did not occur in the fentanyl groups"            the claim denies, the source does not
    FAIL  "Itching was more common with fentanyl"                   a comparison: not this checker's
    FAIL  "The groin was the most common site"                      "feet (40%)" stand between

FAIL here is no support and no finding: the claim stays unverifiable, which costs less than a wrong
"supported".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimcheck import data
from claimcheck.checks.base import ClaimContext, Declaration, Outcome, not_in_source, support
from claimcheck.checks.text import Token, fold_space, word_tokens
from claimcheck.model import Passage
from claimcheck.textfold import folded_words
from claimcheck.vocabulary.quantities import defined_abbreviations
from claimcheck.vocabulary.words import SentenceIndex, meaning

DECLARATION = Declaration(rules=("CC303",), reads=("text",))

_TABLE = data.load("statements")
_DIRECTIONS = data.load("directions")
_FUNCTION = frozenset(_TABLE["function"]["words"])
_FRAME = frozenset(_TABLE["frame"]["words"])
_NEGATION = frozenset(_TABLE["negation"]["words"])
_RANKING = frozenset(_TABLE["ranking"]["words"])
_MOST_BEFORE = frozenset(_TABLE["ranking"]["most_before"])
_RIVALS = frozenset(_TABLE["ranking"]["rivals"])
_DOUBT = frozenset(_TABLE["doubt"]["words"])
_HEDGES = frozenset(_TABLE["hedge"]["words"])
_MODIFIERS = frozenset(_TABLE["names"]["modifiers"])
_BEFORE_FRAME_ONLY = frozenset(_TABLE["declines"]["before_frame_only"])
_DECLINES = frozenset(_TABLE["declines"]["words"]).union(
    _DIRECTIONS["increase"]["words"],
    _DIRECTIONS["decrease"]["words"],
    _DIRECTIONS["comparative"]["more"],
    _DIRECTIONS["comparative"]["less"],
    _DIRECTIONS["quality"]["better"],
    _DIRECTIONS["quality"]["worse"],
    _DIRECTIONS["difference"]["words"],
    _DIRECTIONS["no_difference"]["words"],
    _DIRECTIONS["significance"]["significant"],
    _DIRECTIONS["significance"]["not_significant"],
)
_FILLER = _FUNCTION | _FRAME | _NEGATION
_MIN_WORDS = 3
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]]")
_COMPOUND_GAPS = frozenset({" ", "-", "\u2010", "\u2011"})  # a space or a hyphen between two halves
_EVIDENCE_LIMIT = 400
# Citation markers and links a claim's text may still hold: "[3]", "(Smith et al., 2019)", "(refs. 3-5)",
# "vision.12", "as reference 1 describes", "https://...".
_MARKERS = re.compile(
    r"\[[^\]]*\]"
    r"|\((?:[^()]*\b(?:19|20)\d\d[a-z]?\b[^()]*|\s*(?:refs?\.?|references?|see)?\s*[\d,\s\u2013-]+)\)"
    r"|\b(?:as\s+(?:explained|described|shown|reported)\s+in\s+|as\s+)?(?:refs?\.|references?)(?:\s+no\.)?"
    r"\s*\d+(?:\s*(?:,|and|-|\u2013)\s*\d+)*(?:\s+(?:describes|reports|shows|says))?"
    r"|(?:(?<=[^\W\d_][.,;:!?])|(?<=\)[.,;:!?]))\d+(?:[\u2013,-]\d+)*"
    r"|[\u00b9\u00b2\u00b3\u2070-\u2079]+"
    r"|\(?\b(?:https?://|www\.)\S+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Statement:
    """What a claim says in words: for each content word, the keys any of which the source may write it by;
    whether it denies; whether it singles one thing out (then a rival in the window leaves it open); and
    its names, which the source must give in the same order ("X acts on A but not on B" is not "... on B
    but not on A")."""

    words: tuple[frozenset[str], ...]
    denies: bool
    singles_out: bool
    written: frozenset[str] = frozenset()  # every word of the claim, folded: a contrast it makes itself
    names: tuple[frozenset[str], ...] = ()  # its names and codes in the claim's order, as ``words`` has them

    @property
    def hedges(self) -> bool:
        """Whether the claim says only that a thing may be so."""
        return bool(self.written & _HEDGES)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a passage: its bounds, words, each word's keys, and whether it denies."""

    start: int
    end: int
    tokens: tuple[Token, ...]
    keys: tuple[frozenset[str], ...]  # each token's keys: as written, and its meaning
    denies: bool
    doubts: bool  # an aim, a question or an open matter, not a finding
    hedges: bool  # "may", "could": a possibility, not a finding
    clause_starts: frozenset[int] = frozenset()  # tokens after a comma, semicolon, colon or bracket


def check(context: ClaimContext) -> Iterator[Outcome]:
    """A support when one window of the source says what the claim says; nothing otherwise."""
    claim = context.claim
    if claim.asserts_something or not context.passages:
        return
    authors = frozenset(word for author in context.record.authors for word in folded_words(author.family))
    statement = read_statement(claim.text, authors)
    if statement is None:
        return
    defined = abbreviations(context.passages)
    claimed = fold_space(_MARKERS.sub(" ", claim.text))
    for passage in context.passages:
        evidence = find_window(statement, passage, defined)
        if evidence:
            yield support(context, claimed=claimed, evidence=evidence, passage=passage)
            return
    if not any(passage.source == "fulltext" for passage in context.passages):
        yield not_in_source("CC303", context, "the statement", claimed=claimed)  # the body may say it


def read_statement(text: str, authors: frozenset[str] = frozenset()) -> Statement | None:
    """The claim's content words as keys, or None when the claim is not one this checker may decide.

    ``authors`` are words to leave out (the cited authors' family names, folded)."""
    cleaned = _MARKERS.sub(" ", text)
    tokens = word_tokens(cleaned)
    compounds = _compounds(tokens, cleaned)
    words: list[frozenset[str]] = []
    named: list[tuple[frozenset[str], bool]] = []  # each name's keys, and whether it only describes a thing
    denies = singles_out = False
    for number, token in enumerate(tokens):
        word = token.word
        following = tokens[number + 1] if number + 1 < len(tokens) else None
        after = following.word if following else ""
        if word in _NEGATION:
            denies = True
        elif word == "most" and after in _MOST_BEFORE:
            singles_out = True  # "the most common"; "most patients" is a share, declined below
            words.append(_keys(token, number, following))
        elif word in _BEFORE_FRAME_ONLY and after in _FRAME:
            continue  # "the same study"
        elif word in _DECLINES or (word in _DOUBT and word not in _FRAME):
            return None
        elif not (word in _FUNCTION or word in _FRAME or word in authors):
            singles_out = singles_out or word in _RANKING
            if _is_name(token, number):
                words.append(_keys(token, number, following))
                named.append((words[-1], _describes(token, following, cleaned)))
            else:
                words.append(_keys(token, number, following) | compounds[number])
    unique = tuple(dict.fromkeys(words))
    if len(unique) < _MIN_WORDS:
        return None
    written = frozenset(token.word for token in tokens)
    # A name that only describes a thing ("ALK-fusion cancer") keeps no order, unless the claim sets things
    # against each other ("ALK-positive tumours responded, but not EGFR-mutant ones").
    ordered = [keys for keys, describes in named if not describes or written & _RIVALS]
    return Statement(unique, denies, singles_out, written, tuple(dict.fromkeys(ordered)))


def _keys(token: Token, number: int, following: Token | None) -> frozenset[str]:
    """How the source may write one content word of the claim: a name or code as written (a genus also by
    its initial before its species, "M. smegmatis"), any other word by its meaning."""
    if not _is_name(token, number):
        return frozenset({meaning(token.word)})
    genus = token.original.isalpha() and following is not None and following.original.islower()
    return frozenset({token.word, _initial(token.word)}) if genus else frozenset({token.word})


def _compounds(tokens: Sequence[Token], text: str) -> list[frozenset[str]]:
    """For each word, the meaning of the compound it makes with its neighbour when a hyphen parts them,
    or a space parts two content words: "well-being" is "wellbeing", "health care" is "healthcare"."""
    joined: list[set[str]] = [set() for _ in tokens]
    for index in range(1, len(tokens)):
        left, right = tokens[index - 1], tokens[index]
        gap = text[left.end : right.start]
        if not (left.word.isalpha() and right.word.isalpha()) or gap not in _COMPOUND_GAPS:
            continue
        if gap.isspace() and (left.word in _FILLER or right.word in _FILLER):
            continue
        compound = meaning(left.word + right.word)
        joined[index - 1].add(compound)
        joined[index].add(compound)
    return [frozenset(keys) for keys in joined]


def _is_name(token: Token, number: int) -> bool:
    """A name or code: a digit anywhere ("OXA-48"), or a capital past the claim's first word."""
    return any(char.isdigit() for char in token.original) or (number > 0 and token.original[:1].isupper())


def _describes(token: Token, following: Token | None, text: str) -> bool:
    """Whether a name is glued by a hyphen to a word that makes it describe a thing: "ALK-fusion"."""
    return (
        following is not None
        and following.word in _MODIFIERS
        and text[token.end : following.start] in ("-", "\u2010", "\u2011")
    )


def _initial(word: str) -> str:
    """The key of a capital initial with a full stop ("M." of "M. smegmatis"), as ``_sentences`` gives it."""
    return word[:1] + "."


def find_window(statement: Statement, passage: Passage, defined: Abbreviations = ()) -> str:
    """The source span (one sentence or two adjacent) that holds every content word of ``statement``, with
    the same denial and no rival when it singles one out; "" when there is none. ``defined`` are the
    record's abbreviations (``abbreviations``)."""
    cut = sentences(passage, defined)
    for size in (1, 2):
        for first in range(len(cut) - size + 1):
            window = cut[first : first + size]
            if _says(statement, window):
                return _evidence(statement, passage.text, window)
    return ""


def _says(statement: Statement, window: Sequence[Sentence]) -> bool:
    found = {key for sentence in window for keys in sentence.keys for key in keys}
    if not all(keys & found for keys in statement.words) or any(sentence.doubts for sentence in window):
        return False
    if not statement.hedges and any(sentence.hedges for sentence in window):
        return False
    if len(window) == 1:  # a denial counts in the clause of the words the sentence shares with the claim
        if statement.denies != _denied_among(statement, window[0]):
            return False
    elif statement.denies or any(sentence.denies for sentence in window):
        return False
    if not _in_order(statement.names, [keys for sentence in window for keys in sentence.keys]):
        return False
    return not statement.singles_out or any(_singled_out(statement, sentence) for sentence in window)


def _in_order(names: Sequence[frozenset[str]], keys: Sequence[frozenset[str]]) -> bool:
    """Whether the window's words (their keys, in order) give the claim's names in the claim's order."""
    position = 0
    for word in keys:
        if position < len(names) and names[position] & word:
            position += 1
    return position == len(names)


def _denied_among(statement: Statement, sentence: Sentence) -> bool:
    """Whether a denying word of ``sentence`` stands in the clause of the words it shares with the claim:
    their shortest stretch, widened to the nearest comma or rival ("No X was found in Y" denies X in Y;
    "X was found in Y but not in Z" does not)."""
    cover = _cover(statement, sentence.keys)
    if cover is None:
        return False
    start, end = cover
    tokens = sentence.tokens
    while start > 0 and start not in sentence.clause_starts and tokens[start - 1].word not in _RIVALS:
        start -= 1
    while end < len(tokens) and end not in sentence.clause_starts and tokens[end].word not in _RIVALS:
        end += 1
    return any(token.word in _NEGATION for token in tokens[start:end])


def _singled_out(statement: Statement, sentence: Sentence) -> bool:
    """Does one stretch of ``sentence`` with no rival in it ("followed by", "whereas") hold every word of
    a claim that singles one thing out, with no other content word among them (so that "the most common
    were X (40%) and Y (30%)" does not say that Y was)? A contrast the claim makes itself splits nothing."""
    stretch: list[frozenset[str]] = []
    for token, keys in zip(sentence.tokens, sentence.keys):
        if token.word in _RIVALS and token.word not in statement.written:
            if _close_together(statement, stretch):
                return True
            stretch = []
        else:
            stretch.append(keys)
    return _close_together(statement, stretch)


def _close_together(statement: Statement, stretch: Sequence[frozenset[str]]) -> bool:
    cover = _cover(statement, stretch)
    wanted = frozenset().union(*statement.words)
    return cover is not None and all(keys & (wanted | _FILLER) for keys in stretch[cover[0] : cover[1]])


def _cover(statement: Statement, stretch: Sequence[frozenset[str]]) -> tuple[int, int] | None:
    """The shortest run ``[start, end)`` of ``stretch`` (words' keys) that holds every word of the claim."""
    best: tuple[int, int] | None = None
    for start, keys in enumerate(stretch):
        if not any(alternatives & keys for alternatives in statement.words):
            continue
        missing = list(statement.words)
        limit = len(stretch) if best is None else min(len(stretch), start + best[1] - best[0])
        for end in range(start, limit):
            missing = [alternatives for alternatives in missing if not alternatives & stretch[end]]
            if not missing:
                best = (start, end + 1)
                break
    return best


def _evidence(statement: Statement, text: str, window: Sequence[Sentence]) -> str:
    """The window as the source writes it; a long one narrowed to the stretch from the first word it
    matched to the last."""
    start, end = window[0].start, window[-1].end
    if end - start > _EVIDENCE_LIMIT:
        wanted = frozenset().union(*statement.words)
        matched = [
            token
            for sentence in window
            for token, keys in zip(sentence.tokens, sentence.keys)
            if keys & wanted
        ]
        start, end = min(token.start for token in matched), max(token.end for token in matched)
    return fold_space(text[start:end])


Abbreviations = tuple[tuple[str, frozenset[str]], ...]


def abbreviations(passages: Sequence[Passage]) -> Abbreviations:
    """The abbreviations a record defines in any of its passages ("post-streptococcal glomerulonephritis
    (PSGN)"), each folded with the meanings of the words it stands for: a later "PSGN" says them all."""
    found: dict[str, frozenset[str]] = {}
    for passage in passages:
        for short, meanings in _defined(passage):
            found.setdefault(short, meanings)
    return tuple(sorted(found.items()))


@functools.lru_cache(maxsize=256)
def _defined(passage: Passage) -> Abbreviations:
    tokens = word_tokens(passage.text)
    found = []
    for short, words in defined_abbreviations(passage.text, tokens, [token.start for token in tokens]):
        folded = word_tokens(short)
        if len(folded) == 1:
            found.append((folded[0].word, frozenset(meaning(token.word) for token in words)))
    return tuple(found)


def _source_keys(
    token: Token, text: str, compounds: frozenset[str], defined: dict[str, frozenset[str]]
) -> frozenset[str]:
    """A source word as written, by its meaning and by the compounds it makes with a neighbour; an
    abbreviation the record defines also by the words it stands for; a capital initial with a full stop
    also as an initial."""
    keys = {token.word, meaning(token.word), *compounds}
    if token.word in defined and any(char.isupper() for char in token.original):
        keys |= defined[token.word]
    if len(token.original) == 1 and token.original.isupper() and text[token.end : token.end + 1] == ".":
        keys.add(_initial(token.word))
    return frozenset(keys)


@functools.lru_cache(maxsize=256)  # claims are checked record by record: recent passages suffice
def sentences(passage: Passage, defined: Abbreviations = ()) -> tuple[Sentence, ...]:
    """The passage cut into sentences, each word with its keys, read once for every claim on the record."""
    text = passage.text
    spelled_out = dict(defined)
    index = SentenceIndex(text)
    sentences: list[Sentence] = []
    offset = 0
    while offset < len(text):
        start, end = index.bounds(offset, offset)
        end = max(end, offset + 1)
        tokens = tuple(word_tokens(text[start:end]))
        if tokens:
            shifted = tuple(Token(t.word, t.start + start, t.end + start, t.original) for t in tokens)
            words = {token.word for token in tokens}
            sentences.append(
                Sentence(
                    start=shifted[0].start,
                    end=end,
                    tokens=shifted,
                    keys=tuple(
                        _source_keys(token, text, compound, spelled_out)
                        for token, compound in zip(shifted, _compounds(shifted, text))
                    ),
                    denies=bool(words & _NEGATION),
                    doubts=bool(words & _DOUBT) or text[start:end].rstrip().endswith("?"),
                    hedges=bool(words & _HEDGES),
                    clause_starts=frozenset(
                        number
                        for number in range(1, len(shifted))
                        if _CLAUSE_BREAK.search(text, shifted[number - 1].end, shifted[number].start)
                    ),
                )
            )
        offset = end
        while offset < len(text) and text[offset].isspace():
            offset += 1
    return tuple(sentences)
