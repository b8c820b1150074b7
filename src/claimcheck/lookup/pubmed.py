"""PubMed as a ``RecordSource``: the E-utilities client, the cache, the parser and the resolver joined.

Records are fetched in efetch POSTs of at most 200 PMIDs, parsed once and cached with the XML document
each came from. An answer is trusted with nothing it was not asked for: every PMID (or PMCID) in it
must be one requested, once, or the whole answer is malformed (retried, then given up on) and nothing
of it is cached; NCBI silently drops PMIDs it does not know, so fewer is fine. Offline, only the cache
answers. When PubMed becomes unreachable half-way, what was fetched (or is cached, even if stale) is
returned, and ``unavailable`` says why the rest is missing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence, Set
from pathlib import Path
from typing import TypeVar

import requests

from claimcheck.errors import SourceUnavailable
from claimcheck.lookup.cache import FullText, RecordCache, default_cache_dir
from claimcheck.lookup.eutils import DEFAULT_BASE_URL, EutilsClient, RetryPolicy
from claimcheck.lookup.interface import (
    OFFLINE_REASON,
    UNREACHED_REASON,
    Fetched,
    FullTexts,
    RecordSource,
    Resolved,
)
from claimcheck.lookup.parse import MalformedResponse, article_documents, parse_pmc, parse_pubmed
from claimcheck.lookup.resolve import Resolver, is_pmid, normalize_pmcid
from claimcheck.model import Record, Reference

EFETCH_BATCH = 200
# Full texts are large: smaller batches keep one answer well under the size cap.
PMC_BATCH = 20
# The children of a PubmedArticleSet (or a MEDLINE MedlineCitationSet) that parse_pubmed makes records of.
_RECORD_TAGS = ("PubmedArticle", "MedlineCitation")

T = TypeVar("T")


class PubMedSource(RecordSource):
    """Records from PubMed through E-utilities, with the cache in front; ``client`` None = offline."""

    def __init__(
        self, client: EutilsClient | None, cache: RecordCache, *, max_age_days: float, fulltext: bool = True
    ) -> None:
        self._client = client
        self._cache = cache
        self._max_age_days = max_age_days
        self._fulltext = fulltext
        # What this run has fetched already (resolution fetches every record it knows of), and the PMIDs
        # PubMed had no record for: nothing is asked twice.
        self._seen: dict[str, Record] = {}
        self._absent: dict[str, str] = {}

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
        missing.update((pmid, self._absent[pmid]) for pmid in valid if pmid in self._absent)
        unknown = [pmid for pmid in valid if pmid not in records and pmid not in missing]
        cached = self._cache.get_records(unknown, self._max_age_days)
        records.update((pmid, self._scrub(hit.record)) for pmid, hit in cached.items())
        todo = [pmid for pmid in unknown if pmid not in records]
        unavailable = ""
        if todo and self._client is None:
            missing.update(dict.fromkeys(todo, OFFLINE_REASON))
            unavailable = _offline_gap(len(todo), "record")
        elif todo:
            try:
                fetched = self._efetch(todo)
            except SourceUnavailable as exc:
                unavailable = str(exc)
                stale = self._cache.get_records(todo, None)
                fetched = {pmid: self._scrub(hit.record) for pmid, hit in stale.items()}
                missing.update({pmid: UNREACHED_REASON for pmid in todo if pmid not in fetched})
            else:
                absent = {
                    pmid: "PubMed returned no record for this PMID" for pmid in todo if pmid not in fetched
                }
                self._absent.update(absent)
                missing.update(absent)
            records.update(fetched)
        self._seen.update(records)
        return Fetched(records, missing, unavailable)

    def fetch_fulltexts(self, pmcids: Iterable[str]) -> FullTexts:
        wanted = list(dict.fromkeys(normalize_pmcid(pmcid) for pmcid in pmcids))
        if not self._fulltext:
            return FullTexts({}, dict.fromkeys(wanted, "full texts are turned off"))
        passages, missing = self._scrub(self._cache.get_fulltexts(wanted, self._max_age_days))
        todo = [pmcid for pmcid in wanted if pmcid not in passages and pmcid not in missing]
        if not todo:
            return FullTexts(passages, missing)
        if self._client is None:
            return FullTexts(passages, missing | dict.fromkeys(todo, OFFLINE_REASON))
        client = self._client
        unavailable = ""
        try:
            for start in range(0, len(todo), PMC_BATCH):
                batch = todo[start : start + PMC_BATCH]
                params = {"db": "pmc", "id": ",".join(pmcid[3:] for pmcid in batch)}
                decode = functools.partial(_full_texts_of, wanted=frozenset(batch))
                answer = client.call("efetch.fcgi", params, decode)
                texts = [(pmcid, body, xml) for pmcid, body, xml in answer if body]
                found = {pmcid: body for pmcid, body, _ in texts}
                absent = {pmcid: "no open-access full text in PMC" for pmcid in batch if pmcid not in found}
                self._cache.put_fulltexts(texts, absent)
                passages.update(found)
                missing.update(absent)
        except SourceUnavailable as exc:
            unavailable = str(exc)
            unreached = [pmcid for pmcid in todo if pmcid not in passages and pmcid not in missing]
            missing.update(dict.fromkeys(unreached, UNREACHED_REASON))
        return FullTexts(passages, missing, unavailable)

    def _fetch_candidates(self, pmids: Sequence[str]) -> Mapping[str, Record]:
        """Resolution's fetch: cached or fetched records, which ``fetch_all`` then has at hand."""
        fetched = self.fetch_all(pmids)
        if fetched.unavailable:
            raise SourceUnavailable(fetched.unavailable)
        return fetched.records

    def _efetch(self, pmids: Sequence[str]) -> dict[str, Record]:
        """One efetch POST per 200 PMIDs; each batch is cached as soon as it has parsed."""
        assert self._client is not None
        records: dict[str, Record] = {}
        for start in range(0, len(pmids), EFETCH_BATCH):
            batch = pmids[start : start + EFETCH_BATCH]
            params = {"db": "pubmed", "retmode": "xml", "id": ",".join(batch)}
            decode = functools.partial(_records_of, wanted=frozenset(batch))
            fetched = self._client.call("efetch.fcgi", params, decode)
            self._cache.put_records(fetched)
            records.update((record.pmid, record) for record, _ in fetched)
        return records

    def _scrub(self, value: T) -> T:
        """Cached answers pass the key scrubber too: one kept before it existed, or re-parsed since."""
        return self._client.scrub_answer(value) if self._client else value


