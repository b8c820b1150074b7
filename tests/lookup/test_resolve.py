"""Resolution: batched by kind, mapped back from the records themselves, every failure explained."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from claimcheck.lookup.eutils import BadResponse
from claimcheck.lookup.evidence import look_up
from claimcheck.lookup.pubmed import PubMedSource
from claimcheck.lookup.resolve import ecitmatch_line, normalize_doi, parse_ecitmatch
from claimcheck.model import Reference
from fake_eutils import FakeEutils, SyntheticWork, write_synthetic_records


def test_dois_are_mapped_from_the_records_not_from_the_order_of_the_answer(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    references = [
        Reference("first", doi="10.5555/jmo.2019.101"),  # PMID 30000001
        Reference("absent", doi="10.5555/nobody.1"),
        Reference("second", doi="https://doi.org/10.5555/IRR.2020.55"),  # 30000002, other case and a prefix
        Reference("third", doi="doi:10.5555/jmo.2021.300"),  # 30000003, stored upper-case by PubMed
    ]

    # The fake server answers newest PMID first, as PubMed does: mapping by position would go wrong.
    resolved = make_source(lookup_server).resolve_all(references).resolutions

    assert {key: (r.pmid, r.method) for key, r in resolved.items() if r.pmid} == {
        "first": ("30000001", "doi"),
        "second": ("30000002", "doi"),
        "third": ("30000003", "doi"),
    }
    assert resolved["absent"].reason == "no PubMed record has the DOI 10.5555/nobody.1"
    [search] = lookup_server.requests_to("esearch.fcgi")
    assert search.params["term"].count("[doi]") == 4
    assert len(lookup_server.requests_to("efetch.fcgi")) == 1


def test_invalid_identifiers_are_explained_without_a_request(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    references = [
        Reference("a", pmid="12x"),
        Reference("b", doi="not a doi"),
        Reference("c", pmcid="PMCabc"),
        Reference("d", raw="Some text with nothing to search for"),
    ]

    resolved = make_source(lookup_server).resolve_all(references).resolutions

    assert [resolved[key].reason for key in "abcd"] == [
        "invalid PMID '12x'",
        "invalid DOI 'not a doi'",
        "invalid PMCID 'PMCabc'",
        "no PMID, DOI or PMCID, and too few citation details to search for",
    ]
    assert lookup_server.log == []


def test_pmids_are_taken_as_given_and_pmcids_mapped_like_dois(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    references = [
        Reference("p", pmid="30000004"),
        Reference("c", pmcid="pmc7000005"),
        Reference("gone", pmcid="PMC7999999"),
    ]

    resolved = make_source(lookup_server).resolve_all(references).resolutions

    assert (resolved["p"].pmid, resolved["p"].method) == ("30000004", "pmid")
    assert (resolved["c"].pmid, resolved["c"].method) == ("30000005", "pmcid")
    assert resolved["gone"].reason == "no PubMed record has the PMCID PMC7999999"


def test_citations_go_through_one_ecitmatch_then_one_title_search(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    references = [
        Reference(
            "cited", journal="Imag Rheumatol Rep", year=2018, volume="2", pages="17-26", authors=("Moreau P",)
        ),
        Reference(
            "titled",
            title="Adipose tissue as a source of stromal cells for cartilage repair",
            authors=("Tanaka H",),
            journal="Fict Cell Sci",
            year=2017,
            volume="33",
            pages="901",
        ),
        Reference(
            "unknown",
            title="A study nobody wrote",
            authors=("Nemo N",),
            journal="J Tests",
            year=2001,
            volume="1",
            pages="1",
        ),
    ]

    resolved = make_source(lookup_server).resolve_all(references).resolutions

    assert (resolved["cited"].pmid, resolved["cited"].method) == ("30000004", "ecitmatch")
    assert (resolved["titled"].pmid, resolved["titled"].method) == ("30000005", "title")
    assert resolved["unknown"].pmid == ""
    assert "ECitMatch: no match" in resolved["unknown"].reason
    assert "no record with this title and first author" in resolved["unknown"].reason
    [citmatch] = lookup_server.requests_to("ecitmatch.cgi")
    assert len(citmatch.params["bdata"].split("\r")) == 3
    [title_search] = lookup_server.requests_to("esearch.fcgi")
    assert title_search.params["term"].count("[title]") == 2


def test_a_group_author_is_matched_by_its_citation_and_by_its_name(
    make_eutils_server: Callable[..., FakeEutils], make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    """A panel or consortium has no "Family Initials": ECitMatch is asked without an author, the title
    search names the group as a corporate author, and the record's collective name is its first author."""
    panel = "Invented Panel for the Care of Sore Knees"
    works = [
        SyntheticWork(
            "52000001",
            "Summary of the knee care guideline",
            "Journal of Tests",
            "J Tests",
            2022,
            "7",
            70,
            "X",
            "Y",
        ),
        SyntheticWork(
            "52000002", "Knee care across three ages", "Journal of Tests", "J Tests", 2023, "8", 80, "X", "Y"
        ),
    ]
    path = write_synthetic_records(tmp_path / "records", works)
    person = "<LastName>X</LastName><Initials>Y</Initials>"
    path.write_bytes(
        path.read_bytes().replace(person.encode(), f"<CollectiveName>{panel}</CollectiveName>".encode())
    )
    server = make_eutils_server(records_dir=tmp_path / "records", pmc_dir=None)
    references = [
        Reference(
            "cited",
            authors=(panel,),
            title="Summary of the knee care guideline",
            journal="J Tests",
            year=2022,
            volume="7",
            pages="70-79",
        ),
        Reference(
            "titled", authors=(panel,), title="Knee care across three ages", journal="J Tests", year=2023
        ),
    ]

    resolved = make_source(server).resolve_all(references).resolutions

    assert (resolved["cited"].pmid, resolved["cited"].method) == ("52000001", "ecitmatch")
    assert (resolved["titled"].pmid, resolved["titled"].method) == ("52000002", "title")
    [citmatch] = server.requests_to("ecitmatch.cgi")
    assert citmatch.params["bdata"] == "j tests|2022|7|70||r0|"
    [title_search] = server.requests_to("esearch.fcgi")
    assert '"invented panel for the care of sore knees"[cn]' in title_search.params["term"]


