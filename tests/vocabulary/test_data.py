"""The curated vocabulary data: every entry says where it comes from, and no word is claimed twice."""

from __future__ import annotations

from typing import Any

import pytest

from claimcheck import data

FILES = ("units", "count_nouns", "groups", "measure_words", "number_names")


def _entries(table: dict[str, Any]) -> list[dict[str, Any]]:
    """The sourced entries of a file: array-of-table rows, or its top-level tables."""
    rows = [
        row for value in table.values() if isinstance(value, list) for row in value if isinstance(row, dict)
    ]
    return rows or [value for value in table.values() if isinstance(value, dict)]


@pytest.mark.parametrize("name", FILES)
def test_every_entry_says_where_it_comes_from(name: str) -> None:
    entries = _entries(data.load(name))
    assert entries
    for entry in entries:
        assert str(entry.get("source", "")).strip(), (name, entry)


def test_a_spelling_names_one_unit() -> None:
    spellings = [spelling for unit in data.load("units")["unit"] for spelling in unit["spellings"]]
    assert len(spellings) == len(set(spellings))


def test_a_word_names_one_measure() -> None:
    words = [word for entry in data.load("measure_words")["measure"] for word in entry["words"]]
    assert len(words) == len(set(words))
