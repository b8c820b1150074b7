"""Writing files so that a crash, a kill or a second process never leaves half a file or a temp file behind.

Only a regular file is replaced atomically. A device (``/dev/null``), a FIFO or a terminal is
written straight through: renaming a file over ``/dev/null`` as root would replace the device
itself, and ``/dev/stdout`` would stop being the process's output. Every failure becomes an
``OutputError`` that says why, so the command line can report it in one line (exit 2).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path

from claimcheck.errors import OutputError

# Paths that name a process's streams or a device even when they resolve to a regular file
# (``/dev/stdout`` while stdout is redirected to a file): written as they are, never replaced.
_STREAM_DIRECTORIES = ("/dev/", "/proc/")
_WRITE_CHARACTERS = 1 << 20


@dataclass(frozen=True)
class OutputTarget:
    """Where a report goes: ``path`` as the user named it, ``real`` after symbolic links, and whether it
    is written straight through (a device, a FIFO) rather than replaced."""

    path: str
    real: Path
    through: bool


def output_target(path: str | Path) -> OutputTarget:
    """Settle where a report for ``path`` goes, or raise OutputError now, before a run that may take a
    minute, when it could never be written there (empty, a directory, a file where a directory goes)."""
    name = str(path)
    if not name.strip():
        raise OutputError("--output", "the output path is empty")
    real = Path(os.path.realpath(name))
    if _is_stream(Path(name), real):
        return OutputTarget(name, real, through=True)
    if real.is_dir():
        raise OutputError(name, "is a directory")
    existing = next(parent for parent in real.parents if parent.exists())
    if not existing.is_dir():
        raise OutputError(name, _reason(OSError(errno.ENOTDIR, "")))
    return OutputTarget(name, real, through=False)


def write_output(target: OutputTarget | str | Path, text: str | Iterable[str]) -> None:
    """Write a report (a string, or the pieces of one, written as they come): atomically to a regular file
    (through a symbolic link the link stays), straight through to anything else."""
    if not isinstance(target, OutputTarget):
        target = output_target(target)
    if target.through:
        _write_through(Path(target.path), text)
    else:
        write_atomic(target.real, text, shown_as=target.path)


def write_atomic(path: str | Path, text: str | Iterable[str], *, shown_as: str = "") -> None:
    """Replace ``path`` with ``text`` in one step: a temporary file in the same directory, fsync'd, then
    renamed over the target. ``text`` may come in pieces (a large report), each written as it comes: the
    target is replaced only once the last is written, and an error making one leaves it as it was.

    The temporary file is removed on every error, Ctrl-C and SIGTERM included (the CLI turns SIGTERM
    into an interruption). Only SIGKILL can leave one; its name carries the writer's process id, and
    the next write of the same file removes those whose writer no longer exists. The file keeps the
    permissions it had (a new one gets the usual ones, not a temporary file's private 0600), so an
    editor's shared ``references.bib`` stays shared.
    """
    target = Path(path)
    name = shown_as or str(target)
    try:
        if target.is_dir():
            raise OutputError(name, "is a directory")
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_orphans(target)
        mode = _mode_for(target)
        temporary = target.parent / f"{_temporary_prefix(target)}{os.getpid()}.{secrets.token_hex(4)}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            try:
                _write_all(descriptor, text)
                os.fchmod(descriptor, mode)
            finally:
                os.close(descriptor)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise OutputError(name, _reason(error)) from None


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}."


def _remove_orphans(target: Path) -> None:
    """Temporary files of ``target`` left by a writer that was killed (its process is gone)."""
    prefix = _temporary_prefix(target)
    for leftover in target.parent.glob(f"{glob_escape(prefix)}*.tmp"):
        writer = leftover.name[len(prefix) :].split(".", 1)[0]
        if writer.isdigit() and not _process_exists(int(writer)):
            leftover.unlink(missing_ok=True)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else, or signals do not work here
        return True
    return True


def _is_stream(target: Path, real: Path) -> bool:
    """A device, a FIFO, a socket or a terminal, or a path under /dev or /proc (``-o /dev/stdout``)."""
    absolute = os.path.abspath(target)
    if any(str(place).startswith(_STREAM_DIRECTORIES) for place in (absolute + "/", str(real) + "/")):
        return True
    try:
        mode = real.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_through(path: Path, text: str | Iterable[str]) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.writelines(_gathered(text))
    except OSError as error:
        raise OutputError(str(path), _reason(error)) from None


def _write_all(descriptor: int, text: str | Iterable[str]) -> None:
    """``text`` in UTF-8, its pieces gathered into writes of about ``_WRITE_CHARACTERS``, then fsync."""
    for chunk in _gathered(text):
        view = memoryview(chunk.encode("utf-8"))
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
    os.fsync(descriptor)


def _gathered(text: str | Iterable[str]) -> Iterator[str]:
    """The text, its pieces joined into strings of about ``_WRITE_CHARACTERS``: few writes (a report's pieces
    are an entry each), and never the whole text at once."""
    if isinstance(text, str):
        yield text
        return
    gathered: list[str] = []
    size = 0
    for piece in text:
        gathered.append(piece)
        size += len(piece)
        if size >= _WRITE_CHARACTERS:
            yield "".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield "".join(gathered)


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _reason(error: OSError) -> str:
    """The system's reason in words, without Python's "[Errno 28]" prefix and the repeated path."""
    if error.errno in (errno.ENOTDIR, errno.EEXIST):  # EEXIST: mkdir met a file where a directory goes
        return "a part of the path is a file, not a directory"
    return (error.strerror or str(error)).lower() if error.errno else str(error)
