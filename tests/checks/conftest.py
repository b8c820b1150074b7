"""Table-driven checker cases: load ``cases/<family>.yml`` into ready-to-run claim contexts.

A case file names its checker module, the defaults of a ``record`` and a ``reference``, and a list of
``cases``; each case gives a ``claim`` (Claim fields), optional per-case ``record`` / ``reference``
overrides (merged key by key over the file's), and what it expects:

- ``expect: supported`` -- no finding of severity warning or above, and a Support whose evidence is in
  the source verbatim;
- ``expect: unverifiable`` -- CC303 findings only;
- ``expect: nothing`` -- no finding and no support (the checker has nothing to say);
- ``expect: CC203`` or ``expect: [CC205, CC206]`` -- a finding for each rule, with ``severity`` (optional)
  or the rule's default severity.

Optional checks a case may add: ``found`` (a finding of the expected rule has exactly this ``found``) and
``message`` (words the finding's message contains). Record dates are written
``[{kind: electronic, year: 2019, month: 8, day: 27}]``, authors ``[{family: Burke, initials: J}]``,
abstract and full text ``[{section: Results, text: "..."}]``.

The builders are also a fixture (``make_context``) so unit tests can state a context in one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.checks.base import ClaimContext
from claimcheck.model import (
    Acknowledgement,
    Author,
    Claim,
    Correction,
    Passage,
    Record,
    RecordDate,
    Reference,
)

CASES_DIR = Path(__file__).parent / "cases"

_FILE_KEYS = {"checker", "record", "reference", "cases"}
_CASE_KEYS = {"name", "claim", "record", "reference", "expect", "severity", "found", "message"}
_TUPLE_CLAIM_FIELDS = {"cites", "figures", "authors", "design", "effects", "population"}


@dataclass(frozen=True)
class CheckerCase:
    """One row of a case file, built into the objects the checker receives."""

    file: str
    name: str
    checker: str
    claim: Claim | None
    reference: Reference
    record: Record
    passages: tuple[Passage, ...]
    expect: tuple[str, ...]
    severity: str | None
    found: str | None
    message: str | None

    @property
    def context(self) -> ClaimContext:
        assert self.claim is not None, f"{self.file}: case {self.name!r} has no claim"
        return ClaimContext(
            claim=self.claim, reference=self.reference, record=self.record, passages=self.passages
        )


def build_record(values: Mapping[str, Any]) -> tuple[Record, tuple[Passage, ...]]:
    """A Record from case-file values, and the passages a checker sees (abstract, then full text)."""
    values = dict(values)
    values.setdefault("pmid", "1")
    fulltext = tuple(_passages("fulltext", values.pop("fulltext", None) or ()))
    abstract = tuple(_passages("abstract", values.pop("abstract", None) or ()))
    dates = tuple(RecordDate(**date) for date in values.pop("dates", None) or ())
    authors = tuple(
        Author(**{**author, "affiliations": tuple(author.get("affiliations", ()))})
        for author in values.pop("authors", None) or ()
    )
    corrections = tuple(Correction(**item) for item in values.pop("corrections", None) or ())
    publication_types = tuple(values.pop("publication_types", None) or ())
    mesh_headings = tuple(values.pop("mesh_headings", None) or ())
    values = {key: str(value) for key, value in values.items()}
    record = Record(
        **values,
        abstract=abstract,
        dates=dates,
        authors=authors,
        corrections=corrections,
        publication_types=publication_types,
        mesh_headings=mesh_headings,
    )
    return record, abstract + fulltext


def build_reference(values: Mapping[str, Any]) -> Reference:
    """A Reference from case-file values; located at line 1 of a stand-in bibliography by default."""
    values = {"key": "ref", "path": "references.bib", "line": 1, **values}
    if "authors" in values:
        values["authors"] = tuple(values["authors"])
    for name in ("pmid", "volume", "issue", "pages", "pmcid"):
        if name in values:
            values[name] = str(values[name])
    return Reference(**values)


def build_claim(values: Mapping[str, Any], *, default_id: str = "claim") -> Claim:
    """A Claim from case-file values; ``text`` defaults to a sentence made of its assertions."""
    values = {"id": default_id, "article": "articles/case.txt", "line": 1, **values}
    for name in _TUPLE_CLAIM_FIELDS & values.keys():
        value = values[name]
        values[name] = (str(value),) if isinstance(value, (str, int, float)) else tuple(str(v) for v in value)
    if "acknowledged" in values:
        values["acknowledged"] = tuple(Acknowledgement(**item) for item in values["acknowledged"])
    values.setdefault("text", _sentence(values))
    return Claim(**values)


def _sentence(values: Mapping[str, Any]) -> str:
    """Stand-in claim text when a case gives none: the assertions joined into one sentence."""
    parts = [
        str(values[name]) for name in ("journal", "date", "affiliation", "attribution") if values.get(name)
    ]
    for name in ("figures", "authors", "design", "effects", "population"):
        parts.extend(values.get(name, ()))
    if values.get("quote"):
        parts.append(f"\u201c{values['quote']}\u201d")
    return ("A study reported " + ", ".join(parts) + ".") if parts else "A study reported something."


def _passages(source: str, items: Any) -> Iterator[Passage]:
    for item in items:
        if isinstance(item, str):
            yield Passage(source=source, section="", text=item)
        else:
            yield Passage(source=source, section=str(item.get("section", "")), text=str(item["text"]))


def load_cases(path: Path) -> list[CheckerCase]:
    """Every case of one file; a malformed file fails loudly, naming the file and the case."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = path.name
    if not isinstance(data, dict) or "checker" not in data or "cases" not in data:
        raise ValueError(f"{where}: needs 'checker' and 'cases'")
    unknown = data.keys() - _FILE_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    cases = []
    for index, case in enumerate(data["cases"], start=1):
        name = str(case.get("name", f"case {index}"))
        unknown = case.keys() - _CASE_KEYS
        if unknown or "expect" not in case:
            raise ValueError(f"{where}: case {name!r}: unknown keys {sorted(unknown)} or no 'expect'")
        record, passages = build_record({**(data.get("record") or {}), **(case.get("record") or {})})
        reference = build_reference({**(data.get("reference") or {}), **(case.get("reference") or {})})
        claim_values = case.get("claim")
        claim = build_claim(claim_values, default_id=_slug(name)) if claim_values is not None else None
        expect = case["expect"]
        cases.append(
            CheckerCase(
                file=where,
                name=name,
                checker=str(data["checker"]),
                claim=claim,
                reference=reference,
                record=record,
                passages=passages,
                expect=tuple(expect) if isinstance(expect, list) else (str(expect),),
                severity=case.get("severity"),
                found=None if case.get("found") is None else str(case["found"]),
                message=case.get("message"),
            )
        )
    return cases


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "claim"


def all_cases() -> list[CheckerCase]:
    return [case for path in sorted(CASES_DIR.glob("*.yml")) for case in load_cases(path)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize any test taking ``case`` with every row of every case file."""
    if "case" in metafunc.fixturenames:
        cases = all_cases()
        metafunc.parametrize("case", cases, ids=[f"{case.file[:-4]}:{case.name}" for case in cases])


@pytest.fixture
def make_context() -> Callable[..., ClaimContext]:
    """A ClaimContext from case-file style values: ``make_context(claim={...}, record={...})``."""

    def make(
        *, claim: Mapping[str, Any], record: Mapping[str, Any], reference: Mapping[str, Any] | None = None
    ) -> ClaimContext:
        built_record, passages = build_record(record)
        return ClaimContext(
            claim=build_claim(claim),
            reference=build_reference(reference or {}),
            record=built_record,
            passages=passages,
        )

    return make
