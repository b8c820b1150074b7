"""Keys for work a re-run need not redo: a fingerprint of claimcheck's own code, and content keys under it.

A warm run takes what an earlier run extracted and checked from the cache when the inputs are the same
and so is the code that worked on them. The code is the package's every source and data file (its
vocabularies, rule catalogue, templates), the Python that runs it (its ``re`` and ``unicodedata``) and
the installed versions of the libraries it depends on (python-docx reads .docx articles): any change to
any of them gives another fingerprint, and so other keys, and what older code kept is never read again.
Inputs are the model's frozen dataclasses, whose ``repr`` spells every field, in order; a key is the
digest of the fingerprint and those spellings.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import re
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_DISTRIBUTION = "claimcheck-pubmed"
_NAME = re.compile(r"[A-Za-z0-9._-]+")  # a requirement's distribution name, before its version or markers
_NOT_CODE = ("__pycache__",)


@functools.cache
def code_fingerprint() -> str:
    """The digest of every file of the claimcheck package, the Python version and the versions of the
    libraries claimcheck requires, taken once per process."""
    digest = hashlib.sha256(f"{sys.version}\0{_library_versions()}\0".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and not any(part in _NOT_CODE for part in path.parts) and path.suffix != ".pyc":
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _library_versions() -> str:
    """ "name=version" of each library the installed claimcheck requires to run ("" when not installed)."""
    try:
        requires = importlib.metadata.requires(_DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return ""
    runtime = [spec for spec in requires if "extra ==" not in spec]
    names = sorted({match.group(0) for spec in runtime if (match := _NAME.match(spec))})
    return ",".join(f"{name}={_version(name)}" for name in names)


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def content_digest(*values: object) -> str:
    """The digest of ``values`` as their ``repr`` spells them (frozen dataclasses, strings, tuples)."""
    return hashlib.sha256("\0".join(map(repr, values)).encode()).hexdigest()


def content_key(*values: object) -> str:
    """The key of what this code made of ``values``: another code, or other values, another key."""
    return content_digest(code_fingerprint(), *values)
