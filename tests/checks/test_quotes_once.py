"""The same quotation of the same record, in many claims of a run, is aligned once (issue 15): counted.

The record and its abstract are invented for this test.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimcheck.checks import quotes
from claimcheck.checks.base import ClaimContext
from claimcheck.model import Claim, Passage, Record, Reference, Support

ABSTRACT = (
    "Invented abstract for this test. Cold packs after knee surgery reduced swelling in 40 of 60 "
    "patients, and encouraging results justify a larger trial."
)


def test_a_quotation_repeated_across_articles_is_aligned_once_with_the_same_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    aligned = 0
    align = quotes._align_in_order

    def counting(*arguments: Any) -> list[quotes.Alignment]:
        nonlocal aligned
        aligned += 1
        return align(*arguments)

    monkeypatch.setattr(quotes, "_align_in_order", counting)
    quotes._located.cache_clear()
    record = Record(
        pmid="71000009", title="Cold packs: an invented trial", abstract=(Passage("abstract", "", ABSTRACT),)
    )
    outcomes = []
    for article in range(20):
        claim = Claim(
            id=f"1-cold-{article}",
            article=f"article-{article}.md",
            line=3,
            text="The authors wrote that “encouraging results justify a larger trial” [1].",
            cites=("1",),
            quote="encouraging results justify a larger trial",
        )
        context = ClaimContext(claim, Reference(key="1"), record, record.abstract)
        outcomes.append(list(quotes.check(context)))
    assert aligned == 1
    assert all(len(found) == 1 and isinstance(found[0], Support) for found in outcomes)
    assert {found[0].evidence for found in outcomes} == {"encouraging results justify a larger trial"}
    assert [found[0].claim for found in outcomes] == [f"1-cold-{article}" for article in range(20)]
