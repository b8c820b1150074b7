"""The SQLite cache: round trips, TTLs (negative answers expire sooner), housekeeping, two processes."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from claimcheck.lookup import cache as cache_module
from claimcheck.lookup.cache import RecordCache
from claimcheck.model import Author, Passage, Record, RecordDate

RECORD = Record(
    pmid="30000001",
    title="Knee cartilage volume after repeated marrow concentrate injections.",
    authors=(Author("Okafor", initials="CN"),),
    dates=(RecordDate("print", 2019),),
    abstract=(Passage("abstract", "", "Invented text."),),
)
DOCUMENT = b"<PubmedArticleSet><PubmedArticle>...</PubmedArticle></PubmedArticleSet>"


def later(monkeypatch: pytest.MonkeyPatch, days: float) -> None:
    """Pretend ``days`` have passed since anything was cached."""
    now = time.time() + days * 86400
    monkeypatch.setattr(cache_module.time, "time", lambda: now)


def test_records_round_trip(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    cache.put_records([(RECORD, DOCUMENT)])

    hits = cache.get_records(["30000001", "1"], max_age_days=30)

    assert set(hits) == {"30000001"}
    assert hits["30000001"].record == RECORD


def test_records_older_than_max_age_are_not_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = RecordCache(tmp_path)
    cache.put_records([(RECORD, DOCUMENT)])
    later(monkeypatch, days=8)

    assert cache.get_records(["30000001"], max_age_days=7) == {}
    assert set(cache.get_records(["30000001"], max_age_days=9)) == {"30000001"}
    assert set(cache.get_records(["30000001"], max_age_days=None)) == {"30000001"}  # stale fallback


def test_negative_identifier_answers_expire_sooner_than_positive_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = RecordCache(tmp_path)
    cache.put_map("doi", {"10.5555/found": "30000001", "10.5555/not-yet-indexed": ""})

    assert cache.get_map("doi", ["10.5555/found", "10.5555/not-yet-indexed"], 30) == {
        "10.5555/found": "30000001",
        "10.5555/not-yet-indexed": "",
    }
    later(monkeypatch, days=2)
    remaining = cache.get_map("doi", ["10.5555/found", "10.5555/not-yet-indexed"], 30)
    assert remaining == {"10.5555/found": "30000001"}
    assert cache.get_map("pmcid", ["10.5555/found"], 30) == {}  # maps are kept per kind


def test_full_texts_and_their_absence_are_cached(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    body = (Passage("fulltext", "Results", "Invented result."),)
    cache.put_fulltexts(
        [("PMC7000001", body, b"<article/>")], {"PMC7000005": "no open-access full text in PMC"}
    )

    assert cache.get_fulltexts(["PMC7000001", "PMC7000005", "PMC1"], 30) == (
        {"PMC7000001": body},
        {"PMC7000005": "no open-access full text in PMC"},
    )


def test_info_counts_and_clear_empties(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    assert cache.info().records == 0 and cache.info().oldest is None
    cache.put_records([(RECORD, DOCUMENT)])
    cache.put_map("doi", {"10.5555/a": "30000001", "10.5555/b": ""})
    cache.put_fulltexts({}, {"PMC1": "no open-access full text in PMC"})

    info = cache.info()
    assert (info.path, info.records, info.maps, info.fulltexts) == (tmp_path / "pubmed.sqlite3", 1, 2, 1)
    assert info.size_bytes > 0 and info.oldest is not None and info.newest is not None
    assert info.oldest <= info.newest <= time.time()

    assert cache.clear() == 4
    assert cache.info().records == 0
    assert cache.get_records(["30000001"], None) == {}


def test_an_unusable_cache_warns_once_and_the_run_carries_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "pubmed.sqlite3").write_bytes(b"this is not a database" * 100)
    cache = RecordCache(tmp_path)

    cache.put_records([(RECORD, DOCUMENT)])
    assert cache.get_records(["30000001"], 30) == {}
    assert cache.get_map("doi", ["10.5555/a"], 30) == {}

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "carrying on without it" in warnings[0].getMessage()


def test_two_processes_can_write_and_read_one_cache_at_once(tmp_path: Path) -> None:
    writer = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from claimcheck.lookup.cache import RecordCache
        from claimcheck.model import Record
        cache = RecordCache(Path(sys.argv[1]))
        offset = int(sys.argv[2])
        for start in range(0, 300, 10):
            batch = [(Record(pmid=str(offset + n)), b"<x/>") for n in range(start, start + 10)]
            cache.put_records(batch)
            cache.put_map("doi", {f"10.1/{offset + n}": str(offset + n) for n in range(start, start + 10)})
            assert len(cache.get_records([str(offset + start)], 30)) == 1
        """
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", writer, str(tmp_path), str(offset)], stderr=subprocess.PIPE)
        for offset in (1000, 5000)
    ]
    errors = [process.communicate(timeout=60)[1].decode() for process in processes]

    assert [process.returncode for process in processes] == [0, 0], errors
    assert not any("carrying on without it" in error for error in errors)
    info = RecordCache(tmp_path).info()
    assert (info.records, info.maps) == (600, 600)
