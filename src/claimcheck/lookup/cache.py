"""The on-disk cache of PubMed answers: the only module in claimcheck that touches the database.

One SQLite file holds each record's XML with the ``Record`` parsed from it (so a warm run neither asks
NCBI nor re-parses), identifier maps (DOI, PMCID, citation -> PMID, including "no such record"
answers, which expire sooner because PubMed indexes new papers every day) and open-access full
texts, likewise with their XML. It also keeps what a run made of its inputs, so that a re-run need
not make it again: each article read and extracted, and each claim's outcomes against each record it cites,
under content keys that include a fingerprint of claimcheck's code (``claimcheck.fingerprint``); rows of
another code are dropped whenever new ones are written. WAL mode and a busy timeout let two processes
share it. The cache is a convenience, never a reason to fail: a read or write error logs one warning
and the run carries on without it. Failures are never stored: callers put only answers that parsed.

A CI cache is restored across pull requests, so whoever can write it must not be able to run code:
parsed records are kept as plain JSON, read back field by field into the model's dataclasses and
nothing else. Each row carries the parser version that made it; a row from another version is
re-parsed from its XML (no fetch), and a row that cannot be read is dropped, with one warning, and
fetched again.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import logging
import sqlite3
import time
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from claimcheck import fingerprint
from claimcheck.lookup.parse import PARSER_VERSION, MalformedResponse, parse_pmc, parse_pubmed
from claimcheck.model import Passage, Record

log = logging.getLogger(__name__)

CACHE_FILE_NAME = "pubmed.sqlite3"
# "No PMID for this DOI" may stop being true when PubMed indexes the paper next week.
NEGATIVE_TTL_DAYS = 1.0
# Work kept for re-runs is keyed by content, so it never goes stale; it is dropped after this long all the
# same, so that a cache that sees every edit of every article does not keep each version forever.
KEPT_TTL_DAYS = 30.0
_DAY = 86400.0
_SQLITE_MAX_VARIABLES = 900

# The layout of the tables. Version 0 (a new file, or one written before this layout) kept records and
# full texts pickled: those two tables are dropped unread; its identifier maps have this shape and stay.
# Version 2 lacked ``kept``, which version 3 adds to it.
SCHEMA_VERSION = 3
_TABLES = {
    "records": """CREATE TABLE IF NOT EXISTS records (
        pmid TEXT PRIMARY KEY, xml BLOB NOT NULL, record TEXT NOT NULL, parser INTEGER NOT NULL,
        fetched_at REAL NOT NULL)""",
    "id_maps": """CREATE TABLE IF NOT EXISTS id_maps (
        kind TEXT NOT NULL, key TEXT NOT NULL, pmid TEXT NOT NULL, fetched_at REAL NOT NULL,
        PRIMARY KEY (kind, key))""",
    "fulltexts": """CREATE TABLE IF NOT EXISTS fulltexts (
        pmcid TEXT PRIMARY KEY, xml BLOB NOT NULL, passages TEXT NOT NULL, parser INTEGER NOT NULL,
        missing TEXT NOT NULL, fetched_at REAL NOT NULL)""",
    # What this code made of its inputs (``kind``: "article", "extraction", "outcomes"), under a content key
    # that includes the code's fingerprint (claimcheck.fingerprint).
    "kept": """CREATE TABLE IF NOT EXISTS kept (
        kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, fingerprint TEXT NOT NULL,
        made_at REAL NOT NULL, PRIMARY KEY (kind, key))""",
}
# The tables an older file keeps when it is brought to this layout, by its version.
_KEPT_FROM = {0: ("id_maps",), 2: ("records", "id_maps", "fulltexts")}

FullText = tuple[str, tuple[Passage, ...], bytes]  # PMCID, body passages, the JATS document they came from


def default_cache_dir() -> Path:
    """The platform's user cache directory for claimcheck (the CLI passes any configured one instead)."""
    return platformdirs.user_cache_path("claimcheck")


