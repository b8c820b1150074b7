"""The E-utilities HTTP client: the only module in claimcheck that talks to the network.

NCBI asks every client to keep to 3 requests/s (10/s with an API key), to send ``tool`` and
``email``, and bans keys that do not. Its failures are not always HTTP errors: a 200 answer may
carry an ``<ERROR>`` element, an HTML page from a proxy, a truncated body or a JSON rate-limit
error, and 429 answers rarely carry ``Retry-After``. This client keeps to the rate across the
whole process, retries what is worth retrying within a bounded time, and raises
``SourceUnavailable`` with one clear line otherwise. Once it has given up, it is a circuit breaker:
every later call in the run fails at once with the same reason, so a dead service costs one
give-up per run, not one per request. The API key travels in POST bodies only and is scrubbed
from every message, since ``requests`` puts URLs into its exception texts.
"""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import requests

from claimcheck.errors import SourceUnavailable

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL_NAME = "claimcheck"

log = logging.getLogger(__name__)

T = TypeVar("T")

_ERROR_ELEMENT = re.compile(rb"<ERROR>\s*([^<]+?)\s*</ERROR>")
_HTML_START = re.compile(rb"^\s*(<!DOCTYPE\s+html|<html)", re.IGNORECASE)


class BadResponse(ValueError):
    """An answer that cannot be used as it is (HTML page, <ERROR>, truncated XML...): worth a retry."""


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

    # Per call. With the figures below a service that fails every request is given up on within
    # about 15 s (5 attempts, backoff 1+2+4+8 s at most), a hanging one within about 31 s (2 read
    # timeouts): well under a CI job's patience, and the breaker makes that the whole run's cost.
    give_up_after: float = 60.0
    connect_timeout: float = 10.0
    # Between two bytes of an answer, not for the whole answer: a large efetch still streams in time.
    read_timeout: float = 15.0
    first_backoff: float = 1.0
    max_backoff: float = 8.0
    max_attempts: int = 5
    # A server that let two requests time out is hanging, not busy: waiting again costs most.
    max_timeouts: int = 2
    # NCBI's window is one second; a little slack keeps us under it despite network jitter.
    rate_margin: float = 1.1

    def backoff(self, attempt: int) -> float:
        """Capped exponential backoff with full jitter (attempt counts from 1)."""
        ceiling = min(self.max_backoff, self.first_backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


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

    @property
    def source_name(self) -> str:
        return f"PubMed (E-utilities at {self.base_url})"

    def call(self, utility: str, params: Mapping[str, str], decode: Callable[[bytes], T]) -> T:
        """POST ``params`` to ``utility`` and return ``decode(body)``, retrying what is transient.

        ``decode`` raises ``BadResponse`` (or ``ValueError``) for a body it cannot use; that is
        retried like a 5xx, since NCBI's <ERROR> and truncated answers are usually passing trouble.
        """
        if self._gave_up:
            raise SourceUnavailable(self._gave_up)
        deadline = time.monotonic() + self.policy.give_up_after
        attempt = timeouts = 0
        while True:
            attempt += 1
            try:
                return decode(self._send(utility, params, deadline - time.monotonic()))
            except _RateLimited as limited:
                wait = self.policy.backoff(attempt) if limited.retry_after is None else limited.retry_after
                reason = "NCBI kept answering 'too many requests'"
                self._clock.hold_off(wait)
            except (requests.ConnectionError, requests.Timeout) as exc:
                timeouts += isinstance(exc, requests.Timeout)
                wait, reason = self.policy.backoff(attempt), self._describe(exc)
            except _ServerError as exc:
                wait, reason = self.policy.backoff(attempt), str(exc)
            except ValueError as exc:
                wait, reason = self.policy.backoff(attempt), f"unusable answer from {utility}: {exc}"
            except requests.RequestException as exc:
                raise self._unavailable(self._describe(exc)) from None
            log.info(self.scrub(f"{utility} attempt {attempt} failed ({reason}); retrying in {wait:.2f}s"))
            if (
                attempt >= self.policy.max_attempts
                or timeouts >= self.policy.max_timeouts
                or time.monotonic() + wait > deadline
            ):
                unavailable = self._unavailable(f"{reason} (gave up after {attempt} attempts)")
                self._gave_up = str(unavailable)
                raise unavailable
            time.sleep(wait)

    def _send(self, utility: str, params: Mapping[str, str], time_left: float) -> bytes:
        """One POST; its timeouts never reach past the call's deadline (``time_left`` seconds)."""
        body = {**params, "tool": TOOL_NAME}
        if self._email:
            body["email"] = self._email
        if self._api_key:
            body["api_key"] = self._api_key
        self._clock.wait_turn(self._interval)
        self.requests_made += 1
        started = time.monotonic()
        response = self.session.post(
            self.base_url + utility,
            data=body,
            timeout=(
                _bounded(self.policy.connect_timeout, time_left),
                _bounded(self.policy.read_timeout, time_left),
            ),
        )
        content = response.content
        log.info(
            "%s %s: HTTP %d, %d bytes in %.2fs",
            utility,
            _describe_params(params),
            response.status_code,
            len(content),
            time.monotonic() - started,
        )
        if response.status_code == 429 or _is_json_rate_error(content):
            raise _RateLimited(_retry_after(response.headers.get("Retry-After")))
        if response.status_code >= 500:
            raise _ServerError(f"{utility} answered HTTP {response.status_code}")
        if response.status_code >= 400:
            raise requests.HTTPError(f"{utility} answered HTTP {response.status_code}")
        check_body(content)
        return content

    def scrub(self, text: str) -> str:
        """Remove the API key from a text that may have swallowed a URL or a request body."""
        return text.replace(self._api_key, "***") if self._api_key else text

    def _describe(self, exc: requests.RequestException) -> str:
        kind = "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
        if isinstance(exc, requests.HTTPError):
            kind = "request refused"
        return self.scrub(f"{kind}: {exc}")

    def _unavailable(self, reason: str) -> SourceUnavailable:
        return SourceUnavailable(self.scrub(f"{self.source_name} could not be reached: {reason}"))


class _ServerError(Exception):
    """A 5xx answer."""


def check_body(content: bytes) -> None:
    """Refuse the bodies NCBI sends with status 200 when something went wrong on its side."""
    head = content[:2048]
    if _HTML_START.match(head):
        raise BadResponse("an HTML page instead of data")
    error = _ERROR_ELEMENT.search(content)
    if error:
        raise BadResponse(f"NCBI reported an error: {error.group(1).decode('utf-8', 'replace')[:200]}")
    if head.lstrip().startswith(b"{"):
        raise BadResponse(f"a JSON error instead of data: {head[:200].decode('utf-8', 'replace')}")


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
    """Seconds to wait from a Retry-After header given in seconds; None when absent or a date."""
    if header is None:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        return None


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
