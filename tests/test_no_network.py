"""The guard in conftest.py: a connection beyond loopback fails the test that makes it."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from fake_eutils import FakeEutils


def test_a_connection_beyond_loopback_fails_the_test() -> None:
    with socket.socket() as sock, pytest.raises(AssertionError, match="loopback"):
        sock.connect(("192.0.2.1", 443))  # TEST-NET-1: never routed, never reached


def test_the_loopback_server_is_reachable(make_eutils_server: Callable[..., FakeEutils]) -> None:
    server = make_eutils_server()
    host, port = server.url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5):
        pass
