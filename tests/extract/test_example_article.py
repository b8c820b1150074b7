"""The example article: every passage about the seven references links to the right one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from claimcheck.extract import Extraction, extract
from claimcheck.model import Claim

from .conftest import load_article
from .matching import pair_up

ROOT = Path(__file__).parents[2]
ARTICLE = ROOT / "articles" / "stem-cell-therapy-knees.txt"
EXPECTED = Path(__file__).parent / "expected" / "stem-cell-therapy-knees.yaml"


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    article = load_article(ARTICLE)
    assert [ref.number for ref in article.references] == [1, 2, 3, 4, 5, 6, 7]
    return extract(article, article.references)


def _on_line(extraction: Extraction, line: int) -> list[Claim]:
    return [claim for claim in extraction.claims if claim.line == line]


def test_claims_match_the_reviewed_expectation(extraction: Extraction) -> None:
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["claims"]
    matched, unexpected, missing = pair_up(extraction.claims, expected)
    assert not missing, f"not extracted: {missing}"
    assert not unexpected, f"not expected: {unexpected}"
    assert matched == len(expected)


def test_markers_resolve_to_the_numbered_references(extraction: Extraction) -> None:
    found = [(citation.marker, citation.line, citation.keys) for citation in extraction.citations]
    assert found == [
        ("(1)", 16, ("shaw2018",)),
        ("(2)", 66, ("doyle2020",)),
        ("(3)", 74, ("migliorini2019",)),
        ("(4)", 81, ("emadedin2018",)),
        ("(5)", 106, ("burke2016",)),
    ]
    assert all(not citation.unknown for citation in extraction.citations)


def test_references_six_and_seven_are_never_cited(extraction: Extraction) -> None:
    cited = {key for claim in extraction.claims for key in claim.cites}
    assert cited == {"shaw2018", "doyle2020", "migliorini2019", "emadedin2018", "burke2016"}


def test_links_without_a_marker_say_why(extraction: Extraction) -> None:
    (georgia,) = _on_line(extraction, 118)
    assert georgia.cites == ("burke2016",) and georgia.link == "names institution Georgia Regents University"
    archives, suggests = _on_line(extraction, 122)
    assert archives.cites == suggests.cites == ("migliorini2019",)
    assert archives.journal == "Archives of Orthopaedic and Trauma Surgery"
    assert archives.quote == "feasible option, leading to an overall remarkable improvement"
    darrow, results = _on_line(extraction, 163)
    assert darrow.cites == ("shaw2018",) and darrow.link == "names author Darrow"
    # "Studies show ..." two sentences later does not say it is Darrow's study: it cites nothing.
    assert results.figures == ("84% decrease in resting pain", "67% total overall improvement")
    assert results.cites == () and results.link == ""


def test_multi_paragraph_quotation_belongs_to_the_sentence_that_introduces_it(extraction: Extraction) -> None:
    (quotation,) = _on_line(extraction, 68)
    assert quotation.cites == ("doyle2020",)
    assert quotation.link == "quotation introduced by a sentence citing (2)"
    assert quotation.quote.count("\n") == 2
    assert quotation.quote.endswith("to determine the validity of efficacy in future studies.")
    assert ". . ." in quotation.quote


def test_the_study_byline_belongs_to_the_cited_study(extraction: Extraction) -> None:
    byline, institute, journal = _on_line(extraction, 13), _on_line(extraction, 14), _on_line(extraction, 16)
    assert byline[0].authors == ("Brent Shaw", "Marc Darrow") and byline[0].cites == ("shaw2018",)
    assert institute[0].affiliation == "Mayo Clinic"
    assert journal[0].date == "June 18, 2018"
    assert journal[0].journal == "Clinical Medicine Insights: Arthritis and Musculoskeletal Disorders"


def test_unsourced_statistic_and_quotation_are_flagged(extraction: Extraction) -> None:
    unsourced = {claim.line: claim for claim in extraction.claims if not claim.cites}
    assert unsourced[9].figures == ("about 10% of people over 60",)
    assert unsourced[132].attribution == "Resilience Orthopedics"
    assert unsourced[132].quote.startswith("Most health insurance companies do not cover")
    assert set(unsourced) == {9, 98, 132, 163}


def test_ids_are_readable_unique_and_stable(extraction: Extraction) -> None:
    ids = [claim.id for claim in extraction.claims]
    assert len(set(ids)) == len(ids)
    assert all(
        claim.id.startswith(claim.cites[0] if claim.cites else "unsourced-") for claim in extraction.claims
    )
    again = extract(load_article(ARTICLE), load_article(ARTICLE).references)
    assert [claim.id for claim in again.claims] == ids


def test_same_claims_through_the_real_article_reader() -> None:
    """The inputs stage's reader (normalized text, its own reference parser) gives the same claims."""
    article_module = pytest.importorskip("claimcheck.inputs.article")
    article = article_module.read_article(str(ARTICLE))
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["claims"]
    matched, unexpected, missing = pair_up(extract(article, article.references).claims, expected)
    assert (matched, unexpected, missing) == (len(expected), [], [])
