"""The E-utilities HTTP client: the only module in claimcheck that talks to the network.

NCBI asks every client to keep to 3 requests/s (10/s with an API key), to send ``tool`` and
``email``, and bans keys that do not. Its failures are not always HTTP errors: a 200 answer may
carry an ``<ERROR>`` element, an HTML page from a proxy, a truncated body or a JSON rate-limit
error, and 429 answers rarely carry ``Retry-After``. This client keeps to the rate across the
whole process, retries what is worth retrying within a bounded time, and raises
``SourceUnavailable`` with one clear line otherwise. Once it has given up, it is a circuit breaker:
every later call in the run fails at once with the same reason, so a dead service costs one
give-up per run, not one per request.

The server is not trusted either. A call is bounded as a whole (connect, headers and every byte of
the body), and so is the run; an answer is refused while it streams once it passes the size cap;
no redirect is followed, since the POST body carries the key; and the key is scrubbed from every
message and from everything an answer decodes to, should the server echo it back.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import math
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import requests

from claimcheck.errors import SourceUnavailable
from claimcheck.lookup.parse import MAX_RESPONSE_BYTES

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL_NAME = "claimcheck"

log = logging.getLogger(__name__)

T = TypeVar("T")

SCRUBBED = "***"
_CHUNK_BYTES = 64 * 1024
_HTML_START = re.compile(rb"^\s*(<!DOCTYPE\s+html|<html)", re.IGNORECASE)


class BadResponse(ValueError):
    """An answer that cannot be used as it is (HTML page, <ERROR>, truncated XML...): worth a retry."""


class _Refused(Exception):
    """An answer that asking again would not change (4xx, a redirect, an oversized body): give up now."""


class _RateLimited(Exception):
    """NCBI said "too many requests", by status 429 or by a JSON error body in a 200."""

    def __init__(self, retry_after: float | None) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


class RequestClock:
    """A minimum-interval clock shared by every client of the process.

    NCBI counts requests per key (or per IP), not per client object, so two clients in one run
    must share one clock. ``hold_off`` makes every client wait after a rate-limit answer.
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._monotonic = monotonic
        self._next_slot = 0.0

    def wait_turn(self, interval: float) -> None:
        """Block until this caller may send, and book the slot after it."""
        with self._lock:
            now = self._monotonic()
            start = max(now, self._next_slot)
            self._next_slot = start + interval
        if start > now:
            time.sleep(start - now)

    def hold_off(self, seconds: float) -> None:
        """Let no request through for ``seconds`` from now."""
        with self._lock:
            self._next_slot = max(self._next_slot, self._monotonic() + seconds)


