"""CC210 effect-direction-mismatch: which way the cited study says a measure went.

A claim's effects ("EBNA-1 rose", "did not reduce pain compared with placebo", "blood pressure was higher
with ketamine") are read with the same grammar as the source (``claimcheck.vocabulary.effects``): a
direction (up, down, better, worse, some difference, none), a measure, the group it is said of and the
group it is compared with. Each is compared with the source's statements about the same measure, read
from the side of the claim's group ("higher in the CVVH group than in the SLED group" says SLED was lower),
in the abstract's results and conclusions, then in the full text's results. A claim is supported only
by a statement about its measure that goes its way; an abstract that never speaks of the measure leaves
it undecided (CC303), so the full text is read.

Severity says how sure we are: an error only when a results statement about the same measure plainly goes
the other way (a significant change the other way, or an explicit "no difference" against a claimed
change, or a significant difference against a claimed "no difference") and says so of the claim's group;
a statement about part of the measure, a trend that was not significant, a source that says both, or a
statement whose groups cannot be told apart is a warning; a source that never speaks of the measure is
CC303.

Passes (abstract: "Anti-EBNA-1 antibody levels fell significantly in the vitamin D group compared with
placebo (p = 0.02)")::

    Vitamin D lowered anti-EBNA-1 antibodies.

Fails with CC210 (same abstract)::

    In the trial, EBNA-1 antibodies rose.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, support
from claimcheck.checks.text import excerpt
from claimcheck.model import Passage, Severity
from claimcheck.vocabulary.effects import (
    BETTER,
    DIFFERENT,
    DOWN,
    NONE,
    OPPOSITE,
    UP,
    WORSE,
    Effect,
    lower_is_better,
    overlap,
    read_effects,
    stems,
)
from claimcheck.vocabulary.populations import AGE, SEX, find_populations

DECLARATION = Declaration(rules=("CC210", "CC303"), reads=("effects",))

# Where a source reports its own results. Backgrounds, aims and methods speak of hopes and of other
# studies ("to test whether X reduces Y"; "earlier trials found that X reduced Y").
_NOT_RESULTS = re.compile(
    r"^(?:\d+\.?\s*)?(?:introduction|background|aims?|objectives?|purpose|rationale|context|importance|"
    r"methods?|materials?|design|setting|participants|interventions?|statistic|discussion|limitations?|"
    r"strengths|references|acknowledg|funding|conflict|competing|author|abbreviation|supplement|ethic|"
    r"trial registration|registration|keywords|data availability)",
    re.IGNORECASE,
)
_HYPOTHESIS = re.compile(
    r"\b(?:to (?:investigate|determine|assess|evaluate|examine|test|explore|compare|study|establish)|"
    r"we hypothesi[sz]ed|whether|aim(?:ed)? to|objective was|purpose of|designed to|expected to|"
    r"previous(?:ly)?|prior|earlier|other studies|has been (?:shown|reported)|et al)\b",
    re.IGNORECASE,
)
# "at 6 months" and "at 12 months" are two measures: a statement at another time does not decide a claim.
_TIME_POINT = re.compile(
    r"\b(?:at|after|by|over|within|during|for|until)\s+(?:the\s+)?(\d+|one|two|three|four|six|twelve)[\s-]*"
    r"(day|week|month|year|hour|minute)s?\b",
    re.IGNORECASE,
)
# A legend of abbreviations ("BP, blood pressure; GH, growth hormone") states no result.
_LEGEND = re.compile(r"(?:\b[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*,\s+[a-z][^;,]{2,60}[;.]\s*){3,}")
_ABBREVIATION = re.compile(r"\(([A-Za-z][\w-]{1,9})\)")
_STRONG_WORDS = 3
_OTHER_WORDS = 6
_SOURCE_RANK = {"abstract": 0, "metadata": 0, "fulltext": 1}


@dataclass(frozen=True)
class _Statement:
    """A source statement about the claimed measure, read from the claim's side, and what it says to it."""

    effect: Effect
    direction: str  # the statement's direction from the claim's group's side
    passage: Passage
    relation: str  # "agree" | "conflict"
    certain: bool
    strong: bool  # names the whole measure
    rank: int


