"""CC208 design-mismatch: the study design an article describes must be the cited study's.

Each design assertion of a claim is checked on its own, against the record's publication types
and the source text: randomized, placebo(-controlled), single/double/triple-blind (or open-label),
systematic review, meta-analysis, a follow-up length ("6 months", "12-month follow-up") and a
number of arms ("two groups"). A source that says otherwise (a review cited as a trial, a
double-blind trial cited as triple-blind, a 12-month follow-up cited as 6 months) is an error; a
design the source text never mentions is CC303 when only the abstract was available, and a
CC208 warning when the full text was searched too.

Passes (publication type "Randomized Controlled Trial"; abstract "... followed for 6 months ...")::

    The subjects were randomized into two groups and followed up for 6 months.

Fails with CC208 (publication types "Systematic Review", "Meta-Analysis")::

    A randomized controlled trial of 1069 knees found ...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, not_in_source, support
from claimcheck.checks.numbers import NumberMention, find_numbers, parse_figure
from claimcheck.checks.text import excerpt
from claimcheck.model import Passage, Severity

DECLARATION = Declaration(rules=("CC208", "CC303"), reads=("design",))

_TRIAL_TYPES = ("Randomized Controlled Trial", "Clinical Trial", "Controlled Clinical Trial", "Case Reports")
_REVIEW_TYPES = ("Systematic Review", "Meta-Analysis", "Review")
_BLINDING = re.compile(r"\b(single|double|triple|quadruple)[- ]?(?:blind|mask)", re.IGNORECASE)
_OPEN_LABEL = re.compile(r"\bopen[- ]label", re.IGNORECASE)
_ARM_WORDS = frozenset({"group", "arm", "cohort"})
# Days in each unit, so "12 months" and "1 year" are the same follow-up (to within 2%).
_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
_FOLLOW_UP = re.compile(r"follow|observ|monitor", re.IGNORECASE)

_Comparison = Callable[[NumberMention, NumberMention], bool]
_Relevance = Callable[[NumberMention, str], bool]


@dataclass(frozen=True)
class _Design:
    """One kind of design assertion: how the text states it and which publication types settle it."""

    name: str
    claim_pattern: re.Pattern[str]
    text_pattern: re.Pattern[str]
    confirming_types: tuple[str, ...]
    contradicting_types: tuple[str, ...]


def _pattern(expression: str) -> re.Pattern[str]:
    return re.compile(expression, re.IGNORECASE)


_DESIGNS = (
    _Design(
        "systematic review",
        _pattern(r"systematic"),
        _pattern(r"\bsystematic(?:ally)? review"),
        ("Systematic Review",),
        _TRIAL_TYPES,
    ),
    _Design(
        "meta-analysis",
        _pattern(r"meta[- ]?analy"),
        _pattern(r"\bmeta[- ]?analy[sz]"),
        ("Meta-Analysis",),
        _TRIAL_TYPES,
    ),
    _Design(
        "randomized",
        _pattern(r"randomi[sz]|\brct\b"),
        _pattern(r"(?<!non-)(?<!non)(?<!not )\brandomi[sz]ed|\brandomly (?:assigned|allocated)"),
        ("Randomized Controlled Trial",),
        _REVIEW_TYPES,
    ),
    _Design("placebo", _pattern(r"placebo|sham"), _pattern(r"\bplacebo|\bsham\b"), (), _REVIEW_TYPES),
)


def check(context: ClaimContext) -> Iterator[Outcome]:
    """Check each design assertion of the claim; assertions of no known kind are left alone."""
    for assertion in context.claim.design:
        yield from _check_assertion(context, assertion)


def _check_assertion(context: ClaimContext, assertion: str) -> Iterator[Outcome]:
    blinding = _BLINDING.search(assertion)
    if blinding:
        yield from _check_blinding(context, assertion, blinding.group(1).lower())
        return
    design = next((item for item in _DESIGNS if item.claim_pattern.search(assertion)), None)
    if design is not None:
        yield from _check_design(context, assertion, design)
        return
    figure = parse_figure(assertion)
    if figure is not None and figure.unit in _DAYS:
        yield from _check_counted(context, assertion, figure, _same_duration, _is_follow_up)
    elif figure is not None and set(figure.counted) & _ARM_WORDS:
        yield from _check_counted(context, assertion, figure, _same_arms, _is_arms)


def _check_design(context: ClaimContext, assertion: str, design: _Design) -> Iterator[Outcome]:
    types = context.record.publication_types
    confirming = [kind for kind in types if kind in design.confirming_types]
    if confirming:
        kind = confirming[0]
        yield support(context, claimed=assertion, evidence=kind, passage=_type_passage(kind))
        return
    contradicting = [kind for kind in types if kind in design.contradicting_types]
    if contradicting:
        kind = contradicting[0]
        yield _mismatch(context, assertion, kind, kind, _type_passage(kind))
        return
    for passage in context.passages:
        match = design.text_pattern.search(passage.text)
        if match:
            span = excerpt(passage.text, match.start(), match.end())
            yield support(context, claimed=assertion, evidence=span, passage=passage)
            return
    yield _not_stated(context, assertion)


def _check_blinding(context: ClaimContext, assertion: str, level: str) -> Iterator[Outcome]:
    stated: list[tuple[str, str, Passage]] = []
    for passage in context.passages:
        for match in (*_BLINDING.finditer(passage.text), *_OPEN_LABEL.finditer(passage.text)):
            found_level = match.group(1).lower() if match.re is _BLINDING else "open-label"
            span = excerpt(passage.text, match.start(), match.end())
            if found_level == level:
                yield support(context, claimed=assertion, evidence=span, passage=passage)
                return
            stated.append((match.group(0), span, passage))
    if stated:
        found, span, passage = stated[0]
        yield _mismatch(context, assertion, found, span, passage)
        return
    yield _not_stated(context, assertion)


def _check_counted(
    context: ClaimContext,
    assertion: str,
    claimed: NumberMention,
    same: _Comparison,
    relevant: _Relevance,
) -> Iterator[Outcome]:
    """A follow-up length or a number of arms: found equal -> support; only other values -> mismatch."""
    others: list[tuple[NumberMention, Passage]] = []
    for passage in context.passages:
        for mention in find_numbers(passage.text):
            if not relevant(mention, passage.text):
                continue
            if same(claimed, mention):
                span = excerpt(passage.text, mention.start, mention.end)
                yield support(context, claimed=assertion, evidence=span, passage=passage)
                return
            others.append((mention, passage))
    if others:
        mention, passage = others[0]
        span = excerpt(passage.text, mention.start, mention.end)
        yield _mismatch(context, assertion, mention.phrase, span, passage)
        return
    yield _not_stated(context, assertion)


def _same_duration(claimed: NumberMention, found: NumberMention) -> bool:
    claimed_days = claimed.value * _DAYS[claimed.unit]
    return abs(claimed_days - found.value * _DAYS[found.unit]) <= 0.02 * claimed_days


def _is_follow_up(mention: NumberMention, text: str) -> bool:
    """A duration in a sentence about follow-up: other durations (treatment length, ages) say nothing."""
    if mention.unit not in _DAYS:
        return False
    sentence = excerpt(text, mention.start, mention.end, limit=len(text))
    return bool(_FOLLOW_UP.search(sentence))


def _same_arms(claimed: NumberMention, found: NumberMention) -> bool:
    return claimed.value == found.value


def _is_arms(mention: NumberMention, text: str) -> bool:
    return bool(set(mention.counted) & _ARM_WORDS) and not mention.percent


def _type_passage(publication_type: str) -> Passage:
    return Passage(source="metadata", section="publication type", text=publication_type)


def _mismatch(context: ClaimContext, assertion: str, found: str, evidence: str, passage: Passage) -> Outcome:
    return finding(
        "CC208",
        context,
        f"the text describes the study as '{assertion}', but the source says '{found}'",
        claimed=assertion,
        found=found,
        evidence=evidence,
        passage=passage,
    )


def _not_stated(context: ClaimContext, assertion: str) -> Outcome:
    """The source text does not mention the design: undecidable on the abstract alone, doubtful after
    the full text (a warning, not an error: the methods may use other words)."""
    return not_in_source("CC208", context, f"'{assertion}'", claimed=assertion, severity=Severity.WARNING)
