"""parse_pmc: PMC JATS full text -> body passages in reading order, behind the same guards as PubMed.

tests/fixtures/pmc-parse/ holds JATS written for these tests (each says so in an XML comment).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimcheck.lookup.parse as parse_module
from claimcheck.lookup.parse import MalformedResponse, parse_pmc
from claimcheck.model import Passage

from .mutations import mutated, parse_or_refuse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pmc-parse"
NCBI_DATA = Path(__file__).parents[2] / ".." / "shared" / "data" / "ncbi"


@pytest.fixture
def knee_trial() -> dict[str, tuple[Passage, ...]]:
    return parse_pmc((FIXTURES / "knee-trial.xml").read_bytes())


def test_articles_are_keyed_by_pmcid_whichever_way_the_id_is_written(
    knee_trial: dict[str, tuple[Passage, ...]],
) -> None:
    assert list(knee_trial) == ["PMC1234567", "PMC7654321"]
    assert knee_trial["PMC7654321"] == ()  # an article without a body has no passages


def test_paragraphs_carry_their_nested_section_path(knee_trial: dict[str, tuple[Passage, ...]]) -> None:
    passages = knee_trial["PMC1234567"]
    assert passages[0] == Passage("fulltext", "", "Knee pain is common in older adults.")
    # <bold> flattened; the no-break space between "12" and "months" folds to a plain space
    methods = "We randomised 120 knees to injection or placebo, with a follow-up of 12 months."
    assert Passage("fulltext", "Methods", methods) in passages
    assert Passage("fulltext", "Results > Pain scores", "No serious adverse events occurred.") in passages
    assert all(passage.source == "fulltext" for passage in passages)


def test_formula_is_read_once_and_citation_markers_do_not_stick_to_the_text(
    knee_trial: dict[str, tuple[Passage, ...]],
) -> None:
    [outcomes] = [p for p in knee_trial["PMC1234567"] if p.section == "Methods > Outcomes"]
    assert outcomes.text == (
        "The primary outcome was the change in pain score, where p<0.05 was called significant."
    )


def test_figure_inside_a_paragraph_becomes_its_own_passage_after_it(
    knee_trial: dict[str, tuple[Passage, ...]],
) -> None:
    passages = knee_trial["PMC1234567"]
    paragraph = Passage(
        "fulltext",
        "Results > Pain scores",
        "Pain fell by 31% in the injection arm. Pain fell by 12% with placebo.",
    )
    figure = Passage("fulltext", "Figure 1", "Flow of participants. Eight knees were lost to follow-up.")
    assert passages.index(paragraph) + 1 == passages.index(figure)


def test_table_gives_caption_one_passage_per_row_and_footnotes(
    knee_trial: dict[str, tuple[Passage, ...]],
) -> None:
    table = [p.text for p in knee_trial["PMC1234567"] if p.section == "Table 2: Pain at 12 months"]
    assert table == [
        "Pain at 12 months",
        "Arm | Knees | Change",
        "Injection | 60 | \u221231%",
        "Placebo | 60 | \u221212%",
        "Change from baseline, visual analogue scale.",
    ]


def test_abstract_and_back_matter_are_left_out(knee_trial: dict[str, tuple[Passage, ...]]) -> None:
    text = " ".join(passage.text for passage in knee_trial["PMC1234567"])
    assert "ABSTRACT" not in text
    assert "not body text" not in text


def test_single_article_document_without_articleset() -> None:
    data = (
        b'<?xml version="1.0"?><!-- Written for claimcheck tests. --><article><front><article-meta>'
        b'<article-id pub-id-type="pmc">PMC42</article-id></article-meta></front>'
        b"<body><sec><title>Results</title><p>Forty knees.</p></sec></body></article>"
    )
    assert parse_pmc(data) == {"PMC42": (Passage("fulltext", "Results", "Forty knees."),)}


@pytest.mark.skipif(not NCBI_DATA.is_dir(), reason="shared NCBI recordings are absent")
def test_recorded_pmc_answer() -> None:
    texts = parse_pmc((NCBI_DATA / "biopython/entrez/efetch_pmc.xml").read_bytes())
    [(pmcid, passages)] = texts.items()
    assert pmcid == "PMC8435807"
    [correction] = passages
    assert correction.section == ""
    assert correction.text.startswith("This article was originally published with an error in table 2.")
    assert "\u221215.1%" in correction.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<!DOCTYPE html><html><body>Service unavailable</body></html>", "HTML page"),
        (
            b"<?xml version='1.0'?><!DOCTYPE pmc-articleset [<!ENTITY x 'y'>]><pmc-articleset/>",
            "declares entities",
        ),
        (
            b"<?xml version='1.0'?><pmc-articleset><article><body><p>cut here",
            "truncated or malformed XML at line 1",
        ),
        (
            b"<?xml version='1.0'?><eFetchResult><ERROR>UID=1: cannot get document summary</ERROR>"
            b"</eFetchResult>",
            "E-utilities answered with an error: UID=1: cannot get document summary",
        ),
        (b"<?xml version='1.0'?><PubmedArticleSet/>", "expected a pmc-articleset or article"),
    ],
)
def test_answers_that_are_not_full_text(data: bytes, message: str) -> None:
    with pytest.raises(MalformedResponse, match=message):
        parse_pmc(data)


def test_full_text_over_the_size_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "knee-trial.xml").read_bytes()
    monkeypatch.setattr(parse_module, "MAX_RESPONSE_BYTES", 1000)
    with pytest.raises(MalformedResponse, match="size cap"):
        parse_pmc(data)


def test_deep_nesting_is_refused_not_crashed() -> None:
    depth = 5000
    data = (
        b"<article><front><article-meta><article-id pub-id-type='pmc'>1</article-id>"
        b"</article-meta></front>"
        b"<body>" + b"<list>" * depth + b"x" + b"</list>" * depth + b"</body></article>"
    )
    with pytest.raises(MalformedResponse, match="nested too deeply"):
        parse_pmc(data)


def _parse_or_refuse(data: bytes) -> None:
    parse_or_refuse(parse_pmc, data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_malformed_response(data: bytes) -> None:
    _parse_or_refuse(data)


SEED = (FIXTURES / "knee-trial.xml").read_bytes()


@settings(max_examples=300, deadline=None)
@given(mutated(SEED))
def test_mutated_full_text_raises_only_malformed_response(data: bytes) -> None:
    _parse_or_refuse(data)
