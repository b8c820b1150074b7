"""Article-level citation findings that need no source record: CC106, CC107, CC301, CC302.

- CC106 uncited-reference: a listed reference that no claim cites and no citation marker names.
- CC107 unknown-citation: a marker part ("8" in "[7, 8]" of a 7-item list) or a claim's cite key that
  names no reference.
- CC301 unsourced-statistic: a claim stating figures, a study result or a population statistic
  ("About one in 12 adults has asthma", vocabulary/statistics.py), citing nothing.
- CC302 unsourced-quote: a quotation attributed to someone, citing nothing.

Passes: "... 72% of the included studies (3) ..." with reference 3 listed and cited.

Fails with CC301: "... about 10% of people over 60 live with painful symptoms." citing nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.checks.base import Declaration, article_finding
from claimcheck.model import Article, Claim, Finding, PreparedArticle, Reference
from claimcheck.vocabulary.statistics import stated_statistic

DECLARATION = Declaration(rules=("CC106", "CC107", "CC301", "CC302"))

_EVIDENCE_LIMIT = 200


def check_article(prepared: PreparedArticle) -> Iterator[Finding]:
    """Every citation problem of one article, in the order: references, markers, claims."""
    article, references, claims = prepared.article, prepared.references, prepared.claims
    known = {reference.key for reference in references}
    cited = {key for claim in claims for key in claim.cites}
    cited.update(key for citation in prepared.citations for key in citation.keys)
    for reference in references:
        if reference.key not in cited:
            yield _uncited(article, reference)
    for citation in prepared.citations:
        for part in citation.unknown:
            yield article_finding(
                "CC107",
                article.path,
                citation.line,
                f"citation marker '{citation.marker}' names '{part}', which is not in the reference list",
                column=citation.column,
                claimed=part,
                found=f"{len(known)} references, none is '{part}'",
                evidence=citation.marker,
            )
    for claim in claims:
        yield from _check_claim(claim, known)


def _uncited(article: Article, reference: Reference) -> Finding:
    entry = reference.raw or reference.title or reference.key
    return article_finding(
        "CC106",
        reference.path or article.path,
        reference.line,
        f"reference '{reference.key}' is listed but never cited in the text",
        reference=reference.key,
        claimed=reference.key,
        found="no citation in the text",
        evidence=entry[:_EVIDENCE_LIMIT],
    )


def _check_claim(claim: Claim, known: set[str]) -> Iterator[Finding]:
    text = claim.text[:_EVIDENCE_LIMIT] or claim.id
    for key in claim.cites:
        if key not in known:
            yield _claim_finding(
                "CC107",
                claim,
                f"the claim cites '{key}', which is not in the reference list",
                claimed=key,
                found="no such reference",
                evidence=text,
            )
    if claim.cites:
        return
    stated = ", ".join((*claim.figures, *claim.design)) or stated_statistic(claim.text)
    if stated:
        yield _claim_finding(
            "CC301",
            claim,
            f"the statistic or study result '{stated}' cites no source",
            claimed=stated,
            found="no citation",
            evidence=text,
        )
    if claim.quote and claim.attribution:
        yield _claim_finding(
            "CC302",
            claim,
            f"a quotation attributed to {claim.attribution} cites no reference",
            claimed=claim.attribution,
            found="no citation",
            evidence=text,
        )


def _claim_finding(
    code: str, claim: Claim, message: str, *, claimed: str, found: str, evidence: str
) -> Finding:
    return article_finding(
        code,
        claim.article,
        claim.line,
        message,
        column=claim.column,
        claim=claim.id,
        claimed=claimed,
        found=found,
        evidence=evidence,
    )
