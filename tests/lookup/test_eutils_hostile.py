"""Issue 14: the E-utilities client against a hostile server (tests/fake_eutils.py, ATTACKS and TAMPERING).

A call is bounded as a whole (a server trickling one byte at a time is cut at the deadline), the run has
a budget, an oversized answer is refused while it streams, no redirect is followed, the key is scrubbed
from what an answer decodes to, and Retry-After is honoured with jitter.
"""

from __future__ import annotations

import threading
import time
import tracemalloc
from collections.abc import Callable

import pytest

from claimcheck.errors import SourceUnavailable
from claimcheck.lookup.eutils import EutilsClient, RequestClock, RetryPolicy
from claimcheck.lookup.parse import MAX_RESPONSE_BYTES
from claimcheck.lookup.resolve import parse_esearch_ids
from fake_eutils import REDIRECT_TARGET, FakeEutils

SEARCH = {"db": "pubmed", "term": '"10.5555/irr.2020.55"[doi]'}
SECRET = "S3CRET-KEY-0123456789"
MB = 1024 * 1024


def search(client: EutilsClient) -> list[str]:
    return client.call("esearch.fcgi", SEARCH, parse_esearch_ids)


@pytest.mark.parametrize("give_up_after", [0.6, 1.2])
def test_a_trickling_server_is_cut_at_the_calls_deadline(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient], give_up_after: float
) -> None:
    """Every byte, status line included, arrives well within the read timeout: only the deadline ends it."""
    lookup_server.trickle_seconds = 0.05
    lookup_server.fail("trickle", times=1000)
    policy = RetryPolicy(
        give_up_after=give_up_after, connect_timeout=0.5, read_timeout=0.5, first_backoff=0.01
    )
    client = make_client(lookup_server, policy=policy)

    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="timed out: no complete answer within"):
        search(client)

    elapsed = time.monotonic() - started
    assert give_up_after <= elapsed < give_up_after + 1.0  # generous: only the order of magnitude matters
    assert client.requests_made == 1  # no time was left for a second attempt


def test_a_trickling_server_costs_the_run_one_deadline_then_the_breaker_answers(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient]
) -> None:
    lookup_server.trickle_seconds = 0.05
    lookup_server.fail("trickle", times=1000)
    client = make_client(lookup_server, policy=RetryPolicy(give_up_after=0.5, read_timeout=0.5))

    started = time.monotonic()
    for _ in range(5):
        with pytest.raises(SourceUnavailable):
            search(client)

    assert time.monotonic() - started < 1.5
    assert len(lookup_server.log) == 1


def test_the_run_budget_ends_a_slow_but_answering_server(
    make_eutils_server: Callable[..., FakeEutils], make_client: Callable[..., EutilsClient]
) -> None:
    server = make_eutils_server(records_dir=None, latency=0.2)
    client = make_client(server, policy=RetryPolicy(give_up_after=5.0, run_budget=1.0, first_backoff=0.01))

    started = time.monotonic()
    answered = 0
    with pytest.raises(SourceUnavailable, match="1 s budget for PubMed calls is used up"):
        for _ in range(20):
            search(client)
            answered += 1

    assert 2 <= answered <= 5
    assert time.monotonic() - started < 2.0


def test_an_oversized_answer_is_refused_while_it_streams_and_never_asked_again(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient]
) -> None:
    """200 MB with no Content-Length: the client stops reading at the cap and does not retry."""
    lookup_server.oversized_bytes = 200 * MB
    lookup_server.fail("oversized", times=1000)
    client = make_client(lookup_server, policy=RetryPolicy(give_up_after=20.0, first_backoff=0.01))

    tracemalloc.start()
    try:
        with pytest.raises(SourceUnavailable, match="passed the 50 MB cap; the rest was not read"):
            search(client)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert client.requests_made == 1
    assert peak < 2 * MAX_RESPONSE_BYTES
    assert lookup_server.bytes_sent < 120 * MB  # what the sockets buffered, not the whole answer


