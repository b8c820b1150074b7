"""Comparing extracted claims with expected ones written in YAML (the corpus and the example article).

A claim matches an expected one on its line, its cited keys (as a set) and every assertion the
expected entry lists; whitespace is compared collapsed, since the article text may wrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claimcheck.model import Claim

_LIST_FIELDS = ("figures", "authors", "design", "effects", "population")
_TEXT_FIELDS = ("journal", "date", "affiliation", "attribution", "link")


def _squash(text: str) -> str:
    return " ".join(text.split())


def matches(claim: Claim, expected: dict[str, Any]) -> bool:
    if claim.line != expected["line"] or set(claim.cites) != set(expected.get("cites", [])):
        return False
    for name in _LIST_FIELDS:
        if name in expected and [_squash(v) for v in getattr(claim, name)] != [
            _squash(v) for v in expected[name]
        ]:
            return False
    for name in _TEXT_FIELDS:
        if name in expected and _squash(getattr(claim, name)) != _squash(str(expected[name])):
            return False
    if "quote" in expected:
        lines = [_squash(line) for line in claim.quote.split("\n")]
        if lines != [_squash(line) for line in str(expected["quote"]).split("\n")]:
            return False
    return True


def pair_up(
    claims: Sequence[Claim], expected: Sequence[dict[str, Any]]
) -> tuple[int, list[Claim], list[dict[str, Any]]]:
    """(matched count, extracted claims nobody expected, expected claims not extracted)."""
    unmatched = list(claims)
    missing: list[dict[str, Any]] = []
    for wanted in expected:
        hit = next((claim for claim in unmatched if matches(claim, wanted)), None)
        if hit is None:
            missing.append(wanted)
        else:
            unmatched.remove(hit)
    return len(expected) - len(missing), unmatched, missing
