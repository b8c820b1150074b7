"""The run: prepare the articles -> look up the cited works -> check -> verdicts -> RunResult.

This is the only module that imports every stage, and it holds no stage's logic: the lookup
(``lookup/evidence.py``) decides which record is evidence for which reference, the checkers
(``checks``) what the evidence says, and ``verdict`` what a claim's findings add up to. Here is
only the order of the stages and what each hands to the next.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from claimcheck import checks, fingerprint
from claimcheck.checks.claims import ClaimChecks, KeptWork
from claimcheck.config import Settings
from claimcheck.extract import Extraction, extract
from claimcheck.inputs.article import read_article
from claimcheck.inputs.bibliography import load_bibliography, reconcile
from claimcheck.inputs.claimsfile import curate
from claimcheck.lookup.evidence import Lookup, Progress, look_up, read_full_texts
from claimcheck.lookup.interface import RecordSource
from claimcheck.model import (
    Article,
    Claim,
    Finding,
    PreparedArticle,
    Reference,
    RunResult,
)
from claimcheck.verdict import decide

# Whether an article needs checking, given its path and its references (``--changed-since``).
Wanted = Callable[[Path, Sequence[Reference]], bool]
_ARTICLE, _EXTRACTION = "article", "extraction"
T = TypeVar("T")


def _load_bib(settings: Settings) -> tuple[Reference, ...]:
    path = settings.bib_path
    return load_bibliography(path) if path.is_file() else ()


def prepare_extraction(path: Path, settings: Settings) -> PreparedArticle:
    """``claimcheck extract``: one article read, its references given their bib entries, its claims found."""
    [prepared] = _extracted(_read([path], _load_bib(settings), None), None)
    return prepared


def prepare_articles(
    paths: Sequence[Path],
    settings: Settings,
    *,
    wanted: Wanted | None = None,
    kept: KeptWork | None = None,
) -> tuple[list[PreparedArticle], list[str]]:
    """The articles to check, prepared (the bibliography read once for all), and the paths not wanted.

    Whether an article is wanted is asked once its references are settled and before the costly part,
    extraction. What an earlier run of this code ``kept`` of the same files is taken as it was: each file
    read, and its extraction with the same references; the claims file, when there is one, is merged into
    the extraction (never kept: the editor may change it).
    """
    read: list[_Read] = []
    skipped: list[str] = []
    for item in _read(paths, _load_bib(settings), kept):
        if wanted is not None and not wanted(Path(item.article.path), item.references):
            skipped.append(item.article.path)
        else:
            read.append(item)
    prepared: list[PreparedArticle] = []
    for extracted in _extracted(read, kept):
        claims_file = settings.claims_file(Path(extracted.article.path))
        prepared.append(_curated(extracted, claims_file) if claims_file.is_file() else extracted)
    return prepared, skipped


@dataclass(frozen=True)
class _Read:
    """An article read, its references settled, and the sha256 of its file."""

    article: Article
    references: tuple[Reference, ...]
    digest: str


def _read(paths: Sequence[Path], bib: Sequence[Reference], kept: KeptWork | None) -> list[_Read]:
    """Each article read (as an earlier run of this code read the same file), its references settled."""
    digests = [_file_digest(path) for path in paths]
    keys = [
        fingerprint.content_key(str(path), digest) if digest else ""
        for path, digest in zip(paths, digests, strict=True)
    ]
    articles = _kept_or_made(kept, _ARTICLE, Article, keys, lambda number: read_article(paths[number]))
    return [
        _Read(article, tuple(reconcile(article.references, bib) if bib else article.references), digest)
        for article, digest in zip(articles, digests, strict=True)
    ]


def _file_digest(path: Path) -> str:
    """The sha256 of the file; "" when it cannot be read (``read_article`` then says why)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _extracted(read: Sequence[_Read], kept: KeptWork | None) -> list[PreparedArticle]:
    """Each article's claims and citations (as an earlier run of this code found them in the same file with
    the same references)."""
    keys = [fingerprint.content_key(item.article.path, item.digest, item.references) for item in read]
    extractions = _kept_or_made(
        kept, _EXTRACTION, Extraction, keys, lambda n: extract(read[n].article, read[n].references)
    )
    return [
        PreparedArticle(
            item.article, item.references, found.claims, found.citations, found.notes, item.digest
        )
        for item, found in zip(read, extractions, strict=True)
    ]


