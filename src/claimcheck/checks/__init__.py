"""The checkers, and which of them a claim or a reference needs.

Each claim checker is paired with the Claim field it reads, in one table, so that a claim is only
shown to the checkers it gives something to check (a claim naming no journal never reaches the
journal checker) and the list of checkers is written once.
"""

from __future__ import annotations

from claimcheck.checks import (
    affiliations,
    authors,
    bibliography,
    dates,
    design,
    direction,
    figures,
    journal,
    notices,
    population,
    quotes,
)
from claimcheck.checks.base import Checker, ClaimContext, Outcome
from claimcheck.model import Finding, Record, Reference

# (Claim field the checker reads, the checker), in the order outcomes are reported.
_CLAIM_CHECKS: tuple[tuple[str, Checker], ...] = (
    ("journal", journal.check),
    ("date", dates.check),
    ("figures", figures.check),
    ("quote", quotes.check),
    ("affiliation", affiliations.check),
    ("design", design.check),
    ("effects", direction.check),
    ("population", population.check),
    ("authors", authors.check),
)

CLAIM_CHECKERS: tuple[Checker, ...] = tuple(check for _, check in _CLAIM_CHECKS)
REFERENCE_CHECKERS = (notices.check_reference, bibliography.check_reference)


def check_claim(context: ClaimContext) -> list[Outcome]:
    """Every finding and support for one claim against one cited record, from the relevant checkers."""
    return [
        outcome
        for field, check in _CLAIM_CHECKS
        if getattr(context.claim, field)
        for outcome in check(context)
    ]


def check_reference(reference: Reference, record: Record) -> list[Finding]:
    """Every finding on a reference itself: notices (retraction, erratum) and bibliography metadata."""
    return [finding for check in REFERENCE_CHECKERS for finding in check(reference, record)]
