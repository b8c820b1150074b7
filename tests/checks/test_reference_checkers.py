"""The clean direction of the reference checkers (the case files hold the failing ones).

Records and references here are written for these tests; their bibliographic facts are real.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimcheck.checks import bibliography, notices
from claimcheck.checks.bibliography import normalized_pages
from claimcheck.model import Author, Correction, Record, RecordDate, Reference

FRISBIE = Record(
    pmid="19350658",
    title="Evaluation of adipose-derived stromal vascular fraction or bone marrow-derived mesenchymal stem "
    "cells for treatment of osteoarthritis.",
    journal="Journal of orthopaedic research : official publication of the Orthopaedic Research Society",
    iso_abbreviation="J Orthop Res",
    volume="27",
    pages="1675-80",
    dates=(RecordDate("print", 2009, 12), RecordDate("electronic", 2009, 6, 12)),
    authors=(Author("Frisbie", initials="DD"),),
    publication_types=("Journal Article", "Research Support, Non-U.S. Gov't"),
    corrections=(Correction("CommentIn", "19999999"), Correction("Cites", "18888888")),
)
ENTRY = Reference(
    key="frisbie2009",
    authors=("Frisbie DD", "Kisiday JD"),
    title="Evaluation of <i>adipose-derived</i> stromal vascular fraction or bone marrow-derived mesenchymal "
    "stem cells for treatment of osteoarthritis",
    journal="J. Orthop. Res.",
    year=2009,
    volume="27",
    pages="1675\u20131680",
)


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("1675-80", "1675-1680"),
        ("1675\u20131680", "1675-1680"),
        ("1675 - 1680", "1675-1680"),
        ("e1234", "e1234"),
        ("S12-9", "s12-s19"),
    ],
)
def test_page_ranges_normalize(written: str, normalized: str) -> None:
    assert normalized_pages(written) == normalized


def test_matching_entry_has_no_metadata_finding() -> None:
    assert list(bibliography.check_reference(ENTRY, FRISBIE)) == []


def test_entry_giving_only_some_fields_is_compared_on_those() -> None:
    assert list(bibliography.check_reference(Reference(key="k", year=2009, pages="1675-80"), FRISBIE)) == []


def test_clean_record_has_no_notice() -> None:
    assert list(notices.check_reference(ENTRY, FRISBIE)) == []


def test_notice_is_located_at_the_reference_entry() -> None:
    retracted = replace(FRISBIE, corrections=(Correction("RetractionIn", "31000001"),))
    [found] = notices.check_reference(replace(ENTRY, path="references.bib", line=40), retracted)
    assert (found.rule, found.article, found.line, found.claim) == ("CC104", "references.bib", 40, "")
    assert "PMID 31000001" in found.message
