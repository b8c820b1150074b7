"""Text as it may be printed: control characters escaped, paths relative to the working directory.

Apart from the model, so that the command line's usage errors use it without loading the stages.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def display_path(path: str) -> str:
    """``path`` relative to the working directory when it lies below it, the way linters print paths.

    Article paths reach a run both absolute (from the configured globs) and relative (from claims
    files and the command line); shown one way, one file is one section, and CI annotations and
    editors' jump-to-line find the file in the checkout.
    """
    if not path or not os.path.isabs(path):
        return path
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def relative_in_text(text: str) -> str:
    """A message with every absolute path below the working directory written relative to it."""
    prefix = os.path.join(os.getcwd(), "")
    return text.replace(prefix, "")


# C0 and C1 controls and DEL, line and paragraph separators, bidirectional controls, lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """``text`` with every control character written as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``).

    Paths, claim ids and record text reach terminals and CI logs: an ESC could recolour or retitle a
    terminal, a newline could start a line that GitHub Actions reads as a workflow command, and a
    right-to-left override could make a line read as something else. Other text is left alone.
    """
    return _UNSAFE.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def one_line(text: str) -> str:
    """Prose (a claim, a message, evidence) on one line: whitespace runs, newlines included, become one
    space; what is still not printable is escaped."""
    return escape_controls(" ".join(text.split()))
