"""Population statistics stated as fact need a source (CC301); figures that are not statistics do not.

Sentences written for these tests.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from claimcheck.checks.citations import check_article
from claimcheck.extract import extract
from claimcheck.model import Article, PreparedArticle, Reference
from claimcheck.vocabulary import statistics
from claimcheck.vocabulary.statistics import describes_the_article, stated_statistic


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("Roughly one in nine toddlers in Wales has a milk allergy.", "one in nine"),
        ("About 1 in 250 newborns has a heart defect.", "1 in 250"),
        ("Seven out of ten nurses report back pain at some point.", "Seven out of ten"),
        ("Close to 40% of teenagers skip breakfast.", "40% of teenagers"),
        ("Nearly a quarter of older adults live alone.", "a quarter of older adults"),
        ("Two-thirds of strokes happen in people over 65.", "Two-thirds of strokes"),
        ("About 12% of the population smokes.", "12% of the population"),
        ("Most women over 50 take at least one daily medicine.", "Most women"),
        ("Measles still kills more than 100,000 children each year.", "100,000"),
        ("Over 2 million hip operations are done worldwide.", "2 million"),
        ("Lyme disease cases have tripled since the nineties.", "cases have tripled"),
        ("Suicide rates here are the highest in the region.", "rates here are the highest in"),
        ("Heart disease remains the leading cause of death.", "the leading cause of death"),
        ("Our practice vaccinated 312 children last winter.", "Our practice vaccinated 312 c"),
        ("Last year we treated 58 patients with burns.", "Last year we treated 58 p"),
    ],
)
def test_a_population_statistic_stated_as_fact(sentence: str, stated: str) -> None:
    assert stated_statistic(sentence) == stated


@pytest.mark.parametrize(
    "sentence",
    [
        "Apply SPF 50 every 2 hours when the UV index is above 6.",  # advice with doses and times
        "Take 400 mg twice a day with food.",
        "Clinic hours are 9am to 5pm, Monday to Friday.",
        "A normal resting heart rate is between 60 and 100 beats a minute.",  # a reference range
        "Priya, 41, has lived with lupus for six years.",  # a person's age and story
        "People with type 2 diabetes should check their feet daily.",
        "Most people never think about their kidneys.",  # "most" with no figure
        "Our waiting room seats 40 and has step-free access.",  # the writer's premises
        "Six trials from this year, in brief.",  # the article counting its own items
        "This digest covers 12 studies on sleep.",
        "Since 2015 we have offered free flu jabs.",  # a year
        "One in, one out: the ward admits no visitors at night.",
        "Take half of the tablet in the morning and half at night.",  # a dose in instructions
        "Fill half of your plate with vegetables.",
        "It was a million-dollar question for the clinic.",
    ],
)
def test_figures_that_are_not_statistics(sentence: str) -> None:
    assert stated_statistic(sentence) == ""


def test_the_article_counting_its_own_items_is_no_study_result() -> None:
    assert describes_the_article("Nine randomised trials, summarised for busy GPs.")
    assert describes_the_article("These notes collect five trials from one journal issue.")
    assert not describes_the_article("Nine randomised trials found that walking helps.")


def test_an_uncited_statistic_is_extracted_and_flagged_cc301_and_advice_is_not() -> None:
    text = (
        "Knee health in brief\n\n"
        "About one in six adults over 50 has knee pain on most days.\n\n"
        "A trial of 80 adults found that walking cut pain by 30% [1].\n\n"
        "Walk for 30 minutes on 5 days a week, and rest for 2 days.\n\n"
        "Four trials from the past year, in brief.\n"
    )
    reference = Reference(key="lark2020", number=1, authors=("Lark T",), year=2020, journal="J Invented Med")
    article = Article("a.md", "md", text, tuple(range(1, text.count("\n") + 2)), (reference,))
    claims = extract(article, (reference,)).claims

    findings = list(check_article(PreparedArticle(article, (reference,), claims, ())))

    assert [(f.rule, f.line) for f in findings] == [("CC301", 3)]
    assert "one in six" in findings[0].claimed


def test_reading_statistics_is_linear_on_hostile_text() -> None:
    """Four times the text takes about four times as long (a quadratic reader would take sixteen)."""
    hostile = [
        lambda size: "1" * size,
        lambda size: "1," * (size // 2),
        lambda size: "1" + ",000" * (size // 4),
        lambda size: "deaths " * (size // 7) + "highest",
        lambda size: "Our " + "unit " * (size // 5),
    ]

    def seconds(text: str) -> float:
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            stated_statistic(text)
            timings.append(time.perf_counter() - started)
        return min(timings)

    for make in hostile:
        small, large = seconds(make(8_000)), seconds(make(32_000))
        assert large < 0.2 or large < 10 * small, (make(20), small, large)


def _sentences_of_every_article() -> list[str]:
    root = Path(__file__).resolve().parents[2]
    paths = [*root.glob("articles/*"), *root.glob("benchmarks/corpus/*/*")]
    texts = [path.read_text(encoding="utf-8") for path in paths if path.suffix in (".txt", ".md", ".html")]
    return [sentence for text in texts for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", text)]


def test_the_cue_words_never_hide_a_statistic() -> None:
    # The fast gate (a digit or a cue word) must let through every sentence the patterns would match.
    sentences = _sentences_of_every_article()
    assert len(sentences) > 1000
    hidden = [s for s in sentences if statistics._statistic_in(s) and not statistics.stated_statistic(s)]
    assert hidden == []
