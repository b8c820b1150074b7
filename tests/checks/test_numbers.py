"""The figure checker's evidence and the text helpers the checkers share (the numbers themselves are
read by claimcheck.vocabulary.quantities, tested in tests/vocabulary)."""

from __future__ import annotations

import pytest

from claimcheck.checks import figures, quotes
from claimcheck.checks.text import american, excerpt, word_tokens
from claimcheck.model import Passage
from claimcheck.textfold import fold
from claimcheck.vocabulary import quantities

from .conftest import CheckerCase, all_cases


def test_a_passage_is_read_once_however_many_figures_are_checked_against_it(
    make_context, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: the source text is analysed once per run, not once per claimed figure."""
    reads: list[str] = []
    original = quantities._Reader.read

    def counting(self: quantities._Reader, *args: object, **kwargs: object) -> object:
        reads.append(self.text)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(quantities._Reader, "read", counting)
    quantities.find_quantities.cache_clear()
    # Written for this test.
    abstract = "Twelve participants received 4 injections; pain fell by 42.5% at 12 weeks."
    for figure in ("12 patients", "4 injections", "42.5%", "12 weeks", "13 patients"):
        context = make_context(claim={"figures": [figure]}, record={"abstract": [abstract]})
        list(figures.check(context))
    assert reads.count(abstract) == 1


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
