"""Run every table-driven case in ``cases/*.yml`` against its checker (format: see conftest.py)."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from claimcheck.model import Finding, Record, Severity, Support
from claimcheck.rules import rule

from .conftest import CheckerCase


def _folded(text: str) -> str:
    return " ".join(text.split())


def _record_texts(record: Record) -> Iterable[str]:
    """Every metadata value a checker may quote as evidence."""
    yield from (record.pmid, record.title, record.journal, record.iso_abbreviation, record.medline_ta)
    yield from (record.volume, record.issue, record.pages, record.doi, record.pmcid)
    yield from (str(date) for date in record.dates)
    for author in record.authors:
        yield from (author.short, author.family, author.given, author.collective, *author.affiliations)
    yield from record.publication_types
    yield from record.mesh_headings
    for correction in record.corrections:
        yield from (correction.ref_type, correction.pmid, correction.note)


def _is_in_source(evidence: str, case: CheckerCase) -> bool:
    """Evidence is verbatim source text; an ellipsis may join spans taken from several places."""
    haystack = "\n".join(
        _folded(text) for text in (*[p.text for p in case.passages], *_record_texts(case.record))
    )
    spans = [_folded(span) for span in evidence.split("\u2026")]
    return all(span in haystack for span in spans if span)


def _run(case: CheckerCase) -> tuple[list[Finding | Support], tuple[str, ...]]:
    """What the case's checker says, and the rules its module declares."""
    module = importlib.import_module(f"claimcheck.checks.{case.checker}")
    declared: tuple[str, ...] = module.DECLARATION.rules
    if case.claim is None:
        return list(module.check_reference(case.reference, case.record)), declared
    return list(module.check(case.context)), declared


def test_case(case: CheckerCase) -> None:
    outcomes, declared = _run(case)
    findings = [outcome for outcome in outcomes if isinstance(outcome, Finding)]
    supports = [outcome for outcome in outcomes if isinstance(outcome, Support)]
    shown = [(f.rule, f.severity.value, f.message) for f in findings]

    undeclared = {f.rule for f in findings} - set(declared)
    assert not undeclared, f"checks/{case.checker}.py emits {sorted(undeclared)} but declares {declared}"

    for item in findings:
        assert item.claimed and item.found and item.evidence, (
            f"finding without claimed/found/evidence: {item}"
        )
    for item in supports:
        assert item.evidence, f"support without evidence: {item}"

    if case.expect == ("supported",):
        serious = [f for f in findings if f.severity.rank >= Severity.WARNING.rank]
        assert not serious, f"expected supported, got {shown}"
        assert supports, f"expected a Support, got {shown}"
        assert any(_is_in_source(item.evidence, case) for item in supports), (
            f"no Support evidence is verbatim source text: {[s.evidence for s in supports]}"
        )
    elif case.expect == ("nothing",):
        assert not outcomes, f"expected no finding and no support, got {shown} and {supports}"
    elif case.expect == ("unverifiable",):
        assert findings, "expected CC303, got no finding"
        assert {f.rule for f in findings} == {"CC303"}, f"expected CC303 only, got {shown}"
    else:
        assert case.expect, "a case expects something"
        for code in case.expect:
            severity = Severity(case.severity) if case.severity else rule(code).severity
            matching = [f for f in findings if f.rule == code and f.severity is severity]
            assert matching, f"expected {code} ({severity.value}), got {shown}"
            if case.found is not None:
                assert any(f.found == case.found for f in matching), (
                    f"expected {code} found={case.found!r}, got {[f.found for f in matching]}"
                )
            if case.message is not None:
                assert any(case.message.lower() in f.message.lower() for f in matching), (
                    f"expected {code} message containing {case.message!r}, got {shown}"
                )
