"""CC208 design-mismatch: the study design an article describes must be the cited study's.

Every design the extractor names (``claimcheck.vocabulary.designs``: randomized, controlled, placebo,
trial and its phase, pilot, cohort, prospective, retrospective, case-control, cross-sectional, case series,
case report, observational, systematic review, meta-analysis, review, Mendelian randomization, in vitro,
animal) is looked for in the record's publication types and MeSH headings, then in its title, abstract
and full text; so are the design's parameters: blinding (single/double/triple-blind, open-label), a
follow-up length ("6 months") and a number of arms ("two groups"). A design states the designs it implies
(a randomized study is a controlled trial, a systematic review is a review), and a review that states no
systematic search is taken for a narrative one. A case report cited as a study of many people ("a study
of 40 transplant recipients") is a warning.

Severity says how sure we are: an error only when a publication type, the title or the abstract plainly
states a design that excludes the claimed one (a review cited as a trial, a Mendelian randomization study
cited as randomized, phase 2 cited as phase 3) or another blinding, follow-up or allocation to a different
number of groups; a conflict seen only in MeSH headings or the full text, or with the abstract (or the
full text) also stating the claimed design, is a warning; a design the abstract never states is CC303 (so
the full text is read), and a warning when the full text does not state it either.

Passes (publication type "Randomized Controlled Trial"; abstract "... followed for 6 months ...")::

    The subjects were randomized into two groups and followed up for 6 months.

Fails with CC208 (publication types "Systematic Review", "Meta-Analysis")::

    A randomized controlled trial of 1069 knees found ...
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, not_in_source, support
from claimcheck.checks.text import excerpt
from claimcheck.model import Passage, Record, Severity
from claimcheck.vocabulary import units
from claimcheck.vocabulary.designs import BY_NAME, PHASE, Design, design_of, phases, stated_designs
from claimcheck.vocabulary.nouns import PEOPLE, count_unit
from claimcheck.vocabulary.quantities import Quantity, find_quantities, parse_quantities, parse_quantity

DECLARATION = Declaration(rules=("CC208", "CC303"), reads=("design", "figures"))

_BLINDING = re.compile(r"\b(single|double|triple|quadruple)[- ]?(?:blind|mask)", re.IGNORECASE)
_OPEN_LABEL = re.compile(r"\bopen[- ]label", re.IGNORECASE)
_ARM_WORDS = frozenset({"group", "arm"})
_MAX_ARMS = 12
# Words before a number that make it a name, not a count: "phase 2", "group 2", "1/2".
_NAMING_WORD = re.compile(r"(?:phase|group|arm|stage|grade|type|/)\s*$", re.IGNORECASE)
_ALLOCATION = re.compile(r"randomi[sz]|assign|allocat|divided|split", re.IGNORECASE)
_SAME_DURATION = 0.02  # "12 months" is "1 year"; "52 weeks" is a year too, to within 2%
_FOLLOW_UP = re.compile(r"follow|observ|monitor", re.IGNORECASE)
_CASE_REPORT_MOST = 3  # people a case report describes at most (CARE: one patient, now and then a few)

_Comparison = Callable[[Quantity, Quantity], bool]
_Relevance = Callable[[Quantity, str], bool]


@dataclass(frozen=True)
class _Said:
    """What the source says of a design: the words, the span that shows them, where, and how plainly."""

    design: Design
    found: str
    evidence: str
    passage: Passage
    tier: str  # one of _TIERS


# How plainly each kind of evidence states a design, plainest first: NLM's publication types; the title's
# or abstract's own words; MeSH headings (assigned to the topic as much as to the design); looser words in
# the abstract ("survey"); the full text's words, which also describe other studies; looser words there.
_TIERS = ("type", "stated", "indexed", "hinted", "body", "body-hint")
# Which tiers may contradict a claimed design, and how surely.
_CONTRADICTS = {"type": Severity.ERROR, "stated": Severity.ERROR, "indexed": Severity.WARNING}
_CONTRADICTS_AFTER_BODY = {"body": Severity.WARNING}


@dataclass(frozen=True)
class _Contradiction:
    assertion: str
    said: _Said
    severity: Severity


def check(context: ClaimContext) -> Iterator[Outcome]:
    """Check each design assertion, and the sample a claim gives a case report; contradictions by the same
    source words become one finding."""
    said = _what_the_source_says(context.record, context.passages)
    yield from _check_sample(context, said)
    contradictions: list[_Contradiction] = []
    for assertion in context.claim.design:
        for outcome in _check_assertion(context, assertion, said):
            if isinstance(outcome, _Contradiction):
                contradictions.append(outcome)
            else:
                yield outcome
    yield from _merged(context, contradictions)


def _check_assertion(
    context: ClaimContext, assertion: str, said: Sequence[_Said]
) -> Iterator[Outcome | _Contradiction]:
    blinding = _BLINDING.search(assertion)
    if blinding:
        yield from _check_blinding(context, assertion, blinding.group(1).lower())
        return
    design = design_of(assertion)
    if design is not None:
        yield _check_design(context, assertion, design, said)
        return
    figure = parse_quantity(assertion)
    if figure is not None and figure.unit in units.TIME:
        yield from _check_counted(context, assertion, figure, _same_duration, _is_follow_up)
    elif figure is not None and figure.counted[:1] and figure.counted[0] in _ARM_WORDS:
        yield from _check_counted(context, assertion, figure, _same_arms, _is_arms)


@functools.lru_cache(maxsize=256)  # claims are checked record by record: recent records suffice
def _what_the_source_says(record: Record, passages: tuple[Passage, ...]) -> tuple[_Said, ...]:
    """Every design statement of the record: publication types, MeSH, then the title, abstract and full
    text's own words; gathered once for all the claims citing the record."""
    designs = BY_NAME.values()
    said: list[_Said] = []
    for design in designs:
        kinds = [kind for kind in record.publication_types if kind in design.publication_types]
        # A phase 1/2 trial is indexed "Phase I" and "Phase II": its phases are read together.
        for named in ["; ".join(kinds)] if kinds and design.name == PHASE else kinds:
            evidence = named.replace("; ", " \u2026 ")
            said.append(_Said(design, named, evidence, _metadata("publication type", named), "type"))
    said += [
        _Said(design, heading, heading, _metadata("MeSH heading", heading), "indexed")
        for heading in record.mesh_headings
        for design in designs
        if heading in design.mesh
    ]
    title = (_metadata("title", record.title),) if record.title else ()
    for passage in (*title, *passages):
        in_body = passage.source == "fulltext"
        for statement in stated_designs(passage.text):
            tier = (
                ("body" if in_body else "stated")
                if not statement.hint
                else ("body-hint" if in_body else "hinted")
            )
            span = excerpt(passage.text, statement.start, statement.end)
            said.append(_Said(statement.design, statement.words, span, passage, tier))
    # A randomized study is a trial, a systematic review a review: said as plainly as what implies it.
    return (*said, *(replace(item, design=BY_NAME[name]) for item in said for name in item.design.implies))


