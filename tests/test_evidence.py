"""Issue #8, evidence you can trust: the identity check before any record is evidence, and PMC full text
where the abstract is silent. Run end to end through ``claimcheck.cli.main`` and the loopback E-utilities.

The small article below and the records it cites (tests/fixtures/pubmed-identity, pmc-identity) are
invented for these tests; each reference is built to meet one of the traps the issue describes:
  (1) Lind 2021    the genuine work; its figure and quotation are only in the PMC body
  (2) Moss 2019    the genuine work, no PMCID: its body-only figure has no open full text to be read in
  (3) Park 2020    its DOI belongs, in PubMed, to another paper (a decoy whose abstract holds the claimed 19%)
  (4) Ortiz 2018   citation only; ECitMatch proposes a neighbour (same journal, volume, page, first author)
  (5) Vance 2022   its PMID and its DOI name two different papers (the PMID's record carries no DOI)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimcheck.cli import EXIT_FINDINGS, main
from fake_eutils import FakeEutils

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLE = REPO / "articles" / "stem-cell-therapy-knees.txt"

# Written for these tests; every study it describes is invented.
ARTICLE = """\
Cell injections for sore knees: what the studies say

A 2021 trial gave patients four weekly injections of cultured cartilage cells (1). Pain at rest fell by \
38.5% over the year.

The authors concluded: \u201cInjections of cultured cells are a safe option for knee cartilage defects that \
deserves a larger trial\u201d (1).

Hip patients did well too: pain scores improved by 27% after platelet-rich plasma (2).

Exercise after knee arthroscopy also helps: a trial found 19% fewer falls (3).

Cyclists who trained on the track had their cartilage grow back, and 64% were racing again within five \
months (4).

Bracing after repair is popular, and 91% of patients returned to work (5).

References

