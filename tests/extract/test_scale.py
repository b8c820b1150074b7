"""Extraction grows with the article, not with articles times references (issue 15): counted, never timed.

The references and articles are invented for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.extract import claims as extract_claims
from claimcheck.extract import extract, names
from claimcheck.extract.linking import link_by_name
from claimcheck.extract.names import NameIndex
from claimcheck.inputs.article import read_article
from claimcheck.model import Reference

JOURNALS = ("Journal of Invented Knees", "Annals of Invented Hips", "Fictional Spine Reports")
SENTENCE = "A trial published in the Annals of Invented Hips found less pain in 40 patients."


def references(count: int) -> list[Reference]:
    """``count`` references to the same three invented journals, in turn."""
    return [
        Reference(key=str(n), number=n, authors=(f"Family{n} A",), journal=JOURNALS[n % 3])
        for n in range(1, count + 1)
    ]


def test_a_journal_names_every_reference_to_it_in_list_order() -> None:
    found = NameIndex(references(9)).journal(SENTENCE)
    assert found is not None
    assert found.written == "Annals of Invented Hips"
    assert found.keys == ("1", "4", "7")
    link, ambiguous = link_by_name(SENTENCE, NameIndex(references(9)).analyse(SENTENCE), {})
    assert link is None
    assert ambiguous == ["'Annals of Invented Hips' fits 1, 4, 7: not linked"]


def test_one_reference_to_a_journal_links_by_it() -> None:
    others = [reference for reference in references(6) if reference.journal != "Annals of Invented Hips"]
    index = NameIndex([*others, Reference(key="9", number=9, journal="Annals of Invented Hips")])
    link, ambiguous = link_by_name(SENTENCE, index.analyse(SENTENCE), {})
    assert link is not None and link.keys == ("9",) and ambiguous == []


def test_a_sentence_is_compared_with_each_journal_once_however_many_references_cite_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared = 0
    same_word = names._same_word

    def counting(abbreviated: str, full: str) -> bool:
        nonlocal compared
        compared += 1
        return same_word(abbreviated, full)

    monkeypatch.setattr(names, "_same_word", counting)
    counts = []
    for size in (30, 3000):
        compared = 0
        assert NameIndex(references(size)).journal(SENTENCE) is not None
        counts.append(compared)
    assert counts[0] == counts[1] > 0


def test_a_repeated_sentence_is_read_once_and_gives_the_same_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    effect_phrases = extract_claims.effect_phrases

    def counting(sentence: str) -> tuple[str, ...]:
        read.append(sentence)
        return effect_phrases(sentence)

    monkeypatch.setattr(extract_claims, "effect_phrases", counting)
    extract_claims._assertions.cache_clear()
    claim = "A randomized trial of 80 women found that ice did not reduce swelling after 6 weeks [1].\n\n"
    path = tmp_path / "article.md"
    path.write_text(
        "# Invented article\n\n" + claim * 5 + "## References\n\n"
        "1. Tovar A. Ice for knee swelling: an invented trial. J Invent Knees. 2020;3:1-9.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    found = extract(article, article.references).claims
    assert len(found) == 5
    assert len({(c.figures, c.design, c.effects, c.population, c.cites) for c in found}) == 1
    assert found[0].effects and found[0].design and found[0].population
    assert len(read) == 1