def _check_design(
    context: ClaimContext, assertion: str, design: Design, said: Sequence[_Said]
) -> Outcome | _Contradiction:
    """The plainest evidence decides: a publication type, then the title's or abstract's words, then MeSH,
    looser words and the full text; a design is contradicted only by one that excludes it."""
    claimed_phases = phases(assertion) if design.name == PHASE else frozenset()
    confirming = {
        item.tier: item
        for item in reversed(said)
        if item.design is design and _same_phase(claimed_phases, item)
    }
    conflicting = {item.tier: item for item in reversed(said) if _excludes(design, claimed_phases, item)}
    for tier in ("type", "stated"):
        if tier in confirming:
            return _support(context, assertion, confirming[tier])
        if tier in conflicting:
            # Confirmed too (by the abstract's own words against a type; by any words against the
            # abstract's): the source says both, so we are not sure.
            softened = "stated" in confirming if tier == "type" else bool(confirming)
            severity = Severity.WARNING if softened else _CONTRADICTS[tier]
            return _Contradiction(assertion, conflicting[tier], severity)
    for tier in _TIERS[2:]:
        if tier in confirming:
            # The full text says both ("after randomization" of another trial, "a single-arm study" of its
            # own): not sure either way.
            if tier.startswith("body") and "body" in conflicting:
                return _Contradiction(assertion, conflicting["body"], Severity.WARNING)
            return _support(context, assertion, confirming[tier])
    for tier, severity in (*_CONTRADICTS.items(), *_CONTRADICTS_AFTER_BODY.items()):
        if tier in conflicting:
            return _Contradiction(assertion, conflicting[tier], severity)
    presumed = [item for item in said if item.design.name in design.presumed_from]
    if presumed and not conflicting:
        return _support(context, assertion, presumed[0])
    return _not_stated(context, assertion)


def _excludes(design: Design, claimed_phases: frozenset[int], item: _Said) -> bool:
    if item.design.name in design.conflicts:
        return True
    return design.name == PHASE and item.design is design and not _same_phase(claimed_phases, item)


def _same_phase(claimed: frozenset[int], item: _Said) -> bool:
    """Without phase numbers every statement agrees; with them, the claimed phases must all be stated."""
    return not claimed or (bool(found := phases(item.found)) and claimed <= found)


def _support(context: ClaimContext, assertion: str, item: _Said) -> Outcome:
    return support(context, claimed=assertion, evidence=item.evidence, passage=item.passage)


def _merged(context: ClaimContext, contradictions: list[_Contradiction]) -> Iterator[Outcome]:
    """One finding per contradicting statement, naming every assertion it contradicts."""
    by_statement: dict[tuple[str, str], list[_Contradiction]] = {}
    for item in contradictions:
        by_statement.setdefault((item.said.found, item.said.evidence), []).append(item)
    for group in by_statement.values():
        said = group[0].said
        claimed = ", ".join(dict.fromkeys(item.assertion for item in group))
        severity = max((item.severity for item in group), key=lambda level: level.rank)
        yield _mismatch(context, claimed, said.found, said.evidence, said.passage, severity)


