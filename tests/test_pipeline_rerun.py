"""A warm re-run redoes only what changed (issue 15): extractions and checked outcomes kept in the cache.

What is kept is keyed by content and by a fingerprint of claimcheck's code, never by a claim's place:
the tests count the checker and extraction calls of a second run and compare its report with the
first's. The records and articles here are invented (tests/test_pipeline_scale.py), or the example
article against the loopback server.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from claimcheck import fingerprint, pipeline
from claimcheck.checks import claims as claim_checks
from claimcheck.cli import main
from claimcheck.config import Settings
from claimcheck.lookup.cache import RecordCache
from claimcheck.lookup.interface import Fetched
from claimcheck.model import Finding, Passage, PreparedArticle, RunResult, Support
from fake_eutils import FakeEutils
from test_pipeline_scale import MemorySource, counting, prepared_article, record


class ChangedAbstractSource(MemorySource):
    """The same works, one of whose abstracts now says another figure (invented text)."""

    def fetch_all(self, pmids: Any) -> Fetched:
        fetched = super().fetch_all(pmids)
        changed = "Invented abstract for these tests: 90 patients were followed for 12 months."
        first = record("71000001")
        return Fetched(
            {**fetched.records, first.pmid: replace(first, abstract=(Passage("abstract", "", changed),))}
        )


def articles(figure: str = "80 patients") -> list[PreparedArticle]:
    """Two articles: a claim on r1 (``figure``), a wrong one on r2 and r3, and another on r2."""
    return [
        prepared_article(0, [("a", ("r1",), (figure,)), ("b", ("r2", "r3"), ("14 months",))]),
        prepared_article(1, [("c", ("r2",), ("80 patients",))]),
    ]


def run(prepared: list[PreparedArticle], cache: RecordCache, source: MemorySource | None = None) -> RunResult:
    return pipeline.check_articles(prepared, Settings(), source or MemorySource(), kept=cache)


def outcomes_of(result: RunResult, claim_id: str) -> tuple[tuple[Finding, ...], tuple[Support, ...]]:
    [claim] = [claim for claim in result.claims if claim.claim.id == claim_id]
    return claim.findings, claim.support


Checked = list[tuple[Any, ...]]


@pytest.fixture
def cold_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[RecordCache, RunResult, Checked]:
    """A cache filled by a cold run over ``articles()``, that run's result, and the checker calls counted
    from then on."""
    cache = RecordCache(tmp_path)
    cold = run(articles(), cache)
    return cache, cold, counting(monkeypatch, claim_checks, "check_claim")


def test_a_warm_run_checks_nothing_again_and_gives_the_same_result(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache = RecordCache(tmp_path)
    checked = counting(monkeypatch, claim_checks, "check_claim")
    cold = run(articles(), cache)
    pairs = len(checked)
    warm = run(articles(), cache)

    assert pairs == 4 and len(checked) == pairs
    assert warm == cold
    assert cache.info().kept == {"outcomes": 4}


def test_a_changed_abstract_is_checked_again_and_the_others_are_not(
    cold_run: tuple[RecordCache, RunResult, Checked],
) -> None:
    cache, cold, checked = cold_run
    warm = run(articles(), cache, ChangedAbstractSource())

    assert [(context.claim.id, context.record.pmid) for (context,) in checked] == [("a", "71000001")]
    assert not outcomes_of(cold, "a")[0] and outcomes_of(cold, "a")[1]
    [mismatch] = outcomes_of(warm, "a")[0]
    assert mismatch.pmid == "71000001" and "90 patients" in mismatch.evidence
    assert outcomes_of(warm, "b") == outcomes_of(cold, "b") and outcomes_of(warm, "c") == outcomes_of(
        cold, "c"
    )


def test_a_changed_claim_is_checked_again_and_the_others_are_not(
    cold_run: tuple[RecordCache, RunResult, Checked],
) -> None:
    cache, cold, checked = cold_run
    warm = run(articles("81 patients"), cache)

    assert [(context.claim.id, context.claim.figures) for (context,) in checked] == [("a", ("81 patients",))]
    assert outcomes_of(cold, "a")[1] and not outcomes_of(cold, "a")[0]
    [mismatch] = outcomes_of(warm, "a")[0]
    assert "81" in mismatch.claimed
    assert outcomes_of(warm, "b") == outcomes_of(cold, "b")


def test_other_code_reads_nothing_kept_by_this_code_and_drops_it(
    cold_run: tuple[RecordCache, RunResult, Checked], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, cold, checked = cold_run
    monkeypatch.setattr(fingerprint, "code_fingerprint", lambda: "the code of a later version")
    warm = run(articles(), cache)

    assert len(checked) == 4
    assert outcomes_of(warm, "b") == outcomes_of(cold, "b")
    with sqlite3.connect(cache.path) as db:
        assert db.execute("SELECT DISTINCT fingerprint FROM kept").fetchall() == [
            ("the code of a later version",)
        ]


SPOILERS = {
    "not JSON": lambda value: '{"broken',
    "not outcomes": lambda value: "[1, 2]",
    "a field missing": lambda value: value.replace('"section":', '"part":'),
    "no such severity": lambda value: value.replace('"severity":"', '"severity":"dire-'),
}


@pytest.mark.parametrize("spoil", SPOILERS.values(), ids=SPOILERS.keys())
def test_a_kept_row_that_cannot_be_read_is_checked_again(
    cold_run: tuple[RecordCache, RunResult, Checked], spoil: Callable[[str], str]
) -> None:
    cache, cold, checked = cold_run
    with sqlite3.connect(cache.path) as db:
        rows = db.execute("SELECT key, value FROM kept").fetchall()
        spoilt = [(spoil(value), key) for key, value in rows if spoil(value) != value]
        db.executemany("UPDATE kept SET value = ? WHERE key = ?", spoilt)
    warm = run(articles(), cache)
    again = run(articles(), cache)

    assert spoilt and len(checked) == len(spoilt), "every unreadable row is a miss, and is kept anew"
    assert warm == cold and again == cold


def test_a_claim_moved_down_keeps_its_outcomes_at_its_new_line(
    cold_run: tuple[RecordCache, RunResult, Checked],
) -> None:
    cache, cold, checked = cold_run
    # Three lines added above the first article's claims: "a" and "b" move down three lines.
    first, second = articles()
    moved = replace(first, claims=tuple(replace(claim, line=claim.line + 3) for claim in first.claims))
    warm = run([moved, second], cache)

    assert checked == []
    for claim_id in ("a", "b"):
        findings, support = outcomes_of(warm, claim_id)
        before = outcomes_of(cold, claim_id)
        assert findings == tuple(replace(finding, line=finding.line + 3) for finding in before[0])
        assert support == before[1]
    assert outcomes_of(warm, "a")[1] and outcomes_of(warm, "b")[0]
    assert {finding.line for finding in outcomes_of(warm, "b")[0]} == {5}


@pytest.fixture
def check_example(
    bare_article: Path, eutils_server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> Callable[[], dict[str, Any]]:
    """``claimcheck check`` on the example article against the loopback server: its JSON report."""

    def check() -> dict[str, Any]:
        main(["check", str(bare_article), "--eutils-url", eutils_server.url, "--format", "json"])
        report: dict[str, Any] = json.loads(capsys.readouterr().out)
        return report

    return check


def test_the_example_article_warm_reports_what_it_reported_cold_without_extracting_or_checking(
    check_example: Callable[[], dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cold = check_example()
    read = counting(monkeypatch, pipeline, "read_article")
    extracted = counting(monkeypatch, pipeline, "extract")
    checked = counting(monkeypatch, claim_checks, "check_claim")
    warm = check_example()

    assert warm == cold
    assert read == [] and extracted == [] and checked == []
    rules = {finding["rule"] for finding in cold["findings"]}
    assert len(rules) >= 3 and any(claim["support"] for claim in cold["claims"])
    main(["cache", "info"])
    info = capsys.readouterr().out
    assert "kept article: 1" in info and "kept extraction: 1" in info and "kept outcomes: " in info


def test_a_paragraph_added_above_moves_the_example_articles_findings_and_checks_nothing_again(
    check_example: Callable[[], dict[str, Any]], bare_article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = check_example()
    first, rest = bare_article.read_text(encoding="utf-8").split("\n", 1)
    bare_article.write_text(f"{first}\n\nThank you for reading this far.\n{rest}", encoding="utf-8")
    extracted = counting(monkeypatch, pipeline, "extract")
    checked = counting(monkeypatch, claim_checks, "check_claim")
    moved = check_example()

    assert len(extracted) == 1 and checked == []
    findings = [finding for finding in cold["findings"] if finding["line"] > 1]
    assert findings and [{**finding, "line": finding["line"] + 2} for finding in findings] == [
        finding for finding in moved["findings"] if finding["line"] > 3
    ]


def test_the_example_article_with_every_kept_row_spoilt_is_read_extracted_and_checked_again(
    check_example: Callable[[], dict[str, Any]], bare_article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = check_example()
    with sqlite3.connect(bare_article.parent / "cache" / "pubmed.sqlite3") as db:
        kinds = dict(db.execute("SELECT kind, COUNT(*) FROM kept GROUP BY kind").fetchall())
        db.execute("UPDATE kept SET value = substr(value, 2)")
    read = counting(monkeypatch, pipeline, "read_article")
    extracted = counting(monkeypatch, pipeline, "extract")
    checked = counting(monkeypatch, claim_checks, "check_claim")

    assert check_example() == cold
    assert (len(read), len(extracted), len(checked)) == (1, 1, kinds["outcomes"])
