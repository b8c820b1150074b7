"""The machine-readable report, DESIGN.md's JSON version 1.

The v1 keys are a contract: keys may be added (``column``, ``text``, ``reason``, ``support``,
``source``, ``section`` on claims; ``source``, ``section`` on findings; ``sources_unavailable``,
``skipped``, ``warnings``), never removed or renamed. Key order is fixed so that diffs of two runs
stay readable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from claimcheck.model import ClaimResult, Finding, RunResult, Support, Verdict
from claimcheck.report.layout import sections, sorted_findings
from claimcheck.report.summary import totals
from claimcheck.rules import rule

JSON_VERSION = 1

_escaped = json.encoder.encode_basestring  # a JSON string literal, non-ASCII kept (the C escaper)


def json_pieces(result: RunResult) -> Iterator[str]:
    """The report's text in pieces of about one entry each, each entry made when it is written.

    The report of a run of 500 articles is about 90 MB of text: held as one string (twice that once
    a character outside Latin-1 makes it two bytes a character), with the tree of dicts it was written
    from, it made most of the run's peak memory."""
    return streamed_json(_document(result))


def json_document(result: RunResult) -> dict[str, Any]:
    """The report as plain data, in the order it is written."""
    return {
        key: list(value) if isinstance(value, Iterator) else value for key, value in _document(result).items()
    }


def _document(result: RunResult) -> dict[str, Any]:
    """``json_document`` with its claims and findings as iterators of their entries."""
    counts = totals(result)
    claims = (claim_result for section in sections(result) for claim_result in section.claims)
    return {
        "version": JSON_VERSION,
        "summary": {
            "articles": counts.articles,
            "claims": counts.claims,
            **{verdict.value: counts.verdicts[verdict] for verdict in Verdict},
        },
        "claims": map(_claim_entry, claims),
        "findings": map(_finding_entry, sorted_findings(result.findings)),
        "sources_unavailable": result.sources_unavailable,
        "skipped": list(result.skipped),
        "warnings": list(result.warnings),
    }


def streamed_json(document: Mapping[str, Any]) -> Iterator[str]:
    """``indented_json(document) + "\\n"`` in pieces: one per member, and one per item of a member that is
    an iterator, written as a list."""
    if not document:
        yield "{}\n"
        return
    separator = "{\n  "
    for key, value in document.items():
        yield f"{separator}{_escaped(key)}: "
        separator = ",\n  "
        if isinstance(value, Iterator):
            yield from _streamed_list(value, "  ")
        else:
            yield indented_json(value, "  ")
    yield "\n}\n"


def _streamed_list(items: Iterator[Any], indent: str) -> Iterator[str]:
    inner = indent + "  "
    separator = "[\n" + inner
    for item in items:
        yield separator + indented_json(item, inner)
        separator = ",\n" + inner
    yield "[]" if separator[0] == "[" else f"\n{indent}]"


def indented_json(value: Any, indent: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, the same text in a fraction of the time.

    Given an indent, the standard library leaves its C encoder for a pure-Python one, which took
    about a seventh of a warm run of 500 articles; here only the nesting is Python and every string is
    written by the C escaper, strings and integers in place rather than by a call of this function each.
    Handles what reports hold: dicts with string keys, lists, tuples, strings, integers, booleans and
    None (anything else through ``json.dumps``)."""
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + "  "
        members = [
            f"{_escaped(key)}: {_SCALAR[type(item)](item)}"
            if type(item) in _SCALAR
            else f"{_escaped(key)}: {indented_json(item, inner)}"
            for key, item in value.items()
        ]
        return f"{{\n{inner}{(_COMMA + inner).join(members)}\n{indent}}}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        items = [_escaped(item) if type(item) is str else indented_json(item, inner) for item in value]
        return f"[\n{inner}{(_COMMA + inner).join(items)}\n{indent}]"
    if kind in _SCALAR:
        return _SCALAR[kind](value)
    if value is None or kind is bool:
        return "null" if value is None else "true" if value else "false"
    return json.dumps(value)


_SCALAR: dict[type, Callable[[Any], str]] = {str: _escaped, int: int.__repr__}  # written in place
_COMMA = ",\n"


def _claim_entry(claim_result: ClaimResult) -> dict[str, Any]:
    claim = claim_result.claim
    return {
        "id": claim.id,
        "article": claim.article,
        "line": claim.line,
        "verdict": claim_result.verdict.value,
        "cites": list(claim.cites),
        "pmids": list(claim_result.pmids),
        "column": claim.column,
        "text": claim.text,
        "reason": claim_result.reason,
        "support": [_support_entry(span) for span in claim_result.support],
        **_deciding_evidence(claim_result),
    }


def _deciding_evidence(claim_result: ClaimResult) -> dict[str, str]:
    """Where the evidence that decided the verdict came from (abstract, fulltext or metadata, and the
    section): a supported claim's first span; otherwise its weightiest finding, or its first span."""
    findings = sorted(claim_result.findings, key=lambda found: -found.severity.rank)
    decisive: Support | Finding | None = None
    if claim_result.verdict is Verdict.SUPPORTED and claim_result.support:
        decisive = claim_result.support[0]
    elif findings:
        decisive = findings[0]
    elif claim_result.support:
        decisive = claim_result.support[0]
    if decisive is None:
        return {"source": "", "section": ""}
    return {"source": decisive.source, "section": decisive.section}


def _support_entry(span: Support) -> dict[str, Any]:
    return {
        "reference": span.reference,
        "pmid": span.pmid,
        "claimed": span.claimed,
        "evidence": span.evidence,
        "source": span.source,
        "section": span.section,
    }


def _finding_entry(found: Finding) -> dict[str, Any]:
    return {
        "rule": found.rule,
        "name": rule(found.rule).name,
        "severity": found.severity.value,
        "article": found.article,
        "line": found.line,
        "column": found.column,
        "claim": found.claim,
        "reference": found.reference,
        "pmid": found.pmid,
        "message": found.message,
        "claimed": found.claimed,
        "found": found.found,
        "evidence": found.evidence,
        "source": found.source,
        "section": found.section,
    }
