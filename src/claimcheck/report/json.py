"""The machine-readable report, DESIGN.md's JSON version 1.

The v1 keys are a contract: keys may be added (``column``, ``text``, ``reason``, ``support``,
``source``, ``section`` on claims; ``source``, ``section`` on findings; ``sources_unavailable``,
``skipped``, ``warnings``), never removed or renamed. Key order is fixed so that diffs of two runs
stay readable.
"""

from __future__ import annotations

import json
from typing import Any

from claimcheck.model import ClaimResult, Finding, RunResult, Support, Verdict
from claimcheck.report.layout import sections, sorted_findings
from claimcheck.report.summary import totals
from claimcheck.rules import rule

JSON_VERSION = 1


def render_json(result: RunResult) -> str:
    return json.dumps(json_document(result), indent=2, ensure_ascii=False) + "\n"


def json_document(result: RunResult) -> dict[str, Any]:
    """The report as plain data, in the order it is written."""
    counts = totals(result)
    claims = [claim_result for section in sections(result) for claim_result in section.claims]
    return {
        "version": JSON_VERSION,
        "summary": {
            "articles": counts.articles,
            "claims": counts.claims,
            **{verdict.value: counts.verdicts[verdict] for verdict in Verdict},
        },
        "claims": [_claim_entry(claim_result) for claim_result in claims],
        "findings": [_finding_entry(found) for found in sorted_findings(result.findings)],
        "sources_unavailable": result.sources_unavailable,
        "skipped": list(result.skipped),
        "warnings": list(result.warnings),
    }


def _claim_entry(claim_result: ClaimResult) -> dict[str, Any]:
    claim = claim_result.claim
    return {
        "id": claim.id,
        "article": claim.article,
        "line": claim.line,
        "verdict": claim_result.verdict.value,
        "cites": list(claim.cites),
        "pmids": list(claim_result.pmids),
        "column": claim.column,
        "text": claim.text,
        "reason": claim_result.reason,
        "support": [_support_entry(span) for span in claim_result.support],
        **_deciding_evidence(claim_result),
    }


def _deciding_evidence(claim_result: ClaimResult) -> dict[str, str]:
    """Where the evidence that decided the verdict came from (abstract, fulltext or metadata, and the
    section): a supported claim's first span; otherwise its weightiest finding, or its first span."""
    findings = sorted(claim_result.findings, key=lambda found: -found.severity.rank)
    decisive: Support | Finding | None = None
    if claim_result.verdict is Verdict.SUPPORTED and claim_result.support:
        decisive = claim_result.support[0]
    elif findings:
        decisive = findings[0]
    elif claim_result.support:
        decisive = claim_result.support[0]
    if decisive is None:
        return {"source": "", "section": ""}
    return {"source": decisive.source, "section": decisive.section}


def _support_entry(span: Support) -> dict[str, Any]:
    return {
        "reference": span.reference,
        "pmid": span.pmid,
        "claimed": span.claimed,
        "evidence": span.evidence,
        "source": span.source,
        "section": span.section,
    }


def _finding_entry(found: Finding) -> dict[str, Any]:
    return {
        "rule": found.rule,
        "name": rule(found.rule).name,
        "severity": found.severity.value,
        "article": found.article,
        "line": found.line,
        "column": found.column,
        "claim": found.claim,
        "reference": found.reference,
        "pmid": found.pmid,
        "message": found.message,
        "claimed": found.claimed,
        "found": found.found,
        "evidence": found.evidence,
        "source": found.source,
        "section": found.section,
    }
