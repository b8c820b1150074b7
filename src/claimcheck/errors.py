"""Errors that end a run. Anything about the *content* of an article is a Finding instead."""

from __future__ import annotations


class ClaimcheckError(Exception):
    """Base of every error claimcheck reports to the user as one line (never a traceback)."""


class InputError(ClaimcheckError):
    """A file the user gave cannot be used: the message names the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class ConfigError(InputError):
    """An option, an environment variable or a ``[tool.claimcheck]`` setting is unknown or has a bad value."""


class OutputError(InputError):
    """A file claimcheck was asked to write (a report, a claims file, the bibliography) cannot be written."""


class SourceUnavailable(ClaimcheckError):
    """E-utilities could not be reached or kept failing; the run goes on without it (exit 3)."""
