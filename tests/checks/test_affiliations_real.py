"""CC207 judged on real PubMed records (../shared/data/ncbi): an institution named in an author's own
affiliation, credited in an article as its authors' institution, is never called wrong."""

from __future__ import annotations

import re

from claimcheck.checks import affiliations
from claimcheck.checks.base import ClaimContext
from claimcheck.extract.names import find_institutions
from claimcheck.model import Claim, Finding, Reference, Severity

from .real_records import needs_ncbi_data, real_records

pytestmark = needs_ncbi_data


def _whole_words(name: str, text: str) -> bool:
    """False for a fragment the name finder cuts from inside a word ("Pont Hospital" of "duPont
    Hospital"): no article credits that."""
    return re.search(r"(?<![^\W\d])" + re.escape(name), text) is not None


def test_an_institution_of_the_records_own_affiliations_is_never_a_mismatch() -> None:
    checked, flagged = 0, []
    for record in real_records():
        named = {
            name
            for author in record.authors
            for text in author.affiliations
            for name in find_institutions(text)
            if _whole_words(name, text)
        }
        for institution in sorted(named):
            claim = Claim(
                id="c",
                article="a.md",
                line=1,
                text=f"Researchers at {institution} found.",
                affiliation=institution,
            )
            outcomes = list(
                affiliations.check(ClaimContext(claim, Reference(key="r"), record, record.abstract))
            )
            checked += 1
            flagged += [
                (record.pmid, institution, o.message)
                for o in outcomes
                if isinstance(o, Finding) and o.severity.rank >= Severity.WARNING.rank
            ]
    assert checked >= 200
    assert flagged == []
