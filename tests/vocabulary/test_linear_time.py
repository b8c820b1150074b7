"""The quantity reader, the figure extractor and the reader of two groups' figures take time linear in the
text, on hostile text too.

Issue 14: a run of 20,000 digits took 5.7 s (a pattern that backtracked over every digit) and 140 KB of
bullets 9 s (a prefix copied per figure). Each input below is read at two sizes, four times apart; a
linear reader takes about four times as long, a quadratic one sixteen. How fast it is in absolute terms
is measured by benchmarks/, not here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from claimcheck.extract.figures import find_figures
from claimcheck.vocabulary.comparisons import figures_compared
from claimcheck.vocabulary.quantities import find_quantities

_SMALL = 4_000
_GROWTH = 4
_QUADRATIC = _GROWTH * _GROWTH

HOSTILE: dict[str, Callable[[int], str]] = {
    "a run of digits": lambda size: "1" * size,
    "digits and spaces": lambda size: "1 " * (size // 2),
    "digits and commas": lambda size: "1," * (size // 2),
    "digits and points": lambda size: "1." * (size // 2),
    "opening brackets": lambda size: "(" * size,
    "numbers in open brackets": lambda size: "(1 " * (size // 3),
    "spaces after a number": lambda size: "12" + " " * size + "patients",
    "number words and spaces": lambda size: ("twenty" + " " * 40 + "-") * (size // 47),
    "confidence levels": lambda size: "95% CI " * (size // 7),
    "comparisons": lambda size: "10% vs " * (size // 7),
    "ranges that are changes": lambda size: "from 1 to " * (size // 10),
    "ratio labels": lambda size: "OR " * (size // 3) + "1.5",
    "one long sentence of bullets": lambda size: "\u2022 12 patients (3.5%) with 4 mg " * (size // 32),
    "a sentence without an end": lambda size: "word 12 patients and " * (size // 21),
    "two groups' figures without an end": lambda size: (
        "nausea 12 in the K group vs 30 in the S group, " * (size // 47)
    ),
    "many sentences of figures": lambda size: (
        "Pain was 3 in group A and 4 in group B (p = 0.2). " * (size // 50)
    ),
}


def _seconds(read: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(2):
        find_quantities.cache_clear()
        started = time.process_time()
        read(text)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_reading_hostile_text_grows_linearly(name: str) -> None:
    make = HOSTILE[name]
    for read in (find_quantities, find_figures, figures_compared):
        small = _seconds(read, make(_SMALL))
        large = _seconds(read, make(_SMALL * _GROWTH))
        # Half-way between linear and quadratic, with slack for a timer's granularity.
        assert large <= (_GROWTH + _QUADRATIC) / 2 * small + 0.05, (name, read.__name__, small, large)
