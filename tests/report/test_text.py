"""The text report: what needs attention first, then what was not checked, then what was supported."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from claimcheck.model import Claim, Finding, RunResult, Severity
from claimcheck.report import ReportFormat, render
from claimcheck.report.summary import summary_line

from .conftest import ARTICLE, OTHER_ARTICLE, SUPPORTED, UNVERIFIABLE, make_result


def test_errors_then_warnings_lead_the_report_each_with_claimed_found_and_evidence(result: RunResult) -> None:
    text = render(result, ReportFormat.TEXT)
    lines = text.splitlines()

    assert lines[0] == "Needs attention: 3 errors, 2 warnings"
    first_error, first_warning = text.index(" error "), text.index(" warning ")
    assert first_error < first_warning < text.index("Not checked:") < text.index("Supported:")
    assert "  error CC203 figure-mismatch: the review counted 1069 knees, not 1096" in lines
    figure = lines.index("  error CC203 figure-mismatch: the review counted 1069 knees, not 1096")
    assert lines[figure + 1 : figure + 4] == [
        "    claimed: 1096 knees",
        "    found: 1069 knees",
        "    evidence: \u201c1069 knees\u201d (abstract, Results)",
    ]
    assert f"{ARTICLE}:90: warning CC106 uncited-reference: reference 4 is listed but never cited" in lines


def test_a_claim_needing_attention_is_shown_once_with_all_its_findings(result: RunResult) -> None:
    text = render(result, ReportFormat.TEXT)

    assert text.count("knee-clinic-2") == 1
    assert text.index("CC201 journal-mismatch") > text.index(f"{ARTICLE}:40  MISMATCH")


def test_supported_claims_are_counted_unless_all(result: RunResult) -> None:
    short = render(result, ReportFormat.TEXT)
    full = render(result, ReportFormat.TEXT, show_all=True)

    assert "Supported: 1 claim" in short
    assert "  1 confirmed as written (--all lists them)" in short.splitlines()
    assert "Resting pain fell by 84.31%" not in short
    assert "supported:" not in short
    assert "supported: 84.31% \u2014 \u201cResting pain fell by 84.31%\u201d (abstract, Results)" in full


def test_a_rounding_on_a_supported_claim_is_a_note_not_a_mismatch(result: RunResult) -> None:
    rounding = Finding(
        rule="CC203",
        severity=Severity.INFO,
        article=ARTICLE,
        line=12,
        claim=SUPPORTED.claim.id,
        message="rounded from 84.31%",
        claimed="84%",
        found="84.31%",
        evidence="Resting pain fell by 84.31%",
        source="abstract",
    )
    noted = replace(SUPPORTED, findings=(rounding,))
    text = render(make_result(claims=(noted,), findings=(rounding,)), ReportFormat.TEXT)

    line = next(line for line in text.splitlines() if "line 12" in line)
    assert line.endswith("(note: rounded from 84.31%)")
    assert "figure-mismatch" not in text and "Needs attention" not in text


def test_an_unverifiable_claim_says_why_once(result: RunResult) -> None:
    undecided = replace(UNVERIFIABLE.findings[0], message=UNVERIFIABLE.reason)
    claims = tuple(replace(c, findings=(undecided,)) if c is UNVERIFIABLE else c for c in result.claims)
    for show_all in (False, True):
        text = render(replace(result, claims=claims), ReportFormat.TEXT, show_all=show_all)
        assert text.count("the abstract does not give the follow-up length") == 1
        assert "why: the abstract does not give the follow-up length" in text
    assert "claimed: 86 days" in text, "--all shows what the reason rests on"


def test_the_totals_are_left_to_stderr(result: RunResult) -> None:
    assert summary_line(result) not in render(result, ReportFormat.TEXT)


def test_plain_text_has_no_escape_codes_and_colour_adds_them(result: RunResult) -> None:
    assert "\033[" not in render(result, ReportFormat.TEXT)
    assert "\033[31m" in render(result, ReportFormat.TEXT, color=True)


def test_concise_is_one_sorted_line_per_error_and_warning_with_its_severity(result: RunResult) -> None:
    lines = render(result, ReportFormat.TEXT, concise=True).splitlines()

    urgent = [found for found in result.findings if found.severity is not Severity.INFO]
    assert len(lines) == len(urgent)
    assert lines[0] == f"{OTHER_ARTICLE}:7:1: warning CC301 a statistic with no citation"
    assert lines[1] == f"{ARTICLE}:33:17: error CC107 marker (8) points to no reference"
    assert lines == sorted(lines, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    everything = render(result, ReportFormat.TEXT, concise=True, show_all=True).splitlines()
    assert len(everything) == len(result.findings)
    assert f"{ARTICLE}:55:1: info CC303 the follow-up length is not in the abstract" in everything


def test_unavailable_sources_skipped_articles_and_warnings_are_said_once(result: RunResult) -> None:
    reason = "PubMed (E-utilities at http://127.0.0.1:9/) could not be reached: connection refused"
    partial = replace(
        result, sources_unavailable=reason, skipped=("articles/old.txt",), warnings=("cache is read-only",)
    )
    for concise in (False, True):
        text = render(partial, ReportFormat.TEXT, concise=concise)
        assert text.startswith(f"Some claims could not be checked: {reason}")
        assert text.count("could not be reached") == 1
        assert "Not checked (unchanged): articles/old.txt" in text
        assert text.count("warning: cache is read-only") == 1


def test_control_characters_from_any_field_are_made_visible(result: RunResult) -> None:
    hostile = Finding(
        rule="CC107",
        severity=Severity.ERROR,
        article="articles/a\nb\x1b[2J.txt",
        line=3,
        message="marker\r\n::error::forged \u202egnp.exe",
        claimed="(9)",
        found="none",
        evidence="(9)\x07",
    )
    for concise in (False, True):
        text = render(replace(result, findings=(hostile,), claims=()), ReportFormat.TEXT, concise=concise)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\r" not in text
        assert "articles/a\\nb\\x1b[2J.txt:3" in text
        assert not any(line.startswith("::") for line in text.splitlines())


def test_paths_in_run_warnings_are_relative(
    result: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    warning = f"{tmp_path / 'claims' / 'a.yaml'}: the article changed since its claims were extracted"
    text = render(replace(result, warnings=(warning,)), ReportFormat.TEXT)
    assert "warning: claims/a.yaml: the article changed" in text and str(tmp_path) not in text


def test_a_cited_sentence_with_nothing_to_check_is_counted_not_listed(result: RunResult) -> None:
    lead_in = replace(
        UNVERIFIABLE,
        claim=Claim(
            id="lamb2018-scores",
            article=ARTICLE,
            line=20,
            text="Scores were recorded for:",
            cites=("lamb2018",),
        ),
        findings=(),
        reason="it asserts nothing the record can confirm",
    )
    text = render(replace(result, claims=(*result.claims, lead_in)), ReportFormat.TEXT)
    full = render(replace(result, claims=(*result.claims, lead_in)), ReportFormat.TEXT, show_all=True)

    assert "Scores were recorded for:" not in text
    assert "  and 1 with nothing to check (--all lists them)" in text.splitlines()
    assert "Scores were recorded for:" in full