PROCESS_CLOCK = RequestClock()


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait for an answer and how to back off; tests shrink every figure."""

    # Per call, retries included: connect, headers and the whole body of every attempt end by then.
    # With the figures below a service that fails every request is given up on within about 15 s
    # (5 attempts, backoff 1+2+4+8 s at most), a hanging one within about 31 s (2 read timeouts), a
    # trickling one at this deadline: well under a CI job's patience, and the breaker makes that the
    # whole run's cost.
    give_up_after: float = 60.0
    connect_timeout: float = 10.0
    # Silence allowed between two bytes of an answer; the call's deadline bounds the whole answer.
    read_timeout: float = 15.0
    first_backoff: float = 1.0
    max_backoff: float = 8.0
    max_attempts: int = 5
    # A server that let two requests time out is hanging, not busy: waiting again costs most.
    max_timeouts: int = 2
    # NCBI's window is one second; a little slack keeps us under it despite network jitter.
    rate_margin: float = 1.1
    # Every call of one run together: a slow but answering server cannot hold a CI job for hours.
    run_budget: float = 600.0
    # Refused while it streams, before it is held whole: no E-utilities answer we ask for comes near.
    max_answer_bytes: int = MAX_RESPONSE_BYTES

    def backoff(self, attempt: int) -> float:
        """Capped exponential backoff with full jitter (attempt counts from 1)."""
        ceiling = min(self.max_backoff, self.first_backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def after(self, retry_after: float) -> float:
        """Retry-After plus a random share of it, so processes told the same moment do not all return then."""
        return retry_after + random.uniform(0, max(retry_after, self.first_backoff))


class EutilsClient:
    """Sends E-utility requests under one base URL, politely and with bounded retries.

    ``requests_made`` counts every HTTP request sent (retries included), for benchmarks and tests.
    """

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        api_key: str | None = None,
        email: str | None = None,
        policy: RetryPolicy | None = None,
        clock: RequestClock = PROCESS_CLOCK,
        max_rate: float | None = None,
    ) -> None:
        """``max_rate`` (requests/s) defaults to NCBI's limit: 3/s, or 10/s with an API key."""
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.session = session or requests.Session()
        self.policy = policy or RetryPolicy()
        self._api_key = api_key or ""
        self._email = email or ""
        self._clock = clock
        self._interval = self.policy.rate_margin / (max_rate or (10.0 if self._api_key else 3.0))
        self.requests_made = 0
        self._gave_up = ""  # the reason, once the service has been declared unavailable for this run
        self._run_ends: float | None = None  # the run's budget, counted from its first call

    @property
    def source_name(self) -> str:
        return f"PubMed (E-utilities at {self.base_url})"

    def call(self, utility: str, params: Mapping[str, str], decode: Callable[[bytes], T]) -> T:
        """POST ``params`` to ``utility`` and return ``decode(body)`` with the key scrubbed from it.

        ``decode`` raises ``BadResponse`` (or ``ValueError``) for a body it cannot use; that is
        retried like a 5xx, since NCBI's <ERROR> and truncated answers are usually passing trouble.
        """
        if self._gave_up:
            raise SourceUnavailable(self._gave_up)
        now = time.monotonic()
        if self._run_ends is None:
            self._run_ends = now + self.policy.run_budget
        deadline = min(now + self.policy.give_up_after, self._run_ends)
        attempt = timeouts = 0
        while True:
            attempt += 1
            held_off = False
            try:
                return self.scrub_answer(decode(self._send(utility, params, deadline)))
            except _RateLimited as limited:
                wait = (
                    self.policy.backoff(attempt)
                    if limited.retry_after is None
                    else self.policy.after(limited.retry_after)
                )
                reason, held_off = "NCBI kept answering 'too many requests'", True
            except (requests.ConnectionError, requests.Timeout) as exc:
                timeouts += isinstance(exc, requests.Timeout)
                wait, reason = self.policy.backoff(attempt), self._describe(exc)
            except _ServerError as exc:
                wait, reason = self.policy.backoff(attempt), str(exc)
            except ValueError as exc:
                wait, reason = self.policy.backoff(attempt), f"unusable answer from {utility}: {exc}"
            except _Refused as exc:
                raise self._give_up(f"request refused: {exc}", attempt) from None
            except requests.RequestException as exc:
                raise self._give_up(self._describe(exc), attempt) from None
            log.info(self.scrub(f"{utility} attempt {attempt} failed ({reason}); retrying in {wait:.2f}s"))
            if (
                attempt >= self.policy.max_attempts
                or timeouts >= self.policy.max_timeouts
                or time.monotonic() + wait > deadline
            ):
                raise self._give_up(reason, attempt)
            if held_off:
                self._clock.hold_off(wait)
            time.sleep(wait)

    def _send(self, utility: str, params: Mapping[str, str], deadline: float) -> bytes:
        """One POST whose connect, headers and whole body end by ``deadline`` (monotonic seconds)."""
        body = {**params, "tool": TOOL_NAME}
        if self._email:
            body["email"] = self._email
        if self._api_key:
            body["api_key"] = self._api_key
        self._clock.wait_turn(self._interval)
        time_left = deadline - time.monotonic()
        if time_left <= 0:
            raise requests.Timeout("no time left for another attempt")
        self.requests_made += 1
        started = time.monotonic()
        exchange = _Exchange(
            self.session,
            self.base_url + utility,
            body,
            (_bounded(self.policy.connect_timeout, time_left), _bounded(self.policy.read_timeout, time_left)),
            self.policy.max_answer_bytes,
        )
        status, headers, content = exchange.run(deadline)
        log.info(
            "%s %s: HTTP %d, %d bytes in %.2fs",
            utility,
            _describe_params(params),
            status,
            len(content),
            time.monotonic() - started,
        )
        if status == 429 or _is_json_rate_error(content):
            raise _RateLimited(_retry_after(headers.get("Retry-After")))
        if status >= 500:
            raise _ServerError(f"{utility} answered HTTP {status}")
        if 300 <= status < 400:
            target = urlsplit(headers.get("Location", "")).netloc or "an unnamed place"
            raise _Refused(
                f"{utility} answered HTTP {status}, a redirect to {target}: not followed, "
                "since the request carries the API key"
            )
        if status >= 400:
            raise _Refused(f"{utility} answered HTTP {status}")
        check_body(content)
        return content

    def scrub(self, text: str) -> str:
        """Remove the API key from a text that may have swallowed a URL, a request body or an answer."""
        return self.scrub_answer(text)

    def scrub_answer(self, value: T) -> T:
        """``value`` with the API key replaced in every string and bytes inside it, however nested.

        A server may echo the key back (into a title, an error text...); whatever an answer decodes
        to passes through here before it can reach a record, the cache, a log or a report.
        """
        return cast(T, _without(value, self._api_key)) if self._api_key else value

    def _describe(self, exc: requests.RequestException) -> str:
        kind = "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
        return self.scrub(f"{kind}: {exc}")

    def _give_up(self, reason: str, attempts: int) -> SourceUnavailable:
        """The run's one SourceUnavailable for this service: later calls fail at once with it."""
        if self._run_ends is not None and time.monotonic() >= self._run_ends:
            reason += f"; the run's {self.policy.run_budget:g} s budget for PubMed calls is used up"
        plural = "" if attempts == 1 else "s"
        message = self.scrub(
            f"{self.source_name} could not be reached: {reason} (gave up after {attempts} attempt{plural})"
        )
        self._gave_up = message
        return SourceUnavailable(message)


