"""Issue 14, the cache without pickle: whoever can write the cache file cannot run code, a row that cannot
be read is dropped (one warning) and fetched again, and a parser change re-parses the kept XML.

The records are the invented ones of tests/fixtures/pubmed-lookup and tests/fixtures/pmc-parse.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import pickle
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.lookup import cache as cache_module
from claimcheck.lookup.cache import CACHE_FILE_NAME, SCHEMA_VERSION, RecordCache
from claimcheck.lookup.parse import PARSER_VERSION, article_documents, parse_pmc, parse_pubmed
from claimcheck.lookup.pubmed import PubMedSource
from claimcheck.model import Author, Correction, Passage, Record, RecordDate
from fake_eutils import FakeEutils

LOOKUP_RECORDS = Path(__file__).parents[1] / "fixtures" / "pubmed-lookup" / "records.xml"
PMC_DOCUMENT = Path(__file__).parents[1] / "fixtures" / "pmc-parse" / "knee-trial.xml"
PMID = "30000001"


class _Payload:
    """What an attacker would plant: unpickling it creates a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def database(cache: RecordCache) -> sqlite3.Connection:
    return sqlite3.connect(cache.directory / CACHE_FILE_NAME)


def one_record_and_document() -> tuple[Record, bytes]:
    _, document = article_documents(LOOKUP_RECORDS.read_bytes())[0]
    [record] = parse_pubmed(document)
    return record, document


@pytest.fixture
def warm_cache(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource], tmp_path: Path
) -> RecordCache:
    """The five lookup records fetched once and cached; the server's log is emptied afterwards."""
    make_source(lookup_server).fetch_all([PMID, "30000002"])
    lookup_server.log.clear()
    return RecordCache(tmp_path / "cache")


def unreadable_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and "unreadable" in r.getMessage()
    ]


def test_a_pickle_planted_in_an_old_cache_file_is_never_loaded(tmp_path: Path) -> None:
    """A cache written before this layout (pickled records) has those tables dropped unread."""
    marker = tmp_path / "code-ran"
    path = tmp_path / CACHE_FILE_NAME
    with sqlite3.connect(path) as old:
        old.executescript(
            "CREATE TABLE records (pmid TEXT PRIMARY KEY, xml BLOB NOT NULL, record BLOB NOT NULL,"
            " fetched_at REAL NOT NULL);"
            "CREATE TABLE id_maps (kind TEXT NOT NULL, key TEXT NOT NULL, pmid TEXT NOT NULL,"
            " fetched_at REAL NOT NULL, PRIMARY KEY (kind, key));"
            "CREATE TABLE fulltexts (pmcid TEXT PRIMARY KEY, passages BLOB NOT NULL, missing TEXT NOT NULL,"
            " fetched_at REAL NOT NULL);"
        )
        old.execute("INSERT INTO records VALUES (?, ?, ?, 9e99)", (PMID, b"", pickle.dumps(_Payload(marker))))
        old.execute("INSERT INTO fulltexts VALUES ('PMC1', ?, '', 9e99)", (pickle.dumps(_Payload(marker)),))
        old.execute("INSERT INTO id_maps VALUES ('doi', '10.5555/kept', ?, 9e99)", (PMID,))
    cache = RecordCache(tmp_path)

    assert cache.get_records([PMID], None) == {}
    assert cache.get_fulltexts(["PMC1"], None) == ({}, {})
    assert cache.get_map("doi", ["10.5555/kept"], None) == {"10.5555/kept": PMID}  # plain data, kept
    assert not marker.exists()
    with database(cache) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("column", "parser", "recovered"),
    [
        ("record", PARSER_VERSION, False),  # JSON expected: the bytes are refused
        ("record", 0, True),  # an older parser's row: re-parsed from its XML, the blob never read
        ("xml", 0, False),  # nothing readable left
    ],
)
def test_a_pickle_planted_in_a_current_row_is_never_loaded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, column: str, parser: int, recovered: bool
) -> None:
    marker = tmp_path / "code-ran"
    cache = RecordCache(tmp_path)
    record, document = one_record_and_document()
    cache.put_records([(record, document)])
    with database(cache) as db:
        db.execute(f"UPDATE records SET {column} = ?, parser = ?", (pickle.dumps(_Payload(marker)), parser))

    found = cache.get_records([PMID], None)

    assert not marker.exists()
    if recovered:
        assert found[PMID].record == record and not unreadable_warnings(caplog)
        with database(cache) as db:  # rewritten as this parser's JSON
            assert db.execute("SELECT parser FROM records").fetchall() == [(PARSER_VERSION,)]
    else:
        assert found == {} and len(unreadable_warnings(caplog)) == 1


