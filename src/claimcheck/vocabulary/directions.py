"""Which way a change goes: the words that say a measure rose or fell.

One list for the extractor and every checker (``claimcheck/data/directions.toml``), so that a claim read
as "a decrease" by one stage is read the same by the next::

    direction_of("fell") == -1; direction_of("rose") == 1; direction_of("knees") == 0
"""

from __future__ import annotations

from claimcheck import data

_TABLE = data.load("directions")
INCREASE: frozenset[str] = frozenset(_TABLE["increase"]["words"])
DECREASE: frozenset[str] = frozenset(_TABLE["decrease"]["words"])


def direction_of(word: str) -> int:
    """+1 for a word naming an increase, -1 for a decrease, 0 otherwise (``word`` folded, lower case)."""
    if word in INCREASE:
        return 1
    if word in DECREASE:
        return -1
    return 0