@dataclass(frozen=True)
class CacheInfo:
    """What ``claimcheck cache info`` shows."""

    path: Path
    records: int
    maps: int
    fulltexts: int
    size_bytes: int
    oldest: float | None  # fetch times, seconds since the epoch
    newest: float | None
    kept: dict[str, int] = dataclasses.field(default_factory=dict)  # rows of work kept, by kind


@dataclass(frozen=True)
class CachedRecord:
    record: Record
    fetched_at: float


class RecordCache:
    """The SQLite cache kept in ``directory`` (created on first use) as ``pubmed.sqlite3``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / CACHE_FILE_NAME
        self._warned = False
        self._warned_unreadable = False

    # ----------------------------------------------------------------------------- records

    def get_records(self, pmids: Iterable[str], max_age_days: float | None) -> dict[str, CachedRecord]:
        """The cached records among ``pmids``; only those younger than ``max_age_days`` unless None."""
        found: dict[str, CachedRecord] = {}
        reparsed: list[tuple[str, int, str, str]] = []
        unreadable: list[str] = []
        oldest = _oldest_allowed(max_age_days)
        query = "SELECT pmid, xml, record, parser, fetched_at FROM records WHERE"
        for pmid, xml, data, parser, fetched_at in self._select_in(query, "pmid", pmids):
            if not _is_time(fetched_at):
                unreadable.append(pmid)
                continue
            if fetched_at < oldest:
                continue
            record = _read_row(pmid, xml, data, parser, Record, _record_of)
            if record is None:
                unreadable.append(pmid)
                continue
            found[pmid] = CachedRecord(record, fetched_at)
            if parser != PARSER_VERSION:
                reparsed.append((_dumps(record), PARSER_VERSION, pmid, data))
        self._write("UPDATE records SET record = ?, parser = ? WHERE pmid = ? AND record = ?", reparsed)
        self._drop("records", "pmid", unreadable)
        return found

    def put_records(self, records: Iterable[tuple[Record, bytes]]) -> None:
        """Store parsed records, each with the XML document it was parsed from."""
        now = time.time()
        rows = [(record.pmid, xml, _dumps(record), PARSER_VERSION, now) for record, xml in records]
        self._write("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?)", rows)

    # ----------------------------------------------------------------------------- identifier maps

    def get_map(self, kind: str, keys: Iterable[str], max_age_days: float | None) -> dict[str, str]:
        """``kind`` ("doi", "pmcid", "citation") key -> PMID, or "" for a cached "not in PubMed"."""
        found: dict[str, str] = {}
        positive_oldest, negative_oldest = _oldest_allowed(max_age_days), _negative_oldest(max_age_days)
        query = "SELECT key, pmid, fetched_at FROM id_maps WHERE kind = ? AND"
        for key, pmid, fetched_at in self._select_in(query, "key", keys, (kind,)):
            if not (isinstance(pmid, str) and _is_time(fetched_at)):
                continue  # not what put_map writes: someone else's row, worth nothing
            if fetched_at >= (positive_oldest if pmid else negative_oldest):
                found[key] = pmid
        return found

    def put_map(self, kind: str, mapping: Mapping[str, str]) -> None:
        """Store ``key -> PMID``; an empty PMID records that PubMed has none (shorter TTL)."""
        now = time.time()
        rows = [(kind, key, pmid, now) for key, pmid in mapping.items()]
        self._write("INSERT OR REPLACE INTO id_maps VALUES (?, ?, ?, ?)", rows)

    # ----------------------------------------------------------------------------- full texts

    def get_fulltexts(
        self, pmcids: Iterable[str], max_age_days: float | None
    ) -> tuple[dict[str, tuple[Passage, ...]], dict[str, str]]:
        """(PMCID -> body passages, PMCID -> why PMC has no full text), both as cached and fresh."""
        passages: dict[str, tuple[Passage, ...]] = {}
        missing: dict[str, str] = {}
        reparsed: list[tuple[str, int, str, str]] = []
        unreadable: list[str] = []
        positive_oldest, negative_oldest = _oldest_allowed(max_age_days), _negative_oldest(max_age_days)
        query = "SELECT pmcid, xml, passages, parser, missing, fetched_at FROM fulltexts WHERE"
        for pmcid, xml, data, parser, reason, fetched_at in self._select_in(query, "pmcid", pmcids):
            if not (isinstance(reason, str) and _is_time(fetched_at)):
                unreadable.append(pmcid)
            elif reason:
                if fetched_at >= negative_oldest:
                    missing[pmcid] = reason
            elif fetched_at >= positive_oldest:
                body = _read_row(pmcid, xml, data, parser, tuple[Passage, ...], _passages_of)
                if body is None:
                    unreadable.append(pmcid)
                    continue
                passages[pmcid] = body
                if parser != PARSER_VERSION:
                    reparsed.append((_dumps(body), PARSER_VERSION, pmcid, data))
        self._write(
            "UPDATE fulltexts SET passages = ?, parser = ? WHERE pmcid = ? AND passages = ?", reparsed
        )
        self._drop("fulltexts", "pmcid", unreadable)
        return passages, missing

    def put_fulltexts(self, texts: Iterable[FullText], missing: Mapping[str, str]) -> None:
        """Store full texts with their JATS documents, and the PMCIDs PMC has no open full text for
        (shorter TTL)."""
        now = time.time()
        rows = [(pmcid, xml, _dumps(body), PARSER_VERSION, "", now) for pmcid, body, xml in texts]
        rows += [(pmcid, b"", "[]", PARSER_VERSION, reason, now) for pmcid, reason in missing.items()]
        self._write("INSERT OR REPLACE INTO fulltexts VALUES (?, ?, ?, ?, ?, ?)", rows)

    # ----------------------------------------------------------------------------- work kept for re-runs

    def get_kept(self, kind: str, keys: Iterable[str], value_type: Any) -> dict[str, Any]:
        """The values kept under ``keys`` by this code (claimcheck.fingerprint), read back as ``value_type``.

        A row that cannot be read back is a miss: the caller does the work again and keeps it anew.
        """
        found: dict[str, Any] = {}
        query = "SELECT key, value FROM kept WHERE kind = ? AND fingerprint = ? AND"
        for key, data in self._select_in(query, "key", keys, (kind, fingerprint.code_fingerprint())):
            try:
                found[key] = _loads(value_type, data)
            except (ValueError, TypeError, KeyError, RecursionError):
                log.debug("kept %s %s could not be read; it will be made again", kind, key)
        return found

    def put_kept(self, kind: str, values: Mapping[str, object]) -> None:
        """Keep ``values`` by key, in one transaction that drops what another code kept, and what was kept
        more than ``KEPT_TTL_DAYS`` ago."""
        code, now = fingerprint.code_fingerprint(), time.time()
        rows = [(kind, key, _dumps(value), code, now) for key, value in values.items()]
        dropped = (
            "DELETE FROM kept WHERE fingerprint != ? OR made_at < ?",
            (code, _oldest_allowed(KEPT_TTL_DAYS)),
        )
        self._write("INSERT OR REPLACE INTO kept VALUES (?, ?, ?, ?, ?)", rows, first=dropped)

    # ----------------------------------------------------------------------------- housekeeping

    def info(self) -> CacheInfo:
        """Counts, size and age of what is cached (zeros when there is no cache yet)."""
        if not self.path.exists():
            return CacheInfo(self.path, 0, 0, 0, 0, None, None)
        counts: list[int] = []
        kept: dict[str, int] = {}
        oldest: float | None = None
        newest: float | None = None
        try:
            with self._connect() as db:
                for table in ("records", "id_maps", "fulltexts"):
                    # Only fetch times that are numbers: the file may hold anything.
                    count, low, high = db.execute(
                        "SELECT COUNT(*), MIN(at), MAX(at) FROM (SELECT CASE WHEN typeof(fetched_at)"
                        f" IN ('integer', 'real') THEN fetched_at END AS at FROM {table})"
                    ).fetchone()
                    counts.append(count)
                    oldest = low if oldest is None or (low is not None and low < oldest) else oldest
                    newest = high if newest is None or (high is not None and high > newest) else newest
                kept = dict(db.execute("SELECT kind, COUNT(*) FROM kept GROUP BY kind ORDER BY kind"))
        except (sqlite3.Error, OSError) as exc:
            self._warn(exc)
            counts = [0, 0, 0]
        size = sum(p.stat().st_size for p in self.directory.glob(CACHE_FILE_NAME + "*") if p.is_file())
        return CacheInfo(self.path, counts[0], counts[1], counts[2], size, oldest, newest, kept)

    def clear(self) -> int:
        """Delete every cached entry; returns how many there were."""
        if not self.path.exists():
            return 0
        removed = 0
        try:
            with self._connect() as db:
                for table in _TABLES:
                    removed += db.execute(f"DELETE FROM {table}").rowcount
            with self._connect() as db:
                db.execute("VACUUM")
        except (sqlite3.Error, OSError) as exc:
            self._warn(exc)
        return removed

    # ----------------------------------------------------------------------------- plumbing

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.directory.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA journal_mode = WAL")
            _upgrade(db)
            yield db
        finally:
            db.close()

    def _select_in(
        self, query: str, column: str, keys: Iterable[str], leading: tuple[str, ...] = ()
    ) -> Iterator[Any]:
        """The rows of ``query column IN (...)`` over ``keys``, asked in chunks SQLite accepts (query ends in
        WHERE/AND), one at a time: the caller decodes each before the next is read (the kept extractions of
        500 articles are 30 MB of JSON), never all of them at once."""
        wanted = sorted(set(keys))
        if not wanted or not self.path.exists():
            return
        try:
            with self._connect() as db:
                for start in range(0, len(wanted), _SQLITE_MAX_VARIABLES):
                    chunk = wanted[start : start + _SQLITE_MAX_VARIABLES]
                    marks = ",".join("?" * len(chunk))
                    sql = f"{query} {column} IN ({marks})"
                    yield from db.execute(sql, (*leading, *chunk))
        except (sqlite3.Error, OSError) as exc:
            self._warn(exc)

    def _write(
        self, sql: str, rows: Sequence[tuple[object, ...]], first: tuple[str, tuple[object, ...]] = ("", ())
    ) -> None:
        """``sql`` on every row, in one transaction, after the statement ``first`` when one is given."""
        if not rows:
            return
        try:
            with self._connect() as db:
                db.execute("BEGIN IMMEDIATE")
                if first[0]:
                    db.execute(*first)
                db.executemany(sql, rows)
                db.execute("COMMIT")
        except (sqlite3.Error, OSError) as exc:
            self._warn(exc)

    def _drop(self, table: str, column: str, keys: Sequence[str]) -> None:
        """Delete rows that could not be read, so they are fetched again; say so once per run."""
        if not keys:
            return
        self._write(f"DELETE FROM {table} WHERE {column} = ?", [(key,) for key in keys])
        if not self._warned_unreadable:
            log.warning(
                "cache %s: unreadable entries dropped (%d %s); they will be fetched again",
                self.path,
                len(keys),
                table,
            )
            self._warned_unreadable = True

    def _warn(self, exc: Exception) -> None:
        """One warning per cache per run: a broken cache slows a run, it does not stop it."""
        if not self._warned:
            log.warning("cache %s unusable, carrying on without it: %s", self.path, exc)
            self._warned = True


def _upgrade(db: sqlite3.Connection) -> None:
    """Bring a cache file written by any claimcheck to this layout (two processes may race to do it)."""
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            kept = _KEPT_FROM.get(version, ())
            for table, create in _TABLES.items():
                if table not in kept:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute(create)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _is_time(value: object) -> bool:
    """A fetch time as put_* write it (the file may hold anything: a string there must not crash a run)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _oldest_allowed(max_age_days: float | None) -> float:
    return float("-inf") if max_age_days is None else time.time() - max_age_days * _DAY


