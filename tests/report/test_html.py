"""The HTML page: self-contained, everything escaped, claims beside their highlighted evidence."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from claimcheck.model import RunResult
from claimcheck.report import ReportFormat, render


class _Elements(HTMLParser):
    """Collects every start tag and its attributes, the way a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(page)
    return parser.tags


def test_page_is_self_contained(result: RunResult) -> None:
    page = render(result, ReportFormat.HTML)
    tags = elements(page)
    assert [tag for tag, _ in tags].count("script") == 1
    assert not [tag for tag, attrs in tags if tag in ("link", "img", "iframe") or "src" in attrs]
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page


def test_summary_claims_and_reference_findings_are_shown(result: RunResult) -> None:
    page = render(result, ReportFormat.HTML)
    for claim_result in result.claims:
        assert f'id="claim-{claim_result.claim.id}"' in page
        assert f'data-verdict="{claim_result.verdict.value}"' in page
    assert 'data-rules="CC201 CC203"' in page
    assert "Findings not tied to a claim" in page and "reference 4 is listed but never cited" in page
    assert '<span class="n">4</span><span class="what">claims</span>' in page


def test_checked_figure_and_deciding_span_are_marked(result: RunResult) -> None:
    page = render(result, ReportFormat.HTML)
    assert "pooled <mark>1096 knees</mark> from 18 studies" in page
    assert "with <mark>1069 knees</mark> were included" in page
    assert "<mark>Resting pain fell by 84.31%</mark> and function rose" in page


def test_records_are_linked(result: RunResult) -> None:
    record = result.records["90000001"]
    links = [attrs.get("href") for tag, attrs in elements(render(result, ReportFormat.HTML)) if tag == "a"]
    assert record.url in links


def test_filters_offer_every_verdict_and_each_rule_found(result: RunResult) -> None:
    inputs = [attrs for tag, attrs in elements(render(result, ReportFormat.HTML)) if tag == "input"]
    assert {attrs["value"] for attrs in inputs if attrs["name"] == "verdict"} == {
        "supported",
        "mismatch",
        "unverifiable",
        "unsourced",
    }
    assert {attrs["value"] for attrs in inputs if attrs["name"] == "rule"} == {
        found.rule for found in result.findings
    }


def test_article_and_record_text_cannot_inject_markup(hostile_result: RunResult) -> None:
    page = render(hostile_result, ReportFormat.HTML)
    tags = elements(page)
    assert [tag for tag, _ in tags].count("script") == 1
    assert not [tag for tag, _ in tags if tag == "img"]
    assert not [attrs for _, attrs in tags if any(name.startswith("on") for name in attrs)]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    assert "Some claims could not be checked: HTTP 503" in page and 'role="alert"' in page


def test_unmatched_evidence_is_still_shown_marked(result: RunResult) -> None:
    page = render(result, ReportFormat.HTML)
    assert re.search(r"<mark>no reference is cited in this sentence or its paragraph</mark>", page)
