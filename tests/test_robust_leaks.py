"""Issue #7, nothing leaked: a recognizable NCBI_API_KEY is sent to the server and appears nowhere else.

Not in stdout, stderr, the log records (at -vv, with every library's DEBUG lines captured), the report
files of every format, the cache database's bytes (WAL files included), nor any exception's text.
"""

from __future__ import annotations

import logging
import shutil
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck.cli import EXIT_UNVERIFIED, main
from claimcheck.errors import SourceUnavailable
from claimcheck.lookup.cache import CACHE_FILE_NAME, RecordCache
from claimcheck.lookup.eutils import EutilsClient, RequestClock, RetryPolicy
from claimcheck.lookup.resolve import parse_esearch_ids
from fake_eutils import ATTACKS, FAULTS, REDIRECT_TARGET, TAMPERING, FakeEutils

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "articles" / "stem-cell-therapy-knees.txt"
FIXTURES = REPO / "tests" / "fixtures"
SECRET = "LEAKCANARY-5f2b9c0e7d1a4b8c"
FORMATS = ("json", "text", "sarif", "html")
# Every fault and attack once, the report formats taking turns, so each format is also written after a failure.
FAULT_RUNS = [(fault, FORMATS[index % len(FORMATS)]) for index, fault in enumerate((*FAULTS, *ATTACKS))]
# The attacks an answer can carry on a request to esearch (the others tamper with efetch only).
SEARCH_ATTACKS = ("trickle", "redirect-same-host", "redirect-other-host", "oversized", "regex-bait")


@pytest.fixture
def server() -> Iterator[FakeEutils]:
    with FakeEutils(FIXTURES / "pubmed", FIXTURES / "pmc", hang_seconds=30, retry_after="0.2") as fake:
        yield fake


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NCBI_API_KEY", SECRET)
    monkeypatch.delenv("CLAIMCHECK_EUTILS_URL", raising=False)
    caplog.set_level(logging.DEBUG)  # every logger, urllib3's connection lines included
    target = tmp_path / "article.txt"
    shutil.copy(ARTICLE, target)
    return target


def assert_secret_nowhere(
    article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    captured = capsys.readouterr()
    assert captured.out + captured.err, "the run said something"
    assert SECRET not in captured.out and SECRET not in captured.err
    assert SECRET not in caplog.text
    assert all(SECRET not in record.getMessage() for record in caplog.records)
    written = [path for path in article.parent.rglob("*") if path.is_file() and path != article]
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path
    # The key did travel: the test would prove nothing if it were never sent.
    assert server.log and all(entry.params.get("api_key") == SECRET for entry in server.log)
    assert all(SECRET not in entry.url_query for entry in server.log)
    assert server.requests_to(REDIRECT_TARGET) == []  # and only where it was sent


# Every format on a plain run and with the key echoed into records; retmax ignored once.
SUCCESSFUL_RUNS = [(tampering, fmt) for tampering in ("none", "key-echo") for fmt in FORMATS] + [
    (tampering, "json") for tampering in TAMPERING if tampering != "key-echo"
]


@pytest.mark.parametrize(("tampering", "fmt"), SUCCESSFUL_RUNS)
def test_a_successful_run_leaks_the_key_nowhere(
    article: Path,
    server: FakeEutils,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    fmt: str,
    tampering: str,
) -> None:
    """Also when the server echoes the key into its records, or ignores esearch's retmax (issue 14)."""
    if tampering != "none":
        server.fail(tampering, times=10**6)
    report = article.parent / f"report.{fmt}"

    status = main(
        ["check", str(article), "--eutils-url", server.url, "-vv", "--format", fmt, "--output", str(report)]
    )

    assert status != EXIT_UNVERIFIED and report.stat().st_size > 0
    assert (article.parent / "cache" / CACHE_FILE_NAME).stat().st_size > 0  # so its bytes are searched too
    assert_secret_nowhere(article, server, capsys, caplog)
    if tampering == "key-echo":  # the echo did reach us, scrubbed
        cached = RecordCache(article.parent / "cache").get_records(server.pubmed.articles, None)
        assert cached and all(hit.record.title.startswith("*** ") for hit in cached.values())


@pytest.mark.parametrize(("fault", "fmt"), FAULT_RUNS)
def test_a_failing_run_leaks_the_key_nowhere(
    article: Path,
    server: FakeEutils,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    fault: str,
    fmt: str,
) -> None:
    server.fail(fault, times=10**6)
    report = article.parent / f"report.{fmt}"

    status = main(
        [
            "check",
            str(article),
            "--eutils-url",
            server.url,
            "-vv",
            "--timeout",
            "2",
            "--format",
            fmt,
            "--output",
            str(report),
        ]
    )

    assert status == EXIT_UNVERIFIED and report.stat().st_size > 0
    assert_secret_nowhere(article, server, capsys, caplog)


@pytest.mark.parametrize("fault", [*FAULTS, *SEARCH_ATTACKS, "unreachable"])
def test_exception_text_and_its_whole_chain_never_hold_the_key(server: FakeEutils, fault: str) -> None:
    """What a caller could print: the message, the repr, and the formatted chain of causes and contexts."""
    url = server.url
    if fault == "unreachable":
        server.close()
    else:
        server.fail(fault, times=10**6)
    policy = RetryPolicy(
        give_up_after=1.0, connect_timeout=0.3, read_timeout=0.3, first_backoff=0.01, max_backoff=0.05
    )
    client = EutilsClient(url, api_key=SECRET, policy=policy, clock=RequestClock())

    with pytest.raises(SourceUnavailable) as failure:
        client.call("esearch.fcgi", {"db": "pubmed", "term": "knee[title]"}, parse_esearch_ids)

    error = failure.value
    chain = "".join(traceback.format_exception(error))
    assert SECRET not in str(error) and SECRET not in repr(error) and SECRET not in chain
    assert "could not be reached" in str(error)
