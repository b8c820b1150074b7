"""The run: inputs -> claims -> resolve -> fetch -> checks -> RunResult.

This is the only module that imports every stage. It holds no stage's logic, only the order of
the stages and the rules that join their outputs: which record may serve as evidence for which
claim, and what verdict a claim's findings and support add up to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimcheck import checks
from claimcheck.checks import identity
from claimcheck.checks.base import ClaimContext, reference_finding
from claimcheck.checks.citations import check_citations
from claimcheck.config import Settings
from claimcheck.extract import extract
from claimcheck.inputs.article import read_article
from claimcheck.inputs.bibliography import load_bibliography, reconcile
from claimcheck.inputs.claimsfile import load_claims
from claimcheck.lookup.interface import NOT_ASKED, UNREACHED_REASON, RecordSource
from claimcheck.lookup.resolve import normalize_pmcid
from claimcheck.model import (
    Article,
    Citation,
    Claim,
    ClaimResult,
    Finding,
    Passage,
    Record,
    Reference,
    Resolution,
    RunResult,
    Severity,
    Support,
    Verdict,
)

# Told each stage as it starts: what it does and how many items it has.
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class PreparedArticle:
    """An article with the references and claims that will be checked, before any source is asked."""

    article: Article
    references: tuple[Reference, ...]
    claims: tuple[Claim, ...]
    citations: tuple[Citation, ...]
    claims_file: Path | None


def load_bib(settings: Settings) -> tuple[Reference, ...]:
    path = settings.bib_path
    return load_bibliography(path) if path.is_file() else ()


@dataclass(frozen=True)
class Extracted:
    """An article's references and the claims found in it on the fly."""

    article: Article
    references: tuple[Reference, ...]
    claims: tuple[Claim, ...]
    citations: tuple[Citation, ...]
    notes: tuple[str, ...]
    digest: str


def prepare_extraction(path: Path, settings: Settings, bib: Sequence[Reference] | None = None) -> Extracted:
    """Read one article, give its references their bib entries, and extract its claims."""
    article = read_article(path)
    if bib is None:
        bib = load_bib(settings)
    references = reconcile(article.references, bib) if bib else article.references
    extraction = extract(article, references)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return Extracted(
        article, tuple(references), extraction.claims, extraction.citations, extraction.notes, digest
    )


def prepare(path: Path, settings: Settings, bib: Sequence[Reference]) -> tuple[PreparedArticle, list[str]]:
    """Settle an article's references and claims: the curated claims file wins over extraction."""
    extracted = prepare_extraction(path, settings, bib)
    warnings = list(extracted.notes)
    claims = extracted.claims
    claims_file: Path | None = settings.claims_file(path)
    if claims_file is not None and claims_file.is_file():
        curated = load_claims(claims_file)
        claims = curated.claims
        if curated.article_sha256 and curated.article_sha256 != extracted.digest:
            warnings.append(
                f"{claims_file}: the article {path} has changed since its claims were extracted; "
                f"run 'claimcheck extract {path}' to bring them up to date"
            )
    else:
        claims_file = None
    item = PreparedArticle(extracted.article, extracted.references, claims, extracted.citations, claims_file)
    return item, warnings


def check_bibliography(references: Sequence[Reference], source: RecordSource) -> RunResult:
    """``claimcheck refs``: every entry resolved, identity-checked and compared with its record."""
    lookup = _look_up(references, source, progress=None)
    paths = tuple(dict.fromkeys(reference.path for reference in references))
    return RunResult(
        articles=paths,
        claims=(),
        findings=tuple(sorted(lookup.findings, key=lambda f: (f.article, f.line, f.rule))),
        records=lookup.records,
        sources_unavailable=lookup.unavailable,
        bibliography_only=True,
    )