def check(context: ClaimContext) -> Iterator[Outcome]:
    """One outcome per claimed effect whose measure the claim names."""
    abbreviations = _abbreviations(context.passages)
    for phrase in context.claim.effects:
        claimed = _claimed_effect(context.claim.text, phrase)
        if claimed is not None and claimed.measure:
            yield _check_effect(context, phrase, claimed, abbreviations)


def _claimed_effect(text: str, phrase: str) -> Effect | None:
    """The claim's statement that the phrase comes from, read within the whole sentence (for its groups)."""
    at = text.find(phrase)
    if at >= 0:
        for effect in read_effects(text):
            if effect.start < at + len(phrase) and at < effect.end:
                return effect
    effects = read_effects(phrase)
    return effects[0] if effects else None


def _abbreviations(passages: Sequence[Passage]) -> dict[str, frozenset[str]]:
    """Abbreviations a source defines ("hypercapnic ventilatory response (HCVR)"), to their words."""
    found: dict[str, frozenset[str]] = {}
    for passage in passages:
        for short, words in _defined(passage.text):
            for part in stems(short):  # "SLED-BD" is read as "sled" and "bd"
                found.setdefault(part, words)
    return found


def _with_aliases(group: frozenset[str], abbreviations: dict[str, frozenset[str]]) -> frozenset[str]:
    """A claim's group with the source's abbreviations for it: "the batch system" is the source's "SLED-BD"
    when the source defines "single-pass batch dialysis system (SLED-BD)"."""
    return group | {short for short, words in abbreviations.items() if overlap(words, group) >= 2}