def _negative_oldest(max_age_days: float | None) -> float:
    return _oldest_allowed(None if max_age_days is None else min(max_age_days, NEGATIVE_TTL_DAYS))


# --------------------------------------------------------------------------- rows <-> dataclasses

T = typing.TypeVar("T")


def _read_row(
    key: str, xml: object, data: object, parser: object, kind: Any, reparse: typing.Callable[[bytes, str], T]
) -> T | None:
    """A row's value: its JSON when this parser wrote it, else re-parsed from its XML; None if unreadable.

    Every cell is checked, since anyone able to write the file may have written anything in it.
    """
    try:
        if parser == PARSER_VERSION:
            value: T = _loads(kind, data)
        elif isinstance(xml, bytes):
            value = reparse(xml, key)
        else:
            return None
    # What bad JSON, a bad shape or bad XML raise; RecursionError: JSON nested beyond reason.
    except (ValueError, TypeError, KeyError, RecursionError):
        log.debug("cached entry %s could not be read; it will be fetched again", key)
        return None
    return value if _key_of(value) in (key, None) else None


def _key_of(value: object) -> str | None:
    """The PMID a record names, for the check that a row holds what its key says; None for passages."""
    return value.pmid if isinstance(value, Record) else None


def _record_of(xml: bytes, pmid: str) -> Record:
    [record] = parse_pubmed(xml)
    return record