def check_articles(
    paths: Sequence[Path],
    settings: Settings,
    source: RecordSource,
    *,
    skipped: Sequence[str] = (),
    progress: Progress | None = None,
) -> RunResult:
    """Check every article; the network is asked once per stage for the whole run, not per article.

    Claims are checked against the abstracts first; only the records whose abstract left a claim
    undecided (CC303) are asked for their PMC full text, in one batch, and those claims checked again.
    """
    bib = load_bib(settings)
    prepared: list[PreparedArticle] = []
    warnings: list[str] = []
    for path in paths:
        article, notes = prepare(path, settings, bib)
        prepared.append(article)
        warnings.extend(notes)

    source_free = [
        finding
        for item in prepared
        for finding in check_citations(item.article, item.references, item.claims, item.citations)
    ]
    lookup = _look_up(
        [reference for item in prepared for reference in item.references], source, progress=progress
    )
    source_free = [_uncited_with_its_record(finding, lookup) for finding in source_free]
    claims = [
        (claim, item.references)
        for item in prepared
        for claim in sorted(item.claims, key=lambda claim: (claim.line, claim.column))
    ]
    on_abstracts = [
        _run_checkers(claim, references, lookup, lookup.abstracts) for claim, references in claims
    ]
    undecided = {pmid for checked in on_abstracts for pmid in checked.undecided}
    bodies = _read_full_texts(source, lookup, undecided, enabled=settings.fulltext, progress=progress)
    passages = {pmid: abstract + bodies.passages.get(pmid, ()) for pmid, abstract in lookup.abstracts.items()}
    results = [
        _decide(
            claim,
            _run_checkers(claim, references, lookup, passages)
            if checked.cites_any(bodies.passages)
            else checked,
            source_free,
            settings.ignore,
            bodies.why_not,
        )
        for (claim, references), checked in zip(claims, on_abstracts)
    ]
    unattached = [
        f for f in (*source_free, *lookup.findings) if not f.claim and f.rule not in settings.ignore
    ]
    everything = unattached + [finding for result in results for finding in result.findings]
    return RunResult(
        articles=tuple(item.article.path for item in prepared),
        claims=tuple(results),
        findings=tuple(sorted(everything, key=lambda f: (f.article, f.line, f.column, f.rule))),
        records=lookup.records,
        sources_unavailable=lookup.unavailable or bodies.unavailable,
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- lookup

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

    @property
    def abstracts(self) -> dict[str, tuple[Passage, ...]]:
        return {record.pmid: record.abstract for record in self.evidence.values()}


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


def _look_up(references: Sequence[Reference], source: RecordSource, *, progress: Progress | None) -> Lookup:
    """Resolve (one batched call), fetch (one), then the identity check that decides what is evidence."""
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

    findings = [_not_a_journal_article(reference) for reference in not_articles if reference.kind != "note"]
    evidence: dict[Place, Record] = {}
    missing: dict[Place, str] = {(ref.path, ref.key): _NOT_IN_PUBMED for ref in not_articles}
    for reference in references:
        place = (reference.path, reference.key)
        token = works[_identity_key(reference)].key
        resolution = resolved.resolutions.get(token, Resolution(reference.key))
        record = fetched.records.get(resolution.pmid) if resolution.pmid else None
        if record is None:
            why = _why_missing(resolution, fetched.missing, unavailable)
            missing[place] = why
            if _surely_not_found(resolution, fetched.missing):
                findings.append(
                    reference_finding(
                        "CC101",
                        reference,
                        None,
                        f"{reference.key}: {why}",
                        claimed=_identifiers(reference),
                        found="no PubMed record",
                        evidence=why,
                    )
                )
            continue
        problems = list(_identity_findings(reference, record, resolution, fetched.records))
        findings.extend(problems)
        rejected = [problem for problem in problems if problem.severity is Severity.ERROR]
        if rejected:
            cited = f"'{reference.title}'" if reference.title else "the cited work"
            missing[place] = f"PMID {record.pmid} is not {cited} ({rejected[0].rule}: {rejected[0].message})"
            continue
        evidence[place] = record
        findings.extend(checks.check_reference(reference, record))
    return Lookup(dict(fetched.records), evidence, missing, tuple(findings), unavailable)


def _uncited_with_its_record(finding: Finding, lookup: Lookup) -> Finding:
    """A CC106 names the PMID its reference resolved to, so that a report says which paper is uncited."""
    record = lookup.evidence.get((finding.article, finding.reference)) if finding.rule == "CC106" else None
    return replace(finding, pmid=record.pmid) if record is not None else finding


_NOT_IN_PUBMED = "not a journal article; not checked against PubMed"


def _not_a_journal_article(reference: Reference) -> Finding:
    """Books, chapters, guidelines, web pages and reports: PubMed lacks them, which is news, not an error."""
    return reference_finding(
        "CC101",
        reference,
        None,
        f"{reference.key}: {reference.kind}: {_NOT_IN_PUBMED}",
        claimed=(reference.raw or reference.title)[:160],
        found=f"a {reference.kind}, not a journal article",
        evidence=(reference.raw or reference.title)[:160],
        severity=Severity.INFO,
    )


def _identity_findings(
    reference: Reference, record: Record, resolution: Resolution, records: dict[str, Record]
) -> Iterable[Finding]:
    mismatch = identity.check_identity(reference, record, resolution.method)
    if mismatch is not None:
        yield mismatch
    yield from identity.cross_check_identifiers(reference, records)


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


def _identifiers(reference: Reference) -> str:
    named = [
        f"PMID {reference.pmid}" if reference.pmid else "",
        f"DOI {reference.doi}" if reference.doi else "",
        reference.pmcid,
    ]
    return ", ".join(part for part in named if part) or (reference.raw or reference.title)[:160]


# --------------------------------------------------------------------------- full text


@dataclass(frozen=True)
class Bodies:
    """PMC body passages by PMID, and for every other record asked about, why it has none."""

    passages: dict[str, tuple[Passage, ...]]
    why_not: dict[str, str]
    unavailable: str = ""


def _read_full_texts(
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


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class Checked:
    """Everything the checkers said about one claim against each cited record, before any verdict."""

    pmids: tuple[str, ...]
    outcomes: tuple[Finding | Support, ...]
    reasons: tuple[str, ...]  # why a cited work gave no record to check against

    @property
    def undecided(self) -> set[str]:
        """The records whose text could not decide part of the claim (CC303)."""
        return {o.pmid for o in self.outcomes if isinstance(o, Finding) and o.rule == "CC303"}

    def cites_any(self, pmids: Iterable[str]) -> bool:
        return not set(self.pmids).isdisjoint(pmids)


def _run_checkers(
    claim: Claim, references: Sequence[Reference], lookup: Lookup, passages: dict[str, tuple[Passage, ...]]
) -> Checked:
    """Run the checkers on every (claim, cited record) pair; only identity-checked records are shown."""
    by_key = {reference.key: reference for reference in references}
    outcomes: list[Finding | Support] = []
    pmids: list[str] = []
    reasons: list[str] = []
    for key in claim.cites:
        reference = by_key.get(key)
        if reference is None:
            reasons.append(f"{key} is not among the references")
            continue
        record = lookup.evidence.get((reference.path, reference.key))
        if record is None:
            reasons.append(f"{key}: " + lookup.missing.get((reference.path, reference.key), "no record"))
            continue
        pmids.append(record.pmid)
        context = ClaimContext(claim, reference, record, passages.get(record.pmid, record.abstract))
        outcomes.extend(checks.check_claim(context))
    return Checked(tuple(pmids), tuple(outcomes), tuple(reasons))


def _decide(
    claim: Claim,
    checked: Checked,
    source_free: Sequence[Finding],
    ignore: frozenset[str],
    why_no_full_text: dict[str, str],
) -> ClaimResult:
    """Add up one claim's verdict; an undecided assertion says why no full text could decide it."""
    own = [
        finding for finding in source_free if finding.claim == claim.id and finding.article == claim.article
    ]
    if not claim.cites:
        return ClaimResult(
            claim, Verdict.UNSOURCED, findings=_settle(own, claim, ignore), reason="no citation"
        )
    support = [outcome for outcome in checked.outcomes if isinstance(outcome, Support)]
    for outcome in checked.outcomes:
        if isinstance(outcome, Finding):
            why = why_no_full_text.get(outcome.pmid) if outcome.rule == "CC303" else None
            own.append(replace(outcome, message=f"{outcome.message}: {why}") if why else outcome)
    kept = _settle(own, claim, ignore)
    verdict, reason = _verdict(claim, kept, support, checked.reasons)
    return ClaimResult(claim, verdict, checked.pmids, kept, tuple(support), reason)


def _settle(findings: Sequence[Finding], claim: Claim, ignore: frozenset[str]) -> tuple[Finding, ...]:
    """Drop ignored rules; an editor's acknowledgement in the claims file turns a finding into info."""
    acknowledged = {note.rule: note.reason for note in claim.acknowledged}
    return tuple(
        replace(f, severity=Severity.INFO, message=f"{f.message} (acknowledged: {acknowledged[f.rule]})")
        if f.rule in acknowledged
        else f
        for f in findings
        if f.rule not in ignore
    )


def _verdict(
    claim: Claim, findings: Sequence[Finding], support: Sequence[Support], reasons: Sequence[str]
) -> tuple[Verdict, str]:
    """Mismatch beats everything; "supported" needs a span for every assertion and no doubt left."""
    decisive = [f for f in findings if f.rule.startswith("CC2") and f.severity is not Severity.INFO]
    if decisive:
        return Verdict.MISMATCH, "; ".join(f"{f.rule} {f.message}" for f in decisive[:3])
    if reasons:
        return Verdict.UNVERIFIABLE, "; ".join(reasons)
    unreadable = [f for f in findings if f.rule == "CC303"]
    if unreadable:
        return Verdict.UNVERIFIABLE, unreadable[0].message
    if not support:
        what = (
            "it asserts nothing the record can confirm"
            if not claim.asserts_something
            else "no span decides it"
        )
        return Verdict.UNVERIFIABLE, what
    return Verdict.SUPPORTED, ""