def _check_sample(context: ClaimContext, said: Sequence[_Said]) -> Iterator[Outcome]:
    """A case report cited as a study of many people ("a study of 40 transplant recipients"), a number
    of people the source never gives: a warning, since the claim may count others than those studied."""
    report = next(
        (item for item in said if item.design.name == "case report" and item.tier in ("type", "stated")), None
    )
    if report is None or any(item.design.name == "case series" for item in said):
        return
    given = {found.value for passage in context.passages for found in find_quantities(passage.text)}
    for text in context.claim.figures:
        for claimed in parse_quantities(text):
            if _counts_people(claimed) and claimed.value > _CASE_REPORT_MOST and claimed.value not in given:
                yield finding(
                    "CC208",
                    context,
                    f"the source is a case report ('{report.found}'), not a study of {text}",
                    claimed=text,
                    found=report.found,
                    evidence=report.evidence,
                    passage=report.passage,
                    severity=Severity.WARNING,
                )


def _counts_people(quantity: Quantity) -> bool:
    return quantity.is_count and any(count_unit(word) == PEOPLE for word in quantity.counted)


def _check_blinding(context: ClaimContext, assertion: str, level: str) -> Iterator[Outcome]:
    """Blinding as the title or the source text states it ("A double-blind randomized study")."""
    stated: list[tuple[str, str, Passage]] = []
    title = (_metadata("title", context.record.title),) if context.record.title else ()
    for passage in (*title, *context.passages):
        for match in (*_BLINDING.finditer(passage.text), *_OPEN_LABEL.finditer(passage.text)):
            found_level = match.group(1).lower() if match.re is _BLINDING else "open-label"
            span = excerpt(passage.text, match.start(), match.end())
            if found_level == level:
                yield support(context, claimed=assertion, evidence=span, passage=passage)
                return
            stated.append((match.group(0), span, passage))
    if stated:
        found, span, passage = stated[0]
        yield _mismatch(context, assertion, found, span, passage, _plainness(passage))
        return
    yield _not_stated(context, assertion)


def _check_counted(
    context: ClaimContext,
    assertion: str,
    claimed: Quantity,
    same: _Comparison,
    relevant: _Relevance,
) -> Iterator[Outcome]:
    """A follow-up length or a number of arms: found equal -> support; only other values -> mismatch."""
    others: list[tuple[Quantity, Passage]] = []
    for passage in context.passages:
        for mention in find_quantities(passage.text):
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
        severity = _plainness(passage)
        if relevant is _is_arms and not _ALLOCATION.search(span):
            severity = Severity.WARNING  # "two age groups" may be strata, not arms
        yield _mismatch(context, assertion, mention.phrase, span, passage, severity)
        return
    yield _not_stated(context, assertion)


def _same_duration(claimed: Quantity, found: Quantity) -> bool:
    value = units.convert(found.value, found.unit, claimed.unit)
    return value is not None and abs(claimed.value - value) <= _SAME_DURATION * claimed.value


def _is_follow_up(mention: Quantity, text: str) -> bool:
    """A duration in a sentence about follow-up: other durations (treatment length, ages) say nothing."""
    if mention.unit not in units.TIME:
        return False
    sentence = excerpt(text, mention.start, mention.end, limit=len(text))
    return bool(_FOLLOW_UP.search(sentence))


def _same_arms(claimed: Quantity, found: Quantity) -> bool:
    return claimed.value == found.value


def _is_arms(mention: Quantity, text: str) -> bool:
    """A count of groups or arms ("two groups"), never a name that holds a number ("phase 1/2", "group 2")."""
    return (
        mention.counted[:1] in (("group",), ("arm",))
        and not mention.percent
        and mention.value.is_integer()
        and 1 < mention.value <= _MAX_ARMS
        and not _NAMING_WORD.search(text[max(mention.start - 12, 0) : mention.start])
    )


def _plainness(passage: Passage) -> Severity:
    """The abstract (or the record itself) states plainly; the full text also speaks of other studies."""
    return Severity.WARNING if passage.source == "fulltext" else Severity.ERROR


def _metadata(section: str, text: str) -> Passage:
    return Passage(source="metadata", section=section, text=text)


def _mismatch(
    context: ClaimContext,
    assertion: str,
    found: str,
    evidence: str,
    passage: Passage,
    severity: Severity,
) -> Outcome:
    return finding(
        "CC208",
        context,
        f"the text describes the study as '{assertion}', but the source says '{found}'",
        claimed=assertion,
        found=found,
        evidence=evidence,
        passage=passage,
        severity=severity,
    )


def _not_stated(context: ClaimContext, assertion: str) -> Outcome:
    """The source text does not mention the design: undecidable on the abstract alone, doubtful after
    the full text (a warning, not an error: the methods may use other words)."""
    return not_in_source("CC208", context, f"'{assertion}'", claimed=assertion, severity=Severity.WARNING)
