"""CC211 judged on real PubMed records (../shared/data/ncbi): who NLM's indexers say was studied decides."""

from __future__ import annotations

from claimcheck.checks import population
from claimcheck.checks.base import ClaimContext
from claimcheck.model import Claim, Finding, Record, Reference, Severity, Support

from .real_records import needs_ncbi_data, real_records

pytestmark = needs_ncbi_data

_LIFELESS = ("Cadaver", "Cells, Cultured", "In Vitro Techniques", "Cell Line")
_CHILD = {"Child", "Child, Preschool", "Infant", "Infant, Newborn"}
_ADOLESCENT = {"Adolescent"}
_ADULT = {"Adult", "Middle Aged", "Aged", "Aged, 80 and over", "Young Adult"}


def _outcomes(record: Record, *terms: str) -> list[Finding | Support]:
    claim = Claim(id="claim", article="a.md", line=1, text="A study found...", population=terms)
    return list(population.check(ClaimContext(claim, Reference(key="ref"), record, record.abstract)))


def _errors(outcomes: list[Finding | Support]) -> list[Finding]:
    return [
        o for o in outcomes if isinstance(o, Finding) and o.rule == "CC211" and o.severity is Severity.ERROR
    ]


def test_an_animal_study_cited_about_patients_is_an_error() -> None:
    animal_only = [
        r for r in real_records() if "Animals" in r.mesh_headings and "Humans" not in r.mesh_headings
    ]
    assert len(animal_only) >= 25
    missed = [record.pmid for record in animal_only if not _errors(_outcomes(record, "patients"))]
    assert missed == []


def test_a_study_of_people_cited_about_patients_is_never_wrong() -> None:
    people = [
        record
        for record in real_records()
        if "Humans" in record.mesh_headings
        and not any(heading.startswith(_LIFELESS) for heading in record.mesh_headings)
    ]
    assert len(people) >= 100
    flagged = [
        (record.pmid, finding.found)
        for record in people
        for finding in _outcomes(record, "patients")
        if isinstance(finding, Finding) and finding.rule == "CC211"
    ]
    assert flagged == []


def test_age_groups_follow_the_mesh_age_headings() -> None:
    children = [
        r for r in real_records() if _CHILD & set(r.mesh_headings) and not _ADULT & set(r.mesh_headings)
    ]
    younger = _CHILD | _ADOLESCENT
    adults = [
        r for r in real_records() if _ADULT & set(r.mesh_headings) and not younger & set(r.mesh_headings)
    ]
    assert children and len(adults) >= 30
    assert all(_errors(_outcomes(record, "adults")) for record in children)
    assert all(_errors(_outcomes(record, "children")) for record in adults)
    supported = [r for r in adults if any(isinstance(o, Support) for o in _outcomes(r, "adults"))]
    assert supported == adults
