"""A run's claims against the records they cite: every (claim, record) pair checked once, record by record.

The lookup decides which record is evidence for which reference; here each claim is paired with the
records of the works it cites, the claim checkers run on every pair against its abstract, and again,
for the pairs whose record gained a PMC body, once the full texts are read. A cited work with no record
says why, for the verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from claimcheck.checks import check_claim
from claimcheck.checks.base import ClaimContext, Outcome
from claimcheck.model import Claim, Passage, Record, Reference
from claimcheck.verdict import Checked

Place = tuple[str, str]  # (article path, reference key): references are per article
# (claim number in the run, place of the work among the claim's cites)
_Pair = tuple[int, int]


@dataclass(frozen=True)
class _Cited:
    """One work a claim cites: what the checkers read of it, or why there is no record to check against."""

    context: ClaimContext | None
    reason: str = ""


class ClaimChecks:
    """The outcomes of every claim of a run against every record it cites.

    Nothing here looks through the whole run per claim: each claim comes with its article's references
    mapped by key, and the pairs are checked in record order, so that what a checker keeps of a passage
    serves every claim citing that work, however many articles apart the claims are.
    """

    def __init__(
        self,
        claims: Sequence[tuple[Claim, Mapping[str, Reference]]],
        evidence: Mapping[Place, Record],
        missing: Mapping[Place, str],
    ) -> None:
        self._cited = [_cite(claim, references, evidence, missing) for claim, references in claims]
        self._pairs = {
            (number, place): work.context
            for number, works in enumerate(self._cited)
            for place, work in enumerate(works)
            if work.context is not None
        }
        self._outcomes = _check_by_record(self._pairs)

    def undecided(self) -> set[str]:
        """The records whose abstract left part of a claim undecided: their full text may decide it."""
        return {pmid for number in range(len(self._cited)) for pmid in self.checked(number).undecided}

    def read_bodies(self, bodies: Mapping[str, tuple[Passage, ...]]) -> None:
        """Check again, with the full text after the abstract, every pair whose record gained a body."""
        with_bodies = {
            pair: replace(context, passages=context.passages + bodies[context.record.pmid])
            for pair, context in self._pairs.items()
            if context.record.pmid in bodies
        }
        self._outcomes.update(_check_by_record(with_bodies))

    def checked(self, number: int) -> Checked:
        """Claim ``number``'s outcomes, in the order of its cites, and why a cited work gave none."""
        cited = self._cited[number]
        return Checked(
            tuple(work.context.record.pmid for work in cited if work.context is not None),
            tuple(o for place in range(len(cited)) for o in self._outcomes.get((number, place), ())),
            tuple(work.reason for work in cited if work.reason),
        )


def _cite(
    claim: Claim,
    references: Mapping[str, Reference],
    evidence: Mapping[Place, Record],
    missing: Mapping[Place, str],
) -> tuple[_Cited, ...]:
    """Every work the claim cites, with its record and abstract; a cited work without evidence says why."""
    cited: list[_Cited] = []
    for key in claim.cites:
        reference = references.get(key)
        if reference is None:
            cited.append(_Cited(None, f"{key} is not among the references"))
            continue
        place = (reference.path, reference.key)
        record = evidence.get(place)
        if record is None:
            cited.append(_Cited(None, f"{key}: {missing.get(place, 'no record')}"))
            continue
        cited.append(_Cited(ClaimContext(claim, reference, record, record.abstract)))
    return tuple(cited)


def _check_by_record(pairs: Mapping[_Pair, ClaimContext]) -> dict[_Pair, tuple[Outcome, ...]]:
    """The claim checkers on every pair, one record after another."""
    in_record_order = sorted(pairs, key=lambda pair: pairs[pair].record.pmid)
    return {pair: tuple(check_claim(pairs[pair])) for pair in in_record_order}
