"""How every format orders, groups and describes a run, so that all formats agree on what they show.

Claims come by article, then line; a finding belongs to the claim it names, and findings naming no
claim of the run (bibliography problems, unknown citations) are "reference-level" and shown apart.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass, replace

from claimcheck.model import ClaimResult, Finding, RunResult, Severity, Support
from claimcheck.report.printable import display_path, one_line, relative_in_text
from claimcheck.rules import rule


@dataclass(frozen=True)
class ArticleSection:
    """One article's claims in line order and its findings that are not tied to any claim."""

    article: str
    claims: tuple[ClaimResult, ...]
    reference_findings: tuple[Finding, ...]


def with_display_paths(result: RunResult) -> RunResult:
    """``result`` with every article path (claims, findings, skipped, warnings) in ``display_path`` form."""
    return replace(
        result,
        articles=tuple(dict.fromkeys(display_path(path) for path in result.articles)),
        claims=tuple(_claim_relocated(claim_result) for claim_result in result.claims),
        findings=tuple(_relocated(found) for found in result.findings),
        skipped=tuple(display_path(path) for path in result.skipped),
        warnings=tuple(relative_in_text(warning) for warning in result.warnings),
    )


def _claim_relocated(claim_result: ClaimResult) -> ClaimResult:
    """The claim result as shown; itself when its paths already are (relative paths: a CI run's usual)."""
    claim = claim_result.claim
    shown = display_path(claim.article)
    findings = tuple(_relocated(found) for found in claim_result.findings)
    if shown == claim.article and all(map(operator.is_, findings, claim_result.findings)):
        return claim_result
    return replace(claim_result, claim=replace(claim, article=shown), findings=findings)


def _relocated(found: Finding) -> Finding:
    shown = display_path(found.article)
    return found if shown == found.article else replace(found, article=shown)


def finding_order(found: Finding) -> tuple[str, int, int, str]:
    return found.article, found.line, found.column, found.rule


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=finding_order)


def reference_findings(result: RunResult) -> list[Finding]:
    """Findings that belong to no claim of this run, in file order."""
    claim_ids = {claim_result.claim.id for claim_result in result.claims}
    return sorted_findings(found for found in result.findings if found.claim not in claim_ids)


def sections(result: RunResult) -> list[ArticleSection]:
    """Articles in run order (then any other file a finding names, such as the bibliography).

    Claims and findings are grouped by article in one pass: a run of 500 articles is not searched
    500 times.
    """
    claims: dict[str, list[ClaimResult]] = {}
    for claim_result in result.claims:
        claims.setdefault(claim_result.claim.article, []).append(claim_result)
    detached: dict[str, list[Finding]] = {}
    for found in reference_findings(result):
        detached.setdefault(found.article, []).append(found)
    return [
        ArticleSection(
            article=article,
            claims=tuple(
                sorted(claims.get(article, ()), key=lambda c: (c.claim.line, c.claim.column, c.claim.id))
            ),
            reference_findings=tuple(detached.get(article, ())),
        )
        for article in dict.fromkeys([*result.articles, *claims, *detached])
    ]


def rule_title(found: Finding) -> str:
    """The code people search for and the name that explains it: "CC203 figure-mismatch"."""
    return f"{found.rule} {rule(found.rule).name}"


def where_found(source: str, section: str) -> str:
    """Which part of the record the evidence comes from: "(abstract, Results)"."""
    parts = [part for part in (source, section) if part]
    return f"({', '.join(parts)})" if parts else ""


def quoted_evidence(evidence: str, source: str, section: str) -> str:
    """The evidence as reports quote it, on one line: "“span” (abstract, Results)"."""
    return f"\u201c{one_line(evidence)}\u201d {one_line(where_found(source, section))}".rstrip()


def finding_details(found: Finding) -> list[str]:
    """The lines after a finding's message: what the article claimed, what the source has, and why."""
    details = []
    if found.claimed:
        details.append(f"claimed: {one_line(found.claimed)}")
    if found.found:
        details.append(f"found: {one_line(found.found)}")
    if found.evidence:
        details.append(f"evidence: {quoted_evidence(found.evidence, found.source, found.section)}")
    if found.reference or found.pmid:
        cited = ", ".join(
            part for part in (found.reference, f"PMID {found.pmid}" if found.pmid else "") if part
        )
        details.append(f"source: {one_line(cited)}")
    return details


def support_detail(span: Support) -> str:
    """One supported assertion and its span: "72% — “72% of the studies...” (abstract, Results)"."""
    return f"{one_line(span.claimed)} \u2014 {quoted_evidence(span.evidence, span.source, span.section)}"


def attention_rank(severity: Severity) -> int:
    """Sort key that puts errors before warnings before notes."""
    return -severity.rank


def needs_attention(found: Finding) -> bool:
    """Errors and warnings are for the editor to act on; info findings are notes."""
    return found.severity is not Severity.INFO


def shorten(text: str, width: int) -> str:
    """Collapse whitespace and cut at a word boundary with an ellipsis, for one-line displays."""
    flat = one_line(text)
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1].rsplit(" ", 1)[0] if " " in flat[: width - 1] else flat[: width - 1]
    return cut + "\u2026"
