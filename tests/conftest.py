"""Shared fixtures. The fake E-utilities server: every test that needs PubMed talks to it, never to NCBI."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from fake_eutils import FakeEutils

# Property tests in CI: the same examples on every run (derandomized, so a red build is reproducible and
# never a lucky draw), no example database, and the failing example printed. Developers keep the random
# default, which is how new failures are found; `--hypothesis-profile=ci` gives the CI run locally.
settings.register_profile(
    "ci", derandomize=True, database=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).parent / "fixtures"


def _loopback(address: Any) -> bool:
    """A Unix socket, or an IP address on this machine: the fake server's, never NCBI's."""
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the internet: a connection anywhere but loopback fails the test that makes it.
    Articles in the tests cite PubMed and PMC addresses as text to be recognised, never fetched."""
    connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> None:
        if not _loopback(address):
            raise AssertionError(f"a test tried to reach {address!r}; tests talk only to the loopback server")
        connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def make_eutils_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Callable[..., FakeEutils]]:
    """Factory: ``make_eutils_server(records_dir=..., pmc_dir=..., latency=..., rate_limit=...)``.

    The last server made becomes ``CLAIMCHECK_EUTILS_URL``; the cache goes to a temporary directory
    and ``NCBI_API_KEY`` is unset, so no test depends on the machine it runs on.
    """
    servers: list[FakeEutils] = []
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NCBI_API_KEY", raising=False)

    def make(
        records_dir: Path | None = FIXTURES / "pubmed", pmc_dir: Path | None = FIXTURES / "pmc", **knobs: Any
    ) -> FakeEutils:
        server = FakeEutils(records_dir, pmc_dir, **knobs)
        servers.append(server)
        monkeypatch.setenv("CLAIMCHECK_EUTILS_URL", server.url)
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def eutils_server(make_eutils_server: Callable[..., FakeEutils]) -> FakeEutils:
    """The fake server serving the example's records (tests/fixtures/pubmed) and full texts (pmc)."""
    return make_eutils_server()


EXAMPLE_ARTICLE = Path(__file__).resolve().parents[1] / "articles" / "stem-cell-therapy-knees.txt"


@pytest.fixture
def bare_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example article alone in an empty current directory: no bib, no claims file, no
    configuration, an empty cache, and no E-utilities URL or API key from the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAIMCHECK_EUTILS_URL", raising=False)
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    target = tmp_path / "article.txt"
    shutil.copy(EXAMPLE_ARTICLE, target)
    return target


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eutils_server: FakeEutils) -> Path:
    """The repository's example project (article, claims, bib, configuration) in a scratch directory,
    which becomes the working directory; PubMed is the fake server."""
    root = tmp_path / "example"
    for name in ("articles", "claims"):
        shutil.copytree(REPO / name, root / name)
    for name in ("references.bib", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    monkeypatch.chdir(root)
    return root