def test_an_answer_that_announces_more_than_the_cap_is_not_read_at_all(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient]
) -> None:
    client = make_client(lookup_server, policy=RetryPolicy(max_answer_bytes=100, first_backoff=0.01))

    with pytest.raises(SourceUnavailable, match=r"announces \d+ bytes, over the 100 bytes cap"):
        search(client)

    assert client.requests_made == 1


@pytest.mark.parametrize("kind", ["redirect-same-host", "redirect-other-host"])
def test_no_redirect_is_followed(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient], kind: str
) -> None:
    lookup_server.fail(kind, times=1000)
    client = make_client(lookup_server, api_key=SECRET)

    with pytest.raises(SourceUnavailable) as failure:
        search(client)

    message = str(failure.value)
    assert "HTTP 307, a redirect to" in message and "not followed" in message
    assert ("localhost" in message) == (kind == "redirect-other-host")
    assert lookup_server.requests_to(REDIRECT_TARGET) == []
    assert client.requests_made == 1


def test_regex_bait_is_refused_in_linear_time(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient]
) -> None:
    """'<ERROR>' and a megabyte of spaces: the old pattern took minutes on 8 KB of it."""
    lookup_server.bait_bytes = MB
    lookup_server.fail("regex-bait", times=1000)
    client = make_client(lookup_server)

    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="not a complete eSearchResult"):
        search(client)

    assert time.monotonic() - started < 1.0 + client.requests_made * 0.2


def test_an_answer_echoing_the_key_is_scrubbed_before_it_is_returned(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient]
) -> None:
    lookup_server.fail("key-echo", times=1000)
    client = make_client(lookup_server, api_key=SECRET)

    answer = client.call(
        "efetch.fcgi", {"db": "pubmed", "id": "30000001"}, lambda body: (body, [body.decode()])
    )

    raw, [text] = answer
    assert SECRET.encode() not in raw and SECRET not in text
    assert b"<ArticleTitle>*** " in raw  # the echo was there, and was scrubbed


def test_retry_after_gets_a_random_share_added() -> None:
    policy = RetryPolicy()
    waits = [policy.after(2.0) for _ in range(200)]

    assert all(2.0 <= wait <= 4.0 for wait in waits)
    assert max(waits) - min(waits) > 1.0
    assert len(set(waits)) == len(waits)


@pytest.mark.parametrize("header", ["inf", "nan", "-5", "1e999", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_a_nonsense_retry_after_is_replaced_by_our_own_backoff(
    lookup_server: FakeEutils, make_client: Callable[..., EutilsClient], header: str
) -> None:
    lookup_server.retry_after = header
    lookup_server.fail("429-retry-after", times=1)
    client = make_client(lookup_server)

    started = time.monotonic()
    assert search(client) == ["30000002"]
    assert time.monotonic() - started < 1.0


def test_eight_processes_under_one_rate_limit_do_not_retry_in_lockstep(
    make_eutils_server: Callable[..., FakeEutils],
) -> None:
    """Eight clients with their own clocks (as eight processes would have) hit a 3/s limit at once.

    Those refused all hear "Retry-After: 1"; with jitter they come back at different moments instead
    of all at the same instant, and every one of them is answered in the end.
    """
    server = make_eutils_server(records_dir=None, rate_limit=3, rate_limit_retry_after="1")
    policy = RetryPolicy(give_up_after=20.0, first_backoff=0.01)
    clients = [
        EutilsClient(
            server.url, email=f"process{n}@example.org", policy=policy, clock=RequestClock(), max_rate=100
        )
        for n in range(8)
    ]
    answers: list[list[str]] = []
    start_together = threading.Barrier(len(clients))

    def run(client: EutilsClient) -> None:
        start_together.wait()
        answers.append(search(client))

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(answers) == 8
    arrivals: dict[str, list[float]] = {}
    for request, arrival in zip(server.log, server.arrivals, strict=True):
        arrivals.setdefault(request.params["email"], []).append(arrival)
    refused = [times for times in arrivals.values() if len(times) > 1]
    assert len(refused) >= 5
    assert all(second - first >= 1.0 for first, second, *_ in refused)  # Retry-After honoured
    second_attempts = [times[1] for times in refused]
    assert max(second_attempts) - min(second_attempts) > 0.1