@pytest.mark.parametrize(
    "tamper",
    [
        "not json at all",
        json.dumps({"pmid": PMID}),  # fields missing
        "[" * 100_000 + "]" * 100_000,  # nested beyond any record
        "12",
    ],
    ids=["garbage", "missing-fields", "deep", "a-number"],
)
def test_an_unreadable_row_is_dropped_with_one_warning_and_fetched_again(
    warm_cache: RecordCache,
    lookup_server: FakeEutils,
    make_source: Callable[..., PubMedSource],
    caplog: pytest.LogCaptureFixture,
    tamper: str,
) -> None:
    with database(warm_cache) as db:
        db.execute("UPDATE records SET record = ?", (tamper,))

    fetched = make_source(lookup_server).fetch_all([PMID, "30000002"])

    assert sorted(fetched.records) == [PMID, "30000002"]
    assert len(lookup_server.requests_to("efetch.fcgi")) == 1
    assert len(unreadable_warnings(caplog)) == 1
    with database(warm_cache) as db:  # fetched again, stored readable again
        rows = db.execute("SELECT record FROM records").fetchall()
    assert all(json.loads(text)["pmid"] for (text,) in rows)


def record_json(record: Record) -> dict[str, object]:
    return json.loads(cache_module._dumps(record))


@pytest.mark.parametrize(
    "change",
    [
        lambda data: {**data, "pmid": "30000005"},  # a row holding another PMID than its key
        lambda data: {**data, "title": 12},  # a number where the model has text
        lambda data: {**data, "shell": "rm -rf /"},  # a field the model does not have
        lambda data: {**data, "dates": [{"kind": "print", "year": True}]},  # a bool is not a year
        lambda data: {**data, "authors": "Okafor"},  # text where the model has a tuple
        lambda data: {**data, "publication_types": ["Review", 7]},  # a number among texts
        lambda data: {**data, "dates": [{"kind": "print", "year": 2020, "month": "May", "day": None}]},
        lambda data: {**data, "title": None},  # null where the model's text may not be missing
    ],
    ids=[
        "other-pmid",
        "number-for-text",
        "unknown-field",
        "bool-for-int",
        "text-for-tuple",
        "number-in-texts",
        "text-for-optional-int",
        "null-for-text",
    ],
)
def test_a_row_of_the_wrong_shape_is_unreadable(tmp_path: Path, change: Callable[[dict], dict]) -> None:
    cache = RecordCache(tmp_path)
    record, document = one_record_and_document()
    cache.put_records([(record, document)])
    with database(cache) as db:
        db.execute("UPDATE records SET record = ?", (json.dumps(change(record_json(record))),))

    assert cache.get_records([PMID], None) == {}


