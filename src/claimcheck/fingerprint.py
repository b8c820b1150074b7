"""Keys for work a re-run need not redo: a fingerprint of claimcheck's own code, and content keys under it.

A warm run takes what an earlier run extracted and checked from the cache when the inputs are the same
and so is the code that worked on them. The code is the package's every source and data file (its
vocabularies, rule catalogue, templates): any change to any of them gives another fingerprint, and so
other keys, and what older code kept is never read again. Inputs are the model's frozen dataclasses,
whose ``repr`` spells every field, in order; a key is the digest of the fingerprint and those spellings.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_NOT_CODE = ("__pycache__",)


@functools.cache
def code_fingerprint() -> str:
    """The digest of every file of the claimcheck package, taken once per process."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and not any(part in _NOT_CODE for part in path.parts) and path.suffix != ".pyc":
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def content_digest(*values: object) -> str:
    """The digest of ``values`` as their ``repr`` spells them (frozen dataclasses, strings, tuples)."""
    return hashlib.sha256("\0".join(map(repr, values)).encode()).hexdigest()


def content_key(*values: object) -> str:
    """The key of what this code made of ``values``: another code, or other values, another key."""
    return content_digest(code_fingerprint(), *values)