@functools.lru_cache(maxsize=4096)  # one full text serves every claim that cites it
def _defined(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    definitions = []
    for match in _ABBREVIATION.finditer(text):
        short = match.group(1)
        initials = sum(1 for char in short if char.isupper())
        if initials >= 2:
            words = text[max(match.start() - 80, 0) : match.start()].split()[-initials:]
            definitions.append((short.lower(), stems(" ".join(words))))
    return tuple(definitions)


@dataclass(frozen=True)
class _Claimed:
    """What a claimed effect is compared on: its measure, its sides, when and in whom."""

    effect: Effect
    measure: frozenset[str]  # with the source's abbreviations spelled out, the groups' words left out
    groups: frozenset[str]  # every word of both groups
    intervention: frozenset[str]  # what tells the claim's group apart, with the source's abbreviations
    comparator: frozenset[str]
    times: frozenset[tuple[str, str]]  # "at 12 months"
    subgroups: frozenset[tuple[str, str]]  # "in women"
    abbreviations: dict[str, frozenset[str]]


def _claimed_on(
    context: ClaimContext, phrase: str, claimed: Effect, abbreviations: dict[str, frozenset[str]]
) -> _Claimed:
    groups = _expanded(claimed.subject | claimed.reference, abbreviations)
    return _Claimed(
        effect=claimed,
        # Words of the groups are not the measure ("the propofol group ... the propofol infusion rate").
        measure=(_expanded(claimed.measure, abbreviations) - groups) or claimed.measure,
        groups=groups,
        # "CGM Sensor On" against "CGM Sensor Off arm" is "on" against "off".
        intervention=_with_aliases(claimed.subject - claimed.reference, abbreviations),
        comparator=_with_aliases(claimed.reference - claimed.subject, abbreviations),
        times=_time_points(context.claim.text[claimed.start : claimed.end] if claimed.end else phrase),
        subgroups=_subgroups(context.claim.text),
        abbreviations=abbreviations,
    )


def _check_effect(
    context: ClaimContext, phrase: str, claimed: Effect, abbreviations: dict[str, frozenset[str]]
) -> Outcome:
    on = _claimed_on(context, phrase, claimed, abbreviations)
    needed = _needed(on.measure)
    statements = [
        statement
        for passage in context.passages
        if _reports_results(passage)
        and overlap(on.measure, _expanded(stems(passage.text), abbreviations)) >= needed
        for effect in read_effects(passage.text, intervention=on.intervention, comparator=on.comparator)
        if (statement := _compared(on, effect, passage)) is not None
    ]
    if not statements:
        return _undecided(context, phrase, claimed)
    best_rank = min(statement.rank for statement in statements)
    first = [statement for statement in statements if statement.rank == best_rank]
    agree = [s for s in first if s.relation == "agree"]
    conflict = [s for s in first if s.relation == "conflict"]
    strong_agree = [s for s in agree if s.strong]
    if strong_agree and not any(s.certain and s.strong for s in conflict):
        return _support(context, phrase, strong_agree[0])
    if conflict:
        chosen = max(conflict, key=lambda s: (s.certain, s.strong))
        sure = chosen.certain and chosen.strong and not agree
        return _mismatch(context, phrase, claimed, chosen, Severity.ERROR if sure else Severity.WARNING)
    return _undecided(context, phrase, claimed, partly=agree[0])


def _needed(measure: frozenset[str]) -> int:
    """How many of a claimed measure's words a statement must name to be about it."""
    return max(1, math.ceil(0.6 * len(measure)))


def _reports_results(passage: Passage) -> bool:
    top = passage.section.split(">", 1)[0].strip()
    return not _NOT_RESULTS.match(top) and not _LEGEND.search(passage.text)


def _time_points(text: str) -> frozenset[tuple[str, str]]:
    return frozenset((number.lower(), unit.lower()) for number, unit in _TIME_POINT.findall(text))


def _subgroups(text: str) -> frozenset[tuple[str, str]]:
    """The ages and sexes a text restricts itself to ("in the women taking part", "among children")."""
    return frozenset(
        (mention.population.axis, mention.population.value)
        for mention in find_populations(text)
        if mention.population.axis in (AGE, SEX)
    )


def _other_subgroup(claimed: frozenset[tuple[str, str]], statement: str) -> bool:
    """The claim is about one sex or age group and the statement only about another ("in men")."""
    found = _subgroups(statement)
    return any(
        {value for a, value in found if a == axis}
        and not {value for a, value in found if a == axis} & {value for a, value in claimed if a == axis}
        for axis in {axis for axis, _ in claimed}
    )


def _other_time(claimed: frozenset[tuple[str, str]], statement: str) -> bool:
    """The claim names a time point and the statement names only others."""
    found = _time_points(statement)
    return bool(claimed and found and not claimed & found)


def _expanded(words: frozenset[str], abbreviations: dict[str, frozenset[str]]) -> frozenset[str]:
    return words.union(*(abbreviations[word] for word in words if word in abbreviations))


def _compared(on: _Claimed, effect: Effect, passage: Passage) -> _Statement | None:
    """What one source statement says to the claim, or None when it is about something else."""
    claimed = on.effect
    measure = on.measure
    found = _expanded(effect.measure, on.abbreviations) - on.groups
    shared = overlap(measure, found)
    if shared < _needed(measure) or not _same_comparison(on, effect, passage):
        return None
    direction = OPPOSITE[effect.direction] if effect.orientation < 0 else effect.direction
    relation, certain = _relation(claimed, effect, direction, measure | found)
    if relation is None:
        return None
    strong = shared == len(measure) or shared >= _STRONG_WORDS
    rank = _SOURCE_RANK.get(passage.source, 1) * 2 + (0 if strong else 1)
    # In a full text only the results say it plainly; captions and summaries paraphrase.
    results_like = passage.source != "fulltext" or "result" in passage.section.lower()
    # Plain only when the statement is said of the claim's groups, or neither names any.
    # "No difference" is the same from either side.
    sided = effect.orientation != 0 or not (effect.named_groups or claimed.named_groups) or direction == NONE
    # Not plainly about the claim's measure when it is about many other things too ("mortality, ICU
    # mortality, in-hospital mortality and long-term mortality were similar" and days in intensive care).
    focused = len(found - measure) <= _OTHER_WORDS
    certain = certain and sided and focused and results_like
    return _Statement(effect, direction, passage, relation, certain, strong, rank)


def _same_comparison(on: _Claimed, effect: Effect, passage: Passage) -> bool:
    """Whether a statement about the measure compares what the claim compares: the same time point, sex or
    age group, the same two groups (from either side), and a result rather than an aim or another study."""
    claimed = on.effect
    statement = passage.text[effect.start : effect.end]
    if _other_time(on.times, statement) or _other_subgroup(on.subgroups, statement):
        return False
    if _HYPOTHESIS.search(passage.text[effect.sentence_start : effect.end]):
        return False
    if effect.within and claimed.reference:
        return False  # "fell in both groups" says nothing of one group against the other
    if claimed.named_groups and effect.named_groups and effect.orientation == 0:
        return False  # about other groups ("in the 30 mg arm")
    if (
        claimed.reference
        and effect.reference
        and not overlap(effect.reference, claimed.reference | claimed.subject)
    ):
        return False  # another comparison ("superior to terbutaline" for a claim against maintenance therapy)
    said_of = stems(statement)
    both = overlap(said_of, on.intervention) and overlap(said_of, on.comparator)
    if both and effect.direction != NONE and not effect.reference and not effect.comparative:
        return False  # "decreased in MBB, MM and SHE": a change within every group
    within_comparator = not effect.reference and effect.direction in (NONE, DIFFERENT)
    # A change, or none, within the comparator group says nothing of the difference.
    return not (effect.orientation < 0 and (not effect.comparative or within_comparator))


def _relation(
    claimed: Effect, effect: Effect, direction: str, measure: frozenset[str]
) -> tuple[str | None, bool]:
    """("agree" | "conflict" | None, plainly): the claimed direction against the source's, same side."""
    said, found = _on_one_scale(claimed.direction, measure), _on_one_scale(direction, measure)
    trend = effect.significant is False and found not in (NONE,)
    if said == NONE:
        if found == NONE or trend:
            return "agree", True
        return "conflict", effect.significant is True
    if found == NONE or trend:
        # The source found no difference (or a trend it did not call significant) where the claim says one.
        return "conflict", not trend
    if said == DIFFERENT or found == DIFFERENT:
        return ("agree", False) if said == DIFFERENT else (None, False)
    if said == found:
        return "agree", True
    if OPPOSITE[said] == found:
        return "conflict", effect.significant is not False
    return None, False  # "improved" against "rose" for a measure whose better way is unknown


def _on_one_scale(direction: str, measure: frozenset[str]) -> str:
    """Better and worse as up and down when the measure says which way is better ("pain": down)."""
    if direction in (BETTER, WORSE) and lower_is_better(measure):
        return DOWN if direction == BETTER else UP
    return direction


def _support(context: ClaimContext, phrase: str, statement: _Statement) -> Outcome:
    span = excerpt(statement.passage.text, statement.effect.start, statement.effect.end, limit=240)
    return support(context, claimed=phrase, evidence=span, passage=statement.passage)


def _mismatch(
    context: ClaimContext, phrase: str, claimed: Effect, statement: _Statement, severity: Severity
) -> Outcome:
    span = excerpt(statement.passage.text, statement.effect.start, statement.effect.end, limit=240)
    found = statement.effect.cue + (" (not significant)" if statement.effect.significant is False else "")
    return finding(
        "CC210",
        context,
        f"the text says '{phrase}' ({_WORDS[claimed.direction]}), but the source reports "
        f"'{found}' ({_WORDS[statement.direction]})",
        claimed=phrase,
        found=found,
        evidence=span,
        passage=statement.passage,
        severity=severity,
    )


def _undecided(
    context: ClaimContext, phrase: str, claimed: Effect, partly: _Statement | None = None
) -> Outcome:
    """Nothing in the source says which way this measure went (CC303: the full text may)."""
    what = " ".join(sorted(claimed.measure))
    searched = [p for p in context.passages if _reports_results(p)] or list(context.passages)
    if partly is not None:
        evidence = excerpt(partly.passage.text, partly.effect.start, partly.effect.end, limit=160)
        reason = f"the source speaks of {what} without saying plainly which way it went"
    elif searched:
        evidence = "searched: " + excerpt(searched[0].text, 0, 0, limit=80) + " \u2026"
        reason = f"the source's results do not say how {what} changed"
    else:
        evidence = "record has no abstract"
        reason = f"PMID {context.record.pmid} has no abstract to say how {what} changed"
    read_full_text = any(p.source == "fulltext" for p in context.passages)
    return finding(
        "CC303",
        context,
        reason + ("" if read_full_text else "; the full text was not available"),
        claimed=phrase,
        found="abstract and full text" if read_full_text else "abstract only",
        evidence=evidence,
        passage=partly.passage if partly else (searched[0] if searched else None),
    )


_WORDS = {
    UP: "a rise",
    DOWN: "a fall",
    BETTER: "an improvement",
    WORSE: "a worsening",
    DIFFERENT: "a difference",
    NONE: "no difference",
}
