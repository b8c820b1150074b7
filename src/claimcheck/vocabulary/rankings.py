"""Rankings: which item or group a text names as the extreme of a measure, read alike in claims and sources.

A ranking is (the item named as extreme, the measure, highest or lowest). One grammar reads the ways
results sections and articles write it (``data/rankings.toml`` holds the words)::

    "Graves' disease was the most common cause"          item before the verb, measure after the superlative
    "The most frequent isolate was T. rubrum"            measure after the superlative, item after the verb
    "Sedation was lowest in the group given clonidine"   measure before the verb, item after "in"
    "T. rubrum was the fungus isolated most often"       measure between the verb and the superlative
    "Teenagers with a cleft palate improved the most"    the verb is the measure
    "Sedation scores were significantly higher in group BC"   a comparative with one group and no other

The last is no superlative (``superlative`` is False): it says only that group BC was not the lowest.
Groups a source names by a label ("bupivacaine and clonidine 75 ug (group BC)") are read by
``labelled_groups`` (from ``arms.labelled_definitions``), so that "the group given clonidine without
fentanyl" can be found among them, and "the groups that received fentanyl" be all of them (``groups_given``;
"Itching occurred only in the groups that received fentanyl" is a ranking said by "only")::

    [ranking] = read_rankings("Sedation was lowest in the group given clonidine without fentanyl.")
    ranking.extreme == LOW; ranking.measure == words_of("sedation"); ranking.items == words_of("clonidine")
    ranking.excluded == words_of("fentanyl")

Words are compared by their meaning (``words.meaning``: "cancers" and "malignancies" alike), so that a
claim's "most common second cancers" is the source's "most frequently diagnosed second malignancies".
Three or more figures of one sentence, each for its own group ("2.1, 1.4 and 3.0 in groups A, B and C,
respectively"), rank their groups too (``figures``).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimcheck import data
from claimcheck.vocabulary.arms import labelled_definitions
from claimcheck.vocabulary.effects import overlap, sentences
from claimcheck.vocabulary.quantities import Quantity, find_quantities
from claimcheck.vocabulary.words import meaning, word_tokens

HIGH, LOW = "high", "low"
OTHER_END = {HIGH: LOW, LOW: HIGH}

_TABLE = data.load("rankings")
_SUPERLATIVE = {
    **dict.fromkeys(_TABLE["superlative"]["high"], HIGH),
    **dict.fromkeys(_TABLE["superlative"]["low"], LOW),
}
_MOST = {
    **dict.fromkeys(_TABLE["superlative"]["most"], HIGH),
    **dict.fromkeys(_TABLE["superlative"]["least"], LOW),
}
_HOW_OFTEN = frozenset(_TABLE["superlative"]["how_often"])
_COMPARATIVE = {
    **dict.fromkeys(_TABLE["comparative"]["high"], HIGH),
    **dict.fromkeys(_TABLE["comparative"]["low"], LOW),
}
_AGAINST = frozenset(_TABLE["comparative"]["against"])
_LINKING = frozenset(_TABLE["verbs"]["linking"])
_HAVING = frozenset(_TABLE["verbs"]["having"])
_OCCURRING = frozenset(_TABLE["verbs"]["occurring"])
_ITEM_OPENERS = frozenset(_TABLE["verbs"]["item_openers"])
_CLAUSE_OPENERS = frozenset(_TABLE["verbs"]["clause_openers"])
_FUNCTION = frozenset(data.load("statements")["function"]["words"])
_GENERIC = frozenset(meaning(word) for word in _TABLE["items"]["generic"])
_WITHOUT = frozenset(_TABLE["items"]["without"])
_HEDGES = frozenset(data.load("statements")["hedge"]["words"])
# Words between a verb and its superlative or comparative ("was significantly higher", "were by far the").
_ADVERBS = frozenset(
    "significantly markedly slightly much far by also still consistently clearly the".split()
)
_OPENING_PHRASE = frozenset("among amongst in regarding of at for after during overall with".split())
_CONTRASTS = frozenset({"whereas", "while", "although", "though"})
_TOKEN = re.compile(r"[^\W\d_][\w'\u2019-]*|\d+(?:[.,]\d+)*|[;:,]")
_RESPECTIVELY = re.compile(r"\brespectively\b|\bin that order\b", re.IGNORECASE)
# The most words a measure named before its verb takes ("most frequently diagnosed non-HNT SPMs were").
_MEASURE_WORDS = 6
_LISTED = 3  # figures of two groups are a comparison (vocabulary/comparisons.py), of three a ranking
_FIGURE_ROLES = frozenset({"", "share"})  # figures of a measure, not p-values, intervals or counts of n
_NON = re.compile(r"\bnon[-\s]+(?=\w)", re.IGNORECASE)  # "non-smokers" are no smokers: one word
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


@dataclass(frozen=True)
class Ranking:
    """One item (or several) named as the top or bottom of a measure, and where the text says so."""

    extreme: str  # HIGH | LOW
    measure: frozenset[str]  # its words (``words_of``): "sedation", "common cause"
    written: str  # the measure as the text writes it
    items: frozenset[str]  # the words of the item named extreme, without words that name no item ("group")
    excluded: frozenset[str]  # what the item leaves out ("clonidine without fentanyl": fentanyl)
    frame: frozenset[str]  # whom or where the opening phrase says it of ("Among women, ...")
    superlative: bool  # False: a comparative said of one group alone ("higher in group BC")
    hedged: bool  # "seemed to occur", "may be": a possibility, not a finding
    figures: bool  # read from every group's figure ("2.1, 1.4 and 3.0 in groups A, B and C, respectively")
    start: int  # the clause that says it, in the text read
    end: int
    cue: str  # the superlative or comparative as written
    only: bool = False  # "occurred only in the groups given fentanyl": the items are all there was of it

    @property
    def worded(self) -> bool:
        """A superlative said in words: what a claim asserts as a ranking (a comparative or a list of
        figures is the effects and figures vocabularies' to read in a claim)."""
        return self.superlative and not self.figures


@dataclass(frozen=True)
class _Token:
    word: str  # lower case
    start: int
    end: int


def read_rankings(text: str) -> tuple[Ranking, ...]:
    """Every ranking ``text`` states, in order."""
    return _read_rankings(text)


def ranking_phrases(sentence: str) -> tuple[str, ...]:
    """What an article's sentence asserts of rankings: each superlative's clause as written ("Sedation was
    lowest in the group given clonidine"); a comparative is the effects vocabulary's."""
    return tuple(
        dict.fromkeys(
            sentence[ranking.start : ranking.end] for ranking in read_rankings(sentence) if ranking.worded
        )
    )


@functools.lru_cache(maxsize=4096)  # one full text serves every claim that cites it
def _read_rankings(text: str) -> tuple[Ranking, ...]:
    bare = _BRACKETED.sub(lambda match: " " * len(match.group()), text)  # "(n=17)", "(ie, ...)": asides
    found: list[Ranking] = []
    for start, end in sentences(bare):
        tokens = [
            _Token(match.group().lower(), match.start() + start, match.end() + start)
            for match in _TOKEN.finditer(bare[start:end])
        ]
        previous: Ranking | None = None
        for clause in _clauses(tokens):
            ranking = _read_clause(bare, clause, elliptical=previous is not None)
            if ranking is not None:
                found.append(ranking)
            previous = ranking
    found.extend(_figure_rankings(text))
    return tuple(sorted(found, key=lambda ranking: ranking.start))


def _figure_rankings(text: str) -> list[Ranking]:
    """The top and the bottom of a series of three figures or more, each for its own group ("Sedation
    scores were 2.1, 1.4 and 3.0 in groups A, B and C, respectively": C highest, B lowest), when one
    figure alone is the largest or the smallest. The measure is what the sentence names before the figures."""
    if not _RESPECTIVELY.search(text):  # every series below needs it: most texts are spared the figures
        return []
    series: dict[int, list[Quantity]] = {}
    for quantity in find_quantities(text):
        if quantity.series >= 0 and quantity.role in _FIGURE_ROLES:
            series.setdefault(quantity.series, []).append(quantity)
    found = []
    for figures in series.values():
        start, end = figures[0].sentence
        lead = words_of(text[start : figures[0].phrase_start])
        items = [frozenset(meaning(key) for key in figure.context) - lead - _GENERIC for figure in figures]
        if (
            len(figures) < _LISTED
            or len({figure.unit for figure in figures}) > 1
            or not all(items)
            or not lead
        ):
            continue
        if not _RESPECTIVELY.search(text, figures[-1].end, end):
            continue  # "386 cases and 896 controls": a pair of counts, no measure ranked
        if len(set(items)) < len(items):
            continue  # the groups are not told apart
        values = [figure.value for figure in figures]
        for extreme, value in ((HIGH, max(values)), (LOW, min(values))):
            if values.count(value) == 1:
                at = values.index(value)
                found.append(
                    Ranking(
                        extreme=extreme,
                        measure=lead,
                        written=text[start : figures[0].phrase_start].strip(),
                        items=items[at],
                        excluded=frozenset(),
                        frame=frozenset(),
                        superlative=True,
                        hedged=False,
                        figures=True,
                        start=start,
                        end=end,
                        cue=figures[at].phrase,
                    )
                )
    return found


def _clauses(tokens: Sequence[_Token]) -> list[list[_Token]]:
    """A sentence's clauses: cut at a semicolon or colon, at a comma before a word that opens a clause of
    its own (", and infection ...", ", followed by"), and before a contrast ("whereas")."""
    clauses: list[list[_Token]] = [[]]
    for index, token in enumerate(tokens):
        following = tokens[index + 1].word if index + 1 < len(tokens) else ""
        if token.word in (";", ":") or (token.word == "," and following in _CLAUSE_OPENERS):
            clauses.append([])
        elif token.word in _CONTRASTS:
            clauses.append([])
        else:
            clauses[-1].append(token)
    return [clause for clause in clauses if clause]


def _read_clause(text: str, clause: list[_Token], *, elliptical: bool) -> Ranking | None:
    words = [token.word for token in clause]
    for cue in range(len(clause)):
        only = _only_parts(words, cue)
        extreme, width = (HIGH, 1) if only else _cue(words, cue)
        if extreme is None:
            continue
        parts = only or _parts(words, cue, width, elliptical=elliptical)
        if parts is None:
            continue
        item, measure, superlative = parts
        named, excluded = _item_words(text, clause, item)
        measured = words_of(_span(text, clause, measure))
        if named and measured:
            return Ranking(
                extreme=extreme,
                measure=measured,
                written=_span(text, clause, measure),
                items=named,
                excluded=excluded,
                frame=words_of(_span(text, clause, [(0, max(_subject_start(words) - 1, 0))])),
                superlative=superlative,
                hedged=bool(set(words) & _HEDGES),
                figures=False,
                start=clause[0].start,
                end=clause[-1].end,
                cue=text[clause[cue].start : clause[cue + abs(width) - 1].end],
                only=only is not None,
            )
    return None


def _only_parts(words: Sequence[str], cue: int) -> tuple[tuple[int, int], list[tuple[int, int]], bool] | None:
    """The parts of a ranking said by "only" ("Itching occurred only in the groups given fentanyl",
    "Pruritus was only observed in groups BF and BCF"): the measure before the verb, the items after the
    word that opens them; None for any other "only" ("only 12 patients", "the only trial")."""
    if words[cue] != "only":
        return None
    opener = cue + 1
    while opener < len(words) and words[opener] in _OCCURRING:
        opener += 1
    verb = cue - 1
    if opener + 1 >= len(words) or words[opener] not in _ITEM_OPENERS or verb < 1:
        return None
    if words[verb] not in _OCCURRING and not (words[verb] in _LINKING and opener > cue + 1):
        return None  # "occurred only in", "was only observed in"; not "was only in its first year"
    while verb - 1 > 0 and words[verb - 1] in _LINKING | _ADVERBS:
        verb -= 1
    subject = _subject_start(words)
    return ((opener + 1, len(words)), [(subject, verb)], True) if verb > subject else None


def _cue(words: Sequence[str], at: int) -> tuple[str | None, int]:
    """The extreme a superlative at ``at`` names and how many words it takes ("most common": 2)."""
    word = words[at]
    before = words[at - 1] if at else ""
    after = words[at + 1] if at + 1 < len(words) else ""
    if word in _SUPERLATIVE:
        return _SUPERLATIVE[word], 1
    if word in _MOST and before != "at":
        if after in _HOW_OFTEN:
            return _MOST[word], 2
        if before == "the":
            return _MOST[word], 1
    if word in _COMPARATIVE and not set(words) & _AGAINST:
        return _COMPARATIVE[word], -1  # a comparative: read only as "X was higher in group Y"
    return None, 0


def _parts(
    words: Sequence[str], cue: int, width: int, *, elliptical: bool
) -> tuple[tuple[int, int], list[tuple[int, int]], bool] | None:
    """(the item's token range, the measure's token ranges, superlative) of a ranking whose cue is at
    ``cue``, by the grammar of the module's docstring; None when the clause is no ranking."""
    size = len(words)
    comparative = width < 0
    width = abs(width)
    after = cue + width
    verb = _verb_before(words, cue)
    subject = _subject_start(words)
    if after < size and words[after] in _ITEM_OPENERS and verb is not None and words[verb] in _LINKING:
        # "Sedation was lowest in the group given clonidine": the measure before the verb.
        return (after + 1, size), [(subject, verb), (cue + 1, after)], not comparative
    if comparative:
        return None
    the = words[cue - 1 : cue] == ["the"]
    # "The most common cause was ...": the verb close after the measure ("The strongest evidence comes
    # from a trial of ... that was ..." ranks nothing).
    occurs = next(
        (i for i in range(after + 1, min(size, after + _MEASURE_WORDS)) if words[i] in _OCCURRING | _LINKING),
        None,
    )
    if the and verb is None and occurs is not None and cue - 1 == subject:
        # "The greatest improvement occurred in adults", "the most common cause was X".
        opens = occurs + 1
        while opens < size and words[opens] in _OCCURRING | _ITEM_OPENERS | {"the"}:
            opens += 1
        return (opens, size), [(cue + 1, occurs)], True
    if verb is not None and the and after < size:
        # "X was the most common cause", "the surgery patients experienced the greatest reduction".
        return (subject, verb), [(cue + 1, _until_comma(words, after))], True
    if verb is None and elliptical and the and after < size and cue > 1:
        # ", and infection the most common trigger": the verb of the clause before.
        return (0, cue - 1), [(cue + 1, _until_comma(words, after))], True
    linking = next((i for i in range(cue - 1, 0, -1) if words[i] in _LINKING), None)
    if width == 2 and _until_comma(words, after) == after and linking is not None:
        # "X was the fungus isolated most often": the measure between the verb and the superlative.
        return (subject, linking), [(linking + 1, cue), (cue + 1, after)], True
    if _MOST.get(words[cue]) and width == 1 and (after >= size or words[after] in {"of", "in", "among", ","}):
        # "Teenagers with a cleft palate improved the most (in quality of life)".
        acted = cue - 1 if the else cue
        if acted >= 2 and words[acted - 1].endswith("ed") and words[acted - 1] not in _LINKING:
            measure = [(acted - 1, acted)]
            if after < size and words[after] == "in":
                measure.append((after + 1, _until_comma(words, after + 1)))
            return (subject, acted - 1), measure, True
    return None


def _until_comma(words: Sequence[str], start: int) -> int:
    """Where a measure named after its superlative ends: at the next comma ("the greatest reduction in
    scores, with the largest effects in ..."), or the clause's end."""
    return next((i for i in range(start, len(words)) if words[i] == ","), len(words))


def _subject_start(words: Sequence[str]) -> int:
    """Where a clause's subject starts: after an opening phrase and its comma ("Among 83 patients, adults
    who ...", "Regarding the agent, T. rubrum ..."), else at the start."""
    if words and words[0] in _OPENING_PHRASE and "," in words:
        return words.index(",") + 1
    return 0


def _verb_before(words: Sequence[str], cue: int) -> int | None:
    """The linking or having verb just before a superlative, adverbs and "the" between ("was the",
    "were significantly"), or None."""
    at = cue - 1
    while at >= 0 and words[at] in _ADVERBS:
        at -= 1
    if at >= 1 and words[at] in _LINKING | _HAVING:
        return at
    return None


def _span(text: str, clause: Sequence[_Token], ranges: Iterable[tuple[int, int]]) -> str:
    return " ".join(
        text[clause[start].start : clause[end - 1].end]
        for start, end in ranges
        if 0 <= start < end <= len(clause)
    )


def _item_words(
    text: str, clause: Sequence[_Token], item: tuple[int, int]
) -> tuple[frozenset[str], frozenset[str]]:
    """The item's words, without those that name no item, and what it leaves out ("without fentanyl")."""
    start, end = item
    if start >= end:
        return frozenset(), frozenset()
    cut = next((i for i in range(start, end) if clause[i].word in _WITHOUT), end)
    kept = words_of(_span(text, clause, [(start, cut)])) - _GENERIC
    left_out = words_of(_span(text, clause, [(cut + 1, end)])) - _GENERIC if cut < end else frozenset()
    return kept, left_out


@functools.lru_cache(maxsize=4096)
def labelled_groups(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Groups a text names by a label (``arms.labelled_definitions``), each label (as ``words_of`` reads it:
    "bc") with the words of what its group was given: "to receive bupivacaine plus saline (group BS),
    bupivacaine and clonidine (group BC)" gives ("bs", {bupivacaine, saline}) and ("bc", {bupivacaine,
    clonidine})."""
    return tuple(
        (meaning(definition.label.lower()), words)
        for definition in labelled_definitions(text)
        if (words := words_of(definition.given) - _GENERIC)
    )


@functools.lru_cache(maxsize=65536)
def words_of(text: str) -> frozenset[str]:
    """The words of a measure or an item as rankings compare them: content words, each by its meaning
    (``meaning``: "cancers" and "malignancy" alike), spelled alike; "non-smokers" as one word."""
    return frozenset(
        meaning(token.word)
        for token in word_tokens(_NON.sub("non", text))
        if token.word not in _FUNCTION and not token.word.isdigit()
    )


def same_measure(claimed: frozenset[str], found: frozenset[str]) -> tuple[bool, bool]:
    """(about the claimed measure, naming all of it): most of the claimed words in ``found``, a word
    matching by its root, its first six letters or a paraphrase ("often" and "commonly")."""
    shared = matching(claimed, found)
    return shared >= max(1, math.ceil(0.6 * len(claimed))), shared == len(claimed)


def matching(words: frozenset[str], other: frozenset[str]) -> int:
    """How many of ``words`` are in ``other`` (``overlap``), or say the same as one of them (``meaning``)."""
    meanings = {meaning(word) for word in other}
    return sum(1 for word in words if overlap(frozenset({word}), other) or meaning(word) in meanings)


def groups_given(
    labels: Sequence[tuple[str, frozenset[str]]], items: frozenset[str], excluded: frozenset[str]
) -> frozenset[str]:
    """The labels of the groups whose definitions name every word of ``items`` and none of ``excluded``
    ("the groups that received fentanyl": BF and BCF, of bupivacaine with saline, fentanyl, clonidine, or
    clonidine and fentanyl)."""
    return frozenset(
        label
        for label, words in labels
        if matching(items, words) == len(items) and not (excluded and matching(excluded, words))
    )


def item_relation(claimed: Ranking, found: frozenset[str]) -> str | None:
    """Whether a source's item (its words, labels spelled out) is the claim's: "same" when it names most of
    the claimed item's words and none it leaves out; "other" when it names none of them, or one it leaves
    out ("clonidine and fentanyl" for "clonidine without fentanyl"); None when it cannot be told."""
    shared = matching(claimed.items, found)
    left_out = matching(claimed.excluded, found) if claimed.excluded else 0
    if shared >= max(1, math.ceil(0.6 * len(claimed.items))) and not left_out:
        return "same"
    if not shared or left_out:
        return "other"
    return None
