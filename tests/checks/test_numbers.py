"""Number parsing and the number finder, plus the speed and robustness the checkers rely on."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.checks import figures, quotes
from claimcheck.checks.numbers import (
    COUNT_NOUN_GROUPS,
    find_numbers,
    parse_figure,
    parse_number,
    singular,
    stem,
)
from claimcheck.checks.text import american, excerpt, word_tokens
from claimcheck.model import Passage
from claimcheck.textfold import fold

from .conftest import CheckerCase, all_cases

NCBI_DATA = Path(__file__).parents[2] / ".." / "shared" / "data" / "ncbi"


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1,069", 1069.0),
        ("1069", 1069.0),
        ("one thousand sixty-nine", 1069.0),
        ("eighteen", 18.0),
        ("twenty-one", 21.0),
        ("one hundred and five", 105.0),
        ("84.31", 84.31),
        ("13.80", 13.8),
        ("2\u00b75", 2.5),
        ("knees", None),
        ("", None),
    ],
)
def test_parse_number(written: str, value: float | None) -> None:
    assert parse_number(written) == value


def test_percentages_in_every_spelling() -> None:
    for text in ("72%", "72 %", "72 percent", "72 per cent"):
        mention = parse_figure(text)
        assert mention is not None and mention.value == 72.0 and mention.percent, text


def test_a_number_keeps_what_it_counts() -> None:
    first, second = find_numbers("We pooled 18 medical studies with 1,069 knees.")
    assert (first.value, first.counted, first.phrase) == (18.0, ("medical", "study"), "18 medical studies")
    assert (second.value, second.counted, second.phrase) == (1069.0, ("knee",), "1,069 knees")


def test_direction_words_before_or_after() -> None:
    assert find_numbers("an 84.31% decrease in resting pain")[0].direction == -1
    assert find_numbers("resting pain fell by 84%")[0].direction == -1
    assert find_numbers("a 55.68% increase in function")[0].direction == 1
    assert find_numbers("84% of patients were women")[0].direction == 0


def test_qualifiers_and_decimals() -> None:
    about = parse_figure("approximately 14 days")
    assert about is not None and (about.qualifier, about.unit, about.decimals) == ("about", "day", 0)
    over = parse_figure("over 1,000 cases")
    assert over is not None and over.qualifier == "over"
    exact = parse_figure("13.80 days")
    assert exact is not None and exact.decimals == 2


def test_ranges_and_shared_units() -> None:
    assert [(m.value, m.high, m.unit) for m in find_numbers("3-6 months")] == [(3.0, 6.0, "month")]
    assert [(m.value, m.unit) for m in find_numbers("at 3 and 6 months")] == [(3.0, "month"), (6.0, "month")]


def test_identifiers_ordinals_and_pronouns_are_not_counts() -> None:
    assert find_numbers("PMC6024328, the 3rd visit, COVID-19, one of the most common") == []


def test_two_figures_in_one_sentence_keep_their_own_subject() -> None:
    first, second = find_numbers("The iliac crest was used in 72% of studies, and adipose tissue in 28%.")
    assert "iliac" in first.context and "iliac" not in second.context
    assert "adipose" in second.context


def test_stem_folds_plurals_and_synonyms() -> None:
    assert [stem(word) for word in ("studies", "trials", "knees", "patients", "analysis")] == [
        "study",
        "study",
        "knee",
        "patient",
        "analysis",
    ]
    assert stem("treatments") == stem("injections") == stem("doses") == stem("sessions")
    assert stem("participants") == stem("people") == stem("patients")
    assert len({stem("patients"), stem("knees"), stem("studies"), stem("injections")}) == 4


def test_count_noun_groups_never_share_a_word() -> None:
    words = [word for group in COUNT_NOUN_GROUPS for word in group]
    assert len(words) == len(set(words)), "a word in two groups would join two units of analysis"
    assert all(singular(word) == word for word in words if word != "people"), "groups list singular forms"


def test_a_mention_keeps_its_nouns_as_written() -> None:
    listed, injections = find_numbers("Scores at 3 and 6 Months; 4 BMC injections.")[0::2]
    assert (listed.counted, listed.nouns) == (("month",), ("Months",))
    assert (injections.counted, injections.nouns) == (("bmc", "injection"), ("BMC", "injections"))


def test_spelling_and_tokens() -> None:
    assert american("randomised") == american("randomized")
    assert american("orthopaedic") == american("orthopedic")
    assert [token.word for token in word_tokens("The Cells & Tissue")] == ["the", "cells", "and", "tissue"]
    assert (
        fold("The Archives of Orthopaedic & Trauma Surgery.") == "archives of orthopaedic and trauma surgery"
    )


def test_excerpt_is_verbatim_and_short() -> None:
    text = "First sentence. " + "word " * 100 + "TARGET " + "more " * 100 + ". Last."
    start = text.index("TARGET")
    span = excerpt(text, start, start + 6)
    assert "TARGET" in span and len(span) <= 200 and span in " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_number_parsing_never_crashes(text: str) -> None:
    parse_number(text)
    for mention in find_numbers(text):
        assert mention.value >= 0
        assert text[mention.start : mention.end] in mention.phrase


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**7), st.sampled_from(["{:,}", "{}"]))
def test_digits_round_trip(number: int, style: str) -> None:
    mentions = find_numbers(f"We enrolled {style.format(number)} patients.")
    assert [mention.value for mention in mentions] == [float(number)]


def test_a_long_full_text_is_searched_to_its_end(make_context) -> None:  # type: ignore[no-untyped-def]
    # Written for this test: a ~100 KB body of varied sentences with numbers and repeated phrases.
    sentences = [
        f"In cohort {n}, {n * 7 % 997} knees showed a {n % 90}.{n % 10}% decrease in pain "
        f"after {n % 30} days, "
        f"and the investigators judged the outcome number {n} to be encouraging for cartilage repair."
        for n in range(700)
    ]
    body = " ".join(sentences)
    assert len(body) > 100_000
    context = make_context(
        claim={
            "figures": ["1234 knees"],
            "quote": "the investigators judged the outcome number 650 to be promising",
        },
        record={
            "abstract": [{"section": "", "text": "Short abstract."}],
            "fulltext": [{"section": "Results", "text": body}],
        },
    )
    # How fast this runs is measured by benchmarks/bench_checks.py, not asserted here.
    outcomes = [*figures.check(context), *quotes.check(context)]
    assert {getattr(outcome, "rule", "") for outcome in outcomes} >= {"CC205"}


def _abstracts() -> list[str]:
    texts = []
    for path in sorted(NCBI_DATA.rglob("*.xml"))[:60]:
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError:
            continue
        texts.extend("".join(node.itertext()) for node in root.iter("AbstractText"))
    return texts


@pytest.mark.skipif(not NCBI_DATA.is_dir(), reason="shared NCBI data not available")
def test_real_abstracts_parse_without_surprises() -> None:
    abstracts = _abstracts()
    assert abstracts
    for text in abstracts:
        for mention in find_numbers(text):
            assert mention.phrase.startswith(text[mention.start : mention.end])


def _quotes_passage(evidence: str, passage: Passage) -> bool:
    """Does the evidence's first span (spans from several sections are joined by an ellipsis) quote it?"""
    first = " ".join(evidence.removeprefix("searched: ").split("\u2026")[0].split())
    return bool(first) and first in " ".join(passage.text.split())


