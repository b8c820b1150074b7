"""PubMedSource over the fake server: batched fetches, caching, offline, failures, full texts, open_pubmed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from claimcheck.lookup.cache import RecordCache, default_cache_dir
from claimcheck.lookup.eutils import DEFAULT_BASE_URL
from claimcheck.lookup.pubmed import PubMedSource, open_pubmed
from fake_eutils import FakeEutils, SyntheticWork, write_synthetic_records

OURS = ["30000001", "30000002", "30000003", "30000004", "30000005"]


def many_works(count: int) -> list[SyntheticWork]:
    return [
        SyntheticWork(
            str(40000000 + n),
            f"Invented trial number {n} of knee injections.",
            "Journal of Tests",
            "J Tests",
            2020,
            str(n % 30 + 1),
            100 + n,
            "Author",
            "A",
            doi=f"10.5555/test.{n}",
        )
        for n in range(count)
    ]


def test_fetch_all_makes_one_efetch_post_per_200_pmids(
    make_eutils_server: Callable[..., FakeEutils], make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    write_synthetic_records(tmp_path / "records", many_works(450))
    server = make_eutils_server(records_dir=tmp_path / "records", pmc_dir=None)
    source = make_source(server)

    fetched = source.fetch_all(str(40000000 + n) for n in range(450))

    assert len(fetched.records) == 450 and not fetched.missing
    efetches = server.requests_to("efetch.fcgi")
    assert [len(r.params["id"].split(",")) for r in efetches] == [200, 200, 50]
    assert {r.method for r in efetches} == {"POST"} and {r.params["db"] for r in efetches} == {"pubmed"}
    assert source.requests_made == 3


def test_pmids_pubmed_does_not_return_are_named(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    fetched = make_source(lookup_server).fetch_all(["30000001", "39999999", "PMID12", "30000001"])

    assert list(fetched.records) == ["30000001"]
    assert fetched.records["30000001"].authors[0].family == "Okafor"
    assert fetched.missing == {
        "39999999": "PubMed returned no record for this PMID",
        "PMID12": "not a valid PMID",
    }
    assert len(lookup_server.log) == 1


def test_within_a_run_nothing_is_asked_twice_not_even_a_pmid_pubmed_has_no_record_for(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    source = make_source(lookup_server)
    first = source.fetch_all(["30000001", "39999999"])

    again = source.fetch_all(["39999999", "30000001"])

    assert again == first
    assert again.missing == {"39999999": "PubMed returned no record for this PMID"}
    assert source.requests_made == 1


def test_a_warm_run_asks_nothing_and_gives_the_same_records(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    cold = make_source(lookup_server).fetch_all(OURS)
    warm_source = make_source(lookup_server)
    warm = warm_source.fetch_all(OURS)

    assert warm.records == cold.records
    assert warm_source.requests_made == 0
    assert len(lookup_server.log) == 1


def test_records_past_max_age_are_fetched_again(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    make_source(lookup_server).fetch_all(OURS)
    again = make_source(lookup_server, max_age_days=0)

    assert len(again.fetch_all(OURS).records) == 5
    assert again.requests_made == 1


def test_offline_never_touches_the_network(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    make_source(lookup_server).fetch_all(["30000001"])
    before = len(lookup_server.log)

    fetched = make_source(None).fetch_all(["30000001", "30000002"])

    assert list(fetched.records) == ["30000001"]
    assert fetched.missing == {"30000002": "not in the cache (offline)"}
    assert fetched.unavailable == "offline: 1 record not in the cache"
    assert len(lookup_server.log) == before


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        ("500", "HTTP 500"),
        ("html", "an HTML page"),
        ("truncated", "truncated or malformed XML"),
        ("error", "NCBI reported an error"),
        ("json-rate", "too many requests"),
        ("wrong-pmids", "which was not asked for"),  # issue 14: an answer trusted with nothing unasked-for
        ("duplicate-pmids", "twice"),
    ],
)
def test_a_failing_fetch_is_retried_caches_nothing_and_says_why(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource], tmp_path: Path, fault: str, why: str
) -> None:
    lookup_server.fail(fault, endpoint="efetch.fcgi", times=1000)
    source = make_source(lookup_server)

    fetched = source.fetch_all(OURS)

    assert fetched.records == {}
    assert fetched.missing == dict.fromkeys(OURS, "PubMed could not be reached")
    assert fetched.unavailable.startswith("PubMed (E-utilities at ") and why in fetched.unavailable
    assert source.requests_made > 1
    assert RecordCache(tmp_path / "cache").info().records == 0


def test_a_fault_that_passes_leaves_only_good_records_in_the_cache(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource], tmp_path: Path
) -> None:
    lookup_server.fail("truncated", endpoint="efetch.fcgi", times=1)

    fetched = make_source(lookup_server).fetch_all(OURS)

    assert sorted(fetched.records) == OURS
    cached = RecordCache(tmp_path / "cache").get_records(OURS, 30)
    assert {pmid: hit.record for pmid, hit in cached.items()} == fetched.records


def test_stale_records_stand_in_when_pubmed_is_unreachable(
    lookup_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    make_source(lookup_server).fetch_all(["30000001"])
    lookup_server.fail("500", times=1000)

    fetched = make_source(lookup_server, max_age_days=0).fetch_all(["30000001", "30000002"])

    assert list(fetched.records) == ["30000001"]
    assert fetched.missing == {"30000002": "PubMed could not be reached"}
    assert "HTTP 500" in fetched.unavailable


def test_full_texts_are_fetched_in_one_request_and_cached(
    eutils_server: FakeEutils, make_source: Callable[..., PubMedSource]
) -> None:
    texts = make_source(eutils_server).fetch_fulltexts(["PMC4980326", "6024328", "PMC7000009"])

    assert set(texts.passages) == {"PMC4980326", "PMC6024328"}
    assert all(passage.source == "fulltext" for passage in texts.passages["PMC4980326"])
    assert texts.missing == {"PMC7000009": "no open-access full text in PMC"}
    [request] = eutils_server.requests_to("efetch.fcgi")
    assert request.params["db"] == "pmc"

    warm_source = make_source(eutils_server)
    warm = warm_source.fetch_fulltexts(["PMC4980326", "PMC7000009"])
    assert warm.passages["PMC4980326"] == texts.passages["PMC4980326"]
    assert warm.missing == {"PMC7000009": "no open-access full text in PMC"}
    assert warm_source.requests_made == 0


def test_open_pubmed_takes_every_setting_from_its_caller_and_none_from_the_environment(
    eutils_server: FakeEutils, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMCHECK_EUTILS_URL", "http://127.0.0.1:9/not-this-one/")
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "not-this-cache"))
    monkeypatch.setenv("NCBI_API_KEY", "an-environment-key-that-must-not-travel")
    monkeypatch.setenv("NCBI_EMAIL", "environment@example.org")
    source = open_pubmed(
        base_url=eutils_server.url,
        cache_dir=tmp_path / "given-cache",
        offline=False,
        max_age_days=30,
        api_key=None,
        email="editor@example.org",
        give_up_after=2.0,
    )

    fetched = source.fetch_all(["19544397"])

    assert fetched.records["19544397"].doi == "10.1002/jor.20933"
    assert eutils_server.log[0].params["email"] == "editor@example.org"
    assert "api_key" not in eutils_server.log[0].params
    assert RecordCache(tmp_path / "given-cache").info().records == 1
    assert not (tmp_path / "not-this-cache").exists()


class _RecordingSession(requests.Session):
    """Refuses to send anything; remembers where it was asked to send it."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def post(self, url: str | bytes, *args: object, **kwargs: object) -> requests.Response:  # type: ignore[override]
        self.urls.append(str(url))
        raise requests.ConnectionError("this test sends nothing")


def test_open_pubmed_without_a_base_url_means_ncbi_whatever_the_environment_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMCHECK_EUTILS_URL", "http://127.0.0.1:9/not-this-one/")
    session = _RecordingSession()
    source = open_pubmed(
        base_url=None,
        cache_dir=tmp_path,
        offline=False,
        max_age_days=30,
        api_key=None,
        email=None,
        session=session,
        give_up_after=1.0,  # room for the process-wide clock's turn before the first attempt
    )

    assert source.fetch_all(["19544397"]).unavailable
    assert session.urls and all(url.startswith(DEFAULT_BASE_URL) for url in session.urls)


def test_the_default_cache_directory_ignores_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() != tmp_path


def test_open_pubmed_offline_builds_no_client(eutils_server: FakeEutils, tmp_path: Path) -> None:
    source = open_pubmed(
        base_url=eutils_server.url,
        cache_dir=tmp_path,
        offline=True,
        max_age_days=30,
        api_key=None,
        email=None,
    )

    assert source.fetch_all(["19544397"]).missing == {"19544397": "not in the cache (offline)"}
    assert source.requests_made == 0 and eutils_server.log == []