def _offline_gap(count: int, what: str) -> str:
    """Offline, a cache miss is a source that cannot be asked: the claims it decides stay unchecked
    (exit 3), and a work missing from the cache is not reported as missing from PubMed (no CC101)."""
    return f"offline: {count} {what}{'' if count == 1 else 's'} not in the cache" if count else ""


def _records_of(data: bytes, wanted: Set[str]) -> list[tuple[Record, bytes]]:
    """Each record of an efetch answer with its article's document, if the answer holds only PMIDs that
    were asked for, each once.

    The answer is parsed whole, once (Biopython reads the DTD on every parse), and its records are
    paired in order with the documents of the children that give records; a re-parse of a kept
    document is checked against its PMID anyway.
    """
    records = parse_pubmed(data)
    documents = [document for tag, document in article_documents(data) if tag in _RECORD_TAGS]
    if len(documents) != len(records):
        raise MalformedResponse(f"{len(documents)} articles gave {len(records)} records")
    _refuse_unasked((record.pmid for record in records), wanted, "PMID")
    return list(zip(records, documents, strict=True))


def _full_texts_of(data: bytes, wanted: Set[str]) -> list[FullText]:
    """Each full text of an efetch db=pmc answer with its document, under the same rule as records."""
    found = [
        (pmcid, body, document)
        for _, document in article_documents(data)
        for pmcid, body in parse_pmc(document).items()
    ]
    _refuse_unasked((pmcid for pmcid, _, _ in found), wanted, "PMCID")
    return found


def _refuse_unasked(keys: Iterable[str], wanted: Set[str], kind: str) -> None:
    """An answer naming a work nobody asked for (or one twice) could put another paper's words under a
    claim: it is malformed as a whole, so it is retried and never cached."""
    seen: set[str] = set()
    for key in keys:
        if key not in wanted:
            raise MalformedResponse(f"the answer holds {kind} {key[:20]!r}, which was not asked for")
        if key in seen:
            raise MalformedResponse(f"the answer holds {kind} {key[:20]!r} twice")
        seen.add(key)


def open_pubmed(
    *,
    base_url: str | None,
    cache_dir: Path | None,
    offline: bool,
    max_age_days: float,
    api_key: str | None,
    email: str | None,
    session: requests.Session | None = None,
    give_up_after: float = RetryPolicy.give_up_after,
    budget: float = RetryPolicy.run_budget,
    fulltext: bool = True,
) -> PubMedSource:
    """Build the PubMed source from settings the caller resolved; nothing in lookup/ reads the environment.

    ``base_url`` None is NCBI's, ``cache_dir`` None the user cache directory, ``api_key``/``email``
    None send none. ``give_up_after`` bounds each call (connect, answer and retries; ``--timeout``),
    ``budget`` all calls of the run together.
    """
    cache = RecordCache(cache_dir or default_cache_dir())
    if offline:
        return PubMedSource(None, cache, max_age_days=max_age_days, fulltext=fulltext)
    client = EutilsClient(
        base_url or DEFAULT_BASE_URL,
        session=session,
        api_key=api_key,
        email=email,
        policy=RetryPolicy(give_up_after=give_up_after, run_budget=budget),
    )
    return PubMedSource(client, cache, max_age_days=max_age_days, fulltext=fulltext)
