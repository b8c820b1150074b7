"""A source passage cited by many claims of a run is analysed once (issue 15): its quantities, populations,
designs and effect statements are read on the first claim and served from the cache for the others. The
test counts the readings, not the time, and checks that every claim still gets the same answer.

The record and its abstract are invented for this test.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from claimcheck import checks
from claimcheck.checks import design, population
from claimcheck.checks.base import ClaimContext
from claimcheck.model import Claim, Passage, Record, Reference
from claimcheck.vocabulary import designs, effects, populations, quantities

ABSTRACT = (
    "Invented abstract for this test. In this randomized controlled trial, 120 adults with knee pain were "
    "assigned to cold packs or usual care. Pain fell by 30% in 48 of 60 patients with cold packs. "
    "Swelling was lower with cold packs than with usual care (p = 0.01)."
)
CLAIMS = 20


def _counting(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count, per reader, how often the abstract itself is read (the claims' own texts are left out)."""
    reads: Counter[str] = Counter()
    mentions, statements, split = populations._mentions, designs._statements, effects.sentences

    class CountingReader(quantities._Reader):
        def __init__(self, text: str, lowered: str) -> None:
            reads["quantities"] += text == ABSTRACT
            super().__init__(text, lowered)

    def counting_mentions(text: str) -> list[populations.Mention]:
        reads["populations"] += text == ABSTRACT
        return mentions(text)

    def counting_statements(text: str, field: str) -> Any:
        reads["designs"] += text == ABSTRACT
        return statements(text, field)

    def counting_sentences(text: str) -> list[tuple[int, int]]:
        reads["effects"] += text == ABSTRACT
        return split(text)

    monkeypatch.setattr(quantities, "_Reader", CountingReader)
    monkeypatch.setattr(populations, "_mentions", counting_mentions)
    monkeypatch.setattr(designs, "_statements", counting_statements)
    monkeypatch.setattr(effects, "sentences", counting_sentences)
    for cached in (
        quantities.find_quantities,
        populations.find_populations,
        designs.stated_designs,
        effects._read_effects,
        design._what_the_source_says,
        population._what_the_source_says,
    ):
        cached.cache_clear()
    return reads


def test_an_abstract_cited_by_many_claims_is_read_once_with_the_same_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads = _counting(monkeypatch)
    record = Record(
        pmid="71000010", title="Cold packs: an invented trial", abstract=(Passage("abstract", "", ABSTRACT),)
    )
    answers = []
    for article in range(CLAIMS):
        figure = "30%" if article % 2 else "40%"  # every other claim misstates the figure
        claim = Claim(
            id=f"1-cold-{article}",
            article=f"article-{article}.md",
            line=3,
            text=f"In a randomized trial of adults, cold packs cut pain by {figure} and swelling was lower [1].",
            cites=("1",),
            figures=(figure,),
            design=("randomized",),
            population=("adults",),
            effects=("swelling was lower",),
        )
        outcomes = checks.check_claim(ClaimContext(claim, Reference(key="1"), record, record.abstract))
        answers.append(sorted((type(item).__name__, getattr(item, "rule", "")) for item in outcomes))
    assert reads == {"quantities": 1, "populations": 1, "designs": 1, "effects": 1}
    assert answers[0] != answers[1]  # the misstated figure is told apart from the right one
    assert answers[2::2] == [answers[0]] * (CLAIMS // 2 - 1)
    assert answers[3::2] == [answers[1]] * (CLAIMS // 2 - 1)
    assert any(name == "Finding" for name, _ in answers[0])
