"""CC208 judged on real PubMed records (../shared/data/ncbi): what a careful fact-checker would decide.

A real title's own design words, checked against the rest of its record (title removed), must never be
called wrong; a design that the record's publication types exclude must be.
"""

from __future__ import annotations

import dataclasses

from claimcheck.checks import design
from claimcheck.checks.base import ClaimContext
from claimcheck.extract.figures import find_design
from claimcheck.model import Claim, Finding, Record, Reference, Severity

from .real_records import needs_ncbi_data, real_records

pytestmark = needs_ncbi_data


def _findings(record: Record, designs: tuple[str, ...], text: str) -> list[Finding]:
    claim = Claim(id="claim", article="a.md", line=1, text=text, design=designs)
    context = ClaimContext(claim, Reference(key="ref"), record, record.abstract)
    return [outcome for outcome in design.check(context) if isinstance(outcome, Finding)]


def test_a_title_design_is_never_an_error_against_its_own_record() -> None:
    checked, errors, warnings = 0, [], 0
    for record in real_records():
        designs = find_design(record.title)
        if not designs:
            continue
        checked += 1
        findings = _findings(dataclasses.replace(record, title=""), designs, record.title)
        errors += [(record.pmid, f.claimed, f.found) for f in findings if f.severity is Severity.ERROR]
        warnings += any(f.rule == "CC208" and f.severity is Severity.WARNING for f in findings)
    assert checked >= 70
    assert errors == []
    assert warnings <= checked * 0.05


_EXCLUDED = (
    (("Review", "Systematic Review", "Meta-Analysis"), ("randomized", "trial")),
    (("Randomized Controlled Trial",), ("systematic review",)),
    (("Case Reports",), ("cohort study",)),
)


def test_a_design_the_publication_types_exclude_is_an_error() -> None:
    checked, missed = 0, []
    for record in real_records():
        for types, wrong in _EXCLUDED:
            if set(types) & set(record.publication_types) and not {
                "Randomized Controlled Trial",
                "Review",
            } <= set(record.publication_types):
                checked += 1
                findings = _findings(record, wrong, f"A {' '.join(wrong)} found that...")
                if not any(f.rule == "CC208" and f.severity is Severity.ERROR for f in findings):
                    missed.append((record.pmid, wrong, record.publication_types))
    assert checked >= 100
    assert missed == []
