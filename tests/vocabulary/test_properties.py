"""Properties of the quantity vocabulary on generated text: what extraction produces, the checkers read
back to the same value, and no input makes the reader crash."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.figures import figure_phrases, find_figures
from claimcheck.vocabulary.quantities import find_quantities, parse_quantities

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
)
_ONES += "seventeen eighteen nineteen"
_SMALL = _ONES.split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def in_words(number: int) -> str:
    """English words for 0 <= number < 10**9, the way writers spell them ("one thousand sixty-nine")."""
    if number < 20:
        return _SMALL[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens - 2] + (f"-{_SMALL[ones]}" if ones else "")
    for size, name in ((10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if number >= size:
            high, low = divmod(number, size)
            return f"{in_words(high)} {name}" + (f" {in_words(low)}" if low else "")
    raise AssertionError(number)


def test_in_words_writes_what_writers_write() -> None:
    assert in_words(1069) == "one thousand sixty-nine"
    assert in_words(12) == "twelve" and in_words(2_000_005) == "two million five"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_read_without_crashing(text: str) -> None:
    for quantity in find_quantities(text):
        assert math.isfinite(quantity.value)
        assert text[quantity.start : quantity.end] in quantity.phrase
        assert quantity.phrase == text[quantity.phrase_start : quantity.phrase_start + len(quantity.phrase)]
    find_figures(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**7), st.sampled_from(["{:,}", "{}"]))
def test_digits_round_trip(number: int, style: str) -> None:
    quantities = find_quantities(f"We enrolled {style.format(number)} patients.")
    assert [quantity.value for quantity in quantities] == [float(number)]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=999_999))
def test_numbers_in_words_round_trip(number: int) -> None:
    quantities = find_quantities(f"The review pooled {in_words(number)} knees.")
    assert [quantity.value for quantity in quantities] == [float(number)]


_PREFIXES = [
    "The trial enrolled",
    "In all,",
    "Pain fell in",
    "About",
    "We followed",
    "Among the adolescents,",
    "The rate was",
    "Adverse events occurred in",
    "Participants received",
]
_THINGS = [
    "patients",
    "knees",
    "medical studies",
    "%",
    "% of caregivers",
    "mg of folate",
    "\u03bcg",
    "mcg/day",
    "days",
    "weeks",
    "months",
    "years",
    "minutes",
    "injections",
    "cases per 100,000",
    "percent decrease in resting pain",
]
_SUFFIXES = ["", ".", " at 6 months.", " (95% CI 12-40%).", ", respectively.", " versus 12% with placebo."]


@st.composite
def _written_number(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["int", "thousands", "decimal", "words", "fraction", "range"]))
    number = draw(st.integers(min_value=2, max_value=250_000))
    if kind == "thousands":
        return f"{number:,}"
    if kind == "decimal":
        return f"{number / 100:.2f}"
    if kind == "words":
        return in_words(number)
    if kind == "fraction":
        return draw(st.sampled_from(["two-thirds of", "a quarter of", "one in five", "half of the"]))
    if kind == "range":
        return f"{number}-{number + draw(st.integers(min_value=1, max_value=50))}"
    return str(number)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(_PREFIXES),
    _written_number(),
    st.sampled_from(_THINGS),
    st.sampled_from(_SUFFIXES),
)
def test_extracted_figures_parse_back_to_the_same_values(
    prefix: str, number: str, thing: str, suffix: str
) -> None:
    sentence = f"{prefix} {number} {thing}{suffix}".replace(" %", "%")
    for phrase, quantities in figure_phrases(sentence):
        parsed = parse_quantities(phrase)
        assert [(q.value, q.high, q.unit) for q in parsed] == [
            (q.value, q.high, q.unit) for q in quantities
        ], (
            sentence,
            phrase,
        )
