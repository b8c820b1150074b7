"""What every checker shares: the context it reads and the two things it may produce.

A checker is a function ``check(context) -> Iterator[Finding | Support]``: a ``Finding`` for each
assertion the source contradicts or cannot decide, a ``Support`` (with the deciding span) for each
assertion it confirms. Building both through these helpers keeps location, reference and rule
severity consistent across checkers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from claimcheck.model import Claim, Finding, Passage, Record, Reference, Severity, Support
from claimcheck.rules import rule


@dataclass(frozen=True)
class ClaimContext:
    """One claim, one of the works it cites, that work's record and the source text available for it."""

    claim: Claim
    reference: Reference
    record: Record
    passages: tuple[Passage, ...]


Outcome = Finding | Support
Checker = Callable[[ClaimContext], Iterator[Outcome]]


def finding(
    code: str,
    context: ClaimContext,
    message: str,
    *,
    claimed: str,
    found: str,
    evidence: str,
    passage: Passage | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A finding on ``context.claim``; severity defaults to the rule's."""
    claim = context.claim
    return Finding(
        rule=code,
        severity=severity or rule(code).severity,
        article=claim.article,
        line=claim.line,
        column=claim.column,
        message=message,
        claim=claim.id,
        reference=context.reference.key,
        pmid=context.record.pmid,
        claimed=claimed,
        found=found,
        evidence=evidence,
        source=passage.source if passage else "metadata",
        section=passage.section if passage else "",
    )


def support(context: ClaimContext, *, claimed: str, evidence: str, passage: Passage | None = None) -> Support:
    """Evidence that one assertion of ``context.claim`` holds; ``evidence`` is the deciding span."""
    return Support(
        claim=context.claim.id,
        reference=context.reference.key,
        pmid=context.record.pmid,
        claimed=claimed,
        evidence=evidence,
        source=passage.source if passage else "metadata",
        section=passage.section if passage else "",
    )


def reference_finding(
    code: str,
    reference: Reference,
    record: Record,
    message: str,
    *,
    claimed: str,
    found: str,
    evidence: str,
    severity: Severity | None = None,
) -> Finding:
    """A finding on a reference itself (no claim), located at its entry in the reference list or bib."""
    return Finding(
        rule=code,
        severity=severity or rule(code).severity,
        article=reference.path,
        line=reference.line,
        message=message,
        reference=reference.key,
        pmid=record.pmid,
        claimed=claimed,
        found=found,
        evidence=evidence,
        source="metadata",
    )
