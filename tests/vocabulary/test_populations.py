"""The population vocabulary: curated entries are well formed; populations are read axis by axis."""

from __future__ import annotations

import pytest

from claimcheck import data
from claimcheck.vocabulary.populations import (
    POPULATIONS,
    find_populations,
    indexed_populations,
    names_the_studied,
    population_terms,
    stated_ages,
)


def test_every_entry_says_where_it_comes_from() -> None:
    entries = data.load("populations")["population"]
    assert len(entries) == len(POPULATIONS)
    for entry in entries:
        assert entry["source"].strip() and entry["words"], entry["value"]
        assert entry["axis"] in ("species", "material", "age", "sex")
    values = [(entry["axis"], entry["value"]) for entry in entries]
    assert len(values) == len(set(values))


def _read(text: str) -> list[tuple[str, str]]:
    return [(m.population.axis, m.population.value) for m in find_populations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40 adult male rats", [("age", "adult"), ("sex", "male"), ("species", "rat")]),
        ("older women", [("age", "older"), ("sex", "female"), ("species", "human")]),
        ("canine patients", [("species", "dog")]),
        ("patients took fish oil with bovine serum", [("species", "human")]),
        ("after in vitro fertilization", []),
        ("cells grown in vitro", [("material", "cells")]),
    ],
)
def test_populations_are_read_axis_by_axis(text: str, expected: list[tuple[str, str]]) -> None:
    assert _read(text) == expected


def test_an_article_sentence_keeps_its_phrases_once() -> None:
    assert population_terms("In a trial of 120 older women with knee pain") == ("older women",)
    assert population_terms("Chondrocytes grown in vitro") == ()  # the design checker reads "in vitro"
    assert population_terms("Knee pain is common.") == ()


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The study used skin cells grown in a dish, not people.", ()),
        ("The trial enrolled adults, not children.", ("adults",)),
        ("It was tested in patients rather than in mice.", ("patients",)),
        ("Not all patients improved.", ("patients",)),
    ],
)
def test_a_population_the_sentence_denies_is_not_the_claims(sentence: str, kept: tuple[str, ...]) -> None:
    assert population_terms(sentence) == kept


def test_mesh_strains_and_subheadings_count() -> None:
    found = {
        (p.value, heading) for p, heading in indexed_populations(("Mice, Inbred C57BL", "Aged, 80 and over"))
    }
    assert found == {("mouse", "Mice, Inbred C57BL"), ("older", "Aged, 80 and over")}


def test_who_was_studied() -> None:
    text = "Osteoarthritis troubles many patients. Twelve horses were injected."
    patients, horses = find_populations(text)
    assert not names_the_studied(text, patients) and names_the_studied(text, horses)


def test_ages_written_as_numbers() -> None:
    assert [m.population.value for m in stated_ages("children aged 6 to 12 years")] == ["child"]
    assert [m.population.value for m in stated_ages("mean age 71.4 years")] == ["older"]
    assert [m.population.value for m in stated_ages("a 54-year-old woman")] == ["adult"]


def test_an_age_given_only_from_below() -> None:
    assert [m.population.value for m in stated_ages("people aged 50 years and over")] == ["adult", "older"]
    assert [m.population.value for m in stated_ages("residents aged \u226570")] == ["older"]
    assert [m.population.value for m in stated_ages("those 30 years of age or older")] == ["adult", "older"]
    # A floor below adulthood spans every age; a duration is no age.
    assert stated_ages("pupils aged 8 or older") == []
    assert stated_ages("a follow-up of 3 years or more") == []
