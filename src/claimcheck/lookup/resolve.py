"""Reference -> PMID, in batches: requests grow with the number of batches, not of references.

PMIDs are taken as given. DOIs and PMCIDs go to PubMed many at a time, one esearch of OR-ed
``[doi]`` / ``[pmcid]`` clauses per batch; esearch answers with an unordered list of PMIDs, so
each identifier is mapped back from the fetched records' own ArticleIdList, never by position.
References with no identifier go through one ECitMatch call per batch (journal, year, volume,
first page, first author), then one OR-ed title-and-author search for what ECitMatch missed.
The records the searches propose are fetched with every other PMID the run knows, in the same efetch
batches, so a cold run costs ceil(DOIs/100) + ECitMatch batches + title searches + ceil(PMIDs/200)
requests (issue 15). Every reference left unresolved gets a ``Resolution.reason`` saying why (CC101).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

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


@dataclass
class _IdSearch:
    """One kind of identifier on its way to PMIDs: what the cache knew, and what was searched for with
    the PMIDs the search proposed, which are decided once their records are fetched."""

    pending: _Pending
    found: dict[str, str]  # lookup key -> PMID
    reasons: dict[str, str]  # lookup key -> why it has none
    searched: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)


@dataclass
class _CitationSearch:
    """Free-text citations on their way to PMIDs: cached answers, ECitMatch's, and the title searches
    for what ECitMatch missed, with the PMIDs each proposed (decided once their records are fetched)."""

    results: dict[str, Resolution]  # reference key -> Resolution, settled before any search
    todo: dict[str, Reference] = field(default_factory=dict)  # searched, by reference key
    matched: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (method, PMID)
    reasons: dict[str, str] = field(default_factory=dict)  # key -> why not yet
    by_title: list[tuple[list[Reference], list[str]]] = field(default_factory=list)  # batch, proposed


class Resolver:
    """Ties references to PMIDs through the cache and, unless offline (``client`` None), E-utilities.

    Every search is sent first (DOIs, PMCIDs, ECitMatch, titles); then the records of every PMID the
    resolution knows, given or proposed, are fetched together through ``fetch_records`` (batched,
    cached, and kept for the caller's ``fetch_all``), so a run costs one series of efetch batches, not
    one for the candidates and another for the rest. Identifiers and titles are then matched against
    the records themselves, never against the order of a search's answer.
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
        identifiers = [self._search_ids(pending) for pending in (dois, pmcids)]
        citing = self._search_citations(citations)
        proposed = [pmid for search in identifiers for pmid in search.candidates]
        proposed += [pmid for _, candidates in citing.by_title for pmid in candidates]
        records = self._fetch_known(proposed, results, identifiers, citing) if proposed else {}
        for search in identifiers:
            results.update(self._decide_ids(search, records))
        results.update(self._decide_citations(citing, records))
        return results

    def _fetch_known(
        self,
        proposed: list[str],
        results: Mapping[str, Resolution],
        identifiers: Iterable[_IdSearch],
        citing: _CitationSearch,
    ) -> Mapping[str, Record] | None:
        """The records of every PMID known so far, the searches' proposals with them; None when PubMed
        could not be reached (what needed them stays unresolved)."""
        known = [resolution.pmid for resolution in (*results.values(), *citing.results.values())]
        known += [pmid for search in identifiers for pmid in search.found.values()]
        known += [pmid for _, pmid in citing.matched.values()]
        try:
            return self._fetch_records(sorted({pmid for pmid in (*known, *proposed) if pmid}))
        except SourceUnavailable as exc:
            self.unavailable = str(exc)
            return None

    # ----------------------------------------------------------------------------- DOI and PMCID

    def _search_ids(self, pending: _Pending) -> _IdSearch:
        """Cached answers first; one esearch per batch for the rest."""
        search = _IdSearch(pending, self._cache.get_map(pending.kind, pending.keys, self._max_age_days), {})
        todo = [key for key in pending.keys if key not in search.found]
        if todo and self._client is None:
            search.reasons.update(dict.fromkeys(todo, OFFLINE_REASON))
            return search
        try:
            for start in range(0, len(todo), SEARCH_BATCH):
                batch = todo[start : start + SEARCH_BATCH]
                term = " OR ".join(f'"{key}"[{pending.kind}]' for key in batch)
                search.candidates += self._esearch(term, retmax=4 * SEARCH_BATCH)
        except SourceUnavailable as exc:
            self.unavailable = str(exc)
            search.reasons.update(dict.fromkeys(todo, UNREACHED_REASON))
            search.candidates = []
            return search
        search.searched = todo
        return search

    def _decide_ids(self, search: _IdSearch, records: Mapping[str, Record] | None) -> dict[str, Resolution]:
        """Each searched identifier mapped back from the proposed records' own ArticleIdList."""
        kind = search.pending.kind
        if records is None:
            search.reasons.update(dict.fromkeys(search.searched, UNREACHED_REASON))
        elif search.searched:
            owners: dict[str, list[str]] = {}
            for pmid in dict.fromkeys(search.candidates):
                record = records.get(pmid)
                if record is not None:
                    own = normalize_doi(record.doi) if kind == "doi" else normalize_pmcid(record.pmcid or "x")
                    owners.setdefault(own, []).append(record.pmid)
            mapping: dict[str, str] = {}
            for key in search.searched:
                pmids = sorted(set(owners.get(key, [])))
                if len(pmids) > 1:
                    search.reasons[key] = (
                        f"ambiguous: the {kind.upper()} {key} belongs to PMIDs {', '.join(pmids)}"
                    )
                else:
                    mapping[key] = pmids[0] if pmids else ""
            self._cache.put_map(kind, mapping)
            search.found.update((key, pmid) for key, pmid in mapping.items() if pmid)
        results: dict[str, Resolution] = {}
        for lookup_key, ref_keys in search.pending.keys.items():
            pmid = search.found.get(lookup_key, "")
            reason = search.reasons.get(lookup_key, f"no PubMed record has the {kind.upper()} {lookup_key}")
            for ref_key in ref_keys:
                results[ref_key] = (
                    Resolution(ref_key, pmid, kind) if pmid else Resolution(ref_key, reason=reason)
                )
        return results

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

    def _search_citations(self, citations: Mapping[str, Reference]) -> _CitationSearch:
        """Cached answers first; ECitMatch for the rest, then a title search for ECitMatch's misses."""
        by_key = {ref_key: citation_key(ref) for ref_key, ref in citations.items()}
        # Cached under the method that found them, so a warm run reports the same Resolution.
        cached = {
            method: self._cache.get_map(method, by_key.values(), self._max_age_days)
            for method in _CITATION_METHODS
        }
        search = _CitationSearch({})
        for ref_key, ref in citations.items():
            lookup_key = by_key[ref_key]
            hits = [(method, found[lookup_key]) for method, found in cached.items() if lookup_key in found]
            if hits:
                method, pmid = max(hits, key=lambda hit: bool(hit[1]))
                search.results[ref_key] = (
                    Resolution(ref_key, pmid, method)
                    if pmid
                    else Resolution(ref_key, reason="no PubMed record matches the citation")
                )
            elif self._client is None:
                search.results[ref_key] = Resolution(ref_key, reason=OFFLINE_REASON)
            else:
                search.todo[ref_key] = ref
        try:
            self._match_citations(search)
        except SourceUnavailable as exc:
            self._give_up_citations(search, str(exc))
        return search

    def _match_citations(self, search: _CitationSearch) -> None:
        """ECitMatch first, then one title search per batch of its misses (their records come later)."""
        keyed = [(f"r{index}", ref) for index, ref in enumerate(search.todo.values())]
        for start in range(0, len(keyed), ECITMATCH_BATCH):
            batch = dict(keyed[start : start + ECITMATCH_BATCH])
            lines = [ecitmatch_line(ref, tag) for tag, ref in batch.items() if ecitmatch_line(ref, tag)]
            answers = self._ecitmatch(lines) if lines else {}
            for tag, ref in batch.items():
                pmid, reason = answers.get(tag, ("", "too few details for ECitMatch"))
                if pmid:
                    search.matched[ref.key] = ("ecitmatch", pmid)
                else:
                    search.reasons[ref.key] = f"ECitMatch: {reason}"
        misses = [
            ref for ref in search.todo.values() if ref.key not in search.matched and ref.title and ref.authors
        ]
        for start in range(0, len(misses), SEARCH_BATCH):
            titled = misses[start : start + SEARCH_BATCH]
            term = " OR ".join(
                f'("{" ".join(title_words(ref.title))}"[title] AND {_author_term(ref)})' for ref in titled
            )
            search.by_title.append((titled, self._esearch(term, retmax=4 * SEARCH_BATCH)))

    def _give_up_citations(self, search: _CitationSearch, why: str) -> None:
        """PubMed became unreachable: every citation being searched stays unresolved, nothing is cached."""
        self.unavailable = why
        search.results.update({key: Resolution(key, reason=UNREACHED_REASON) for key in search.todo})
        search.todo = {}

    def _decide_citations(
        self, search: _CitationSearch, records: Mapping[str, Record] | None
    ) -> dict[str, Resolution]:
        """Title-search hits matched back by title words and first author; every answer cached."""
        if search.by_title and records is None:
            self._give_up_citations(search, self.unavailable)
        if not search.todo:
            return search.results
        for refs, candidates in search.by_title:
            proposed = [records[pmid] for pmid in candidates if records and pmid in records]
            for ref in refs:
                pmids = sorted({record.pmid for record in proposed if _same_work(ref, record)})
                if len(pmids) == 1:
                    search.matched[ref.key] = ("title", pmids[0])
                elif pmids:
                    search.reasons[ref.key] += f"; title search: ambiguous: PMIDs {', '.join(pmids)} match"
                else:
                    search.reasons[ref.key] += "; title search: no record with this title and first author"
        for ref in search.todo.values():
            if ref.key not in search.matched and not (ref.title and ref.authors):
                search.reasons[ref.key] += "; no title and author to search for"
        lookup_keys = {ref_key: citation_key(ref) for ref_key, ref in search.todo.items()}
        for method in _CITATION_METHODS:
            found = {lookup_keys[key]: pmid for key, (how, pmid) in search.matched.items() if how == method}
            self._cache.put_map(method, found)
        self._cache.put_map(
            "ecitmatch", {lookup_keys[key]: "" for key in search.todo if key not in search.matched}
        )
        results = dict(search.results)
        for ref_key in search.todo:
            method, pmid = search.matched.get(ref_key, ("", ""))
            results[ref_key] = (
                Resolution(ref_key, pmid, method)
                if pmid
                else Resolution(ref_key, reason=search.reasons[ref_key])
            )
        return results

    def _ecitmatch(self, lines: list[str]) -> dict[str, tuple[str, str]]:
        assert self._client is not None
        params = {"db": "pubmed", "retmode": "xml", "bdata": "\r".join(lines)}
        return self._client.call("ecitmatch.cgi", params, parse_ecitmatch)


def citation_key(ref: Reference) -> str:
    """The cache key of a free-text citation: journal|year|volume|first page|first author|title."""
    first_page = ref.pages.split("-")[0].strip()
    has_locator = bool(ref.journal and ref.year and (ref.volume or first_page))
    if not has_locator and not (ref.title and ref.authors):
        return ""
    parts = (ref.journal, str(ref.year or ""), ref.volume, first_page, ref.first_author_family, ref.title)
    return "|".join(" ".join(title_words(part)) for part in parts)


def _is_group_author(ref: Reference) -> bool:
    """A consortium, panel or agency ("Guideline Development Panel for ..."): no "Family Initials"."""
    return bool(ref.authors) and ref.first_author_family == ref.authors[0]


def _author_term(ref: Reference) -> str:
    """The first author as PubMed searches it: a person's family name [au], a group's name whole [cn]."""
    if _is_group_author(ref):
        return '"' + " ".join(title_words(ref.authors[0])) + '"[cn]'
    return f"{ref.first_author_family}[au]"


def ecitmatch_line(ref: Reference, tag: str) -> str:
    """``journal|year|volume|first_page|author|key|``, or "" when ECitMatch has too little to go on.

    ECitMatch matches an author as "family initials"; a group author is left out (journal, year, volume
    and page find the work, and the identity check compares the group's name with the record's)."""
    first_page = ref.pages.split("-")[0].strip()
    if not (ref.journal and ref.year and (ref.volume or first_page)):
        return ""
    author = ref.authors[0].lower() if ref.authors and not _is_group_author(ref) else ""
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
    first = record.authors[0]
    same_author = title_words(first.family or first.collective) == title_words(ref.first_author_family)
    return overlap >= _TITLE_MATCH and same_author
