"""CC211 population-mismatch: the people (or animals, or cells) an article says were studied must be the
cited study's.

A claim's population words (``claimcheck.vocabulary.populations``) are read on four axes: species
(patients, people, mice, horses), material (cadavers, laboratory specimens such as "composite chips";
cells in a dish are the design checker's "in vitro"), age group (children, adolescents, adults, older
adults) and sex. Each is looked for in the
record's MeSH headings (Humans, Animals, Mice, Child, Aged, Female...), its title, and the abstract's
sentences that say who was studied ("43 patients", "twelve horses received", "aged 6 to 12 years"), then
anywhere in the abstract, then in the full text.

Severity says how sure we are: an error only when MeSH headings, the title or a sentence saying who was
studied plainly name another species, material, age group or sex and nothing names the claimed one (a
mouse study, a cadaver study or cultured cells cited as evidence about patients; children cited as
adults), or when an abstract that names no person at all studies cells or specimens ("we explored in
vitro", "54 composite chips"); the same abstract naming people only in passing ("opportunities for
patients") is a warning; a population named only in passing, a near one (adults for "older adults",
adolescents for adults), or a claim that names people and animals at once, is a warning; an age group or
sex the abstract never states is CC303 (then the full text; a warning if it does not state it either).
People in general ("patients", "people") are what nearly every cited study is about: when nothing in the
record says who was studied, they get no finding.

Passes (MeSH: Humans, Knee Joint; abstract "Forty-three adults with knee osteoarthritis were randomized")::

    In a trial of 43 patients, injections eased knee pain.

Fails with CC211 (MeSH: Animals, Horses)::

    In a trial of 43 patients, injections eased knee pain.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, not_in_source, support
from claimcheck.checks.text import excerpt
from claimcheck.model import Passage, Record, Severity
from claimcheck.vocabulary.populations import (
    AGE,
    ANIMAL,
    HUMAN,
    MATERIAL,
    SEX,
    SPECIES,
    Mention,
    Population,
    find_populations,
    indexed_populations,
    names_the_studied,
    stated_ages,
)

DECLARATION = Declaration(rules=("CC211", "CC303"), reads=("population",))

# Evidence, plainest first: MeSH headings and the title or abstract's "who was studied"; other mentions in
# the abstract; the full text (which also speaks of other studies' populations).
_PLAIN, _NAMED, _BODY = "plain", "named", "body"
# Claimed value -> source values that confirm it besides itself (older adults are adults), and values that
# are near rather than other (a warning, not an error: lay writing may call a 15-year-old a child).
_ALSO_CONFIRMS = {(AGE, "adult"): {"older"}}
_NEAR = {
    (AGE, "older"): {"adult"},
    (AGE, "adult"): {"adolescent"},
    (AGE, "child"): {"adolescent"},
    (AGE, "adolescent"): {"child", "adult"},
}
_LIFELESS = frozenset({"cadaver", "cells", "specimens"})


@dataclass(frozen=True)
class _Seen:
    """One population the source names: which, in what words, the span that shows it, where, how plainly."""

    population: Population
    found: str
    evidence: str
    passage: Passage
    tier: str


def check(context: ClaimContext) -> Iterator[Outcome]:
    """Each axis the claim speaks of, decided on the plainest evidence the record has."""
    claimed = [mention for term in context.claim.population for mention in find_populations(term)]
    if not claimed:
        return
    seen = _what_the_source_says(context.record, context.passages)
    species = {mention.population.value for mention in claimed if mention.population.axis == SPECIES}
    animals = species - {HUMAN}
    if HUMAN in species and not animals:
        yield from _check_people(context, claimed, seen)
    elif animals:
        yield from _check_axis(context, SPECIES, species, claimed, seen, mixed=HUMAN in species)
    for axis in (MATERIAL, AGE, SEX):
        values = {mention.population.value for mention in claimed if mention.population.axis == axis}
        if values:
            yield from _check_axis(context, axis, values, claimed, seen, mixed=False)


@functools.lru_cache(maxsize=256)  # claims are checked record by record: recent records suffice
def _what_the_source_says(record: Record, passages: tuple[Passage, ...]) -> tuple[_Seen, ...]:
    """Every population the record states, each with how plainly; gathered once for all its claims."""
    seen = [
        _Seen(population, heading, heading, Passage("metadata", "MeSH heading", heading), _PLAIN)
        for population, heading in indexed_populations(record.mesh_headings)
    ]
    title = (Passage("metadata", "title", record.title),) if record.title else ()
    for passage in (*title, *passages):
        for mention, studied in _mentions(passage.text):
            if passage.source == "fulltext":
                tier = _BODY
            else:
                tier = _PLAIN if studied or passage.section == "title" else _NAMED
            span = excerpt(passage.text, mention.start, mention.end)
            seen.append(_Seen(mention.population, mention.words, span, passage, tier))
    return tuple(seen)


def _mentions(text: str) -> Iterator[tuple[Mention, bool]]:
    """Populations a text names, and whether it says they were the ones studied (ages in numbers are)."""
    for mention in find_populations(text):
        yield mention, names_the_studied(text, mention)
    for mention in stated_ages(text):
        yield mention, True


def _check_people(
    context: ClaimContext, claimed: Sequence[Mention], seen: Sequence[_Seen]
) -> Iterator[Outcome]:
    """People in general: a lifeless material or an animal plainly studied, and no person, is a mismatch."""
    people = [item for item in seen if item.population.value == HUMAN and item.tier == _PLAIN]
    studied_people = [item for item in people if item.passage.section != "MeSH heading"]
    # Clinical abstracts mention lab work ("antibody production in vitro"): only MeSH headings or the
    # title say that the study itself was of cells or cadavers.
    lifeless = _lifeless(seen, "metadata")
    words = _claimed_words(claimed, SPECIES)
    if lifeless and not studied_people:
        yield _mismatch(context, words, lifeless[0], Severity.ERROR)
        return
    material = _only_material(seen)
    if material is not None:
        yield _mismatch(context, words, *material)
        return
    yield from _check_axis(context, SPECIES, {HUMAN}, claimed, seen, mixed=False, implicit=True)


def _lifeless(seen: Sequence[_Seen], source: str) -> list[_Seen]:
    """Cells, cadavers or specimens named in one kind of passage (the record's metadata, its abstract)."""
    return [
        item
        for item in seen
        if item.population.axis == MATERIAL
        and item.population.value in _LIFELESS
        and item.passage.source == source
    ]


def _only_material(seen: Sequence[_Seen]) -> tuple[_Seen, Severity] | None:
    """Cells, cadavers or lab specimens the abstract names ("in vitro", "54 composite chips") where it
    studies no person and no MeSH heading says humans: the study's own material. An error when no person
    is named at all; a warning when people are named only in passing ("opportunities for patients")."""
    in_text = [item for item in seen if item.passage.source in ("abstract", "metadata")]
    lifeless = _lifeless(in_text, "abstract")
    people = [item for item in in_text if item.population.value == HUMAN]
    animals = [item for item in in_text if item.population.axis == SPECIES and item.population.value != HUMAN]
    if not lifeless or any(item.tier == _PLAIN and item.passage.source == "abstract" for item in people):
        return None
    if any(item.tier == _PLAIN for item in animals):
        return None  # the animals studied say more than their cells do
    if any(item.passage.section == "MeSH heading" for item in people):
        return None
    studied = [item for item in lifeless if item.tier == _PLAIN] or lifeless
    return studied[0], Severity.WARNING if people else Severity.ERROR


def _check_axis(
    context: ClaimContext,
    axis: str,
    values: set[str],
    claimed: Sequence[Mention],
    seen: Sequence[_Seen],
    *,
    mixed: bool,
    implicit: bool = False,
) -> Iterator[Outcome]:
    """The first tier of evidence that speaks of this axis decides: confirmed, near, or other."""
    words = _claimed_words(claimed, axis)
    # People in general are asserted in passing: only a plain statement of who was studied decides them.
    for tier in (_PLAIN,) if implicit else (_PLAIN, _NAMED, _BODY):
        items = [item for item in seen if item.tier == tier and item.population.axis == axis]
        if not items:
            continue
        if axis == SPECIES and any(item.population.value not in (HUMAN, ANIMAL) for item in items):
            items = [item for item in items if item.population.value != ANIMAL]  # "Horses" says more
        relations = [(item, _relation(axis, values, item.population.value)) for item in items]
        same = [item for item, relation in relations if relation == "same"]
        if same:
            yield support(context, claimed=words, evidence=same[0].evidence, passage=same[0].passage)
            return
        near = [item for item, relation in relations if relation == "near"]
        other = [item for item, relation in relations if relation == "other"]
        if other and not near and tier == _PLAIN and not mixed:
            yield _mismatch(context, words, other[0], Severity.ERROR)
        else:
            yield _mismatch(context, words, (near or other)[0], Severity.WARNING)
        return
    if not implicit:
        yield not_in_source(
            "CC211", context, f"who was studied ('{words}')", claimed=words, severity=Severity.WARNING
        )


def _relation(axis: str, claimed: set[str], found: str) -> str:
    """How a population the source names stands to the claimed ones: "same", "near" or "other"."""
    if found in claimed or any(found in _ALSO_CONFIRMS.get((axis, value), ()) for value in claimed):
        return "same"
    if axis == SPECIES and found != HUMAN and ANIMAL in claimed:
        return "same"  # "an animal study" is confirmed by any animal
    if axis == SPECIES and found == ANIMAL and HUMAN not in claimed:
        return "near"  # MeSH "Animals" alone: some animal, perhaps not the one claimed
    if any(found in _NEAR.get((axis, value), ()) for value in claimed):
        return "near"
    return "other"


def _claimed_words(claimed: Sequence[Mention], axis: str) -> str:
    return ", ".join(dict.fromkeys(mention.words for mention in claimed if mention.population.axis == axis))


def _mismatch(context: ClaimContext, words: str, item: _Seen, severity: Severity) -> Outcome:
    where = (
        "MeSH heading"
        if item.passage.section == "MeSH heading"
        else item.passage.section or item.passage.source
    )
    return finding(
        "CC211",
        context,
        f"the text speaks of {words}, but PMID {context.record.pmid} studied {item.found} ({where})",
        claimed=words,
        found=item.found,
        evidence=item.evidence,
        passage=item.passage,
        severity=severity,
    )
