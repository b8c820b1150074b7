"""From references to evidence: resolve, fetch, identity check, and full texts when abstracts fall short.

The rest of the run sees only what this module hands back: for each reference, the record that may
serve as evidence, or why there is none. A record becomes evidence only after the identity check
(``checks.identity``) agreed that it is the cited work; one it rejects is a finding, never evidence.
The network is asked once per stage for the whole run, however many articles cite the works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from claimcheck.checks import identity
from claimcheck.lookup.interface import NOT_ASKED, UNREACHED_REASON, RecordSource
from claimcheck.lookup.resolve import normalize_pmcid
from claimcheck.model import Finding, Passage, Record, Reference, Resolution, Severity

# Told each stage as it starts: what it does and how many items it has.
Progress = Callable[[str, int], None]

Place = tuple[str, str]  # (article path, reference key): references are per article

# A reference that gives a PMID is resolved by it; its DOI is looked up as well, under this suffix, so
# that a PMID and a DOI naming two papers are caught even when PubMed's record carries no DOI. The DOI
# joins the run's one batched DOI search. (A PMCID needs no probe: PubMed lists it in the record.)
_DOI_PROBE = "#doi"


@dataclass(frozen=True)
class Lookup:
    """What the sources gave for a run: records that passed the identity check, and why others are missing.

    ``records`` holds every record fetched (a rejected candidate too, so reports can show it);
    ``evidence`` only those that passed the identity check against the reference that led to them.
    """

    records: dict[str, Record]
    evidence: dict[Place, Record]
    missing: dict[Place, str]  # why a reference has no evidence
    findings: tuple[Finding, ...]
    unavailable: str

    def naming_record(self, finding: Finding) -> Finding:
        """A finding about a reference (an uncited one, say) names the PMID that reference resolved to,
        so that a report says which paper it is."""
        record = self.evidence.get((finding.article, finding.reference)) if finding.reference else None
        return replace(finding, pmid=record.pmid) if record is not None and not finding.pmid else finding


def _identity_key(reference: Reference) -> tuple[str, ...]:
    """References that name the same work in two articles are resolved once."""
    return (
        reference.doi.lower(),
        reference.pmid,
        reference.pmcid.upper(),
        reference.title.lower(),
        reference.first_author_family.lower(),
        str(reference.year or ""),
        reference.journal.lower(),
    )


def look_up(references: Sequence[Reference], source: RecordSource, *, progress: Progress | None) -> Lookup:
    """Resolve (one batched call), fetch (one), then the identity check that decides what is evidence.

    Works that are not journal articles (books, guidelines, web pages ...) are not asked for: an info
    finding says so (none for a note that is only a remark)."""
    not_articles = [reference for reference in references if not reference.is_journal_article]
    references = [reference for reference in references if reference.is_journal_article]
    works: dict[tuple[str, ...], Reference] = {}
    for reference in references:
        works.setdefault(_identity_key(reference), replace(reference, key=f"work{len(works)}"))
    probes = [
        replace(work, key=work.key + _DOI_PROBE, pmid="", pmcid="")
        for work in works.values()
        if work.pmid and work.doi
    ]
    if progress:
        progress(f"resolving {len(works)} references", len(works))
    resolved = source.resolve_all([*works.values(), *probes])
    pmids = sorted({r.pmid for r in resolved.resolutions.values() if r.pmid})
    if progress:
        progress(f"fetching {len(pmids)} records", len(pmids))
    fetched = source.fetch_all(pmids)
    unavailable = resolved.unavailable or fetched.unavailable

    findings = [identity.not_a_journal_article(ref) for ref in not_articles if ref.kind != "note"]
    evidence: dict[Place, Record] = {}
    missing: dict[Place, str] = {(ref.path, ref.key): identity.NOT_IN_PUBMED for ref in not_articles}
    index = identity.IdentifierIndex.of(fetched.records)
    compared: dict[_Facts, identity.Identity] = {}
    for reference in references:
        place = (reference.path, reference.key)
        token = works[_identity_key(reference)].key
        resolution = resolved.resolutions.get(token, Resolution(reference.key))
        record = fetched.records.get(resolution.pmid) if resolution.pmid else None
        if record is None:
            why = _why_missing(resolution, fetched.missing, unavailable)
            missing[place] = why
            if _surely_not_found(resolution, fetched.missing):
                findings.append(identity.not_found(reference, why))
            continue
        problems = list(_identity_findings(reference, record, resolution, index, compared))
        findings.extend(problems)
        rejected = [problem for problem in problems if problem.severity is Severity.ERROR]
        if rejected:
            cited = f"'{reference.title}'" if reference.title else "the cited work"
            missing[place] = f"PMID {record.pmid} is not {cited} ({rejected[0].rule}: {rejected[0].message})"
            continue
        evidence[place] = record
    return Lookup(dict(fetched.records), evidence, missing, tuple(findings), unavailable)


# What the identity check compares of a reference, and the record it is compared with.
_Facts = tuple[str, str, int | None, str, str]


def _identity_findings(
    reference: Reference,
    record: Record,
    resolution: Resolution,
    index: identity.IdentifierIndex,
    compared: dict[_Facts, identity.Identity],
) -> Iterable[Finding]:
    """The identity check of one reference; ``compared`` keeps each comparison made in the run, since a
    work cited by many articles brings the same facts to the same record each time."""
    facts = (reference.title, reference.first_author_family, reference.year, reference.journal, record.pmid)
    if facts not in compared:
        compared[facts] = identity.identify(reference, record)
    mismatch = identity.check_identity(reference, record, resolution.method, compared[facts])
    if mismatch is not None:
        yield mismatch
    yield from identity.cross_check_identifiers(reference, index)


def _surely_not_found(resolution: Resolution, missing: dict[str, str]) -> bool:
    """CC101 only when PubMed (or the identifier's syntax) said no; an outage or a cold offline cache
    proves nothing about the reference."""
    if resolution.pmid:
        return missing.get(resolution.pmid, UNREACHED_REASON) not in NOT_ASKED
    return bool(resolution.reason) and resolution.reason not in NOT_ASKED


def _why_missing(resolution: Resolution, missing: dict[str, str], unavailable: str) -> str:
    if resolution.pmid:
        return missing.get(resolution.pmid) or unavailable or f"PMID {resolution.pmid} returned no record"
    return resolution.reason or unavailable or "no identifier or citation could be matched"


@dataclass(frozen=True)
class Bodies:
    """PMC body passages by PMID, and for every other record asked about, why it has none."""

    passages: dict[str, tuple[Passage, ...]]
    why_not: dict[str, str]
    unavailable: str = ""


def read_full_texts(
    source: RecordSource, lookup: Lookup, pmids: Iterable[str], *, enabled: bool, progress: Progress | None
) -> Bodies:
    """One batched PMC fetch for the records whose abstract left a claim undecided."""
    records = {record.pmid: record for record in lookup.evidence.values()}
    wanted = sorted(set(pmids) & set(records))
    why_not: dict[str, str] = {}
    for pmid in wanted:
        if not enabled:
            why_not[pmid] = "full texts are turned off by --no-fulltext"
        elif not records[pmid].pmcid:
            why_not[pmid] = f"PMID {pmid} has no PMCID: no open full text in PMC"
        elif lookup.unavailable:
            why_not[pmid] = f"full text not fetched: {lookup.unavailable}"
    asked = {normalize_pmcid(records[pmid].pmcid): pmid for pmid in wanted if pmid not in why_not}
    if not asked:
        return Bodies({}, why_not)
    if progress:
        progress(f"fetching {len(asked)} full texts", len(asked))
    texts = source.fetch_fulltexts(sorted(asked))
    passages: dict[str, tuple[Passage, ...]] = {}
    for pmcid, pmid in asked.items():
        if texts.passages.get(pmcid):
            passages[pmid] = texts.passages[pmcid]
        else:
            why_not[pmid] = f"{pmcid}: {texts.missing.get(pmcid) or 'no open full text in PMC'}"
    return Bodies(passages, why_not, texts.unavailable)
