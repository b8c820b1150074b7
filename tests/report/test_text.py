"""The text report: grouped by article and line, evidence under each finding, concise and colour modes."""

from __future__ import annotations

from claimcheck.model import RunResult
from claimcheck.report import ReportFormat, render

from .conftest import ARTICLE, OTHER_ARTICLE


def test_claims_are_grouped_by_article_in_line_order(result: RunResult) -> None:
    text = render(result, ReportFormat.TEXT)
    assert text.index(ARTICLE) < text.index("line 12") < text.index("line 40") < text.index("line 55")
    assert text.index("line 55") < text.index(OTHER_ARTICLE) < text.index("line 7 ")


def test_finding_shows_rule_severity_claimed_found_and_evidence(result: RunResult) -> None:
    text = render(result, ReportFormat.TEXT)
    assert "MISMATCH" in text
    assert "CC203 figure-mismatch (error): the review counted 1069 knees, not 1096" in text
    assert "claimed: 1096 knees" in text and "found: 1069 knees" in text
    assert "evidence: \u201c1069 knees\u201d (abstract, Results)" in text


def test_supported_claim_shows_its_span(result: RunResult) -> None:
    text = render(result, ReportFormat.TEXT)
    assert "supported: 84.31% \u2014 \u201cResting pain fell by 84.31%\u201d (abstract, Results)" in text


def test_only_an_unverifiable_claim_says_why_in_its_own_line(result: RunResult) -> None:
    text = render(result, ReportFormat.TEXT)
    assert "why: the abstract does not give the follow-up length" in text
    assert text.count("why: ") == 1, "mismatches and unsourced claims are explained by their findings"


def test_reference_level_findings_come_after_the_claims_of_their_article(result: RunResult) -> None:
    text = render(result, ReportFormat.TEXT)
    assert text.index("line 55") < text.index("Findings not tied to a claim") < text.index("CC106")
    assert text.rstrip().splitlines()[-1].startswith("2 articles, 4 claims")


def test_plain_text_has_no_escape_codes_and_colour_adds_them(result: RunResult) -> None:
    assert "\033[" not in render(result, ReportFormat.TEXT)
    assert "\033[31m" in render(result, ReportFormat.TEXT, color=True)


def test_concise_is_one_sorted_line_per_finding(result: RunResult) -> None:
    lines = render(result, ReportFormat.TEXT, concise=True).splitlines()
    finding_lines = lines[:-1]
    assert len(finding_lines) == len(result.findings)
    assert finding_lines[0] == "articles/hip-notes.md:7:1: CC301 a statistic with no citation"
    assert finding_lines[1] == "articles/knee-clinic.txt:33:17: CC107 marker (8) points to no reference"
    assert finding_lines == sorted(
        finding_lines, key=lambda line: (line.split(":")[0], int(line.split(":")[1]))
    )


def test_unreachable_sources_and_skipped_articles_are_said(result: RunResult) -> None:
    partial = RunResult(
        articles=result.articles,
        claims=result.claims,
        findings=result.findings,
        sources_unavailable="HTTP 503 after 5 tries",
        skipped=("articles/old.txt",),
        warnings=("cache is read-only",),
    )
    for concise in (False, True):
        text = render(partial, ReportFormat.TEXT, concise=concise)
        assert text.startswith("PubMed could not be reached: HTTP 503 after 5 tries")
        assert "Not checked (unchanged): articles/old.txt" in text
        assert "warning: cache is read-only" in text
