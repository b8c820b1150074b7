"""CC108 stale-claim: a curated claim whose text is no longer in the article.

An article checker. ``check`` always checks the article as it is now: the claims file is merged into a
fresh extraction (``inputs.claimsfile.curate``), and a curated claim whose text the article no longer
has is not checked. This checker reports each such claim at its line in the claims file, so CI points
at the entry to review, with the article's sentence that took its place when one is like it. While the
article is the one the file was extracted from, nothing is stale.

Passes: claims/knees.yaml holds "A review of 18 studies and 1069 knees." and the article still says so.

Fails with CC108: the article now says "A review of 18 studies and 1096 knees." (a figure changed after
the claims were extracted); the finding is at the claim's line in claims/knees.yaml, and the new
sentence is what gets checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.checks.base import Declaration, article_finding
from claimcheck.model import Finding, PreparedArticle

DECLARATION = Declaration(rules=("CC108",))

_EVIDENCE_LIMIT = 200


def check_article(prepared: PreparedArticle) -> Iterator[Finding]:
    """One CC108 per stale curated claim, located in the claims file."""
    for stale in prepared.stale:
        now = stale.now[:_EVIDENCE_LIMIT]
        yield article_finding(
            "CC108",
            stale.claims_file,
            stale.line,
            f"the text of claim '{stale.claim.id}' is no longer in the article, so it was not checked; "
            "'claimcheck extract' updates the claims file",
            claimed=stale.claim.text[:_EVIDENCE_LIMIT],
            found=now or "no sentence of the article has this text",
            evidence=now or f"{prepared.article.path} as it is now",
        )