1. Lind A. Four weekly injections of cultured chondrocytes for knee cartilage defects. J Invent Orthop. \
2021;12:101-110. doi:10.5555/jio.2021.101.
2. Moss K. Platelet-rich plasma versus saline for hip osteoarthritis: a pilot trial. Invent Hip J. \
2019;7:12-19. doi:10.5555/ihj.2019.7.
3. Park J. Exercise therapy after knee arthroscopy: a randomized trial. J Invent Orthop. 2020;11:55-61. \
doi:10.5555/jio.2020.55.
4. Ortiz L, Chen W. Cartilage thickness after track cycling programmes. Invent Sports Med. 2018;9:201-208.
5. Vance T. Knee bracing after cartilage repair: a cohort study. J Invent Orthop. 2022;13:5-12. \
doi:10.5555/jio.2019.88. PMID: 91000005.
"""

Report = dict[str, Any]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAIMCHECK_EUTILS_URL", raising=False)
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    return tmp_path


@pytest.fixture
def article(workdir: Path) -> Path:
    path = workdir / "knees.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def server() -> Iterator[FakeEutils]:
    with FakeEutils(FIXTURES / "pubmed-identity", FIXTURES / "pmc-identity") as fake:
        yield fake


@pytest.fixture
def example(workdir: Path) -> Path:
    path = workdir / "article.txt"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


@pytest.fixture
def example_server() -> Iterator[FakeEutils]:
    with FakeEutils(FIXTURES / "pubmed", FIXTURES / "pmc") as fake:
        yield fake


def check(
    capsys: pytest.CaptureFixture[str], path: Path, server: FakeEutils, *options: str
) -> tuple[int, Report]:
    status = main(["check", str(path), "--eutils-url", server.url, "--format", "json", *options])
    return status, json.loads(capsys.readouterr().out)


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def claims_citing(report: Report, key: str) -> list[dict[str, Any]]:
    claims = [claim for claim in report["claims"] if key in claim["cites"]]
    assert claims, f"no claim cites {key}"
    return claims


def findings_on(report: Report, key: str) -> list[dict[str, Any]]:
    return [finding for finding in report["findings"] if finding["reference"] == key]


# --------------------------------------------------------------------------- identity


def test_a_doi_that_maps_to_another_paper_is_cc102_and_the_decoy_is_never_evidence(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report = check(capsys, article, server)

    assert status == EXIT_FINDINGS
    [conflict] = findings_on(report, "park2020")
    assert conflict["rule"] == "CC102" and conflict["pmid"] == "91000003"
    assert conflict["claimed"] == "Exercise therapy after knee arthroscopy: a randomized trial"
    assert "Vitamin D levels in older adults" in conflict["found"]
    for field in ("title similarity", "first author Park vs Quill", "year 2020 vs 2017", "journal"):
        assert field in conflict["message"], field
    # The decoy's abstract holds the very figure the claim makes: it must not count as support.
    [claim] = claims_citing(report, "park2020")
    assert claim["verdict"] == "unverifiable"
    assert claim["pmids"] == [] and claim["support"] == []
    assert "PMID 91000003 is not 'Exercise therapy after knee arthroscopy" in claim["reason"]
    assert "CC102" in claim["reason"]
    assert not [f for f in report["findings"] if f["claim"] == claim["id"]], "no checker saw the decoy"


def test_a_citation_matched_to_a_neighbour_is_cc101_naming_the_candidate(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = check(capsys, article, server)

    [not_found] = findings_on(report, "ortiz2018")
    assert not_found["rule"] == "CC101" and not_found["pmid"] == "91000004"
    assert "candidate PMID 91000004, 'Meniscal tear repair in professional cyclists" in not_found["message"]
    [claim] = claims_citing(report, "ortiz2018")
    assert claim["verdict"] == "unverifiable" and claim["pmids"] == [] and claim["support"] == []
    assert "CC101" in claim["reason"]
    assert not [f for f in report["findings"] if f["claim"] == claim["id"]]


def test_a_pmid_and_a_doi_naming_two_papers_is_cc102_even_when_the_record_has_no_doi(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = check(capsys, article, server)

    [conflict] = findings_on(report, "vance2022")
    assert conflict["rule"] == "CC102"
    assert "PMID 91000005 -> 91000005" in conflict["message"]
    assert "DOI 10.5555/jio.2019.88 -> 91000006" in conflict["message"]
    [claim] = claims_citing(report, "vance2022")
    assert claim["verdict"] == "unverifiable" and claim["support"] == []
    # The DOI was looked up in the run's one DOI search, not in a search of its own.
    [search] = server.requests_to("esearch.fcgi")
    assert "10.5555/jio.2019.88" in search.params["term"]


def test_genuine_records_pass_the_identity_check_silently(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = check(capsys, article, server)

    assert not [f for f in findings_on(report, "lind2021") if f["rule"] in ("CC101", "CC102")]
    assert not [f for f in findings_on(report, "moss2019") if f["rule"] in ("CC101", "CC102")]
    assert {claim["verdict"] for claim in claims_citing(report, "lind2021")} == {"supported"}


# --------------------------------------------------------------------------- full text


def test_a_quotation_and_a_figure_only_in_the_body_are_supported_with_the_section_named(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = check(capsys, article, server)

    by_line = {(claim["line"], claim["text"][:12]): claim for claim in claims_citing(report, "lind2021")}
    quoted = next(c for (line, _), c in by_line.items() if line == line_of(ARTICLE, "The authors concluded"))
    assert quoted["verdict"] == "supported"
    assert (quoted["source"], quoted["section"]) == ("fulltext", "Conclusions")
    assert quoted["support"][0]["evidence"].startswith("Injections of cultured cells are a safe option")
    figure = next(c for c in by_line.values() if "38.5%" in c["text"] and c["text"].startswith("Pain"))
    assert figure["verdict"] == "supported"
    assert (figure["source"], figure["section"]) == ("fulltext", "Results > Pain")
    assert "38.5%" in figure["support"][0]["evidence"]


def test_a_body_only_figure_of_a_work_without_pmcid_is_cc303_no_open_full_text(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = check(capsys, article, server)

    [claim] = claims_citing(report, "moss2019")
    assert claim["verdict"] == "unverifiable"
    assert "no open full text" in claim["reason"] and "PMID 91000002 has no PMCID" in claim["reason"]
    [undecided] = [f for f in report["findings"] if f["claim"] == claim["id"]]
    assert undecided["rule"] == "CC303" and "no open full text" in undecided["message"]
    assert (claim["source"], undecided["source"]) == ("abstract", "abstract")


def test_no_fulltext_leaves_body_only_claims_unverifiable_and_asks_pmc_nothing(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = check(capsys, article, server, "--no-fulltext")

    assert not [entry for entry in server.log if entry.params.get("db") == "pmc"]
    for claim in claims_citing(report, "lind2021"):
        if "38.5%" in claim["text"] or "concluded" in claim["text"]:
            assert claim["verdict"] == "unverifiable", claim
            assert "turned off by --no-fulltext" in claim["reason"]
    rules = {f["rule"] for f in report["findings"] if f["reference"] == "lind2021"}
    assert rules == {"CC303"}


def test_full_texts_come_in_one_batch_only_when_an_abstract_is_silent_and_are_cached_apart(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    first_status, first = check(capsys, article, server)
    cold = list(server.log)

    [pmc] = [entry for entry in cold if entry.params.get("db") == "pmc"]
    assert pmc.params["id"] == "9100001", "only the work with a PMCID whose abstract left a claim undecided"
    # One resolve (DOI search, candidate fetch, ECitMatch), one fetch of the rest, one full-text batch.
    assert len(cold) <= 5
    second_status, second = check(capsys, article, server)
    assert len(server.log) == len(cold), "a warm re-run asks nothing"
    assert (first_status, first) == (second_status, second)

    assert main(["cache", "info"]) == 0
    info = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    assert info["full texts"] == "1"
    assert int(info["records"]) == 6


def test_every_finding_and_claim_says_where_its_evidence_came_from(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = check(capsys, article, server)

    for finding in report["findings"]:
        assert finding["source"] in ("abstract", "fulltext", "metadata"), finding
        assert "section" in finding
    for claim in report["claims"]:
        assert {"source", "section"} <= set(claim)
        if claim["verdict"] == "supported":
            assert (claim["source"], claim["section"]) == (
                claim["support"][0]["source"],
                claim["support"][0]["section"],
            )
        if claim["source"] == "fulltext":
            assert claim["section"], claim


# --------------------------------------------------------------------------- the example article


def test_example_burke_quotation_and_shaw_schedule_are_decided_from_full_text(
    example: Path, example_server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = check(capsys, example, example_server)

    by_line: dict[int, list[dict[str, Any]]] = {}
    for claim in report["claims"]:
        by_line.setdefault(claim["line"], []).append(claim)
    [burke] = [c for c in by_line[108] if "burke2016" in c["cites"]]
    assert burke["verdict"] == "supported"
    assert (burke["source"], burke["section"]) == ("fulltext", "Conclusions")
    schedule = [c for line in range(24, 28) for c in by_line.get(line, []) if "shaw2018" in c["cites"]]
    assert len(schedule) >= 4
    for claim in schedule:
        assert claim["verdict"] == "supported", claim
        assert (claim["source"], claim["section"]) == ("fulltext", "Methods > Treatment schedule"), claim
    assert len([entry for entry in example_server.log if entry.params.get("db") == "pmc"]) == 1


def test_example_body_only_claims_are_unverifiable_without_full_text(
    example: Path, example_server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = check(capsys, example, example_server, "--no-fulltext")

    body_only = [c for c in report["claims"] if c["line"] in (24, 25, 26, 27, 108) and c["cites"]]
    assert len(body_only) >= 5
    for claim in body_only:
        assert claim["verdict"] == "unverifiable", claim
        assert "--no-fulltext" in claim["reason"]
