"""Files claimcheck writes: atomic, with the permissions a person expects, and never over a device."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimcheck.errors import OutputError
from claimcheck.files import write_atomic, write_output


def test_new_file_gets_the_umask_permissions_not_private_ones(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.html", "<p>hello</p>")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "<p>hello</p>"


def test_existing_file_keeps_its_permissions_and_no_temporary_is_left(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text("% old\n", encoding="utf-8")
    bib.chmod(0o664)

    write_atomic(bib, "% new\n")

    assert stat.S_IMODE(bib.stat().st_mode) == 0o664
    assert bib.read_text(encoding="utf-8") == "% new\n"
    assert [path.name for path in tmp_path.iterdir()] == ["references.bib"]


# --------------------------------------------------------------------------- reports: where they may go


def test_a_device_is_written_through_never_replaced(tmp_path: Path) -> None:
    before = os.stat("/dev/null")

    write_output("/dev/null", "report\n")

    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.parametrize("pieces", [False, True], ids=["whole", "in-pieces"])
def test_a_fifo_is_written_through(tmp_path: Path, pieces: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()

    write_output(fifo, iter(["through ", "the pipe\n"]) if pieces else "through the pipe\n")
    reader.join(timeout=10)

    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_dev_stdout_stays_the_process_output_even_when_it_is_a_file(tmp_path: Path) -> None:
    """``-o /dev/stdout`` with stdout redirected to a file: the file gets the report, /dev/stdout stays."""
    redirected = tmp_path / "out.txt"
    script = "from claimcheck.files import write_output; write_output('/dev/stdout', 'report\\n')"
    with redirected.open("w") as stdout:
        subprocess.run([sys.executable, "-c", script], stdout=stdout, check=True)

    assert redirected.read_text(encoding="utf-8") == "report\n"
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


def test_a_symbolic_link_to_a_file_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to("real.json")

    write_output(tmp_path / "link.json", "new")

    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "real.json").read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda root: root / "folder", "is a directory"),
        (lambda root: root / "plain.txt" / "report.json", "a part of the path is a file, not a directory"),
        (lambda root: "", "the output path is empty"),
        (lambda root: "  ", "the output path is empty"),
    ],
    ids=["directory", "under-a-file", "empty", "blank"],
)
def test_a_path_that_cannot_hold_a_report_says_why(
    tmp_path: Path, make: Callable[[Path], Path | str], reason: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "plain.txt").write_text("keep me", encoding="utf-8")
    before = sorted(path.name for path in tmp_path.iterdir())

    with pytest.raises(OutputError) as raised:
        write_output(make(tmp_path), "report")

    assert raised.value.reason == reason
    assert sorted(path.name for path in tmp_path.iterdir()) == before, "nothing created, nothing left"
    assert (tmp_path / "plain.txt").read_text(encoding="utf-8") == "keep me"


def test_a_full_disk_says_so(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as raised:
        write_output("/dev/full", "report")
    assert raised.value.reason == "no space left on device"


@pytest.mark.parametrize(
    "failure",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EACCES, "Permission denied"),
        KeyboardInterrupt(),
    ],
    ids=["disk-full", "unwritable", "interrupted"],
)
def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    report = tmp_path / "report.json"
    report.write_text("previous report", encoding="utf-8")
    real_write = os.write

    def write_half_then_fail(descriptor: int, data: bytes) -> int:
        real_write(descriptor, bytes(data[: len(data) // 2]))
        raise failure

    monkeypatch.setattr(os, "write", write_half_then_fail)
    with pytest.raises(OutputError if isinstance(failure, OSError) else KeyboardInterrupt):
        write_output(report, "x" * 100_000)

    assert report.read_text(encoding="utf-8") == "previous report"
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]


def test_a_report_in_pieces_is_written_as_the_whole_text(tmp_path: Path) -> None:
    """Pieces (a large report, an entry each) are gathered into a few writes and give the same bytes as
    the text written whole, characters outside ASCII included."""
    pieces = [f"entry {number} \u201cquoted\u201d \U0001f600\n" for number in range(100_000)]
    write_output(tmp_path / "pieces.json", iter(pieces))
    write_output(tmp_path / "whole.json", "".join(pieces))
    assert (tmp_path / "pieces.json").read_bytes() == (tmp_path / "whole.json").read_bytes()
    assert (tmp_path / "pieces.json").read_text(encoding="utf-8") == "".join(pieces)


def test_a_failure_making_a_piece_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """A report written as it is made is only put in place once it is whole: a renderer that fails after
    megabytes were written leaves the previous report as it was."""
    report = tmp_path / "report.json"
    report.write_text("previous report", encoding="utf-8")

    def pieces() -> Iterator[str]:
        for number in range(200_000):
            yield f"entry {number:08d}\n"
        raise RuntimeError("a bug half way through the report")

    with pytest.raises(RuntimeError):
        write_output(report, pieces())
    assert report.read_text(encoding="utf-8") == "previous report"
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]


def test_a_temporary_left_by_a_killed_writer_is_removed_by_the_next_write(tmp_path: Path) -> None:
    killed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    leftover = tmp_path / f".report.json.{killed.pid}.0a1b2c3d.tmp"
    leftover.write_text("half a report", encoding="utf-8")
    killed.kill()
    killed.wait()
    alive = tmp_path / f".report.json.{os.getpid()}.00000000.tmp"  # a writer still at work: left alone
    alive.write_text("being written", encoding="utf-8")

    write_output(tmp_path / "report.json", "whole report")

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([alive.name, "report.json"])
