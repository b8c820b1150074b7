"""PubMed as a ``RecordSource``: the E-utilities client, the cache, the parser and the resolver joined.

Records are fetched in efetch POSTs of at most 200 PMIDs, checked against what was asked (NCBI
silently drops PMIDs it does not know), parsed once and cached with their raw XML. Offline, only
the cache answers. When PubMed becomes unreachable half-way, what was fetched (or is cached, even
if stale) is returned, and ``unavailable`` says why the rest is missing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import requests

from claimcheck.errors import SourceUnavailable
from claimcheck.lookup.cache import RecordCache, default_cache_dir
from claimcheck.lookup.eutils import DEFAULT_BASE_URL, EutilsClient, RetryPolicy
from claimcheck.lookup.interface import (
    OFFLINE_REASON,
    UNREACHED_REASON,
    Fetched,
    FullTexts,
    RecordSource,
    Resolved,
)
from claimcheck.lookup.parse import parse_pmc, parse_pubmed
from claimcheck.lookup.resolve import Resolver, is_pmid, normalize_pmcid
from claimcheck.model import Record, Reference

EFETCH_BATCH = 200
# Full texts are large: smaller batches keep one answer well under the parser's size cap.
PMC_BATCH = 20

_ARTICLE = re.compile(rb"<PubmedArticle[\s>].*?</PubmedArticle>", re.DOTALL)
_ARTICLE_PMID = re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>")


class PubMedSource(RecordSource):
    """Records from PubMed through E-utilities, with the cache in front; ``client`` None = offline."""

    def __init__(
        self, client: EutilsClient | None, cache: RecordCache, *, max_age_days: float, fulltext: bool = True
    ) -> None:
        self._client = client
        self._cache = cache
        self._max_age_days = max_age_days
        self._fulltext = fulltext
        # Records fetched during resolution, so fetch_all does not ask for them again.
        self._seen: dict[str, Record] = {}

    @property
    def requests_made(self) -> int:
        return self._client.requests_made if self._client else 0

    def resolve_all(self, references: Sequence[Reference]) -> Resolved:
        resolver = Resolver(self._client, self._cache, self._fetch_candidates, self._max_age_days)
        resolutions = resolver.resolve_all(references)
        return Resolved(
            resolutions,
            resolver.unavailable
            or _offline_gap(
                sum(1 for resolution in resolutions.values() if resolution.reason == OFFLINE_REASON),
                "reference",
            ),
        )

    def fetch_all(self, pmids: Iterable[str]) -> Fetched:
        wanted = list(dict.fromkeys(pmid.strip() for pmid in pmids))
        missing = {pmid: "not a valid PMID" for pmid in wanted if not is_pmid(pmid)}
        valid = [pmid for pmid in wanted if pmid not in missing]
        records = {pmid: self._seen[pmid] for pmid in valid if pmid in self._seen}
        cached = self._cache.get_records([p for p in valid if p not in records], self._max_age_days)
        records.update((pmid, hit.record) for pmid, hit in cached.items())
        todo = [pmid for pmid in valid if pmid not in records]
        unavailable = ""
        if todo and self._client is None:
            missing.update(dict.fromkeys(todo, OFFLINE_REASON))
            unavailable = _offline_gap(len(todo), "record")
        elif todo:
            try:
                fetched = self._efetch(todo)
            except SourceUnavailable as exc:
                unavailable = str(exc)
                fetched = {pmid: hit.record for pmid, hit in self._cache.get_records(todo, None).items()}
                missing.update({pmid: UNREACHED_REASON for pmid in todo if pmid not in fetched})
            else:
                missing.update(
                    {pmid: "PubMed returned no record for this PMID" for pmid in todo if pmid not in fetched}
                )
            records.update(fetched)
        return Fetched(records, missing, unavailable)

    def fetch_fulltexts(self, pmcids: Iterable[str]) -> FullTexts:
        wanted = list(dict.fromkeys(normalize_pmcid(pmcid) for pmcid in pmcids))
        if not self._fulltext:
            return FullTexts({}, dict.fromkeys(wanted, "full texts are turned off"))
        passages, missing = self._cache.get_fulltexts(wanted, self._max_age_days)
        todo = [pmcid for pmcid in wanted if pmcid not in passages and pmcid not in missing]
        if todo and self._client is None:
            return FullTexts(passages, missing | dict.fromkeys(todo, OFFLINE_REASON))
        unavailable = ""
        try:
            for start in range(0, len(todo), PMC_BATCH):
                batch = todo[start : start + PMC_BATCH]
                params = {"db": "pmc", "id": ",".join(pmcid[3:] for pmcid in batch)}
                bodies = self._client.call("efetch.fcgi", params, parse_pmc) if self._client else {}
                found = {pmcid: bodies[pmcid] for pmcid in batch if bodies.get(pmcid)}
                absent = {pmcid: "no open-access full text in PMC" for pmcid in batch if pmcid not in found}
                self._cache.put_fulltexts(found, absent)
                passages.update(found)
                missing.update(absent)
        except SourceUnavailable as exc:
            unavailable = str(exc)
            unreached = [pmcid for pmcid in todo if pmcid not in passages and pmcid not in missing]
            missing.update(dict.fromkeys(unreached, UNREACHED_REASON))
        return FullTexts(passages, missing, unavailable)

    def _fetch_candidates(self, pmids: Sequence[str]) -> Mapping[str, Record]:
        """Resolution's fetches: cached or fetched records, remembered for ``fetch_all``."""
        fetched = self.fetch_all(pmids)
        if fetched.unavailable:
            raise SourceUnavailable(fetched.unavailable)
        self._seen.update(fetched.records)
        return fetched.records

    def _efetch(self, pmids: Sequence[str]) -> dict[str, Record]:
        """One efetch POST per 200 PMIDs; each batch is cached as soon as it has parsed."""
        assert self._client is not None
        records: dict[str, Record] = {}
        for start in range(0, len(pmids), EFETCH_BATCH):
            params = {"db": "pubmed", "retmode": "xml", "id": ",".join(pmids[start : start + EFETCH_BATCH])}
            batch = self._client.call("efetch.fcgi", params, _parse_with_raw)
            self._cache.put_records(batch)
            records.update((record.pmid, record) for record, _ in batch)
        return records


