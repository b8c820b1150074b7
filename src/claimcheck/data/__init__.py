"""Curated facts that are data, not code: renamed institutions, count-noun synonyms, design words, units.

Each is a TOML file in this package that says, entry by entry, where the fact comes from, so that an
editor can check or extend it without reading Python. Files are parsed once per process.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The parsed ``<name>.toml`` shipped with claimcheck; a missing or broken file is a packaging bug."""
    text = resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
