"""The identity check: a record is evidence only when it is the work the reference cites.

Records and references here are written for these tests; their bibliographic facts are real.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimcheck.checks.identity import (
    IdentifierIndex,
    check_identity,
    cross_check_identifiers,
    identify,
    title_similarity,
)
from claimcheck.model import Author, Record, RecordDate, Reference, Severity

SHAW = Record(
    pmid="29977117",
    title="Short-Term Outcomes in Treatment of Knee Osteoarthritis With 4 Bone Marrow Concentrate "
    "Injections.",
    journal="Clinical medicine insights. Arthritis and musculoskeletal disorders",
    iso_abbreviation="Clin Med Insights Arthritis Musculoskelet Disord",
    doi="10.1177/1179544118781080",
    pmcid="PMC6024328",
    dates=(RecordDate("electronic", 2018, 6, 18), RecordDate("print", 2018)),
    authors=(Author("Shaw", initials="B"), Author("Darrow", initials="M")),
)
CHANG = Record(
    pmid="26695780",
    title="Mesenchymal stem cells and their clinical applications in osteoarthritis.",
    journal="Cell transplantation",
    iso_abbreviation="Cell Transplant",
    doi="10.3727/096368915X690288",
    dates=(RecordDate("electronic", 2015, 12, 18), RecordDate("print", 2016)),
    authors=(Author("Chang", initials="YH"),),
)
REFERENCE = Reference(
    key="shaw2018",
    authors=("Shaw B", "Darrow M", "Derian A"),
    title="Short-term outcomes in treatment of knee osteoarthritis with 4 bone marrow concentrate injections",
    journal="Clin Med Insights Arthritis Musculoskelet Disord",
    year=2018,
    doi="10.1177/1179544118781080",
    pmid="29977117",
    pmcid="PMC6024328",
    path="references.bib",
    line=3,
)


def test_title_similarity_ignores_case_punctuation_and_markup() -> None:
    assert title_similarity("<i>In vitro</i> growth of {MSCs}.", "In Vitro Growth of MSCs") == 1.0
    assert (
        title_similarity(
            "Cartilage repair [published online ahead of print, 2020 Jan 31]", "Cartilage repair."
        )
        == 1.0
    )
    assert title_similarity(REFERENCE.title, CHANG.title) < 0.3


def test_the_referenced_record_matches() -> None:
    identity = identify(REFERENCE, SHAW)
    assert identity.matches
    assert identity.score == 1.0
    assert identity.disagreements == ()


def test_a_year_off_by_one_still_matches() -> None:
    assert identify(replace(REFERENCE, year=2019), SHAW).disagreements == ()


def test_a_wrong_year_alone_is_reported_but_does_not_reject_the_record() -> None:
    identity = identify(replace(REFERENCE, year=2021), SHAW)
    assert identity.matches and identity.score < 1.0
    assert identity.disagreements == ("year 2021 vs 2018",)


def test_another_record_does_not_match_and_says_why() -> None:
    identity = identify(REFERENCE, CHANG)
    assert not identity.matches
    assert identity.score < 0.3
    assert "first author Shaw vs Chang" in identity.disagreements
    assert any(item.startswith("title similarity 0.") for item in identity.disagreements)


def test_a_reference_with_nothing_to_compare_is_not_contradicted() -> None:
    assert identify(Reference(key="bare", pmid="1"), CHANG).matches


def test_wrong_record_from_the_references_own_identifier_is_cc102() -> None:
    found = check_identity(REFERENCE, CHANG, "doi")
    assert found is not None
    assert found.rule == "CC102" and found.severity is Severity.ERROR
    assert found.message.startswith("DOI 10.1177/1179544118781080 maps to PMID 26695780")
    assert "first author Shaw vs Chang" in found.message
    assert (found.article, found.line, found.reference) == ("references.bib", 3, "shaw2018")
    assert found.claimed and found.found and found.evidence == CHANG.title


def test_wrong_candidate_from_a_search_is_cc101_naming_it() -> None:
    found = check_identity(replace(REFERENCE, doi="", pmid="", pmcid=""), CHANG, "ecitmatch")
    assert found is not None and found.rule == "CC101"
    assert "PMID 26695780" in found.message and "ecitmatch" in found.message


@pytest.mark.parametrize("method", ["pmid", "doi", "pmcid", "ecitmatch", "title"])
def test_the_right_record_gives_no_finding_whatever_the_method(method: str) -> None:
    assert check_identity(REFERENCE, SHAW, method) is None


def test_pmid_and_doi_pointing_to_two_records_is_cc102() -> None:
    reference = replace(REFERENCE, doi=CHANG.doi.lower())
    [found] = cross_check_identifiers(reference, IdentifierIndex.of({SHAW.pmid: SHAW, CHANG.pmid: CHANG}))
    assert found.rule == "CC102"
    assert "PMID 29977117 -> 29977117" in found.found and "-> 26695780" in found.found


def test_doi_the_pmid_record_does_not_have_is_cc102_even_unfetched() -> None:
    [found] = cross_check_identifiers(
        replace(REFERENCE, doi="10.9999/other"), IdentifierIndex.of({SHAW.pmid: SHAW})
    )
    assert "whose DOI is 10.1177/1179544118781080" in found.found


def test_identifiers_written_differently_agree() -> None:
    reference = replace(REFERENCE, doi="https://doi.org/10.1177/1179544118781080", pmcid="6024328")
    assert list(cross_check_identifiers(reference, IdentifierIndex.of({SHAW.pmid: SHAW}))) == []


def test_a_pmcid_carried_by_another_fetched_record_is_cc102_through_the_index() -> None:
    other = replace(CHANG, pmcid="PMC4700000")
    index = IdentifierIndex.of({SHAW.pmid: SHAW, other.pmid: other})
    [found] = cross_check_identifiers(replace(REFERENCE, pmcid="4700000"), index)
    assert "PMCID 4700000 -> 26695780" in found.found and found.pmid == SHAW.pmid


def test_the_index_maps_each_identifier_as_written_in_the_wild_to_its_record() -> None:
    index = IdentifierIndex.of({SHAW.pmid: SHAW, CHANG.pmid: CHANG})
    assert index.by_identifier == {
        ("doi", "10.1177/1179544118781080"): SHAW.pmid,
        ("pmcid", "pmc6024328"): SHAW.pmid,
        ("doi", "10.3727/096368915x690288"): CHANG.pmid,
    }


def test_a_journal_abbreviated_word_by_word_is_the_record_s_journal() -> None:
    """ "Acta Trop" names "Acta tropica": each word of an ISO abbreviation starts the full title's word,
    even when the record gives only its full title."""
    record = replace(SHAW, journal="Acta tropica", iso_abbreviation="", medline_ta="")
    for written in ("Acta Trop", "Acta Tropica", "acta trop."):
        assert identify(replace(REFERENCE, journal=written), record).disagreements == ()
    assert identify(replace(REFERENCE, journal="Acta Paediatr"), record).disagreements == (
        "journal Acta Paediatr vs Acta tropica",
    )


def test_a_group_author_is_the_record_s_collective_name() -> None:
    panel = "Invented Panel for the Care of Sore Knees"
    record = replace(SHAW, authors=(Author("", collective=panel),))
    assert identify(replace(REFERENCE, authors=(panel,)), record).disagreements == ()
    assert identify(replace(REFERENCE, authors=("Other Invented Consortium",)), record).disagreements == (
        f"first author Other Invented Consortium vs {panel}",
    )
