"""Settings, resolved in one place, in one order: command line, environment, ``[tool.claimcheck]``, default.

This is the only module that reads the environment: every other one is handed a ``Settings`` (or the
values it needs from one), so a test or a CI job can say what a run uses without patching globals.
Unknown keys and wrong values are rejected with where they came from (file and line, variable or
option), because a misspelt ``fail-on`` that is silently ignored is a CI job that never fails, and a
bad URL should be refused at once rather than after a minute of retries.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from claimcheck.errors import ConfigError

FAIL_ON_CHOICES = ("error", "warning", "never")

# The environment variables claimcheck reads, and the Settings field each one sets.
ENVIRONMENT = {
    "NCBI_API_KEY": "api_key",
    "NCBI_EMAIL": "email",
    "CLAIMCHECK_EUTILS_URL": "eutils_url",
    "CLAIMCHECK_CACHE_DIR": "cache_dir",
}


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know besides the article paths; paths are resolved against ``root``.

    ``api_key`` is left out of the repr, so that no traceback or debug print can show it.
    """

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
    api_key: str = field(default="", repr=False)
    email: str = ""
    github_actions: bool = False  # GITHUB_ACTIONS=true: annotations are the default format
    no_color: bool = False  # NO_COLOR set (https://no-color.org)

    @property
    def bib_path(self) -> Path:
        return self._under_root(self.bib)

    def claims_file(self, article: Path) -> Path:
        """``claims/<stem>.yaml`` under the configured claims directory."""
        return self._under_root(self.claims_dir) / f"{article.stem}.yaml"

    def _under_root(self, path: Path) -> Path:
        return path if path.is_absolute() else self.root / path


# --------------------------------------------------------------------------- values

# Each converter takes a value as TOML, the environment or argparse gives it and returns the Settings
# value, or raises ValueError saying what the value must be. One converter per kind of value, shared by
# every place a value can come from.


def string_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ValueError("must be a string or a list of strings")


def string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError("must be a string")


def file_path(value: Any) -> Path:
    if isinstance(value, str | Path) and str(value).strip():
        return Path(value)
    raise ValueError("must be a path")


def positive_number(value: Any) -> float:
    """A positive, finite number: 0, a negative, ``nan`` or ``inf`` would turn a bound into no bound."""
    number: float
    if isinstance(value, bool):
        raise ValueError("must be a positive number")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"must be a positive number, not '{value}'") from None
    else:
        raise ValueError("must be a positive number")
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"must be a positive number, not {value!s}")
    return number


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("must be true or false")


def fail_on_level(value: Any) -> str:
    if value in FAIL_ON_CHOICES:
        return str(value)
    raise ValueError("must be one of " + ", ".join(FAIL_ON_CHOICES))


def rule_codes(value: Any) -> frozenset[str]:
    from claimcheck.rules import RULES  # the catalogue, and with it the model, only when rules are named

    codes = string_list(value)
    unknown = [code for code in codes if code not in RULES]
    if unknown:
        raise ValueError(f"must list rule codes (unknown: {', '.join(unknown)})")
    return frozenset(codes)


def eutils_url(value: Any) -> str:
    """An http(s) URL with a host and, if given, a port that exists: anything else fails now, not after
    a minute of retries against an address that can never answer."""
    url = string(value).strip()
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError when out of range or not a number
    except ValueError as error:
        raise ValueError(f"must be an http or https URL ({error}): '{url}'") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an http or https URL with a host, not '{url}'")
    if port == 0:
        raise ValueError(f"must have a port from 1 to 65535, not '{url}'")
    return url


# key in pyproject -> (Settings field, converter)
_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "articles": ("articles", string_list),
    "bib": ("bib", file_path),
    "claims-dir": ("claims_dir", file_path),
    "fail-on": ("fail_on", fail_on_level),
    "ignore": ("ignore", rule_codes),
    "cache-dir": ("cache_dir", file_path),
    "eutils-url": ("eutils_url", eutils_url),
    "max-age": ("max_age_days", positive_number),
    "timeout": ("give_up_after", positive_number),
    "fulltext": ("fulltext", boolean),
    "offline": ("offline", boolean),
}
_CONVERTERS = dict(_KEYS.values()) | {"api_key": string, "email": string}


# --------------------------------------------------------------------------- resolution


def resolve_settings(
    command_line: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    start: Path | None = None,
) -> Settings:
    """The settings of a run: ``command_line`` (Settings field -> value, already converted) over the
    environment over ``[tool.claimcheck]`` of the nearest ``pyproject.toml`` over the defaults."""
    environ = os.environ if environ is None else environ
    settings = load_settings(start)
    settings = replace(settings, **from_environment(environ))
    return replace(settings, **dict(command_line or {}))


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The Settings fields the environment sets; an empty variable counts as unset (a CI secret that
    a fork does not have expands to the empty string)."""
    values: dict[str, Any] = {}
    for variable, name in ENVIRONMENT.items():
        raw = environ.get(variable, "")
        if not raw:
            continue
        try:
            values[name] = _CONVERTERS[name](raw)
        except ValueError as expected:
            raise ConfigError(variable, f"{expected} (environment variable)") from None
    values["github_actions"] = environ.get("GITHUB_ACTIONS") == "true"
    values["no_color"] = bool(environ.get("NO_COLOR"))
    return values


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
    pyproject = find_pyproject(start)
    if pyproject is None:
        return Settings(root=start)
    content = pyproject.read_text(encoding="utf-8", errors="replace")
    try:
        document = tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(pyproject), f"not valid TOML: {error}") from None
    table = document.get("tool", {}).get("claimcheck", {})
    return settings_from_table(table, path=pyproject, text=content)


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
        except ValueError as expected:
            raise ConfigError(str(path), f"'{key}' {expected}", line) from None
    return replace(Settings(root=path.parent), **values)


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
