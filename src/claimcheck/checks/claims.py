"""A run's claims against the records they cite: every (claim, record) pair checked once, record by record.

The lookup decides which record is evidence for which reference; here each claim is paired with the
records of the works it cites, the claim checkers run on every pair against its abstract, and again,
for the pairs whose record gained a PMC body, once the full texts are read. A cited work with no record
says why, for the verdict.

A pair's outcomes depend on nothing but the claim's content, the reference, the record and the passages
checked, so they are kept under a key of those (``claimcheck.fingerprint``) without the claim's place in
the article, and put back at the claim's place: a warm run checks only the pairs that changed, and an
editor's new paragraph above a claim does not make it new. Pairs of the same key are checked once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Protocol

from claimcheck import fingerprint
from claimcheck.checks import check_claim
from claimcheck.checks.base import ClaimContext, Outcome
from claimcheck.model import Claim, Finding, Passage, Record, Reference
from claimcheck.verdict import Checked, undecided_records

Place = tuple[str, str]  # (article path, reference key): references are per article
# (claim number in the run, place of the work among the claim's cites)
_Pair = tuple[int, int]
_KIND = "outcomes"


class KeptWork(Protocol):
    """Where outcomes checked by an earlier run are kept (``lookup.cache.RecordCache``), by content key."""

    def get_kept(self, kind: str, keys: Iterable[str], value_type: Any) -> dict[str, Any]: ...

    def put_kept(self, kind: str, values: Mapping[str, object]) -> None: ...


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
        kept: KeptWork | None = None,
    ) -> None:
        self._cited = [_cite(claim, references, evidence, missing) for claim, references in claims]
        self._pairs = {
            (number, place): work.context
            for number, works in enumerate(self._cited)
            for place, work in enumerate(works)
            if work.context is not None
        }
        self._kept = kept
        self._outcomes = self._check_by_record(self._pairs)

    def undecided(self) -> set[str]:
        """The records whose abstract left part of a claim undecided: their full text may decide it."""
        return undecided_records(outcome for outcomes in self._outcomes.values() for outcome in outcomes)

    def read_bodies(self, bodies: Mapping[str, tuple[Passage, ...]]) -> None:
        """Check again, with the full text after the abstract, every pair whose record gained a body."""
        passages = {
            context.record.pmid: context.passages + bodies[context.record.pmid]
            for context in self._pairs.values()
            if context.record.pmid in bodies
        }
        with_bodies = {
            pair: replace(context, passages=passages[context.record.pmid])
            for pair, context in self._pairs.items()
            if context.record.pmid in passages
        }
        self._outcomes.update(self._check_by_record(with_bodies))

    def _check_by_record(self, pairs: Mapping[_Pair, ClaimContext]) -> dict[_Pair, tuple[Outcome, ...]]:
        """The claim checkers on every pair not kept by an earlier run, one record after another; what they
        find is kept in one write."""
        keys = _keys(pairs)
        known: dict[str, tuple[Outcome, ...]] = (
            self._kept.get_kept(_KIND, keys.values(), tuple[Outcome, ...]) if self._kept else {}
        )
        fresh: dict[str, tuple[Outcome, ...]] = {}  # checked now: for the next pairs of the key, and runs
        outcomes: dict[_Pair, tuple[Outcome, ...]] = {}
        for pair in sorted(pairs, key=lambda pair: pairs[pair].record.pmid):
            claim, key = pairs[pair].claim, keys[pair]
            if key in known:
                outcomes[pair] = tuple(_placed(outcome, claim) for outcome in known[key])
                continue
            outcomes[pair] = tuple(check_claim(pairs[pair]))
            if all(_at(outcome, claim) for outcome in outcomes[pair]):
                known[key] = fresh[key] = outcomes[pair]
        if self._kept:
            self._kept.put_kept(_KIND, fresh)
        return outcomes

    def checked(self, number: int) -> Checked:
        """Claim ``number``'s outcomes, in the order of its cites, and why a cited work gave none."""
        cited = self._cited[number]
        return Checked(
            tuple(work.context.record.pmid for work in cited if work.context is not None),
            tuple(o for place in range(len(cited)) for o in self._outcomes.get((number, place), ())),
            tuple(work.reason for work in cited if work.reason),
        )


def _keys(pairs: Mapping[_Pair, ClaimContext]) -> dict[_Pair, str]:
    """Each pair's content key: its claim without its place, its reference without its place in the list,
    its record and passages. A reference, record or passages shared by many pairs is one object, digested
    once (known by its identity: every one of them lives as long as ``pairs``)."""
    digests: dict[int, str] = {}

    def digest(value: object, names: tuple[str, ...] = ()) -> str:
        """The digest of ``value``, or of its fields ``names`` when given."""
        if id(value) not in digests:
            digests[id(value)] = fingerprint.content_digest(_fields(value, names) if names else value)
        return digests[id(value)]

    return {
        pair: fingerprint.content_key(
            _fields(context.claim, _CLAIM_CONTENT),
            digest(context.reference, _REFERENCE_CONTENT),
            digest(context.record),
            digest(context.passages),
        )
        for pair, context in pairs.items()
    }


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


# What the checkers read of a claim: not its place, nor what an editor added (note, acceptances); and of a
# reference, not where its entry stands.
_CLAIM_CONTENT = tuple(
    f.name for f in fields(Claim) if f.name not in ("id", "article", "line", "column", "note", "acknowledged")
)
_REFERENCE_CONTENT = tuple(f.name for f in fields(Reference) if f.name not in ("path", "line"))


def _fields(value: object, names: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(getattr(value, name) for name in names)


def _placed(outcome: Outcome, claim: Claim) -> Outcome:
    """``outcome`` as it reads on ``claim``, wherever the claim it was found on stood."""
    if _at(outcome, claim):
        return outcome
    if isinstance(outcome, Finding):
        return replace(outcome, article=claim.article, line=claim.line, column=claim.column, claim=claim.id)
    return replace(outcome, claim=claim.id)


def _at(outcome: Outcome, claim: Claim) -> bool:
    """Whether ``outcome`` carries no place but ``claim``'s (only such outcomes can be put back elsewhere)."""
    if isinstance(outcome, Finding):
        return (outcome.article, outcome.line, outcome.column, outcome.claim) == (
            claim.article,
            claim.line,
            claim.column,
            claim.id,
        )
    return outcome.claim == claim.id
