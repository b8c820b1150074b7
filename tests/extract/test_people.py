"""People a sentence credits with the work it cites (extract.people), written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.extract import extract
from claimcheck.extract.people import credited_people
from claimcheck.inputs.article import read_article


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        ("A 2019 study by Dr. Jane Smith [3] found less pain.", ("Jane Smith",)),
        ("Smith et al. (2019) reported less pain.", ("Smith",)),
        ("Lead author Maria van der Berg said the results were clear.", ("Maria van der Berg",)),
        ("Doe, the study's lead author, said the results were clear.", ("Doe",)),
        ("Wang Li and colleagues found less pain.", ("Wang Li",)),
        ("Research co-authored by our own Dr. Marc Darrow shows less pain.", ("Marc Darrow",)),
    ],
)
def test_credit_for_the_work(sentence: str, people: tuple[str, ...]) -> None:
    assert credited_people(sentence) == people


@pytest.mark.parametrize(
    "sentence",
    [
        "Dr. Lee, who was not involved in the study, said the trial by Smith and colleagues was careful.",
        "A study by Harvard University researchers found less pain.",
        "A study by MRI researchers found less pain.",
        "The trial was conducted by Mayo Clinic surgeons.",
        "Dr. Jane Smith treats knee pain in Ohio.",
    ],
)
def test_no_credit(sentence: str) -> None:
    assert credited_people(sentence) == ()


def test_a_credited_person_is_a_claim_on_the_cited_work(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "# Knees\n\nSmith et al. found that walking helped (1).\n\n## References\n\n"
        "1. Kell A, Moreau P. Early walking after knee replacement. Knee Rehabil. 2019;3:10-18.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    [claim] = extract(article, article.references).claims
    assert claim.authors == ("Smith",) and len(claim.cites) == 1


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        (
            "The testing was carried out by Wolfram Schummer and Matthias Bauer [9].",
            ("Wolfram Schummer", "Matthias Bauer"),
        ),
        (
            "Its authors, Katherine Vig and Kevin O'Brien, argue for early care.",
            ("Katherine Vig", "Kevin O'Brien"),
        ),
        ("The trial was led by a team under Iqbal Ahmed.", ("Iqbal Ahmed",)),
        ("Parasitologist Afif Ben Salah, who led the study, said so.", ("Afif Ben Salah",)),
    ],
)
def test_lists_teams_and_leaders(sentence: str, people: tuple[str, ...]) -> None:
    assert credited_people(sentence) == people
