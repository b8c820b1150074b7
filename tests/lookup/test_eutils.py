"""The E-utilities client against the fake server: politeness, retries, bounded failure, no key leaks."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable

import pytest

from claimcheck.errors import SourceUnavailable
from claimcheck.lookup.eutils import EutilsClient, RequestClock, RetryPolicy
from claimcheck.lookup.resolve import parse_esearch_ids
from fake_eutils import FakeEutils

SEARCH = {"db": "pubmed", "term": '"10.5555/irr.2020.55"[doi]'}
SECRET = "S3CRET-KEY-0123456789"
FAST_LIMIT = 3.0  # seconds: the fast test policy gives up after 1.5
QUICK_GIVE_UP = RetryPolicy(
    give_up_after=0.4, connect_timeout=0.1, read_timeout=0.1, first_backoff=0.01, max_backoff=0.02
)


def search(client: EutilsClient) -> list[str]:
    return client.call("esearch.fcgi", SEARCH, parse_esearch_ids)


@pytest.mark.parametrize("fault", ["500", "html", "truncated", "error", "json-rate", "429-retry-after"])
def test_transient_faults_are_retried_until_a_good_answer(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient], fault: str
) -> None:
    lookup_server.retry_after = "0"
    lookup_server.fail(fault, times=2)
    client = make_client(lookup_server)

    assert search(client) == ["30000002"]
    assert client.requests_made == 3
    assert len(lookup_server.requests_to("esearch.fcgi")) == 3


@pytest.mark.parametrize("fault", ["500", "html", "truncated", "error", "json-rate"])
def test_persistent_faults_end_in_one_clear_line_within_the_time_limit(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient], fault: str
) -> None:
    lookup_server.fail(fault, times=1000)
    client = make_client(lookup_server)

    started = time.monotonic()
    with pytest.raises(SourceUnavailable) as failure:
        search(client)

    assert time.monotonic() - started < FAST_LIMIT
    assert 1 < client.requests_made <= client.policy.max_attempts
    message = str(failure.value)
    assert message.startswith(f"PubMed (E-utilities at {lookup_server.url}) could not be reached: ")
    assert "\n" not in message


def test_retry_after_is_honoured(lookup_server: FakeEutils, make_client: Callable[..., EutilsClient]) -> None:
    lookup_server.retry_after = "0.4"
    lookup_server.fail("429-retry-after", times=1)
    client = make_client(lookup_server)

    started = time.monotonic()
    assert search(client) == ["30000002"]

    assert time.monotonic() - started >= 0.4
    assert client.requests_made == 2


def test_a_hanging_server_is_abandoned_in_bounded_time(
    make_eutils_server: Callable[..., FakeEutils], make_client: Callable[..., EutilsClient]
) -> None:
    server = make_eutils_server(hang_seconds=10.0)
    server.fail("hang", times=1000)
    client = make_client(server)

    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="timed out"):
        search(client)

    assert time.monotonic() - started < FAST_LIMIT


def test_an_unreachable_host_is_reported_not_raised_as_a_traceback() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    policy = RetryPolicy(give_up_after=0.5, connect_timeout=0.2, first_backoff=0.01, max_backoff=0.05)
    client = EutilsClient(
        f"http://127.0.0.1:{port}/eutils/", policy=policy, clock=RequestClock(), max_rate=1000
    )

    with pytest.raises(SourceUnavailable, match="connection failed"):
        search(client)


def test_a_client_error_is_not_retried(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client(lookup_server)

    with pytest.raises(SourceUnavailable, match="HTTP 404"):
        client.call("nosuchutility.fcgi", SEARCH, parse_esearch_ids)

    assert client.requests_made == 1


def test_tool_email_and_key_travel_in_the_post_body_never_in_the_url(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient]
) -> None:
    search(make_client(lookup_server, api_key=SECRET, email="editor@example.org"))

    [request] = lookup_server.log
    assert request.method == "POST"
    assert request.url_query == ""
    assert request.params["tool"] == "claimcheck"
    assert request.params["email"] == "editor@example.org"
    assert request.params["api_key"] == SECRET


def test_the_api_key_appears_in_no_message_log_or_output(
    make_eutils_server: Callable[..., FakeEutils],
    make_client: Callable[..., EutilsClient],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    messages = []
    for fault in ("500", "html", "truncated", "error", "json-rate", "hang"):
        server = make_eutils_server(records_dir=None, hang_seconds=5.0)
        server.fail(fault, times=1000)
        with pytest.raises(SourceUnavailable) as failure:
            search(make_client(server, api_key=SECRET, policy=QUICK_GIVE_UP))
        messages.append(str(failure.value))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{probe.getsockname()[1]}/?api_key={SECRET}&"
    dead = EutilsClient(dead_url, api_key=SECRET, policy=QUICK_GIVE_UP, clock=RequestClock(), max_rate=1000)
    with pytest.raises(SourceUnavailable) as failure:
        search(dead)
    messages.append(str(failure.value))

    captured = capsys.readouterr()
    assert len(messages) == 7
    for text in (*messages, caplog.text, captured.out, captured.err):
        assert SECRET not in text
    assert "***" in messages[-1]  # the key in that URL was scrubbed, not merely absent


def test_the_process_clock_keeps_two_clients_under_three_requests_a_second(
    make_eutils_server: Callable[..., FakeEutils],
) -> None:
    server = make_eutils_server(records_dir=None, rate_limit=3)
    clock = RequestClock()
    first, second = (EutilsClient(server.url, clock=clock) for _ in range(2))

    started = time.monotonic()
    for _ in range(4):
        search(first)
        search(second)

    assert server.rate_limited == 0
    assert len(server.log) == 8
    assert time.monotonic() - started >= 7 / 3  # 8 requests, at most 3 a second


def test_an_api_key_raises_the_rate_to_ten_a_second(make_eutils_server: Callable[..., FakeEutils]) -> None:
    server = make_eutils_server(records_dir=None, rate_limit=10)
    client = EutilsClient(server.url, api_key=SECRET, clock=RequestClock())

    started = time.monotonic()
    for _ in range(10):
        search(client)

    assert server.rate_limited == 0
    assert 0.9 <= time.monotonic() - started < 2.5
