"""Which checkers a claim or a reference reaches (claimcheck.checks); records written for these tests."""

from __future__ import annotations

from claimcheck import checks
from claimcheck.checks import figures, journal, quotes
from claimcheck.checks.base import ClaimContext
from claimcheck.model import Claim, Correction, Finding, Record, RecordDate, Reference, Support

RECORD = Record(
    pmid="30318332",
    journal="Cytotherapy",
    volume="20",
    dates=(RecordDate("electronic", 2018, 10, 11),),
    corrections=(Correction("ErratumIn", "31000002"),),
)
REFERENCE = Reference(key="emadedin2018", journal="Cytotherapy", volume="21", path="references.bib", line=7)


def _context(claim: Claim) -> ClaimContext:
    return ClaimContext(claim=claim, reference=REFERENCE, record=RECORD, passages=())


def test_every_claim_family_has_its_checker() -> None:
    assert journal in checks.CLAIM_CHECKERS
    assert figures in checks.CLAIM_CHECKERS and quotes in checks.CLAIM_CHECKERS
    assert len(set(checks.CLAIM_CHECKERS)) == len(checks.CLAIM_CHECKERS) == 10


def test_a_claim_reaches_only_the_checkers_of_its_assertions() -> None:
    claim = Claim(
        id="c",
        article="a.txt",
        line=2,
        text="In the journal Cytotherapy in October 2018.",
        journal="Cytotherapy",
        date="October 2018",
    )
    outcomes = checks.check_claim(_context(claim))
    assert [type(item) for item in outcomes] == [Support, Support]
    assert [item.evidence for item in outcomes if isinstance(item, Support)] == ["Cytotherapy", "2018-10-11"]


def test_a_claim_asserting_nothing_reaches_no_checker() -> None:
    assert checks.check_claim(_context(Claim(id="c", article="a.txt", line=2, text="Knees hurt."))) == []


def test_check_reference_runs_notices_and_bibliography() -> None:
    findings = checks.check_reference(REFERENCE, RECORD)
    assert all(isinstance(item, Finding) for item in findings)
    assert sorted(item.rule for item in findings) == ["CC103", "CC105"]
    assert {(item.article, item.line) for item in findings} == {("references.bib", 7)}