def _offline_gap(count: int, what: str) -> str:
    """Offline, a cache miss is a source that cannot be asked: the claims it decides stay unchecked
    (exit 3), and a work missing from the cache is not reported as missing from PubMed (no CC101)."""
    return f"offline: {count} {what}{'' if count == 1 else 's'} not in the cache" if count else ""


def _parse_with_raw(data: bytes) -> list[tuple[Record, bytes]]:
    """Parse an efetch answer and pair each record with its own ``<PubmedArticle>`` XML for the cache."""
    records = parse_pubmed(data)
    raw = {}
    for article in _ARTICLE.finditer(data):
        pmid = _ARTICLE_PMID.search(article.group(0))
        if pmid:
            raw[pmid.group(1).decode()] = article.group(0)
    return [(record, raw.get(record.pmid, b"")) for record in records]


def open_pubmed(
    *,
    base_url: str | None,
    cache_dir: Path | None,
    offline: bool,
    max_age_days: float,
    api_key: str | None,
    email: str | None,
    session: requests.Session | None = None,
    give_up_after: float = 60.0,
    fulltext: bool = True,
) -> PubMedSource:
    """Build the PubMed source from options, falling back to the environment, then to defaults.

    ``base_url`` None -> ``CLAIMCHECK_EUTILS_URL`` -> NCBI; ``cache_dir`` None -> ``CLAIMCHECK_CACHE_DIR``
    -> the user cache directory; ``api_key``/``email`` None -> ``NCBI_API_KEY``/``NCBI_EMAIL``.
    """
    cache = RecordCache(cache_dir or default_cache_dir())
    if offline:
        return PubMedSource(None, cache, max_age_days=max_age_days, fulltext=fulltext)
    client = EutilsClient(
        base_url or os.environ.get("CLAIMCHECK_EUTILS_URL") or DEFAULT_BASE_URL,
        session=session,
        api_key=api_key if api_key is not None else os.environ.get("NCBI_API_KEY"),
        email=email if email is not None else os.environ.get("NCBI_EMAIL"),
        policy=RetryPolicy(give_up_after=give_up_after),
    )
    return PubMedSource(client, cache, max_age_days=max_age_days, fulltext=fulltext)
