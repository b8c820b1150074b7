"""The on-disk cache of PubMed answers: the only module in claimcheck that touches the database.

One SQLite file holds the raw record XML with the parsed ``Record`` (so a warm run neither asks
NCBI nor re-parses), identifier maps (DOI, PMCID, citation -> PMID, including "no such record"
answers, which expire sooner because PubMed indexes new papers every day) and open-access full
texts. WAL mode and a busy timeout let two processes share it. The cache is a convenience, never
a reason to fail: a read or write error logs one warning and the run carries on without it.
Failures are never stored: callers put only answers that parsed.
"""

from __future__ import annotations

import logging
import os
import pickle
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from claimcheck.model import Passage, Record

log = logging.getLogger(__name__)

CACHE_FILE_NAME = "pubmed.sqlite3"
# "No PMID for this DOI" may stop being true when PubMed indexes the paper next week.
NEGATIVE_TTL_DAYS = 1.0
_DAY = 86400.0
_SQLITE_MAX_VARIABLES = 900

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    pmid TEXT PRIMARY KEY, xml BLOB NOT NULL, record BLOB NOT NULL, fetched_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS id_maps (
    kind TEXT NOT NULL, key TEXT NOT NULL, pmid TEXT NOT NULL, fetched_at REAL NOT NULL,
    PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS fulltexts (
    pmcid TEXT PRIMARY KEY, passages BLOB NOT NULL, missing TEXT NOT NULL, fetched_at REAL NOT NULL);
"""


def default_cache_dir() -> Path:
    """``CLAIMCHECK_CACHE_DIR``, else the platform's user cache directory for claimcheck."""
    configured = os.environ.get("CLAIMCHECK_CACHE_DIR")
    return Path(configured) if configured else platformdirs.user_cache_path("claimcheck")


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

    # ----------------------------------------------------------------------------- records

    def get_records(self, pmids: Iterable[str], max_age_days: float | None) -> dict[str, CachedRecord]:
        """The cached records among ``pmids``; only those younger than ``max_age_days`` unless None."""
        found: dict[str, CachedRecord] = {}
        oldest = _oldest_allowed(max_age_days)
        query = "SELECT pmid, record, fetched_at FROM records WHERE"
        for rows in self._select_in(query, "pmid", pmids):
            for pmid, blob, fetched_at in rows:
                record = _unpickle(blob, pmid) if fetched_at >= oldest else None
                if isinstance(record, Record):
                    found[pmid] = CachedRecord(record, fetched_at)
        return found

    def put_records(self, records: Iterable[tuple[Record, bytes]]) -> None:
        """Store parsed records with the raw XML they came from."""
        now = time.time()
        rows = [(record.pmid, xml, pickle.dumps(record), now) for record, xml in records]
        self._write("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)", rows)

    # ----------------------------------------------------------------------------- identifier maps

    def get_map(self, kind: str, keys: Iterable[str], max_age_days: float | None) -> dict[str, str]:
        """``kind`` ("doi", "pmcid", "citation") key -> PMID, or "" for a cached "not in PubMed"."""
        found: dict[str, str] = {}
        positive_oldest, negative_oldest = _oldest_allowed(max_age_days), _negative_oldest(max_age_days)
        query = "SELECT key, pmid, fetched_at FROM id_maps WHERE kind = ? AND"
        for rows in self._select_in(query, "key", keys, (kind,)):
            for key, pmid, fetched_at in rows:
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
        positive_oldest, negative_oldest = _oldest_allowed(max_age_days), _negative_oldest(max_age_days)
        query = "SELECT pmcid, passages, missing, fetched_at FROM fulltexts WHERE"
        for rows in self._select_in(query, "pmcid", pmcids):
            for pmcid, blob, reason, fetched_at in rows:
                if reason and fetched_at >= negative_oldest:
                    missing[pmcid] = reason
                elif not reason and fetched_at >= positive_oldest:
                    body = _unpickle(blob, pmcid)
                    if isinstance(body, tuple):
                        passages[pmcid] = body
        return passages, missing

    def put_fulltexts(self, passages: Mapping[str, tuple[Passage, ...]], missing: Mapping[str, str]) -> None:
        """Store full texts, and the PMCIDs PMC has no open full text for (shorter TTL)."""
        now = time.time()
        rows = [(pmcid, pickle.dumps(body), "", now) for pmcid, body in passages.items()]
        rows += [(pmcid, b"", reason, now) for pmcid, reason in missing.items()]
        self._write("INSERT OR REPLACE INTO fulltexts VALUES (?, ?, ?, ?)", rows)

    # ----------------------------------------------------------------------------- housekeeping

    def info(self) -> CacheInfo:
        """Counts, size and age of what is cached (zeros when there is no cache yet)."""
        if not self.path.exists():
            return CacheInfo(self.path, 0, 0, 0, 0, None, None)
        counts: list[int] = []
        oldest: float | None = None
        newest: float | None = None
        try:
            with self._connect() as db:
                for table in ("records", "id_maps", "fulltexts"):
                    count, low, high = db.execute(
                        f"SELECT COUNT(*), MIN(fetched_at), MAX(fetched_at) FROM {table}"
                    ).fetchone()
                    counts.append(count)
                    oldest = low if oldest is None or (low is not None and low < oldest) else oldest
                    newest = high if newest is None or (high is not None and high > newest) else newest
        except (sqlite3.Error, OSError) as exc:
            self._warn(exc)
            counts = [0, 0, 0]
        size = sum(p.stat().st_size for p in self.directory.glob(CACHE_FILE_NAME + "*") if p.is_file())
        return CacheInfo(self.path, counts[0], counts[1], counts[2], size, oldest, newest)

    def clear(self) -> int:
        """Delete every cached entry; returns how many there were."""
        if not self.path.exists():
            return 0
        removed = 0
        try:
            with self._connect() as db:
                for table in ("records", "id_maps", "fulltexts"):
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
            db.executescript(_SCHEMA)
            yield db
        finally:
            db.close()

    def _select_in(
        self, query: str, column: str, keys: Iterable[str], leading: tuple[str, ...] = ()
    ) -> Iterator[list[Any]]:
        """Run ``query column IN (...)`` over ``keys`` in chunks SQLite accepts (query ends in WHERE/AND)."""
        wanted = sorted(set(keys))
        if not wanted or not self.path.exists():
            return
        try:
            with self._connect() as db:
                for start in range(0, len(wanted), _SQLITE_MAX_VARIABLES):
                    chunk = wanted[start : start + _SQLITE_MAX_VARIABLES]
                    marks = ",".join("?" * len(chunk))
                    sql = f"{query} {column} IN ({marks})"
                    yield db.execute(sql, (*leading, *chunk)).fetchall()
        except (sqlite3.Error, OSError) as exc:
            self._warn(exc)

    def _write(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        if not rows:
            return
        try:
            with self._connect() as db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany(sql, rows)
                db.execute("COMMIT")
        except (sqlite3.Error, OSError) as exc:
            self._warn(exc)

    def _warn(self, exc: Exception) -> None:
        """One warning per cache per run: a broken cache slows a run, it does not stop it."""
        if not self._warned:
            log.warning("cache %s unusable, carrying on without it: %s", self.path, exc)
            self._warned = True


def _oldest_allowed(max_age_days: float | None) -> float:
    return float("-inf") if max_age_days is None else time.time() - max_age_days * _DAY


def _negative_oldest(max_age_days: float | None) -> float:
    return _oldest_allowed(None if max_age_days is None else min(max_age_days, NEGATIVE_TTL_DAYS))


def _unpickle(blob: bytes, key: str) -> object:
    """A cached object, or None when an older claimcheck wrote it in a shape this one cannot load."""
    try:
        return pickle.loads(blob)
    except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError, EOFError):
        log.debug("cached entry %s could not be loaded; it will be fetched again", key)
        return None
