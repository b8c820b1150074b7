"""Study designs, as articles name them and as PubMed records state them (``claimcheck/data/designs.toml``).

One table for the extractor and the design checker, so that every design the extractor names is one the
checker can decide::

    designs_named("a Mendelian randomization study") == ((2, "Mendelian randomization"),)
    designs_named("a meta-analysis of 12 randomized controlled trials") == ((2, "meta-analysis"),)
    stated_designs("Patients were randomized into two groups.")[0].design.name == "randomized"

A design word followed by a plural study noun ("randomized controlled trials", "cohort studies") describes
the studies a review includes, not the study itself: it is read on neither side.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from claimcheck import data
from claimcheck.vocabulary.prefilter import Prefiltered, Required, either, fold_for_literals, may_match

# Nouns that, in the plural, name several studies; their singular "trial" or "study" names the study itself.
_PLURAL_STUDY_NOUNS = frozenset(
    "trials studies rcts reviews analyses meta-analyses reports cohorts experiments investigations data "
    "evidence literature designs".split()
)
# Words that end the noun phrase a design word qualifies: "a review of studies" is about one review, and
# "this meta-analysis pooled twelve trials" about one meta-analysis (a verb or a number ends the phrase).
_PHRASE_END = frozenset(
    "of in to for with from on at by that which who were was is are be been has have had than as "
    "pooled included including analysed analyzed showed found reported examined compared combined "
    "identified assessed evaluated searched synthesized synthesised summarized summarised reviewed "
    "covering covered involving involved using used enrolled "
    "two three four five six seven eight nine ten eleven twelve dozen twenty thirty forty fifty "
    "hundred".split()
)
# Designs a text names for other studies, or wishes for, are not its own: "unlike previous randomized
# trials", "a larger randomized trial is needed".
_OTHER_STUDY_BEFORE = re.compile(
    r"\b(?:previous(?:ly)?|prior|earlier|past|future|further|other|additional|larger|more|new|recent)"
    r"(?:\s+[\w,-]+){0,3}\s*$",
    re.IGNORECASE,
)
_WISHED_AFTER = re.compile(
    r"^[^.;]{0,80}?\b(?:is|are|would be|will be|remains?|were)\s+(?:still\s+)?"
    r"(?:needed|required|warranted|necessary|lacking|scarce)\b|^[^.;]{0,40}?\b(?:should|must|could)\b",
    re.IGNORECASE,
)
# A review whose subject is other reviews (an overview, an umbrella review) is a review of them, however it
# was done: "narrative" or "systematic" then says how the reviews were gathered, and PubMed may index it as
# a systematic review or a meta-analysis. Its design is read as a review, which both of those types confirm.
_REVIEWS = frozenset({"narrative review", "systematic review", "review"})
_OF_REVIEWS = re.compile(
    r"\s+of\s+(?:[\w-]+\s+){0,3}?(?:reviews|meta-?analy[sz]es|overviews)\b", re.IGNORECASE
)
_WORD = re.compile(r"[\w-]+")
_MODIFIER_REACH = 5
_PHASE_NUMBER = re.compile(r"\b(IV|I{1,3}|[1-4])(?=[ab]?\b)", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
PHASE = "phase"


@dataclass(frozen=True)
class Design:
    """One study design and how to recognise it (fields as in ``designs.toml``): ``implies`` names the
    designs a statement of this one also states (a randomized study is a trial), ``presumed_from`` the
    broader designs whose statement confirms this one when nothing states a design that excludes it (a
    review that says nothing of a systematic search is a narrative review)."""

    name: str
    claim: tuple[re.Pattern[str], ...]
    text: tuple[re.Pattern[str], ...]
    hints: tuple[re.Pattern[str], ...]
    publication_types: frozenset[str]
    mesh: frozenset[str]
    conflicts: frozenset[str]
    implies: frozenset[str]
    presumed_from: frozenset[str]
    source: str


@dataclass(frozen=True)
class Statement:
    """Where a text states a design: the design, the words and their offsets, and how plainly (``hint``)."""

    design: Design
    words: str
    start: int
    end: int
    hint: bool = False


def _patterns(expressions: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(expression, re.IGNORECASE) for expression in expressions)


def _load() -> tuple[Design, ...]:
    return tuple(
        Design(
            name=entry["name"],
            claim=_patterns(entry["claim"]),
            text=_patterns(entry["text"]),
            hints=_patterns(entry["hints"]),
            publication_types=frozenset(entry["publication_types"]),
            mesh=frozenset(entry["mesh"]),
            conflicts=frozenset(entry["conflicts"]),
            implies=frozenset(entry.get("implies", ())),
            presumed_from=frozenset(entry.get("presumed_from", ())),
            source=entry["source"],
        )
        for entry in data.load("designs")["design"]
    )


DESIGNS: tuple[Design, ...] = _load()
BY_NAME: dict[str, Design] = {design.name: design for design in DESIGNS}


def _patterns_read(design: Design, field: str) -> list[tuple[re.Pattern[str], bool]]:
    """The patterns ``_statements`` tries for ``design`` in ``field``, each with whether it is a hint."""
    kinds = [(pattern, False) for pattern in getattr(design, field)]
    return kinds + [(pattern, True) for pattern in design.hints] if field == "text" else kinds


def _reading(design: Design, field: str) -> tuple[Required, list[tuple[Prefiltered, bool]]]:
    """The words one of which any match of the design's patterns in ``field`` holds, and its patterns, each
    with whether it is a hint and the words each of its matches holds: a design whose words a text lacks
    (most designs, for most sentences) is ruled out by substring tests rather than by scanning the text."""
    read = _patterns_read(design, field)
    return either(pattern for pattern, _ in read), [(Prefiltered.of(pattern), hint) for pattern, hint in read]


_READING = {
    (design.name, field): _reading(design, field) for design in DESIGNS for field in ("claim", "text")
}


def names_several_studies(text: str, end: int) -> bool:
    """True when the design's words are a plural study noun ("meta-analyses") or run on to one after
    ``end``: "[randomized] controlled trials"."""
    if text[:end].rsplit(None, 1)[-1].lower() in _PLURAL_STUDY_NOUNS:
        return True
    for count, word in enumerate(_WORD.finditer(text, end)):
        token = word.group().lower()
        if (
            count >= _MODIFIER_REACH
            or token in _PHRASE_END
            or token[:1].isdigit()
            or text[end : word.start()].strip(" ,/-")
        ):
            return False
        if token in _PLURAL_STUDY_NOUNS:
            return True
        end = word.end()
    return False


def _statements(text: str, field: str) -> Iterator[Statement]:
    """Every non-overlapping design statement, earlier table entries first (see ``designs.toml``)."""
    taken: list[tuple[int, int]] = []
    folded = fold_for_literals(text)
    for design in DESIGNS:
        literals, kinds = _READING[design.name, field]
        if not may_match(literals, folded):
            continue
        for scan, hint in kinds:
            for match in scan.finditer(text, folded):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append(match.span())
                if names_several_studies(text, match.end()):
                    continue
                if field == "text" and _speaks_of_other_studies(text, match.start(), match.end()):
                    continue
                yield Statement(design, match.group(), match.start(), match.end(), hint)


def _speaks_of_other_studies(text: str, start: int, end: int) -> bool:
    before = text[max(start - 40, 0) : start]
    return bool(_OTHER_STUDY_BEFORE.search(before) or _WISHED_AFTER.search(text[end : end + 100]))


def designs_named(sentence: str) -> tuple[tuple[int, str], ...]:
    """The designs an article's sentence gives the study it cites, as (offset, label) in text order; a
    trial phase keeps its numbers ("phase 1/2")."""
    found = sorted(_statements(sentence, "claim"), key=lambda statement: statement.start)
    return tuple((statement.start, _label(statement, sentence)) for statement in found)


def _label(statement: Statement, sentence: str) -> str:
    if statement.design.name in _REVIEWS and _OF_REVIEWS.match(sentence, statement.end):
        return "review"  # "a narrative review of meta-analyses": a review of reviews, however it was done
    if statement.design.name != PHASE:
        return statement.design.name
    return f"{PHASE} " + "/".join(str(number) for number in sorted(phases(statement.words)))


def phases(words: str) -> frozenset[int]:
    """The trial phases some words name: "phase 1/2" and "Clinical Trial, Phase II" -> {1, 2} and {2}."""
    numbers = _PHASE_NUMBER.findall(words.lower().replace(PHASE, " "))
    return frozenset(int(number) if number.isdigit() else _ROMAN[number.lower()] for number in numbers)


@functools.lru_cache(maxsize=4096)  # every claim citing a record reads its abstract: once per run
def stated_designs(text: str) -> tuple[Statement, ...]:
    """The designs a source text states for its own study (plain statements and hints), in text order;
    cached by text."""
    return tuple(sorted(_statements(text, "text"), key=lambda statement: statement.start))


def design_of(assertion: str) -> Design | None:
    """The design a claim's assertion names ("randomised controlled trial" -> randomized), or None."""
    if assertion in BY_NAME:
        return BY_NAME[assertion]
    named = list(_statements(assertion, "claim"))
    return min(named, key=lambda statement: statement.start).design if named else None