def _kept_or_made(
    kept: KeptWork | None, kind: str, value_type: type[T], keys: Sequence[str], make: Callable[[int], T]
) -> list[T]:
    """The value of each key, as an earlier run kept it, else made now from its number (once per key) and
    kept, all in one write; a key "" is never looked up nor kept."""
    known: dict[str, T] = kept.get_kept(kind, filter(None, keys), value_type) if kept else {}
    made: dict[str, T] = {}
    values: list[T] = []
    for number, key in enumerate(keys):
        if key in known:
            values.append(known[key])
        elif key in made:
            values.append(made[key])
        else:
            values.append(make(number))
            if key:
                made[key] = values[-1]
    if kept:
        kept.put_kept(kind, made)
    return values


def _curated(extracted: PreparedArticle, claims_file: Path) -> PreparedArticle:
    """The article as it is now, extracted, with its curated claims file merged in."""
    curated = curate(claims_file, extracted.article, extracted.digest, extracted.claims)
    return replace(
        extracted,
        claims=curated.claims,
        notes=extracted.notes + curated.notes,
        claims_file=str(claims_file),
        stale=curated.stale,
    )


def check_bibliography(references: Sequence[Reference], source: RecordSource) -> RunResult:
    """``claimcheck refs``: every entry resolved, identity-checked and compared with its record."""
    lookup = look_up(references, source, progress=None)
    paths = tuple(dict.fromkeys(reference.path for reference in references))
    findings = [*lookup.findings, *_reference_findings(references, lookup)]
    return RunResult(
        articles=paths,
        claims=(),
        findings=tuple(sorted(findings, key=lambda f: (f.article, f.line, f.rule))),
        records=lookup.records,
        sources_unavailable=lookup.unavailable,
        bibliography_only=True,
    )


def check_articles(
    prepared: Sequence[PreparedArticle],
    settings: Settings,
    source: RecordSource,
    *,
    skipped: Sequence[str] = (),
    progress: Progress | None = None,
    kept: KeptWork | None = None,
) -> RunResult:
    """Check every prepared article; the network is asked once per stage for the whole run, not per article.

    Claims are checked against the abstracts first, record by record; only the records whose abstract
    left a claim undecided are asked for their PMC full text, in one batch, and only the (claim, record)
    pairs whose record gained a body are checked again. Nothing here looks through the whole run per
    claim: what a claim needs (its article's references, its article's findings) is mapped once.
    """
    references = [reference for item in prepared for reference in item.references]
    lookup = look_up(references, source, progress=progress)
    article_findings = [
        lookup.naming_record(finding) for item in prepared for finding in checks.check_article(item)
    ]
    claims: list[tuple[Claim, dict[str, Reference]]] = []
    for item in prepared:
        by_key = {reference.key: reference for reference in item.references}
        claims += [
            (claim, by_key) for claim in sorted(item.claims, key=lambda claim: (claim.line, claim.column))
        ]
    checking = ClaimChecks(claims, lookup.evidence, lookup.missing, kept)
    bodies = read_full_texts(
        source, lookup, checking.undecided(), enabled=settings.fulltext, progress=progress
    )
    checking.read_bodies(bodies.passages)
    on_claims: dict[tuple[str, str], list[Finding]] = {}
    for finding in article_findings:
        if finding.claim:
            on_claims.setdefault((finding.article, finding.claim), []).append(finding)
    results = [
        decide(
            claim,
            checking.checked(number),
            on_claims.get((claim.article, claim.id), ()),
            settings.ignore,
            bodies.why_not,
        )
        for number, (claim, _) in enumerate(claims)
    ]
    on_references = (*article_findings, *lookup.findings, *_reference_findings(references, lookup))
    unattached = [f for f in on_references if not f.claim and f.rule not in settings.ignore]
    everything = unattached + [finding for result in results for finding in result.findings]
    return RunResult(
        articles=tuple(item.article.path for item in prepared),
        claims=tuple(results),
        findings=tuple(sorted(everything, key=lambda f: (f.article, f.line, f.column, f.rule))),
        records=lookup.records,
        sources_unavailable=lookup.unavailable or bodies.unavailable,
        skipped=tuple(skipped),
        warnings=tuple(note for item in prepared for note in item.notes),
    )


def _reference_findings(references: Sequence[Reference], lookup: Lookup) -> list[Finding]:
    """The reference checkers on every reference whose record passed the identity check."""
    return [
        finding
        for reference in references
        if (record := lookup.evidence.get((reference.path, reference.key))) is not None
        for finding in checks.check_reference(reference, record)
    ]