def test_a_parser_change_reparses_the_kept_xml_without_asking_pubmed(
    warm_cache: RecordCache,
    lookup_server: FakeEutils,
    make_source: Callable[..., PubMedSource],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = warm_cache.get_records([PMID], None)[PMID].record
    with database(warm_cache) as db:  # what an older parser left: the right XML, an outdated record
        db.execute("UPDATE records SET record = ? WHERE pmid = ?", (json.dumps({"outdated": True}), PMID))
    monkeypatch.setattr(cache_module, "PARSER_VERSION", PARSER_VERSION + 1)

    fetched = make_source(lookup_server).fetch_all([PMID])

    assert fetched.records[PMID] == before
    assert lookup_server.log == []
    with database(warm_cache) as db:
        [(text, parser)] = db.execute("SELECT record, parser FROM records WHERE pmid = ?", (PMID,)).fetchall()
    assert parser == PARSER_VERSION + 1 and json.loads(text) == record_json(before)


def test_a_parser_change_with_unreadable_xml_fetches_again(
    warm_cache: RecordCache,
    lookup_server: FakeEutils,
    make_source: Callable[..., PubMedSource],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with database(warm_cache) as db:
        db.execute("UPDATE records SET xml = ? WHERE pmid = ?", (b"<PubmedArticleSet><PubmedArt", PMID))
    monkeypatch.setattr(cache_module, "PARSER_VERSION", PARSER_VERSION + 1)

    fetched = make_source(lookup_server).fetch_all([PMID, "30000002"])

    assert sorted(fetched.records) == [PMID, "30000002"]
    [efetch] = lookup_server.requests_to("efetch.fcgi")
    assert efetch.params["id"] == PMID  # the other was re-parsed, not fetched
    assert len(unreadable_warnings(caplog)) == 1


def test_full_texts_are_kept_as_data_and_reparsed_after_a_parser_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, document = article_documents(PMC_DOCUMENT.read_bytes())[0]
    [(pmcid, body)] = parse_pmc(document).items()
    cache = RecordCache(tmp_path)
    cache.put_fulltexts([(pmcid, body, document)], {})
    assert cache.get_fulltexts([pmcid], None) == ({pmcid: body}, {})

    with database(cache) as db:
        db.execute("UPDATE fulltexts SET passages = ?", (pickle.dumps(body),))
    monkeypatch.setattr(cache_module, "PARSER_VERSION", PARSER_VERSION + 1)
    assert cache.get_fulltexts([pmcid], None) == ({pmcid: body}, {})

    with database(cache) as db:
        db.execute("UPDATE fulltexts SET passages = 'x', parser = 0, xml = ?", (b"<pmc-articleset/>",))
    assert cache.get_fulltexts([pmcid], None) == ({}, {})


# --------------------------------------------------------------------------- the generic form


def test_a_record_with_every_field_filled_round_trips(tmp_path: Path) -> None:
    """Built from the dataclass fields themselves, so a field added to Record is covered here too."""
    samples: dict[object, object] = {
        "str": "Ünïcode “text” 42",
        "int | None": 7,
        "tuple[str, ...]": ("one", "two"),
        "tuple[RecordDate, ...]": (RecordDate("print", 2019, 3, 1), RecordDate("pubmed", 2019)),
        "tuple[Author, ...]": (Author("Okafor", "Chi", "CN", "", ("Invented Institute",)),),
        "tuple[Passage, ...]": (Passage("abstract", "RESULTS", "Pain fell 31%."),),
        "tuple[Correction, ...]": (Correction("ErratumIn", "30000009", "Invented note"),),
    }
    values = {field.name: samples[field.type] for field in dataclasses.fields(Record)}
    record = Record(**{**values, "pmid": PMID})
    cache = RecordCache(tmp_path)
    cache.put_records([(record, b"")])

    assert cache.get_records([PMID], None)[PMID].record == record


@dataclasses.dataclass(frozen=True)
class _Heading:
    """Stands for a field another engineer may add (say MeSH headings): nothing in the cache names it."""

    descriptor: str
    major: bool = False
    tree: tuple[str, ...] = ()
    weight: float | None = None


@dataclasses.dataclass(frozen=True)
class _FutureRecord:
    pmid: str
    headings: tuple[_Heading, ...] = ()
    pair: tuple[str, int] = ("", 0)


def test_the_json_form_follows_any_dataclass_without_being_told_about_it() -> None:
    value = _FutureRecord(PMID, (_Heading("Knee", True, ("C05",), 0.5), _Heading("Pain")), ("a", 1))

    assert cache_module._loads(_FutureRecord, cache_module._dumps(value)) == value
    with pytest.raises(TypeError):
        cache_module._loads(
            _FutureRecord, json.dumps({"pmid": PMID, "headings": [{"descriptor": 1}], "pair": []})
        )


def test_a_cache_file_of_someone_elses_making_never_crashes_a_run(tmp_path: Path) -> None:
    """Tables of this layout's names and version, with every cell of the wrong type."""
    with sqlite3.connect(tmp_path / CACHE_FILE_NAME) as db:
        db.executescript(
            f"PRAGMA user_version = {SCHEMA_VERSION};"
            "CREATE TABLE records (pmid, xml, record, parser, fetched_at);"
            "CREATE TABLE id_maps (kind, key, pmid, fetched_at);"
            "CREATE TABLE fulltexts (pmcid, xml, passages, parser, missing, fetched_at);"
        )
        for cells in (
            (PMID, 1, 2.5, "x", "yesterday"),
            (PMID, None, None, None, None),
            (PMID, b"", "{}", 1, b"t"),
        ):
            db.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?)", cells)
        db.execute("INSERT INTO id_maps VALUES ('doi', '10.5555/x', 42, 'soon')")
        db.execute("INSERT INTO id_maps VALUES ('doi', '10.5555/y', ?, 9e99)", (b"\x00",))
        db.execute("INSERT INTO fulltexts VALUES ('PMC1', 1, 2, 3, 4, 'later')")
        db.execute("INSERT INTO fulltexts VALUES ('PMC2', 1, 2, 3, 4, 9e99)")
    cache = RecordCache(tmp_path)

    assert cache.get_records([PMID], None) == {}
    assert cache.get_map("doi", ["10.5555/x", "10.5555/y"], None) == {}
    assert cache.get_fulltexts(["PMC1", "PMC2"], None) == ({}, {})
    info = cache.info()
    assert (info.records, info.fulltexts) == (0, 0)  # the unreadable rows were dropped
    assert isinstance(info.oldest, float) and isinstance(info.newest, float)  # never "later"
    assert cache.clear() >= 0
