"""The registry of checkers: every checker module, by kind, and which of them a claim or a reference needs.

Each checker module declares at its top (``DECLARATION``, see ``base.Declaration``) the rules it may
emit and, for a claim checker, the Claim fields it reads; its docstring is its documentation. The three
kinds differ only in what they read, and each kind has one signature:

- an article checker, ``check_article(prepared)``: the article, its references, claims and citations,
  no source needed (uncited references, unknown markers, unsourced statistics, stale curated claims);
- a reference checker, ``check_reference(reference, record)``: a cited work's record (notices, the
  bibliography entry), once the identity check accepted it;
- a claim checker, ``check(context)``: one claim against one cited record and its text.

The identity check (``identity``) is no checker of these kinds: the lookup (``lookup/evidence.py``) runs
it on every record a reference led to, and a record it rejects is never evidence. It declares its rules
all the same, and is listed here so that every rule has its module.

Adding a rule: one row in ``rules.py`` and its code in one checker's ``DECLARATION`` (a new checker
module is also one entry in the tuple of its kind below); then ``python -m claimcheck.rulesdoc >
docs/rules.md``. tests/checks/test_registry.py fails when a checker emits a rule it did not declare.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from claimcheck.checks import (
    affiliations,
    authors,
    bibliography,
    citations,
    dates,
    design,
    direction,
    figures,
    identity,
    journal,
    notices,
    population,
    quotes,
    stale,
    statement,
)
from claimcheck.checks.base import ClaimContext, Declaration, Outcome
from claimcheck.model import Finding, PreparedArticle, Record, Reference
from claimcheck.rules import Kind


class Declaring(Protocol):
    """A module that emits findings: its declaration, and its name for the docs."""

    DECLARATION: Declaration
    __name__: str


class ArticleChecker(Declaring, Protocol):
    """A checker module of the article itself; needs no source."""

    def check_article(self, prepared: PreparedArticle) -> Iterator[Finding]: ...


class ReferenceChecker(Declaring, Protocol):
    """A checker module of a cited work's record, found on the reference, not on a claim."""

    def check_reference(self, reference: Reference, record: Record) -> Iterator[Finding]: ...


class ClaimChecker(Declaring, Protocol):
    """A checker module of one kind of assertion a claim makes about a cited work."""

    def check(self, context: ClaimContext) -> Iterator[Outcome]: ...


ARTICLE_CHECKERS: tuple[ArticleChecker, ...] = (citations, stale)
REFERENCE_CHECKERS: tuple[ReferenceChecker, ...] = (notices, bibliography)
# In the order their outcomes are reported.
CLAIM_CHECKERS: tuple[ClaimChecker, ...] = (
    journal,
    dates,
    figures,
    quotes,
    affiliations,
    design,
    direction,
    population,
    authors,
    statement,
)


@dataclass(frozen=True)
class Registered:
    """A module that emits findings: the kind of rules it may declare, and what docs/rules.md calls it."""

    kind: Kind
    role: str
    module: Declaring

    @property
    def path(self) -> str:
        """Where a reader finds it: "checks/journal.py"."""
        return self.module.__name__.removeprefix("claimcheck.").replace(".", "/") + ".py"


REGISTRY: tuple[Registered, ...] = (
    *(Registered(Kind.ARTICLE, "article checker", module) for module in ARTICLE_CHECKERS),
    Registered(Kind.REFERENCE, "identity check", identity),
    *(Registered(Kind.REFERENCE, "reference checker", module) for module in REFERENCE_CHECKERS),
    *(Registered(Kind.CLAIM, "claim checker", module) for module in CLAIM_CHECKERS),
)


def check_article(prepared: PreparedArticle) -> list[Finding]:
    """Every finding on an article that needs no source, from each article checker in turn."""
    return [finding for checker in ARTICLE_CHECKERS for finding in checker.check_article(prepared)]


def check_reference(reference: Reference, record: Record) -> list[Finding]:
    """Every finding on a reference itself: notices (retraction, erratum) and bibliography metadata."""
    return [
        finding for checker in REFERENCE_CHECKERS for finding in checker.check_reference(reference, record)
    ]


def check_claim(context: ClaimContext) -> list[Outcome]:
    """Every finding and support for one claim against one cited record, from the checkers it concerns."""
    claim = context.claim
    return [
        outcome
        for checker in CLAIM_CHECKERS
        if any(getattr(claim, field) for field in checker.DECLARATION.reads)
        for outcome in checker.check(context)
    ]