class _ServerError(Exception):
    """A 5xx answer."""


class _Exchange:
    """One POST and its whole answer, run on a worker thread so the caller's deadline holds whatever the
    server does.

    ``requests`` bounds each socket operation, not a call: a server trickling one byte a second (in
    its headers or its body) never trips a read timeout. The caller waits until the deadline, then
    abandons the exchange: the worker stops at its next chunk, and the socket is shut down so that a
    read in progress ends at once. (A worker abandoned while the headers still trickle in holds no
    socket we can reach; it is a daemon thread, holding nothing the run needs, and ends with the
    server or the process.) The size cap is applied as the body streams, so an oversized answer is
    never held whole, and no redirect is followed.
    """

    def __init__(
        self,
        session: requests.Session,
        url: str,
        body: Mapping[str, str],
        timeouts: tuple[float, float],
        max_bytes: int,
    ) -> None:
        self._session = session
        self._url = url
        self._body = body
        self._timeouts = timeouts
        self._max_bytes = max_bytes
        self._finished = threading.Event()
        self._abandoned = threading.Event()
        self._response: requests.Response | None = None
        self._outcome: tuple[int, Mapping[str, str], bytes] | Exception | None = None

    def run(self, deadline: float) -> tuple[int, Mapping[str, str], bytes]:
        """(status, headers, body), or the exception the exchange ended in; Timeout at the deadline."""
        allowed = max(0.0, deadline - time.monotonic())
        worker = threading.Thread(target=self._work, name="claimcheck-eutils", daemon=True)
        worker.start()
        if not self._finished.wait(allowed):
            self._abandoned.set()
            _shut(self._response)
            raise requests.Timeout(f"no complete answer within {allowed:.1f} s")
        if isinstance(self._outcome, Exception):
            raise self._outcome
        assert self._outcome is not None
        return self._outcome

    def _work(self) -> None:
        try:
            response = self._session.post(
                self._url, data=self._body, timeout=self._timeouts, stream=True, allow_redirects=False
            )
            self._response = response
            if self._abandoned.is_set():  # the caller gave up while the headers were arriving
                _shut(response)
            with response:
                self._outcome = (response.status_code, response.headers, self._read(response))
        # Handed to the caller, who decides what each kind of failure means.
        except Exception as error:  # noqa: BLE001
            self._outcome = error
        finally:
            self._finished.set()

    def _read(self, response: requests.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise _Refused(f"the answer announces {int(declared)} bytes, over the {self._limit} cap")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(_CHUNK_BYTES):
            if self._abandoned.is_set():
                raise requests.Timeout("abandoned at the call's deadline")
            size += len(chunk)
            if size > self._max_bytes:
                raise _Refused(f"the answer passed the {self._limit} cap; the rest was not read")
            chunks.append(chunk)
        return b"".join(chunks)

    @property
    def _limit(self) -> str:
        megabytes, rest = divmod(self._max_bytes, 1024 * 1024)
        return f"{megabytes} MB" if megabytes and not rest else f"{self._max_bytes} bytes"


def _shut(response: requests.Response | None) -> None:
    """End a read in progress on ``response``'s connection: shutting the socket wakes a blocked read."""
    connection = getattr(getattr(response, "raw", None), "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _without(value: Any, secret: str) -> Any:
    """``value`` with ``secret`` replaced in every str and bytes of it: lists, tuples, dicts, dataclasses."""
    if isinstance(value, str):
        return value.replace(secret, SCRUBBED)
    if isinstance(value, bytes):
        return value.replace(secret.encode(), SCRUBBED.encode())
    if isinstance(value, (list, tuple)):
        return type(value)(_without(item, secret) for item in value)
    if isinstance(value, dict):
        return {_without(key, secret): _without(item, secret) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _without(getattr(value, field.name), secret)
            for field in dataclasses.fields(value)
            if field.init
        }
        return dataclasses.replace(value, **changes)
    return value


def check_body(content: bytes) -> None:
    """Refuse the bodies NCBI sends with status 200 when something went wrong on its side."""
    head = content[:2048]
    if _HTML_START.match(head):
        raise BadResponse("an HTML page instead of data")
    error = _error_element(content)
    if error:
        raise BadResponse(f"NCBI reported an error: {error[:200]}")
    if head.lstrip().startswith(b"{"):
        raise BadResponse(f"a JSON error instead of data: {head[:200].decode('utf-8', 'replace')}")


def _error_element(content: bytes) -> str:
    """The text of the first non-empty ``<ERROR>`` element, found by plain searches (linear in the answer)."""
    position = 0
    while (start := content.find(b"<ERROR>", position)) >= 0:
        text_start = start + len(b"<ERROR>")
        end = content.find(b"<", text_start)
        if end < 0:
            return ""
        text = content[text_start:end].strip()
        if text and content.startswith(b"</ERROR>", end):
            return text.decode("utf-8", "replace")
        position = end
    return ""


def _is_json_rate_error(content: bytes) -> bool:
    """NCBI sometimes answers 200 with {"error":"API rate limit exceeded", ...}."""
    if not content[:64].lstrip().startswith(b"{"):
        return False
    try:
        payload = json.loads(content[:4096])
    except ValueError:
        return False
    return isinstance(payload, dict) and "rate limit" in str(payload.get("error", "")).lower()


def _bounded(timeout: float, time_left: float) -> float:
    """A socket timeout no longer than what is left of the call, and never zero (requests' "no wait")."""
    return max(0.05, min(timeout, time_left))


def _retry_after(header: str | None) -> float | None:
    """Seconds to wait from a Retry-After header given in seconds; None when absent, a date or nonsense."""
    if header is None:
        return None
    try:
        seconds = float(header)
    except ValueError:
        return None
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _describe_params(params: Mapping[str, str]) -> str:
    """What a request asked for, in a few words for the log: never the key, never a long id list."""
    ids = params.get("id", "")
    parts = [f"db={params['db']}"] if "db" in params else []
    if ids:
        parts.append(f"{ids.count(',') + 1} ids")
    if "term" in params:
        parts.append(f"term of {len(params['term'])} chars")
    if "bdata" in params:
        parts.append(f"{params['bdata'].count(chr(13)) + 1} citations")
    return ", ".join(parts) or "no parameters"
