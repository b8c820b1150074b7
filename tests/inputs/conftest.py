"""Shared paths for the input tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]


@pytest.fixture
def example_article() -> Path:
    return REPO / "articles" / "stem-cell-therapy-knees.txt"


@pytest.fixture
def ncbi_data() -> Path:
    """Real NCBI outputs shared next to the repo, read in place; tests skip when they are absent."""
    folder = REPO / ".." / "shared" / "data" / "ncbi"
    if not folder.is_dir():
        pytest.skip("shared NCBI data folder is absent")
    return folder
