"""Progress on stderr: shown while a run fetches records and stderr is a terminal, silent otherwise."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from ci_project import write_project
from claimcheck import cli
from fake_eutils import FakeEutils


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_run_into_a_pipe_or_file_prints_no_progress(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    eutils_server: FakeEutils,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(write_project(tmp_path / "content"))

    cli.main(["check", "--format", "json"])
    err = capsys.readouterr().err

    assert eutils_server.log, "records were fetched"
    assert "\r" not in err and "\033[" not in err
    assert "fetching" not in err and "resolving" not in err
    assert err.strip().splitlines()[-1].startswith("claimcheck: 3 articles"), "only the summary"


def test_on_a_terminal_each_stage_rewrites_one_status_line(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(cli.sys, "stderr", terminal)

    show = cli._progress_printer(argparse.Namespace(quiet=False))
    assert show is not None
    show("resolving 40 references", 40)
    show("fetching 37 records", 37)
    show("fetching 2 full texts", 2)

    written = terminal.getvalue()
    assert written.count("\r") == 2 and "\n" not in written, "one line, rewritten in place"
    assert written.rindex("fetching 37 records") > written.index("resolving 40 references")
    assert "full texts" not in written, "a stage of a few items shows nothing"


def test_quiet_or_not_a_terminal_means_no_printer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.sys, "stderr", Terminal())
    assert cli._progress_printer(argparse.Namespace(quiet=True)) is None
    monkeypatch.setattr(cli.sys, "stderr", io.StringIO())
    assert cli._progress_printer(argparse.Namespace(quiet=False)) is None
