"""Work kept for re-runs in the SQLite cache: round trips as JSON, kinds apart, housekeeping, old files,
and the code fingerprint every key includes.

The pipeline's use of it (what is kept, and that a warm run redoes only what changed) is tested in
tests/test_pipeline_rerun.py; here only the cache's side.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from claimcheck import fingerprint
from claimcheck.lookup import cache as cache_module
from claimcheck.lookup.cache import SCHEMA_VERSION, RecordCache
from claimcheck.model import Finding, Passage, Record, Severity, Support

FINDING = Finding("CC201", Severity.ERROR, "a.md", 3, "80 is not in the abstract", claim="c1", pmid="1")
SUPPORT = Support("c1", "r1", "1", "80 patients", "80 patients were followed")
OUTCOMES = tuple[Finding | Support, ...]
RECORD = Record(pmid="30000001", abstract=(Passage("abstract", "", "Invented text."),))


def test_outcomes_of_either_kind_come_back_as_they_were_kept(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    cache.put_kept("outcomes", {"k1": (SUPPORT, FINDING), "k2": ()})

    assert cache.get_kept("outcomes", ["k1", "k2", "k3"], OUTCOMES) == {"k1": (SUPPORT, FINDING), "k2": ()}
    assert cache.get_kept("extraction", ["k1"], OUTCOMES) == {}, "kinds are kept apart"
    with sqlite3.connect(cache.path) as db:
        [(value,)] = db.execute("SELECT value FROM kept WHERE key = 'k1'").fetchall()
    assert '"severity":"error"' in value and "pickle" not in value


def test_rows_spoiled_among_thousands_are_misses_and_the_rest_come_back(tmp_path: Path) -> None:
    """Rows are read and decoded one at a time, in chunks of keys SQLite accepts: a row that cannot be read
    back (bad JSON, a wrong type in a plain field, an unknown field, a nested value of the wrong shape), in
    any chunk, is a miss, and every other row comes back as it was kept."""
    kept = {f"k{number:05d}": (replace(SUPPORT, claim=f"c{number}"), FINDING) for number in range(2_500)}
    cache = RecordCache(tmp_path)
    cache.put_kept("outcomes", kept)
    spoiled = {
        "k00007": "{not json",
        "k00950": '[{"claim": 1, "reference": "r1", "pmid": "1", "claimed": "", "evidence": "",'
        ' "source": "", "section": ""}]',
        "k01800": '[{"claim": "c", "reference": "r1", "pmid": "1", "claimed": "", "evidence": "",'
        ' "source": "", "section": "", "extra": ""}]',
        "k02499": '[{"claim": "c", "reference": "r1", "pmid": "1", "claimed": "", "evidence": "",'
        ' "source": "", "section": null}]',
    }
    with sqlite3.connect(cache.path) as db:
        db.executemany("UPDATE kept SET value = ? WHERE key = ?", [(v, k) for k, v in spoiled.items()])

    found = cache.get_kept("outcomes", kept, OUTCOMES)

    assert set(found) == set(kept) - set(spoiled)
    assert all(found[key] == kept[key] for key in found)


def test_info_counts_kept_rows_by_kind_and_clear_removes_them(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    cache.put_kept("outcomes", {"k1": (SUPPORT,), "k2": (FINDING,)})
    cache.put_kept("extraction", {"k3": (SUPPORT,)})

    assert cache.info().kept == {"extraction": 1, "outcomes": 2}
    assert cache.clear() == 3
    assert cache.info().kept == {}
    assert cache.get_kept("outcomes", ["k1"], OUTCOMES) == {}


def test_rows_kept_long_ago_are_dropped_at_the_next_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = RecordCache(tmp_path)
    cache.put_kept("outcomes", {"old": (SUPPORT,)})
    now = time.time() + (cache_module.KEPT_TTL_DAYS + 1) * 86400
    monkeypatch.setattr(cache_module.time, "time", lambda: now)

    assert set(cache.get_kept("outcomes", ["old"], OUTCOMES)) == {"old"}, "content keys never go stale"
    cache.put_kept("outcomes", {"new": (FINDING,)})
    assert set(cache.get_kept("outcomes", ["old", "new"], OUTCOMES)) == {"new"}


def test_a_file_of_the_previous_layout_keeps_its_records_and_gains_the_kept_table(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    cache.put_records([(RECORD, b"<PubmedArticleSet/>")])
    with sqlite3.connect(cache.path) as db:
        db.execute("DROP TABLE kept")
        db.execute("PRAGMA user_version = 2")

    cache.put_kept("outcomes", {"k1": (SUPPORT,)})

    assert set(RecordCache(tmp_path).get_records(["30000001"], max_age_days=None)) == {"30000001"}
    assert cache.get_kept("outcomes", ["k1"], OUTCOMES) == {"k1": (SUPPORT,)}
    with sqlite3.connect(cache.path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_unusable_cache_keeps_nothing_and_fails_nothing(tmp_path: Path) -> None:
    (tmp_path / cache_module.CACHE_FILE_NAME).write_bytes(b"this is not a database, whatever it says")
    cache = RecordCache(tmp_path)

    cache.put_kept("outcomes", {"k1": (SUPPORT,)})

    assert cache.get_kept("outcomes", ["k1"], OUTCOMES) == {}


def test_the_code_fingerprint_follows_every_source_file_python_and_the_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "checker.py").write_text("RULE = 1\n")
    (tmp_path / "data" / "words.toml").write_text("word = 'fell'\n")
    monkeypatch.setattr(fingerprint, "_PACKAGE", tmp_path)
    take = fingerprint.code_fingerprint.__wrapped__
    first = take()

    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "checker.cpython-311.pyc").write_bytes(b"compiled")
    assert take() == first, "compiled files are no code of their own"
    (tmp_path / "data" / "words.toml").write_text("word = 'rose'\n")
    second = take()
    assert second != first
    monkeypatch.setattr(fingerprint.sys, "version", "3.99.0 (a later Python)")
    third = take()
    assert third != second
    monkeypatch.setattr(fingerprint, "_library_versions", lambda: "python-docx=9.9")
    assert take() != third
