"""Fixtures for the lookup tests: a client with test-sized timeouts and a source over our own records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimcheck.lookup.cache import RecordCache
from claimcheck.lookup.eutils import EutilsClient, RequestClock, RetryPolicy
from claimcheck.lookup.pubmed import PubMedSource
from fake_eutils import FakeEutils

LOOKUP_RECORDS = Path(__file__).parents[1] / "fixtures" / "pubmed-lookup"

# Seconds, not minutes: every failure test must end fast and still exercise retries and give-up.
FAST_POLICY = RetryPolicy(
    give_up_after=1.5, connect_timeout=0.5, read_timeout=0.3, first_backoff=0.01, max_backoff=0.05
)


@pytest.fixture
def make_client() -> Callable[..., EutilsClient]:
    """A client with test-sized timeouts and its own fast clock (rate tests build their own)."""

    def make(server: FakeEutils, **options: Any) -> EutilsClient:
        options.setdefault("policy", FAST_POLICY)
        options.setdefault("clock", RequestClock())
        options.setdefault("max_rate", 1000.0)
        return EutilsClient(server.url, **options)

    return make


@pytest.fixture
def lookup_server(make_eutils_server: Callable[..., FakeEutils]) -> FakeEutils:
    """The fake server over tests/fixtures/pubmed-lookup (five invented records)."""
    return make_eutils_server(records_dir=LOOKUP_RECORDS, pmc_dir=None)


@pytest.fixture
def make_source(make_client: Callable[..., EutilsClient], tmp_path: Path) -> Callable[..., PubMedSource]:
    """A PubMedSource over ``server`` (None: offline) with a cache in tmp_path/cache."""

    def make(server: FakeEutils | None, max_age_days: float = 30.0, **client_options: Any) -> PubMedSource:
        client = make_client(server, **client_options) if server else None
        return PubMedSource(client, RecordCache(tmp_path / "cache"), max_age_days=max_age_days)

    return make
