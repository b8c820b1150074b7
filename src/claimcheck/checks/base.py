"""What every checker shares: its declaration, the context it reads and the two things it may produce.

A claim checker is a function ``check(context) -> Iterator[Finding | Support]``: a ``Finding`` for each
assertion the source contradicts or cannot decide, a ``Support`` (with the deciding span) for each
assertion it confirms. Building both through these helpers keeps location, reference and rule
severity consistent across checkers. The three kinds of checker and their registry: ``claimcheck.checks``.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.checks.text import excerpt
from claimcheck.model import Claim, Finding, Passage, Record, Reference, Severity, Support
from claimcheck.rules import rule


@dataclass(frozen=True)
class Declaration:
    """What a checker module states at its top, for the registry: the rules it may emit and, for a claim
    checker, the Claim fields it reads (a claim that sets none of them never reaches it).

    The module's docstring is its documentation: what it decides, a claim that passes and one that
    fails. docs/rules.md is generated from the declarations, the docstrings and the rule catalogue.
    """

    rules: tuple[str, ...]
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimContext:
    """One claim, one of the works it cites, that work's record and the source text available for it."""

    claim: Claim
    reference: Reference
    record: Record
    passages: tuple[Passage, ...]


Outcome = Finding | Support


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
    record: Record | None,
    message: str,
    *,
    claimed: str,
    found: str,
    evidence: str,
    severity: Severity | None = None,
) -> Finding:
    """A finding on a reference itself (no claim), located at its entry in the reference list or bib;
    ``record`` is None when there is none to name (CC101)."""
    return Finding(
        rule=code,
        severity=severity or rule(code).severity,
        article=reference.path,
        line=reference.line,
        message=message,
        reference=reference.key,
        pmid=record.pmid if record else "",
        claimed=claimed,
        found=found,
        evidence=evidence,
        source="metadata",
    )


def article_finding(
    code: str,
    path: str,
    line: int,
    message: str,
    *,
    claimed: str,
    found: str,
    evidence: str,
    column: int = 1,
    claim: str = "",
    reference: str = "",
) -> Finding:
    """A finding located in the article (or its bibliography, or its claims file) itself, decided without
    any source record; its evidence is the article's own text."""
    return Finding(
        rule=code,
        severity=rule(code).severity,
        article=path,
        line=line,
        column=column,
        message=message,
        claim=claim,
        reference=reference,
        claimed=claimed,
        found=found,
        evidence=evidence,
        source="article",
    )


def not_in_source(
    code: str, context: ClaimContext, what: str, *, claimed: str, severity: Severity | None = None
) -> Finding:
    """``what`` (a figure, "the quotation", "'randomized'") is in none of the passages.

    Only when the full text was searched too is that a finding of ``code`` (CC204, CC206, CC208): with
    the abstract alone, or no text at all, it is CC303, since the body may well hold it.
    """
    passages = context.passages
    if not passages:
        return finding(
            "CC303",
            context,
            f"PMID {context.record.pmid} has no abstract to check {what} against",
            claimed=claimed,
            found="no abstract",
            evidence="record has no abstract",
        )
    searched = f"searched: {excerpt(passages[0].text, 0, 0, limit=80)} \u2026"
    if any(passage.source == "fulltext" for passage in passages):
        return finding(
            code,
            context,
            f"{what} is in neither the abstract nor the full text",
            claimed=claimed,
            found="not in abstract or full text",
            evidence=searched,
            passage=passages[0],
            severity=severity,
        )
    return finding(
        "CC303",
        context,
        f"{what} is not in the abstract; the full text was not available",
        claimed=claimed,
        found="abstract only",
        evidence=searched,
        passage=passages[0],
    )