_TEXT_CASES = [case for case in all_cases() if case.checker in ("figures", "quotes")]


@pytest.mark.parametrize("text_case", _TEXT_CASES, ids=[case.name for case in _TEXT_CASES])
def test_evidence_is_labelled_with_the_passage_it_quotes(text_case: CheckerCase) -> None:
    """Evidence quoting abstract or full text says so (source and section); only record-level evidence is
    labelled metadata."""
    module = figures if text_case.checker == "figures" else quotes
    for outcome in module.check(text_case.context):
        quoted = [passage for passage in text_case.passages if _quotes_passage(outcome.evidence, passage)]
        if quoted:
            assert (outcome.source, outcome.section) in {(p.source, p.section) for p in quoted}, outcome
        else:
            assert outcome.source == "metadata", outcome


def test_an_addition_points_at_the_sentence_it_was_added_to(make_context) -> None:  # type: ignore[no-untyped-def]
    # Written for this test.
    context = make_context(
        claim={"quote": "Knees improved (in every clinic). Pain fell sharply"},
        record={
            "abstract": [{"section": "Results", "text": "Knees improved. Pain fell sharply at six weeks."}]
        },
    )
    (outcome,) = quotes.check(context)
    assert outcome.message == "added '(in every clinic)'"
    assert outcome.evidence == "Knees improved."


def test_a_sum_is_evidenced_by_one_span_of_the_source(make_context) -> None:  # type: ignore[no-untyped-def]
    # Written for this test.
    text = "The second visit came 10.5 days after the first and the third 20.5 days after the second."
    context = make_context(
        claim={"figures": ["31 days"], "text": "the third visit, 31 days after the first"},
        record={"abstract": [{"section": "Methods", "text": text}]},
    )
    outcomes = list(figures.check(context))
    assert {outcome.evidence for outcome in outcomes} == {text}


def test_joined_quote_spans_show_one_ellipsis_between_them(make_context) -> None:  # type: ignore[no-untyped-def]
    # Written for this test: a first sentence longer than the evidence limit, so its span is clipped.
    first = "Knees were scored " + " ".join(f"on scale {n} of the battery" for n in range(40)) + "."
    text = f"{first} Pain fell sharply at six weeks."
    context = make_context(
        claim={"quote": f"{first[:-1]} ... Pain fell slowly at six weeks"},
        record={"abstract": [{"section": "Results", "text": text}]},
    )
    (outcome,) = quotes.check(context)
    assert outcome.message == "changed 'sharply' to 'slowly'"
    assert "\u2026 \u2026" not in outcome.found and outcome.found.count("\u2026") == 1
