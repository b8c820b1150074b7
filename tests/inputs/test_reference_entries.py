"""Reference-list entries in every style editors see, as data: cases/reference_entries.yml (the
corpus engineer's, from real records) and cases/reference_entries_more.yml (ours).

Each entry goes through what an article's list goes through: the list finder (numbering, wrapped
lines) and then the entry parser. Every field the case expects must be found, and every field it
leaves out must stay empty, so that a parser guessing a journal for a book fails too.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.inputs.refentry import parse_reference_entry
from claimcheck.inputs.reflist import find_reference_list
from claimcheck.model import Reference

CASES_FILES = [
    Path(__file__).parent / "cases" / name for name in ("reference_entries.yml", "reference_entries_more.yml")
]
CASES: list[dict[str, Any]] = [
    case for path in CASES_FILES for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
]
_TEXT_FIELDS = ("title", "journal", "volume", "issue", "pages", "doi", "pmid", "pmcid", "url")


def _parsed(entry: str) -> Reference:
    found = find_reference_list(["References", "", *entry.splitlines()])
    assert found is not None and len(found.entries) == 1, f"not one entry: {found}"
    (listed,) = found.entries
    return parse_reference_entry(
        listed.text, number=listed.number, path="refs.md", line=listed.line_index + 1
    )


def _found(reference: Reference) -> dict[str, Any]:
    fields: dict[str, Any] = {name: getattr(reference, name) for name in _TEXT_FIELDS}
    fields.update(
        number=reference.number,
        authors=list(reference.authors),
        year=reference.year,
        kind=reference.kind,
        doi=reference.doi.lower(),
    )
    return fields


def _wanted(expect: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {name: str(expect.get(name, "")) for name in _TEXT_FIELDS}
    fields.update(
        number=expect.get("number"),
        authors=list(expect.get("authors", [])),
        year=expect.get("year"),
        kind=expect.get("kind", "article"),
        doi=str(expect.get("doi", "")).lower(),
    )
    return fields


def test_the_table_is_large_and_covers_every_style_and_kind() -> None:
    assert len(CASES) >= 40
    assert {case["style"] for case in CASES} >= {"ama", "vancouver", "apa", "harvard", "chicago"}
    assert {case["expect"].get("kind", "article") for case in CASES} >= {
        "article",
        "book",
        "chapter",
        "guideline",
        "web",
        "report",
    }


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_reference_entry(case: dict[str, Any]) -> None:
    assert _found(_parsed(case["entry"])) == _wanted(case["expect"])


def test_an_entry_listed_by_several_articles_keeps_each_articles_number_and_place() -> None:
    """Entries are parsed once per run by text; the number, file and line are still each listing's own,
    and a key that falls back on the number follows it."""
    entry = "Shaw B, Vale T. Knee pain in runners. J Knee Care. 2019;12:101-110."
    first = parse_reference_entry(entry, number=3, path="a.md", line=40)
    second = parse_reference_entry(entry, number=17, path="b.md", line=90)
    assert (first.number, first.path, first.line) == (3, "a.md", 40)
    assert (second.number, second.path, second.line) == (17, "b.md", 90)
    assert replace(first, number=17, path="b.md", line=90) == second
    unnamed = "PMID: 12345678."  # no author, no title: the key is the number's
    assert parse_reference_entry(unnamed, number=3, path="a.md", line=1).key == "ref3nd"
    assert parse_reference_entry(unnamed, number=17, path="a.md", line=2).key == "ref17nd"
