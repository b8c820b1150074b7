"""What the parser robustness tests share: a good answer damaged a little, and the one allowed failure."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from claimcheck.lookup.parse import MalformedResponse


def mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """``seed`` with one to four small edits: a few bytes removed and a few random ones put in their place."""
    edit = st.tuples(st.integers(0, len(seed)), st.integers(0, 8), st.binary(max_size=12))

    def apply(edits: list[tuple[int, int, bytes]]) -> bytes:
        data = seed
        for position, removed, inserted in edits:
            data = data[:position] + inserted + data[position + removed :]
        return data

    return st.lists(edit, min_size=1, max_size=4).map(apply)


def parse_or_refuse(parse: Callable[[bytes], object], data: bytes) -> None:
    """Run ``parse``; refusing with ``MalformedResponse`` is fine, any other exception fails the test."""
    try:
        parse(data)
    except MalformedResponse:
        pass
