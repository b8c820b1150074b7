"""A claim's verdict, from what its findings mean (``rules.Effect``) and the support the checkers found.

A finding that contradicts the claim makes it a mismatch, unless it is only a note or an editor
acknowledged it; a finding that leaves it undecided, or a cited work with no usable record, makes it
unverifiable; "supported" needs a supporting span and no doubt left. A claim citing nothing is unsourced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from claimcheck.model import Claim, ClaimResult, Finding, Severity, Support, Verdict
from claimcheck.rules import Effect, rule


@dataclass(frozen=True)
class Checked:
    """Everything the checkers said about one claim against each cited record, before any verdict."""

    pmids: tuple[str, ...]
    outcomes: tuple[Finding | Support, ...]
    reasons: tuple[str, ...]  # why a cited work gave no record to check against


def undecided_records(outcomes: Iterable[Finding | Support]) -> set[str]:
    """The records of ``outcomes`` whose text could not decide part of a claim: their full text may."""
    return {o.pmid for o in outcomes if isinstance(o, Finding) and _means(o, Effect.UNDECIDED)}


def decide(
    claim: Claim,
    checked: Checked,
    article_findings: Sequence[Finding],
    ignore: frozenset[str],
    why_no_full_text: dict[str, str],
) -> ClaimResult:
    """Add up one claim's verdict; an undecided assertion says why no full text could decide it.

    ``article_findings`` are the article checkers' findings on this claim (the caller maps them once per
    run: looking through the whole run's for each claim would grow with the square of the articles).
    """
    own = list(article_findings)
    if not claim.cites:
        return ClaimResult(
            claim, Verdict.UNSOURCED, findings=_settle(own, claim, ignore), reason="no citation"
        )
    support = [outcome for outcome in checked.outcomes if isinstance(outcome, Support)]
    for outcome in checked.outcomes:
        if isinstance(outcome, Finding):
            why = why_no_full_text.get(outcome.pmid) if _means(outcome, Effect.UNDECIDED) else None
            own.append(replace(outcome, message=f"{outcome.message}: {why}") if why else outcome)
    kept = _settle(own, claim, ignore)
    verdict, reason = _verdict(claim, kept, support, checked.reasons)
    return ClaimResult(claim, verdict, checked.pmids, kept, tuple(support), reason)


def _means(finding: Finding, effect: Effect) -> bool:
    return rule(finding.rule).effect is effect


def _settle(findings: Sequence[Finding], claim: Claim, ignore: frozenset[str]) -> tuple[Finding, ...]:
    """Drop ignored rules; an editor's acknowledgement in the claims file turns a finding into info."""
    acknowledged = {note.rule: note.reason for note in claim.acknowledged}
    return tuple(
        replace(f, severity=Severity.INFO, message=f"{f.message} (acknowledged: {acknowledged[f.rule]})")
        if f.rule in acknowledged
        else f
        for f in findings
        if f.rule not in ignore
    )


def _verdict(
    claim: Claim, findings: Sequence[Finding], support: Sequence[Support], reasons: Sequence[str]
) -> tuple[Verdict, str]:
    """Mismatch beats everything; "supported" needs a span for every assertion and no doubt left."""
    decisive = [f for f in findings if _means(f, Effect.CONTRADICTS) and f.severity is not Severity.INFO]
    if decisive:
        return Verdict.MISMATCH, "; ".join(f"{f.rule} {f.message}" for f in decisive[:3])
    if reasons:
        return Verdict.UNVERIFIABLE, "; ".join(reasons)
    unreadable = [f for f in findings if _means(f, Effect.UNDECIDED)]
    if unreadable:
        return Verdict.UNVERIFIABLE, unreadable[0].message
    if not support:
        what = (
            "it asserts nothing the record can confirm"
            if not claim.asserts_something
            else "no span decides it"
        )
        return Verdict.UNVERIFIABLE, what
    return Verdict.SUPPORTED, ""
