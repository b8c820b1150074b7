"""The format registry: every member renders, and the stderr summary line counts right."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimcheck.model import RunResult
from claimcheck.report import ReportFormat, render
from claimcheck.report.summary import summary_line


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_every_format_renders_a_full_result(result: RunResult, fmt: ReportFormat) -> None:
    rendered = render(result, fmt)
    assert rendered.endswith("\n")
    assert "knee-clinic-2" in rendered or "CC203" in rendered


@pytest.mark.parametrize("fmt", [fmt for fmt in ReportFormat if fmt is not ReportFormat.GITHUB])
def test_every_format_renders_an_empty_result(empty_result: RunResult, fmt: ReportFormat) -> None:
    assert render(empty_result, fmt).strip()


def test_nothing_to_annotate_is_no_workflow_command(empty_result: RunResult) -> None:
    assert render(empty_result, ReportFormat.GITHUB) == ""


def test_summary_line_counts_verdicts_and_severities(result: RunResult) -> None:
    assert summary_line(result) == (
        "2 articles, 4 claims: 1 supported, 1 mismatch, 1 unverifiable, 1 unsourced; "
        "6 findings (3 errors, 2 warnings, 1 info)"
    )


def test_summary_line_is_one_line_and_says_when_sources_or_articles_were_missed(result: RunResult) -> None:
    line = summary_line(
        RunResult(
            articles=result.articles,
            claims=result.claims,
            findings=(),
            sources_unavailable="timed out",
            skipped=("articles/old.txt",),
        )
    )
    assert "\n" not in line
    assert "0 findings (0 errors, 0 warnings, 0 info)" in line
    assert "1 not checked" in line and "some claims could not be checked" in line


def test_summary_line_uses_singulars(empty_result: RunResult) -> None:
    assert summary_line(empty_result).startswith("1 article, 0 claims:")


def test_summary_line_of_a_bibliography_check_speaks_of_bibliographies(empty_result: RunResult) -> None:
    line = summary_line(replace(empty_result, bibliography_only=True))
    assert line.startswith("1 bibliography: 0 findings")
    assert "claims" not in line


@pytest.mark.parametrize("fmt", [fmt for fmt in ReportFormat if fmt is not ReportFormat.JSON])
def test_no_format_passes_a_terminal_escape_or_a_bidi_override_through(
    result: RunResult, fmt: ReportFormat
) -> None:
    """JSON carries the data as it is, in JSON's own escapes; every format read by people shows them."""
    hostile = "\x1b]0;pwned\x07\x1b[2J\u202etxt.exe"
    claims = tuple(
        replace(
            c,
            claim=replace(c.claim, id=c.claim.id + hostile, text=c.claim.text + hostile),
            reason=c.reason + hostile,
        )
        for c in result.claims
    )
    findings = tuple(
        replace(f, article=f.article + hostile, message=f.message + hostile, evidence=f.evidence + hostile)
        for f in result.findings
    )
    rendered = render(
        replace(result, claims=claims, findings=findings, warnings=(hostile,)), fmt, show_all=True
    )
    assert "\x1b" not in rendered and "\x07" not in rendered and "\u202e" not in rendered
