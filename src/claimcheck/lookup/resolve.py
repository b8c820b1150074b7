"""Reference -> PMID, in batches: requests grow with the number of batches, not of references.

PMIDs are taken as given. DOIs and PMCIDs go to PubMed many at a time, one esearch of OR-ed
``[doi]`` / ``[pmcid]`` clauses per batch; esearch answers with an unordered list of PMIDs, so
each identifier is mapped back from the fetched records' own ArticleIdList, never by position.
References with no identifier go through one ECitMatch call per batch (journal, year, volume,
first page, first author), then one OR-ed title-and-author search for what ECitMatch missed.
Every reference left unresolved gets a ``Resolution.reason`` saying why (CC101).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from claimcheck.errors import SourceUnavailable
from claimcheck.lookup.cache import RecordCache
from claimcheck.lookup.eutils import BadResponse, EutilsClient
from claimcheck.lookup.interface import OFFLINE_REASON, UNREACHED_REASON
from claimcheck.model import Record, Reference, Resolution

log = logging.getLogger(__name__)

SEARCH_BATCH = 100
ECITMATCH_BATCH = 100

_PMID = re.compile(r"^[1-9]\d{0,9}$")
_DOI = re.compile(r"^10\.\d{4,9}/[^\s\"]+$")
_PMCID = re.compile(r"^PMC\d{1,10}$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ESEARCH_ID = re.compile(rb"<Id>(\d+)</Id>")
_WORD = re.compile(r"[^\W_]+")
_TITLE_MATCH = 0.8
_CITATION_METHODS = ("ecitmatch", "title")

FetchRecords = Callable[[Sequence[str]], Mapping[str, Record]]


def normalize_doi(doi: str) -> str:
    """DOIs are case-insensitive; strip resolver prefixes so "https://doi.org/10.1/X" == "10.1/x"."""
    return _DOI_PREFIX.sub("", doi.strip()).rstrip(".").lower()


def normalize_pmcid(pmcid: str) -> str:
    text = pmcid.strip().upper()
    return text if text.startswith("PMC") else "PMC" + text


def is_pmid(text: str) -> bool:
    return bool(_PMID.match(text))


def title_words(title: str) -> list[str]:
    return _WORD.findall(title.lower())


@dataclass
class _Pending:
    """References of one kind still waiting for a PMID, by the normalized key they are looked up by."""

    kind: str
    keys: dict[str, list[str]]  # lookup key -> reference keys that use it


class Resolver:
    """Ties references to PMIDs through the cache and, unless offline (``client`` None), E-utilities.

    ``fetch_records`` fetches candidate records (batched, cached) so identifiers can be read from
    the records themselves; the records stay available to the caller's ``fetch_all``.
    """

    def __init__(
        self,
        client: EutilsClient | None,
        cache: RecordCache,
        fetch_records: FetchRecords,
        max_age_days: float,
    ) -> None:
        self._client = client
        self._cache = cache
        self._fetch_records = fetch_records
        self._max_age_days = max_age_days
        self.unavailable = ""

    def resolve_all(self, references: Sequence[Reference]) -> dict[str, Resolution]:
        """Resolve every reference; ``self.unavailable`` says why some could not be tried."""
        results: dict[str, Resolution] = {}
        dois = _Pending("doi", {})
        pmcids = _Pending("pmcid", {})
        citations: dict[str, Reference] = {}
        for ref in references:
            if ref.pmid:
                pmid = ref.pmid.strip()
                results[ref.key] = (
                    Resolution(ref.key, pmid, "pmid")
                    if is_pmid(pmid)
                    else Resolution(ref.key, reason=f"invalid PMID {ref.pmid!r}")
                )
            elif ref.doi:
                doi = normalize_doi(ref.doi)
                if _DOI.match(doi):
                    dois.keys.setdefault(doi, []).append(ref.key)
                else:
                    results[ref.key] = Resolution(ref.key, reason=f"invalid DOI {ref.doi!r}")
            elif ref.pmcid:
                pmcid = normalize_pmcid(ref.pmcid)
                if _PMCID.match(pmcid):
                    pmcids.keys.setdefault(pmcid, []).append(ref.key)
                else:
                    results[ref.key] = Resolution(ref.key, reason=f"invalid PMCID {ref.pmcid!r}")
            elif citation_key(ref):
                citations[ref.key] = ref
            else:
                results[ref.key] = Resolution(
                    ref.key, reason="no PMID, DOI or PMCID, and too few citation details to search for"
                )
        for pending in (dois, pmcids):
            results.update(self._resolve_ids(pending))
        results.update(self._resolve_citations(citations))
        return results

    # ----------------------------------------------------------------------------- DOI and PMCID

    def _resolve_ids(self, pending: _Pending) -> dict[str, Resolution]:
        found = self._cache.get_map(pending.kind, pending.keys, self._max_age_days)
        reasons: dict[str, str] = {}
        todo = [key for key in pending.keys if key not in found]
        if todo and self._client is None:
            reasons.update(dict.fromkeys(todo, OFFLINE_REASON))
        elif todo:
            try:
                fresh, reasons = self._search_ids(pending.kind, todo)
            except SourceUnavailable as exc:
                self.unavailable = str(exc)
                fresh, reasons = {}, dict.fromkeys(todo, UNREACHED_REASON)
            found.update(fresh)
        results: dict[str, Resolution] = {}
        for lookup_key, ref_keys in pending.keys.items():
            pmid = found.get(lookup_key, "")
            reason = reasons.get(lookup_key, f"no PubMed record has the {pending.kind.upper()} {lookup_key}")
            for ref_key in ref_keys:
                results[ref_key] = (
                    Resolution(ref_key, pmid, pending.kind) if pmid else Resolution(ref_key, reason=reason)
                )
        return results

    def _search_ids(self, kind: str, keys: list[str]) -> tuple[dict[str, str], dict[str, str]]:
        """One esearch per batch, then the identifiers read back from the fetched records."""
        assert self._client is not None
        candidates: list[str] = []
        for start in range(0, len(keys), SEARCH_BATCH):
            term = " OR ".join(f'"{key}"[{kind}]' for key in keys[start : start + SEARCH_BATCH])
            candidates += self._esearch(term, retmax=4 * SEARCH_BATCH)
        records = self._fetch_records(sorted(set(candidates)))
        owners: dict[str, list[str]] = {}
        for record in records.values():
            own = normalize_doi(record.doi) if kind == "doi" else normalize_pmcid(record.pmcid or "x")
            owners.setdefault(own, []).append(record.pmid)
        mapping: dict[str, str] = {}
        reasons: dict[str, str] = {}
        for key in keys:
            pmids = sorted(set(owners.get(key, [])))
            if len(pmids) > 1:
                reasons[key] = f"ambiguous: the {kind.upper()} {key} belongs to PMIDs {', '.join(pmids)}"
            else:
                mapping[key] = pmids[0] if pmids else ""
        self._cache.put_map(kind, mapping)
        return {key: pmid for key, pmid in mapping.items() if pmid}, reasons

    def _esearch(self, term: str, retmax: int) -> list[str]:
        """The PMIDs a search finds, never more than ``retmax``: a server ignoring it (100,000 ids) must not
        turn into hundreds of efetches."""
        assert self._client is not None
        params = {"db": "pubmed", "term": term, "retmax": str(retmax)}
        pmids = self._client.call("esearch.fcgi", params, parse_esearch_ids)
        if len(pmids) > retmax:
            log.warning(
                "esearch answered %d PMIDs where at most %d were asked for; the rest are ignored",
                len(pmids),
                retmax,
            )
        return pmids[:retmax]

    # ----------------------------------------------------------------------------- citations

    def _resolve_citations(self, citations: Mapping[str, Reference]) -> dict[str, Resolution]:
        by_key = {ref_key: citation_key(ref) for ref_key, ref in citations.items()}
        # Cached under the method that found them, so a warm run reports the same Resolution.
        cached = {
            method: self._cache.get_map(method, by_key.values(), self._max_age_days)
            for method in _CITATION_METHODS
        }
        results: dict[str, Resolution] = {}
        todo: dict[str, Reference] = {}
        for ref_key, ref in citations.items():
            lookup_key = by_key[ref_key]
            hits = [(method, found[lookup_key]) for method, found in cached.items() if lookup_key in found]
            if hits:
                method, pmid = max(hits, key=lambda hit: bool(hit[1]))
                results[ref_key] = (
                    Resolution(ref_key, pmid, method)
                    if pmid
                    else Resolution(ref_key, reason="no PubMed record matches the citation")
                )
            elif self._client is None:
                results[ref_key] = Resolution(ref_key, reason=OFFLINE_REASON)
            else:
                todo[ref_key] = ref
        if not todo:
            return results
        try:
            matched, reasons = self._match_citations(todo)
        except SourceUnavailable as exc:
            self.unavailable = str(exc)
            return results | {key: Resolution(key, reason=UNREACHED_REASON) for key in todo}
        for method in _CITATION_METHODS:
            found = {by_key[key]: pmid for key, (how, pmid) in matched.items() if how == method}
            self._cache.put_map(method, found)
        self._cache.put_map("ecitmatch", {by_key[key]: "" for key in todo if key not in matched})
        for ref_key in todo:
            method, pmid = matched.get(ref_key, ("", ""))
            results[ref_key] = (
                Resolution(ref_key, pmid, method) if pmid else Resolution(ref_key, reason=reasons[ref_key])
            )
        return results

    def _match_citations(
        self, todo: Mapping[str, Reference]
    ) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
        """ECitMatch first, then a title search for its misses: (key -> (method, PMID), key -> reason)."""
        matched: dict[str, tuple[str, str]] = {}
        reasons: dict[str, str] = {}
        keyed = [(f"r{index}", ref) for index, ref in enumerate(todo.values())]
        for start in range(0, len(keyed), ECITMATCH_BATCH):
            batch = dict(keyed[start : start + ECITMATCH_BATCH])
            lines = [ecitmatch_line(ref, tag) for tag, ref in batch.items() if ecitmatch_line(ref, tag)]
            answers = self._ecitmatch(lines) if lines else {}
            for tag, ref in batch.items():
                pmid, reason = answers.get(tag, ("", "too few details for ECitMatch"))
                if pmid:
                    matched[ref.key] = ("ecitmatch", pmid)
                else:
                    reasons[ref.key] = f"ECitMatch: {reason}"
        misses = [ref for ref in todo.values() if ref.key not in matched and ref.title and ref.authors]
        for ref_key, pmid, reason in self._search_titles(misses):
            if pmid:
                matched[ref_key] = ("title", pmid)
            else:
                reasons[ref_key] = f"{reasons[ref_key]}; title search: {reason}"
        for ref in todo.values():
            if ref.key not in matched and not (ref.title and ref.authors):
                reasons[ref.key] += "; no title and author to search for"
        return matched, reasons

    def _ecitmatch(self, lines: list[str]) -> dict[str, tuple[str, str]]:
        assert self._client is not None
        params = {"db": "pubmed", "retmode": "xml", "bdata": "\r".join(lines)}
        return self._client.call("ecitmatch.cgi", params, parse_ecitmatch)

    def _search_titles(self, refs: list[Reference]) -> Iterable[tuple[str, str, str]]:
        """One OR-ed esearch per batch; each candidate is matched back by title words and first author."""
        for start in range(0, len(refs), SEARCH_BATCH):
            batch = refs[start : start + SEARCH_BATCH]
            term = " OR ".join(
                f'("{" ".join(title_words(ref.title))}"[title] AND {ref.first_author_family}[au])'
                for ref in batch
            )
            records = self._fetch_records(self._esearch(term, retmax=4 * SEARCH_BATCH)).values()
            for ref in batch:
                pmids = sorted({record.pmid for record in records if _same_work(ref, record)})
                if len(pmids) == 1:
                    yield ref.key, pmids[0], ""
                elif pmids:
                    yield ref.key, "", f"ambiguous: PMIDs {', '.join(pmids)} match"
                else:
                    yield ref.key, "", "no record with this title and first author"


def citation_key(ref: Reference) -> str:
    """The cache key of a free-text citation: journal|year|volume|first page|first author|title."""
    first_page = ref.pages.split("-")[0].strip()
    has_locator = bool(ref.journal and ref.year and (ref.volume or first_page))
    if not has_locator and not (ref.title and ref.authors):
        return ""
    parts = (ref.journal, str(ref.year or ""), ref.volume, first_page, ref.first_author_family, ref.title)
    return "|".join(" ".join(title_words(part)) for part in parts)


def ecitmatch_line(ref: Reference, tag: str) -> str:
    """``journal|year|volume|first_page|author|key|``, or "" when ECitMatch has too little to go on."""
    first_page = ref.pages.split("-")[0].strip()
    if not (ref.journal and ref.year and (ref.volume or first_page)):
        return ""
    author = ref.authors[0].lower() if ref.authors else ""
    fields = (ref.journal.lower(), str(ref.year), ref.volume, first_page, author, tag)
    return "|".join(field.replace("|", " ") for field in fields) + "|"


def parse_ecitmatch(data: bytes) -> dict[str, tuple[str, str]]:
    """ECitMatch's answer lines -> tag -> (PMID, "") or ("", why not).

    A tag answered twice makes the whole answer unusable (retried): which of two PMIDs is the
    citation's is not ours to guess. Tags that were not asked about are simply never looked up.
    """
    answers: dict[str, tuple[str, str]] = {}
    for line in data.decode("utf-8", "replace").splitlines():
        fields = line.strip().split("|")
        if len(fields) < 7:
            continue
        tag, verdict = fields[5], fields[6].strip()
        if tag in answers:
            raise BadResponse(f"ECitMatch answered citation {tag[:20]!r} twice")
        if is_pmid(verdict):
            answers[tag] = (verdict, "")
        elif verdict.upper().startswith("AMBIGUOUS"):
            answers[tag] = ("", "ambiguous citation")
        else:
            answers[tag] = ("", "no match" + (f" ({verdict})" if verdict else ""))
    return answers


def parse_esearch_ids(data: bytes) -> list[str]:
    """The valid PMIDs of an esearch answer, each once, in order; a body that is not a whole
    eSearchResult is refused."""
    if b"<eSearchResult" not in data or b"</eSearchResult>" not in data:
        raise BadResponse("esearch answer is not a complete eSearchResult")
    ids = (match.decode() for match in _ESEARCH_ID.findall(data))
    return list(dict.fromkeys(pmid for pmid in ids if is_pmid(pmid)))


def _same_work(ref: Reference, record: Record) -> bool:
    """Title-search hits are checked, not trusted: most of the title's words and the first author."""
    wanted, found = set(title_words(ref.title)), set(title_words(record.title))
    if not wanted or not record.authors:
        return False
    overlap = len(wanted & found) / len(wanted | found)
    return overlap >= _TITLE_MATCH and record.authors[0].family.lower() == ref.first_author_family.lower()