def test_a_warm_resolution_asks_nothing_and_answers_the_same(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    references = [
        Reference("d", doi="10.5555/irr.2020.55"),
        Reference("x", doi="10.5555/nobody.2"),
        Reference(
            "c", journal="Imag Rheumatol Rep", year=2018, volume="2", pages="17", authors=("Moreau P",)
        ),
        Reference(
            "t",
            title="Adipose tissue as a source of stromal cells for cartilage repair",
            authors=("Tanaka H",),
        ),
    ]
    cold = make_source(lookup_server).resolve_all(references)
    warm_source = make_source(lookup_server)

    warm = warm_source.resolve_all(references)

    assert warm.resolutions == cold.resolutions
    assert warm.resolutions["t"].method == "title"
    assert warm_source.requests_made == 0
    assert make_source(None).resolve_all(references).resolutions["d"].pmid == "30000002"  # offline, cached


def test_offline_resolution_says_what_is_not_cached(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    resolved = make_source(None).resolve_all([Reference("d", doi="10.5555/irr.2020.55")]).resolutions

    assert resolved["d"].reason == "not in the cache (offline)"
    assert lookup_server.log == []


def test_requests_grow_with_batches_not_references(
    make_eutils_server: Callable[..., FakeEutils], make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    works = [
        SyntheticWork(
            str(50000000 + n),
            f"Invented cohort {n}",
            "Journal of Tests",
            "J Tests",
            2021,
            "9",
            10 + n,
            "Author",
            "B",
            doi=f"10.5555/batch.{n}",
        )
        for n in range(250)
    ]
    write_synthetic_records(tmp_path / "records", works)
    server = make_eutils_server(records_dir=tmp_path / "records", pmc_dir=None)
    source = make_source(server)

    resolved = source.resolve_all([Reference(f"r{n}", doi=f"10.5555/batch.{n}") for n in range(250)])
    fetched = source.fetch_all(r.pmid for r in resolved.resolutions.values())

    assert all(r.pmid == str(50000000 + int(k[1:])) for k, r in resolved.resolutions.items())
    assert len(fetched.records) == 250
    assert len(server.requests_to("esearch.fcgi")) == 3  # 100 DOIs a search
    assert len(server.requests_to("efetch.fcgi")) == 2  # 200 PMIDs a fetch; fetch_all reuses them
    assert source.requests_made == 5


@pytest.mark.parametrize(
    "doi",
    [
        "10.5555/S0000-0000(21)00183-5",  # a Lancet-style PII in the DOI
        "10.5555/(SICI)1097-0000(199901)12:1::AID-X1.3.0.CO;2-5",  # an old Wiley SICI
        "10.5555/batch.(7)",  # parentheses at the end
    ],
)
def test_dois_holding_parentheses_are_searched_as_one_quoted_term(
    doi: str,
    make_eutils_server: Callable[..., FakeEutils],
    make_source: Callable[..., PubMedSource],
    tmp_path: Path,
) -> None:
    work = SyntheticWork(
        "51000001", "Invented trial", "Journal of Tests", "J Tests", 2021, "9", 10, "Ode", "A"
    )
    write_synthetic_records(tmp_path / "records", [replace(work, doi=doi)])
    server = make_eutils_server(records_dir=tmp_path / "records", pmc_dir=None)

    resolved = make_source(server).resolve_all([Reference("r", doi=f"https://doi.org/{doi.lower()}")])

    assert (resolved.resolutions["r"].pmid, resolved.resolutions["r"].method) == ("51000001", "doi")
    [search] = server.requests_to("esearch.fcgi")
    assert search.params["term"] == f'"{doi.lower()}"[doi]'


def test_an_unreachable_pubmed_leaves_references_unresolved_with_the_reason(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    lookup_server.fail("500", times=1000)

    resolved = make_source(lookup_server).resolve_all([Reference("d", doi="10.5555/irr.2020.55")])

    assert resolved.resolutions["d"].reason == "PubMed could not be reached"
    assert "could not be reached: esearch.fcgi answered HTTP 500" in resolved.unavailable


def test_ecitmatch_lines_and_answers() -> None:
    reference = Reference(
        "k", journal="Proc Natl Acad Sci U S A", year=1991, volume="88", pages="3248-51", authors=("Mann BJ",)
    )

    assert ecitmatch_line(reference, "r0") == "proc natl acad sci u s a|1991|88|3248|mann bj|r0|"
    assert ecitmatch_line(Reference("k", journal="J", year=2000), "r1") == ""
    answers = parse_ecitmatch(
        b"a|1991|88|3248|mann bj|r0|2014248\nb|2000|1|1||r1|NOT_FOUND;INVALID_JOURNAL\n"
        b"c|2000|1|1||r2|AMBIGUOUS 1,2\n"
    )
    assert answers == {
        "r0": ("2014248", ""),
        "r1": ("", "no match (NOT_FOUND;INVALID_JOURNAL)"),
        "r2": ("", "ambiguous citation"),
    }


def test_an_ecitmatch_answer_naming_one_citation_twice_is_refused() -> None:
    with pytest.raises(BadResponse, match="answered citation 'r0' twice"):
        parse_ecitmatch(b"a|1991|88|3248|mann bj|r0|2014248\na|1991|88|3248|mann bj|r0|30000001\n")


def test_recorded_ecitmatch_answers_parse() -> None:
    recorded = Path(__file__).parents[2] / ".." / "shared" / "data" / "ncbi" / "pubmed-client" / "ecitmatch"
    if not recorded.is_dir():
        pytest.skip("recorded NCBI data not present")
    answers = parse_ecitmatch((recorded / "citmatch_mixed.txt").read_bytes())

    assert answers["Art1"] == ("2014248", "")
    assert answers["ref2"][0] == ""
    assert answers["Art4"] == ("31978945", "")


def test_doi_normalisation() -> None:
    assert normalize_doi(" https://dx.doi.org/10.1002/JOR.20933. ") == "10.1002/jor.20933"
    assert normalize_doi("doi: 10.1/X") == "10.1/x"


def test_a_cold_lookup_costs_exactly_the_model_of_issue_15(
    make_eutils_server: Callable[..., FakeEutils], make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    """ceil(DOIs/100) + ECitMatch batches + title searches for its misses + ceil(records/200): the DOIs'
    and the titles' candidates come in the PMIDs' efetch batches, not in efetches of their own."""
    works = [
        SyntheticWork(
            str(52000000 + n),
            f"Invented trial {n} of cartilage patches",
            "Journal of Tests",
            "J Tests",
            2015 + n % 8,
            str(n % 20 + 1),
            10 + 20 * n,
            f"Writer{chr(65 + n % 26)}",
            "Q",
            doi=f"10.5555/model.{n}",
        )
        for n in range(330)
    ]
    write_synthetic_records(tmp_path / "records", works)
    server = make_eutils_server(records_dir=tmp_path / "records", pmc_dir=None)

    def citation(work: SyntheticWork, first_page: int) -> Reference:
        return Reference(
            f"c{work.pmid}",
            title=work.title,
            journal=work.iso_abbreviation,
            year=work.year,
            volume=work.volume,
            pages=f"{first_page}-{first_page + 9}",
            authors=(f"{work.author_family} {work.author_initials}",),
        )

    references = [
        *(Reference(f"p{w.pmid}", pmid=w.pmid, doi=w.doi) for w in works[:150]),  # a DOI probe each
        *(Reference(f"d{w.pmid}", doi=w.doi.upper()) for w in works[150:240]),
        *(citation(w, w.first_page) for w in works[240:310]),  # ECitMatch finds these
        *(
            citation(w, w.first_page + 1) for w in works[310:]
        ),  # a misprinted page: the title search finds these
    ]
    source = make_source(server)

    lookup = look_up(references, source, progress=None)

    found = {key: record.pmid for (_, key), record in lookup.evidence.items()}
    assert found == {reference.key: reference.key[1:] for reference in references}
    model = {"esearch.fcgi": 3 + 1, "ecitmatch.cgi": 1, "efetch.fcgi": 2}  # 240 DOIs, 20 titles; 330 records
    assert {endpoint: len(server.requests_to(endpoint)) for endpoint in model} == model
    assert source.requests_made == sum(model.values())
    fetched = [
        pmid for request in server.requests_to("efetch.fcgi") for pmid in request.params["id"].split(",")
    ]
    assert sorted(fetched) == sorted(work.pmid for work in works)
