"""Issue 14, only what was asked for: PubMedSource against a server that answers with other papers, the same
paper twice, a PMID that is not one, 100,000 search hits, or the API key echoed into its records.

Nothing of such an answer is used or cached (test_pubmed.py covers a whole answer refused for unasked or
repeated PMIDs); the records are the invented ones of tests/fixtures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.lookup.cache import CACHE_FILE_NAME, RecordCache
from claimcheck.lookup.eutils import RetryPolicy
from claimcheck.lookup.interface import UNREACHED_REASON
from claimcheck.lookup.pubmed import PubMedSource
from claimcheck.model import Reference
from fake_eutils import FakeEutils, SyntheticWork, write_synthetic_records

OURS = ["30000001", "30000002"]
SECRET = "LEAKCANARY-0d9c8b7a6f5e"
PMC_WANTED = ["PMC4980326"]


def cache_bytes(tmp_path: Path) -> bytes:
    return b"".join(path.read_bytes() for path in (tmp_path / "cache").glob(CACHE_FILE_NAME + "*"))


def test_a_refused_answer_once_then_a_good_one_gives_exactly_what_was_asked(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    lookup_server.fail("wrong-pmids", endpoint="efetch.fcgi", times=1)

    fetched = make_source(lookup_server).fetch_all(OURS)

    assert sorted(fetched.records) == OURS
    assert sorted(RecordCache(tmp_path / "cache").get_records(OURS + ["30000003"], None)) == OURS


def test_a_record_with_an_invalid_pmid_is_never_cached(
    make_eutils_server: Callable[..., FakeEutils], make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    works = [
        SyntheticWork(
            "40000001", "An invented valid record.", "J Tests", "J Tests", 2020, "1", 1, "Quill", "A"
        ),
        SyntheticWork(
            "0040000002",
            "An invented record with a zero-padded PMID.",
            "J Tests",
            "J Tests",
            2020,
            "1",
            9,
            "Rowe",
            "C",
        ),
    ]
    write_synthetic_records(tmp_path / "records", works)
    server = make_eutils_server(records_dir=tmp_path / "records", pmc_dir=None)
    server.fail("wrong-pmids", endpoint="efetch.fcgi", times=1000)

    fetched = make_source(server).fetch_all(["40000001", "0040000002"])

    assert fetched.missing["0040000002"] == "not a valid PMID"
    assert "'0040000002', which was not asked for" in fetched.unavailable
    assert RecordCache(tmp_path / "cache").info().records == 0


@pytest.mark.parametrize("kind", ["wrong-pmids", "duplicate-pmids"])
def test_a_full_text_answer_with_unasked_or_repeated_pmcids_is_refused(
    eutils_server: FakeEutils, make_source: Callable[..., PubMedSource], tmp_path: Path, kind: str
) -> None:
    eutils_server.fail(kind, endpoint="efetch.fcgi", times=1000)

    texts = make_source(eutils_server).fetch_fulltexts(PMC_WANTED)

    assert texts.passages == {}
    assert texts.missing == dict.fromkeys(PMC_WANTED, UNREACHED_REASON)
    assert "PMCID" in texts.unavailable
    assert RecordCache(tmp_path / "cache").info().fulltexts == 0


def test_a_search_answer_ignoring_retmax_costs_a_few_requests_not_a_thousand(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    lookup_server.fail("retmax-ignored", endpoint="esearch.fcgi", times=1000)
    references = [
        Reference("first", doi="10.5555/jmo.2019.101"),
        Reference("second", doi="10.5555/irr.2020.55"),
    ]

    resolved = make_source(lookup_server).resolve_all(references).resolutions

    assert {key: resolution.pmid for key, resolution in resolved.items()} == {
        "first": "30000001",
        "second": "30000002",
    }
    [efetch, *more] = lookup_server.requests_to("efetch.fcgi")
    asked = efetch.params["id"].split(",") + [
        pmid for request in more for pmid in request.params["id"].split(",")
    ]
    assert len(asked) <= 400 and len(lookup_server.log) <= 4


def test_a_key_echoed_into_records_reaches_neither_the_records_nor_the_cache(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    """Echoed literally into titles and as character references into abstracts."""
    lookup_server.fail("key-echo", times=1000)
    source = make_source(lookup_server, api_key=SECRET)

    fetched = source.fetch_all(OURS)

    assert lookup_server.log[0].params["api_key"] == SECRET
    for record in fetched.records.values():
        assert record.title.startswith("*** ") and SECRET not in record.title
        assert record.abstract[0].text.startswith("*** ") and SECRET not in record.abstract_text
    assert RecordCache(tmp_path / "cache").info().records == 2
    assert SECRET.encode() not in cache_bytes(tmp_path)
    warm = make_source(lookup_server, api_key=SECRET).fetch_all(OURS)
    assert warm.records == fetched.records


def test_a_key_echoed_into_full_texts_is_scrubbed_too(
    eutils_server: FakeEutils, make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    eutils_server.fail("key-echo", times=1000)

    texts = make_source(eutils_server, api_key=SECRET).fetch_fulltexts(PMC_WANTED)

    passages = texts.passages[PMC_WANTED[0]]
    assert any(passage.text.startswith("*** ") for passage in passages)
    assert all(SECRET not in passage.text for passage in passages)
    assert SECRET.encode() not in cache_bytes(tmp_path)


def test_an_oversized_answer_is_not_retried_and_nothing_is_cached(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    lookup_server.oversized_bytes = 3 * 1024 * 1024
    lookup_server.fail("oversized", times=1000)
    source = make_source(lookup_server, policy=RetryPolicy(max_answer_bytes=1024 * 1024, first_backoff=0.01))

    fetched = source.fetch_all(OURS)

    assert fetched.records == {} and "cap" in fetched.unavailable
    assert source.requests_made == 1
    assert RecordCache(tmp_path / "cache").info().records == 0
