"""Settings: ``[tool.claimcheck]`` in the nearest ``pyproject.toml``, then the command line on top.

Unknown keys and wrong types are rejected with the file and line, because a misspelt
``fail-on`` that is silently ignored is a CI job that never fails.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from claimcheck.errors import ConfigError
from claimcheck.rules import RULES

FAIL_ON_CHOICES = ("error", "warning", "never")


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know besides the article paths; paths are resolved against ``root``."""

    root: Path = Path(".")
    articles: tuple[str, ...] = ("articles/*.txt", "articles/*.md", "articles/*.html")
    bib: Path = Path("references.bib")
    claims_dir: Path = Path("claims")
    fail_on: str = "error"
    ignore: frozenset[str] = frozenset()
    cache_dir: Path | None = None
    eutils_url: str | None = None
    max_age_days: float = 30.0
    give_up_after: float = 60.0
    fulltext: bool = True
    offline: bool = False
    source: str = field(default="defaults")

    @property
    def bib_path(self) -> Path:
        return self._under_root(self.bib)

    def claims_file(self, article: Path) -> Path:
        """``claims/<stem>.yaml`` under the configured claims directory."""
        return self._under_root(self.claims_dir) / f"{article.stem}.yaml"

    def _under_root(self, path: Path) -> Path:
        return path if path.is_absolute() else self.root / path


# key in pyproject -> (Settings field, converter)
def _string_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise TypeError("a string or a list of strings")


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise TypeError("a string")


def _number(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value)
    raise TypeError("a number (0 or more)")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError("true or false")


def _fail_on(value: Any) -> str:
    if value in FAIL_ON_CHOICES:
        return str(value)
    raise TypeError("one of " + ", ".join(FAIL_ON_CHOICES))


def _rules(value: Any) -> frozenset[str]:
    codes = _string_list(value)
    unknown = [code for code in codes if code not in RULES]
    if unknown:
        raise TypeError(f"rule codes (unknown: {', '.join(unknown)})")
    return frozenset(codes)


_KEYS = {
    "articles": ("articles", _string_list),
    "bib": ("bib", lambda value: Path(_string(value))),
    "claims-dir": ("claims_dir", lambda value: Path(_string(value))),
    "fail-on": ("fail_on", _fail_on),
    "ignore": ("ignore", _rules),
    "cache-dir": ("cache_dir", lambda value: Path(_string(value))),
    "eutils-url": ("eutils_url", _string),
    "max-age": ("max_age_days", _number),
    "timeout": ("give_up_after", _number),
    "fulltext": ("fulltext", _boolean),
    "offline": ("offline", _boolean),
}


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a ``[tool.claimcheck]`` table."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and "[tool.claimcheck]" in candidate.read_text(
            encoding="utf-8", errors="replace"
        ):
            return candidate
    return None


def load_settings(start: Path | None = None) -> Settings:
    """Settings from the nearest configured ``pyproject.toml``, or the defaults rooted at ``start``."""
    start = (start or Path.cwd()).resolve()
    path = find_pyproject(start)
    if path is None:
        return Settings(root=start)
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), f"not valid TOML: {error}") from None
    table = document.get("tool", {}).get("claimcheck", {})
    return settings_from_table(table, path=path, text=text)


def settings_from_table(table: Mapping[str, Any], *, path: Path, text: str = "") -> Settings:
    """Validate one ``[tool.claimcheck]`` table; every problem names the key and its line."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = _line_of(text, key)
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(str(path), f"unknown key '{key}' in [tool.claimcheck] (known: {known})", line)
        name, convert = _KEYS[key]
        try:
            values[name] = convert(value)
        except TypeError as expected:
            raise ConfigError(str(path), f"'{key}' must be {expected}", line) from None
    return replace(Settings(root=path.parent, source=str(path)), **values)


def _line_of(text: str, key: str) -> int | None:
    """The line of ``key = ...`` inside the ``[tool.claimcheck]`` table, for error messages."""
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped == "[tool.claimcheck]"
        elif inside and stripped.split("=", 1)[0].strip().strip('"') == key:
            return number
    return None
