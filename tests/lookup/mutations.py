"""A hypothesis strategy shared by the parser robustness tests: a good answer, damaged a little."""

from __future__ import annotations

from hypothesis import strategies as st


def mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """``seed`` with one to four small edits: a few bytes removed and a few random ones put in their place."""
    edit = st.tuples(st.integers(0, len(seed)), st.integers(0, 8), st.binary(max_size=12))

    def apply(edits: list[tuple[int, int, bytes]]) -> bytes:
        data = seed
        for position, removed, inserted in edits:
            data = data[:position] + inserted + data[position + removed :]
        return data

    return st.lists(edit, min_size=1, max_size=4).map(apply)