def _passages_of(xml: bytes, pmcid: str) -> tuple[Passage, ...]:
    texts = parse_pmc(xml)
    if set(texts) != {pmcid}:
        raise MalformedResponse(f"the kept document holds {sorted(texts)[:3]}, not {pmcid}")
    return texts[pmcid]


def _dumps(value: object) -> str:
    """A model value as JSON: dataclasses become objects of their fields, tuples lists, enums their values
    (the encoder walks the tuples and strings itself: a cold run writes thousands of rows)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_plain_object)


def _loads(kind: Any, text: object) -> Any:
    if not isinstance(text, str):
        raise TypeError(f"expected JSON text, found a {type(text).__name__}")
    return _reader(kind)(json.loads(text))


def _plain_object(value: object) -> object:
    """What JSON cannot spell by itself, as what it can: a dataclass as a dict of its fields, an enum as its
    value; anything else cannot be kept."""
    if isinstance(value, enum.Enum):
        return value.value
    kind: Any = type(value)
    return {name: getattr(value, name) for name in _field_names(kind)}


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    if not dataclasses.is_dataclass(kind):
        raise TypeError(f"the cache cannot keep a {kind.__name__}")
    return tuple(field.name for field in dataclasses.fields(kind))


Reader = typing.Callable[[object], Any]


@functools.cache
def _reader(kind: Any) -> Reader:
    """How JSON data is read back as ``kind``, which the type hints of the model's dataclasses spell (worked
    out once per kind: a warm run reads thousands of rows).

    Only what the hints allow is built: the model's dataclasses (every field given, no other), tuples,
    unions (the first option the data fits: dataclasses differ by their fields), enums by value, str, int,
    float and bool. Anything else is a TypeError, never a call.
    """
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        return _union_reader(kind)
    if origin is tuple:
        return _tuple_reader(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass_reader(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind  # a ValueError when no member has that value
    if kind in (str, int, bool):
        return functools.partial(_exactly, kind)
    if kind is float:
        return _number
    raise TypeError(f"the cache cannot read a {kind}")


def _union_reader(kind: Any) -> Reader:
    options = typing.get_args(kind)
    nullable = type(None) in options
    readers = [_reader(option) for option in options if option is not type(None)]
    # An object is read as the dataclass whose fields it has, found by them rather than by trying each.
    by_fields = {
        frozenset(_field_kinds(option)): _reader(option)
        for option in options
        if dataclasses.is_dataclass(option) and isinstance(option, type)
    }

    def read(data: object) -> Any:
        if data is None and nullable:
            return None
        if isinstance(data, dict) and (reader := by_fields.get(frozenset(data))) is not None:
            return reader(data)
        for reader in readers:
            try:
                return reader(data)
            except (TypeError, ValueError):
                continue
        raise TypeError(f"expected {kind}, found a {type(data).__name__}")

    return read


def _tuple_reader(kind: Any) -> Reader:
    items = typing.get_args(kind)
    if len(items) == 2 and items[1] is Ellipsis:
        allowed = _plain_types(items[0])
        item_reader = _reader(items[0])

        def read_plain(data: object) -> tuple[Any, ...]:
            if type(data) is not list or not allowed.issuperset(map(type, data)):
                raise TypeError(f"expected a list for {kind}")
            return tuple(data)

        def read_any(data: object) -> tuple[Any, ...]:
            if not isinstance(data, list):
                raise TypeError(f"expected a list for {kind}")
            return tuple(map(item_reader, data))

        return read_plain if allowed else read_any
    readers = [_reader(item) for item in items]

    def read_fixed(data: object) -> tuple[Any, ...]:
        if not isinstance(data, list) or len(data) != len(readers):
            raise TypeError(f"expected {len(readers)} items for {kind}")
        return tuple(reader(item) for reader, item in zip(readers, data, strict=True))

    return read_fixed


def _dataclass_reader(kind: type) -> Reader:
    hints = _field_kinds(kind)
    # Fields of plain values (str, int, bool, None) are checked in place, all in one pass of C loops; the
    # others are read by their own readers.
    plain = tuple(name for name, hint in hints.items() if _plain_types(hint))
    allowed = tuple(_plain_types(hints[name]) for name in plain)
    readers = [(name, _reader(hint)) for name, hint in hints.items() if name not in plain]
    fits = frozenset.__contains__

    def read(data: object) -> Any:
        if type(data) is not dict or data.keys() != hints.keys():
            raise TypeError(f"expected exactly the fields of {kind.__name__}")
        if not all(map(fits, allowed, map(type, map(data.__getitem__, plain)))):
            raise TypeError(f"expected a {sorted(map(str, allowed))} in a field of {kind.__name__}")
        values = dict(data)
        for name, reader in readers:
            values[name] = reader(data[name])
        return kind(**values)

    return read


@functools.cache
def _plain_types(kind: Any) -> frozenset[type]:
    """The types a value of ``kind`` may have when they are all plain (str, int, bool, None), checked by type
    alone (a bool is no int here); empty for any other kind."""
    options = typing.get_args(kind) if typing.get_origin(kind) in (types.UnionType, typing.Union) else (kind,)
    plain = frozenset(options)
    return plain if plain <= _PLAIN else frozenset()


_PLAIN = frozenset({str, int, bool, type(None)})


def _exactly(kind: type, data: object) -> object:
    if type(data) is not kind:
        raise TypeError(f"expected {kind}, found a {type(data).__name__}")
    return data


def _number(data: object) -> float:
    if type(data) not in (int, float):
        raise TypeError(f"expected a number, found a {type(data).__name__}")
    return float(typing.cast(float, data))


@functools.cache
def _field_kinds(kind: type) -> dict[str, Any]:
    """The type of each field a dataclass is built from (hints resolved from their annotations)."""
    hints = typing.get_type_hints(kind)
    return {field.name: hints[field.name] for field in dataclasses.fields(kind) if field.init}
