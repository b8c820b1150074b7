"""The design vocabulary: every curated entry is well formed, and designs are read as papers write them."""

from __future__ import annotations

import pytest

from claimcheck import data
from claimcheck.vocabulary.designs import BY_NAME, DESIGNS, design_of, designs_named, phases, stated_designs


def test_every_entry_says_where_it_comes_from_and_names_known_conflicts() -> None:
    entries = data.load("designs")["design"]
    assert len(entries) == len(DESIGNS) == len(BY_NAME)
    for entry in entries:
        assert entry["source"].strip(), entry["name"]
        assert entry["claim"], entry["name"]
        assert set(entry["conflicts"]) <= BY_NAME.keys(), entry["name"]
        assert entry["name"] not in entry["conflicts"]


def _names(sentence: str) -> list[str]:
    return [label for _, label in designs_named(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A Mendelian randomization study linked BMI to knee pain", ["Mendelian randomization"]),
        ("a meta-analysis of 12 randomized controlled trials", ["meta-analysis"]),
        ("A systematic review of randomised, double-blind, placebo-controlled trials", ["systematic review"]),
        (
            "a randomized, triple-blind, placebo-controlled phase 1/2 clinical trial",
            ["randomized", "placebo", "controlled", "phase 1/2", "trial"],
        ),
        ("a non-randomised trial", ["non-randomized", "trial"]),
        ("Let's review the research we conducted", []),
        ("a retrospective review of 200 charts", ["retrospective"]),
        ("A 2019 review of 40 studies found", ["review"]),
        ("a review of nearly 300 operated knees found", []),
        ("a recent review of 1,200 patients treated at one centre", []),
        ("In a prospective cohort study of 2,000 nurses", ["prospective", "cohort study"]),
        ("a nested case-control study", ["case-control study"]),
        ("A survey of 1,200 parents", ["cross-sectional study"]),
        ("a case report of a 40-year-old runner", ["case report"]),
        ("the SYGMA 1 trial", ["trial"]),
        ("an in vitro study of cartilage cells", ["in vitro"]),
        ("after in vitro fertilization", []),
        ("a mouse model of arthritis", ["animal study"]),
        ("A smaller pilot reported similar results", ["pilot"]),
        ("a study of 500 airline pilots", []),
        ("an open-label, single-arm phase 2 trial", ["single-arm", "phase 2", "trial"]),
        ("In mouse macrophages grown in the laboratory, the hormone", ["in vitro"]),
        # A review of reviews is a review, however gathered; the reviews it covers are not its design.
        ("A narrative review of published meta-analyses on statins", ["review"]),
        ("an umbrella review of systematic reviews of exercise", ["review"]),
        ("A narrative review of 30 trials of statins", ["narrative review"]),
        ("Two meta-analyses of statin trials disagreed", []),
    ],
)
def test_designs_an_article_names(sentence: str, expected: list[str]) -> None:
    assert _names(sentence) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patients were randomized into two groups.", ["randomized"]),
        ("Randomized controlled trials were pooled.", []),
        ("Unlike previous randomized trials, ours enrolled children.", []),
        ("A larger randomized trial is needed to confirm this.", []),
        ("Trial registration: retrospectively registered.", ["trial"]),
        ("In this retrospective cohort study of 300 patients...", ["retrospective", "cohort study"]),
        ("The purpose of this article is to review how care has changed.", ["review"]),
        ("This historical overview traces a century of care.", ["review"]),
        ("The study was a multicentre single arm phase II study.", ["single-arm", "phase"]),
    ],
)
def test_designs_a_source_states_for_itself(text: str, expected: list[str]) -> None:
    assert [statement.design.name for statement in stated_designs(text) if not statement.hint] == expected


def test_a_bare_cohort_is_only_a_hint() -> None:
    [statement] = stated_designs("Three patients formed the 250 mg cohort.")
    assert statement.design.name == "cohort study" and statement.hint


def test_phases_are_read_from_words_and_publication_types() -> None:
    assert phases("phase 1/2") == {1, 2}
    assert phases("Phase II/III") == {2, 3}
    assert phases("Clinical Trial, Phase IV") == {4}
    assert design_of("phase 1/2") is BY_NAME["phase"]


def test_a_claims_file_label_names_its_design() -> None:
    assert design_of("randomised controlled trial") is BY_NAME["randomized"]
    assert design_of("cohort study") is BY_NAME["cohort study"]
    assert design_of("two groups") is None
