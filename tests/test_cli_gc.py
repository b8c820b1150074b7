"""The command line collects garbage less often during a command, and leaves the collector as it was."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

import pytest

from claimcheck import cli
from claimcheck.config import Settings


def test_a_command_runs_with_fewer_collections_and_leaves_the_collector_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    during = []

    def command(args: argparse.Namespace, settings: Settings) -> int:
        during.append(gc.get_threshold())
        return cli.EXIT_SUCCESS

    monkeypatch.setitem(cli._COMMANDS, "extract", command)
    article = tmp_path / "article.txt"
    article.write_text("A trial of 40 adults found less knee pain.\n", encoding="utf-8")
    before = gc.get_threshold()
    assert cli.main(["extract", str(article)]) == cli.EXIT_SUCCESS
    assert during == [(cli._YOUNG_OBJECTS, *before[1:])]
    assert gc.get_threshold() == before
