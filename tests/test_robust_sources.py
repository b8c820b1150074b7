"""Issues #7 and #14, failing and hostile sources: ``claimcheck check`` of the example article against a fake
E-utilities server that misbehaves, or attacks, ends in bounded time with exit 3, a full report, the
source-free findings, and a cache that holds only good records that were asked for.

The server is tests/fake_eutils.FakeEutils on 127.0.0.1, serving the fixture records of tests/fixtures/.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimcheck.cli import EXIT_UNVERIFIED, main
from claimcheck.lookup.cache import CACHE_FILE_NAME, RecordCache
from claimcheck.lookup.parse import parse_pubmed
from fake_eutils import ATTACKS, FAULTS, REDIRECT_TARGET, FakeEutils

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "articles" / "stem-cell-therapy-knees.txt"
FIXTURES = REPO / "tests" / "fixtures"
EVERY_REQUEST = 10**6
# The promise for a server that fails every request, with default settings.
DEFAULT_SETTINGS_LIMIT = 60.0
# With --timeout 3 every call gives up within about 3 s, and the breaker makes that the run's cost.
SHORT_TIMEOUT_LIMIT = 20.0


@dataclass(frozen=True)
class Outcome:
    status: int
    report: dict
    err: str
    seconds: float
    cache: RecordCache


@pytest.fixture
def server() -> Iterator[FakeEutils]:
    # Hangs outlast every read timeout used here (default 15 s), so a hang is only ended by the client.
    with FakeEutils(FIXTURES / "pubmed", FIXTURES / "pmc", hang_seconds=120, retry_after="1") as fake:
        yield fake


@pytest.fixture
def article(bare_article: Path) -> Path:
    return bare_article


def check(article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str], *argv: str) -> Outcome:
    started = time.monotonic()
    status = main(["check", str(article), "--eutils-url", server.url, "--format", "json", *argv])
    seconds = time.monotonic() - started
    captured = capsys.readouterr()
    return Outcome(
        status, json.loads(captured.out), captured.err, seconds, RecordCache(article.parent / "cache")
    )


def assert_could_not_check(outcome: Outcome) -> None:
    """Exit 3, no traceback, every citing claim unverifiable with the reason, source-free findings kept."""
    assert outcome.status == EXIT_UNVERIFIED, outcome.err
    assert "Traceback" not in outcome.err
    assert "could not be reached" in outcome.err
    cited = [claim for claim in outcome.report["claims"] if claim["cites"]]
    assert len(cited) >= 20
    for claim in cited:
        assert claim["verdict"] == "unverifiable", claim
        assert "PubMed could not be reached" in claim["reason"], claim
    rules = {finding["rule"] for finding in outcome.report["findings"]}
    assert {"CC106", "CC301"} <= rules
    summary = outcome.report["summary"]
    assert (
        summary["claims"] == len(outcome.report["claims"]) == summary["unverifiable"] + summary["unsourced"]
    )


def assert_cache_empty(cache: RecordCache) -> None:
    info = cache.info()
    assert (info.records, info.maps, info.fulltexts) == (0, 0, 0)


# What each attack of issue 14 may cost the run, --timeout 3 given: one cut call (a trickle is ended at
# the call's deadline), or retries with backoff, then the breaker; the rest is the local checks.
LIMITS = dict.fromkeys((*FAULTS, *ATTACKS), SHORT_TIMEOUT_LIMIT) | {
    "trickle": 10.0,
    "redirect-same-host": 8.0,
    "redirect-other-host": 8.0,
    "oversized": 10.0,
}


@pytest.mark.parametrize("fault", (*FAULTS, *ATTACKS))
def test_every_request_failing_or_attacking_ends_with_exit_3_a_full_report_and_nothing_cached(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str], fault: str
) -> None:
    server.fail(fault, times=EVERY_REQUEST)

    outcome = check(article, server, capsys, "--timeout", "3")

    assert outcome.seconds < LIMITS[fault]
    assert_could_not_check(outcome)
    assert_cache_empty(outcome.cache)
    assert server.requests_to(REDIRECT_TARGET) == []


@pytest.mark.parametrize("fault", ["500", "hang"])
def test_with_default_settings_a_dead_server_costs_one_give_up_well_under_a_minute(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str], fault: str
) -> None:
    """No --timeout: the default retry budget, then the circuit breaker, keep the whole run under 60 s."""
    server.fail(fault, times=EVERY_REQUEST)

    outcome = check(article, server, capsys)

    assert outcome.seconds < DEFAULT_SETTINGS_LIMIT
    assert_could_not_check(outcome)
    assert_cache_empty(outcome.cache)
    # One call's retries, then every later call failed fast without sending anything.
    assert len({entry.endpoint for entry in server.log}) == 1
    assert len(server.log) <= 5


def test_after_the_breaker_opens_the_report_names_the_first_reason_once(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    server.fail("html", times=EVERY_REQUEST)

    outcome = check(article, server, capsys, "--timeout", "3")

    reasons = [line for line in outcome.err.splitlines() if "could not be reached" in line]
    assert len(reasons) == 1 and "an HTML page instead of data" in reasons[0]


def cached_records(cache: RecordCache) -> dict[str, bytes]:
    """PMID -> the raw XML stored for it (the cache's API hands out parsed records only)."""
    if not (cache.directory / CACHE_FILE_NAME).exists():
        return {}
    with sqlite3.connect(cache.directory / CACHE_FILE_NAME) as db:
        return dict(db.execute("SELECT pmid, xml FROM records").fetchall())


def test_a_partial_failure_caches_only_complete_records_that_parse_to_what_was_used(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    """The searches and the records' efetch succeed; the full texts' efetch then fails for good."""
    server.fail("500", endpoint="efetch.fcgi", times=EVERY_REQUEST, after=1)

    outcome = check(article, server, capsys, "--timeout", "3")

    assert outcome.status == EXIT_UNVERIFIED and "Traceback" not in outcome.err
    records = cached_records(outcome.cache)
    assert records, "the records fetched before the failure are kept"
    for pmid, xml in records.items():
        assert xml.rstrip().endswith(b"</PubmedArticle>\n</PubmedArticleSet>")  # one whole article
        reparsed = parse_pubmed(xml)
        assert [record.pmid for record in reparsed] == [pmid]
        assert reparsed[0] == outcome.cache.get_records([pmid], None)[pmid].record
    assert set(records) <= set(server.pubmed.articles)
    verdicts = {claim["verdict"] for claim in outcome.report["claims"] if claim["cites"]}
    assert "unverifiable" in verdicts


@pytest.mark.parametrize("fault", ["truncated", "error", "html"])
def test_a_bad_efetch_answer_never_reaches_the_cache(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str], fault: str
) -> None:
    server.fail(fault, endpoint="efetch.fcgi", times=EVERY_REQUEST)

    outcome = check(article, server, capsys, "--timeout", "3")

    assert outcome.status == EXIT_UNVERIFIED
    assert cached_records(outcome.cache) == {}


def test_a_passing_fault_is_retried_and_the_run_succeeds(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    """The breaker opens only on giving up: two bad answers followed by good ones cost nothing but time."""
    server.fail("truncated", times=2)

    outcome = check(article, server, capsys)

    assert outcome.status != EXIT_UNVERIFIED, outcome.err
    assert outcome.report["summary"]["supported"] > 0
    assert outcome.cache.info().records > 0


# --------------------------------------------------------------------------- issue 14: a hostile server


def test_an_answer_with_unasked_pmids_is_retried_and_only_what_was_asked_is_cached(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    server.fail("wrong-pmids", endpoint="efetch.fcgi", times=2)

    outcome = check(article, server, capsys)

    assert outcome.status != EXIT_UNVERIFIED, outcome.err
    asked = {
        pmid for request in server.requests_to("efetch.fcgi") for pmid in request.params["id"].split(",")
    }
    assert set(cached_records(outcome.cache)) <= asked
    assert len(cached_records(outcome.cache)) > 0


def test_a_search_ignoring_retmax_costs_a_handful_of_requests(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's 100,000 ids once led to 1,003 requests in 112 s."""
    server.fail("retmax-ignored", endpoint="esearch.fcgi", times=EVERY_REQUEST)

    outcome = check(article, server, capsys)

    assert outcome.status != EXIT_UNVERIFIED, outcome.err
    assert len(server.log) <= 12
    assert outcome.seconds < SHORT_TIMEOUT_LIMIT
    assert set(cached_records(outcome.cache)) <= set(server.pubmed.articles)
