"""The run: inputs -> claims -> resolve -> fetch -> checks -> RunResult.

This is the only module that imports every stage. It holds no stage's logic, only the order of
the stages and the rules that join their outputs: which record may serve as evidence for which
claim, and what verdict a claim's findings and support add up to.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimcheck import checks
from claimcheck.checks import identity
from claimcheck.checks.base import ClaimContext
from claimcheck.checks.citations import check_citations
from claimcheck.config import Settings
from claimcheck.extract import extract
from claimcheck.inputs.article import read_article
from claimcheck.inputs.bibliography import load_bibliography, reconcile
from claimcheck.inputs.claimsfile import load_claims
from claimcheck.lookup.interface import RecordSource
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
from claimcheck.rules import rule

log = logging.getLogger("claimcheck")

Progress = Callable[[str], None]


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
    return Extracted(article, tuple(references), extraction.claims, extraction.citations, extraction.notes, digest)


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
    lookup = _look_up(references, source, fulltext=False, needs_text=False, progress=None)
    paths = tuple(dict.fromkeys(reference.path for reference in references))
    return RunResult(
        articles=paths,
        claims=(),
        findings=tuple(sorted(lookup.findings, key=lambda f: (f.article, f.line, f.rule))),
        records=lookup.records,
        sources_unavailable=lookup.unavailable,
    )


def check_articles(
    paths: Sequence[Path],
    settings: Settings,
    source: RecordSource,
    *,
    skipped: Sequence[str] = (),
    progress: Progress | None = None,
) -> RunResult:
    """Check every article; the network is asked once per stage for the whole run, not per article."""
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
        [reference for item in prepared for reference in item.references],
        source,
        fulltext=settings.fulltext,
        needs_text=any(claim.figures or claim.quote for item in prepared for claim in item.claims),
        progress=progress,
    )
    results = [
        _check_claim(claim, item.references, lookup, source_free, settings.ignore)
        for item in prepared
        for claim in sorted(item.claims, key=lambda claim: (claim.line, claim.column))
    ]
    unattached = [f for f in (*source_free, *lookup.findings) if not f.claim and f.rule not in settings.ignore]
    everything = unattached + [finding for result in results for finding in result.findings]
    return RunResult(
        articles=tuple(item.article.path for item in prepared),
        claims=tuple(results),
        findings=tuple(sorted(everything, key=lambda f: (f.article, f.line, f.column, f.rule))),
        records=lookup.records,
        sources_unavailable=lookup.unavailable,
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- lookup


@dataclass(frozen=True)
class Lookup:
    """What the sources gave for a run: usable records by reference, and why the others are missing."""

    records: dict[str, Record]
    evidence: dict[tuple[str, str], Record]  # (article, reference key) -> the record that may serve as evidence
    passages: dict[str, tuple[Passage, ...]]  # pmid -> abstract + full-text passages
    missing: dict[tuple[str, str], str]  # (article, reference key) -> why there is no evidence
    findings: tuple[Finding, ...]
    unavailable: str


def _identity_key(reference: Reference) -> tuple[str, ...]:
    """References that name the same work in two articles are resolved once."""
    return (reference.doi.lower(), reference.pmid, reference.pmcid.upper(), reference.title.lower(),
            reference.first_author_family.lower(), str(reference.year or ""), reference.journal.lower())


def _look_up(
    references: Sequence[Reference],
    source: RecordSource,
    *,
    fulltext: bool,
    needs_text: bool,
    progress: Progress | None,
) -> Lookup:
    works: dict[tuple[str, ...], Reference] = {}
    token_of: dict[tuple[str, ...], str] = {}
    for reference in references:
        key = _identity_key(reference)
        if key not in works:
            token_of[key] = f"work{len(works)}"
            works[key] = replace(reference, key=token_of[key])
    if progress:
        progress(f"resolving {len(works)} references")
    resolved = source.resolve_all(list(works.values()))
    pmids = sorted({r.pmid for r in resolved.resolutions.values() if r.pmid})
    if progress:
        progress(f"fetching {len(pmids)} records")
    fetched = source.fetch_all(pmids)
    unavailable = resolved.unavailable or fetched.unavailable

    findings: list[Finding] = []
    evidence: dict[tuple[str, str], Record] = {}
    missing: dict[tuple[str, str], str] = {}
    for reference in references:
        place = (reference.path, reference.key)
        resolution = resolved.resolutions.get(token_of[_identity_key(reference)], Resolution(reference.key))
        record = fetched.records.get(resolution.pmid) if resolution.pmid else None
        if record is None:
            why = _why_missing(resolution, fetched.missing, unavailable)
            missing[place] = why
            if not unavailable:
                findings.append(_reference_finding("CC101", reference, why, claimed=_identifiers(reference),
                                                   found="no PubMed record", evidence=why))
            continue
        problems = list(_identity_findings(reference, record, resolution, fetched.records))
        findings.extend(problems)
        if any(problem.severity is Severity.ERROR for problem in problems):
            missing[place] = f"the record found for {reference.key} (PMID {record.pmid}) is not the cited work"
            continue
        evidence[place] = record
        findings.extend(checks.check_reference(reference, record))

    used = {record.pmid: record for record in evidence.values()}
    passages = {pmid: record.abstract for pmid, record in used.items()}
    if fulltext and needs_text and not unavailable:
        texts = source.fetch_fulltexts(sorted({r.pmcid for r in used.values() if r.pmcid}))
        for pmid, record in used.items():
            passages[pmid] = record.abstract + texts.passages.get(record.pmcid, ())
    return Lookup(
        records=dict(fetched.records),
        evidence=evidence,
        passages=passages,
        missing=missing,
        findings=tuple(findings),
        unavailable=unavailable,
    )


def _identity_findings(
    reference: Reference, record: Record, resolution: Resolution, records: dict[str, Record]
) -> Iterable[Finding]:
    mismatch = identity.check_identity(reference, record, resolution.method)
    if mismatch is not None:
        yield mismatch
    yield from identity.cross_check_identifiers(reference, records)


def _why_missing(resolution: Resolution, missing: dict[str, str], unavailable: str) -> str:
    if resolution.pmid:
        return missing.get(resolution.pmid) or unavailable or f"PMID {resolution.pmid} returned no record"
    return resolution.reason or unavailable or "no identifier or citation could be matched"


def _identifiers(reference: Reference) -> str:
    named = [f"PMID {reference.pmid}" if reference.pmid else "", f"DOI {reference.doi}" if reference.doi else "",
             reference.pmcid]
    return ", ".join(part for part in named if part) or (reference.raw or reference.title)[:160]


def _reference_finding(code: str, reference: Reference, message: str, **fields: str) -> Finding:
    return Finding(rule=code, severity=rule(code).severity, article=reference.path, line=reference.line,
                   message=f"{reference.key}: {message}", reference=reference.key, **fields)


# --------------------------------------------------------------------------- claims


def _check_claim(
    claim: Claim,
    references: Sequence[Reference],
    lookup: Lookup,
    source_free: Sequence[Finding],
    ignore: frozenset[str],
) -> ClaimResult:
    """Run the checkers on every (claim, cited record) pair and add up the verdict."""
    by_key = {reference.key: reference for reference in references}
    own = [finding for finding in source_free if finding.claim == claim.id and finding.article == claim.article]
    support: list[Support] = []
    pmids: list[str] = []
    reasons: list[str] = []
    if not claim.cites:
        kept = _settle(own, claim, ignore)
        return ClaimResult(claim, Verdict.UNSOURCED, findings=kept, reason="no citation")
    for key in claim.cites:
        reference = by_key.get(key)
        if reference is None:
            reasons.append(f"{key} is not among the references")
            continue
        record = lookup.evidence.get((reference.path, reference.key))
        if record is None:
            reasons.append(lookup.missing.get((reference.path, reference.key), f"{key} has no record"))
            continue
        pmids.append(record.pmid)
        context = ClaimContext(claim, reference, record, lookup.passages.get(record.pmid, record.abstract))
        for outcome in checks.check_claim(context):
            if isinstance(outcome, Finding):
                own.append(outcome)
            else:
                support.append(outcome)
    kept = _settle(own, claim, ignore)
    verdict, reason = _verdict(claim, kept, support, reasons)
    return ClaimResult(claim, verdict, tuple(pmids), kept, tuple(support), reason)


def _settle(findings: Sequence[Finding], claim: Claim, ignore: frozenset[str]) -> tuple[Finding, ...]:
    """Drop ignored rules; an editor's acknowledgement in the claims file turns a finding into info."""
    acknowledged = {note.rule: note.reason for note in claim.acknowledged}
    return tuple(
        replace(f, severity=Severity.INFO, message=f"{f.message} (acknowledged: {acknowledged[f.rule]})")
        if f.rule in acknowledged else f
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
        what = "it asserts nothing the record can confirm" if not claim.asserts_something else "no span decides it"
        return Verdict.UNVERIFIABLE, what
    return Verdict.SUPPORTED, ""
