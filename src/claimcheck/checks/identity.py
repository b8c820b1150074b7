"""CC101/CC102 identity check: is the record PubMed gave us really the work the reference cites?

DOI-to-PMID maps, ECitMatch and title searches all return the wrong paper now and then, and a
typo in a PMID silently points at another work. Before a record is used as evidence, its title,
first author, year and journal are compared with the reference's; a record that is not the cited
work is a finding, never evidence: CC102 when the reference's own identifier led to it, CC101
(naming the candidate) when a search proposed it; a reference PubMed has no record for at all is
CC101 too. The lookup (``lookup/evidence.py``) runs these on every record a reference led to, before
any other checker sees the record.

Passes: reference "Short-term outcomes in treatment of knee osteoarthritis with 4 bone marrow
concentrate injections", Shaw B, 2018, PMID 29977117 -> the record of that title by Shaw B (2018).

Fails with CC102: the same reference with a mistyped PMID that leads to "Mesenchymal stem cells
and their clinical applications in osteoarthritis" by Chang YH (2015): title similarity 0.12,
first author Shaw vs Chang, year 2018 vs 2015.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from claimcheck.checks.base import Declaration, reference_finding
from claimcheck.checks.journal import matching_journal_name, record_journal_names
from claimcheck.model import Finding, Record, Reference, Severity
from claimcheck.textfold import fold

DECLARATION = Declaration(rules=("CC101", "CC102"))

# Weights of the four comparisons; the title says most about identity, the journal least.
_WEIGHTS = {"title": 0.55, "author": 0.2, "year": 0.15, "journal": 0.1}
_MATCH_SCORE = 0.65
_MIN_TITLE_SIMILARITY = 0.5
_YEAR_TOLERANCE = 1  # print and electronic years straddle a new year; bibliographies use either

_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|\\[a-zA-Z]+\b|[{}]")
_EDITORIAL_NOTE = re.compile(r"\[(?:published|epub|retracted|erratum|corrected)[^\]]*\]", re.IGNORECASE)
_IDENTIFIER_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_IDENTIFIER_METHODS = {"pmid": "PMID", "doi": "DOI", "pmcid": "PMCID"}
_CROSS_CHECKED = ("doi", "pmcid")  # the identifiers besides the PMID that a record carries


@dataclass(frozen=True)
class Identity:
    """How well a record fits a reference: ``score`` in 0..1 and each comparison that disagrees."""

    matches: bool
    score: float
    disagreements: tuple[str, ...] = ()


@functools.lru_cache(maxsize=65536)  # a run compares each cited work's title with its record once
def title_similarity(first: str, second: str) -> float:
    """Word-level similarity 0..1 of two titles, ignoring case, punctuation, HTML/LaTeX markup and
    editorial notes such as "[published online ahead of print]"."""
    first_words, second_words = _title_words(first), _title_words(second)
    if not first_words or not second_words:
        return 0.0
    return SequenceMatcher(None, first_words, second_words, autojunk=False).ratio()


def _title_words(title: str) -> list[str]:
    return fold(_MARKUP.sub("", _EDITORIAL_NOTE.sub("", title))).split()


def year_fits(year: int, record: Record, tolerance: int = 0) -> bool:
    """True when ``year`` is within ``tolerance`` of the record's print or electronic year."""
    years = {date.year for date in record.dates if date.kind in ("print", "electronic")}
    return any(abs(year - other) <= tolerance for other in years)


def first_author_family(record: Record) -> str:
    """The record's first author as a reference list would start: family name, or the group's name."""
    if not record.authors:
        return ""
    first = record.authors[0]
    return first.family or first.collective


def identify(reference: Reference, record: Record) -> Identity:
    """Compare title, first author, year and journal; what the reference does not give is not compared."""
    scores: dict[str, float] = {}
    disagreements: list[str] = []
    if reference.title and record.title:
        similarity = title_similarity(reference.title, record.title)
        scores["title"] = similarity
        if similarity < _MIN_TITLE_SIMILARITY:
            disagreements.append(f"title similarity {similarity:.2f}")
    record_author = first_author_family(record)
    if reference.first_author_family and record_author:
        same = fold(reference.first_author_family) == fold(record_author)
        scores["author"] = float(same)
        if not same:
            disagreements.append(f"first author {reference.first_author_family} vs {record_author}")
    if reference.year and record.year:
        fits = year_fits(reference.year, record, _YEAR_TOLERANCE)
        scores["year"] = float(fits)
        if not fits:
            disagreements.append(f"year {reference.year} vs {record.year}")
    if reference.journal and record_journal_names(record):
        same_journal = matching_journal_name(reference.journal, record) is not None
        scores["journal"] = float(same_journal)
        if not same_journal:
            disagreements.append(f"journal {reference.journal} vs {record_journal_names(record)[0]}")
    if not scores:
        return Identity(matches=True, score=1.0)
    weight = sum(_WEIGHTS[name] for name in scores)
    score = sum(_WEIGHTS[name] * value for name, value in scores.items()) / weight
    title_ok = scores.get("title", 1.0) >= _MIN_TITLE_SIMILARITY
    return Identity(
        matches=score >= _MATCH_SCORE and title_ok, score=round(score, 2), disagreements=tuple(disagreements)
    )


def describe_record(record: Record) -> str:
    """How findings name a candidate record: "PMID n, 'Title' (Journal 2011)"."""
    journal = (record_journal_names(record) or ("",))[-1]
    venue = " ".join(str(part) for part in (journal, record.year or "") if part)
    return f"PMID {record.pmid}, '{record.title}'" + (f" ({venue})" if venue else "")


def _describe_reference(reference: Reference) -> str:
    return reference.title or reference.raw or reference.key


def _identifier(reference: Reference, method: str) -> str:
    value = {"pmid": reference.pmid, "doi": reference.doi, "pmcid": reference.pmcid}.get(method, "")
    return f"{_IDENTIFIER_METHODS[method]} {value}".strip()


def check_identity(
    reference: Reference, record: Record, method: str, identity: Identity | None = None
) -> Finding | None:
    """None when ``record`` is the referenced work; otherwise CC102 (the reference's own identifier led
    to it) or CC101 (a search proposed it as the best candidate).

    ``identity`` is ``identify(reference, record)`` when the caller made it already: a run citing one
    work from many articles compares the same facts with the same record once.
    """
    identity = identity or identify(reference, record)
    if identity.matches:
        return None
    why = ", ".join(identity.disagreements) or f"identity score {identity.score:.2f}"
    candidate = describe_record(record)
    evidence = record.title or candidate
    if method in _IDENTIFIER_METHODS:
        return reference_finding(
            "CC102",
            reference,
            record,
            f"{_identifier(reference, method)} maps to {candidate}: {why}",
            claimed=_describe_reference(reference),
            found=candidate,
            evidence=evidence,
        )
    return reference_finding(
        "CC101",
        reference,
        record,
        f"no PubMed record matches this reference; "
        f"the {method or 'search'} candidate {candidate} differs: {why}",
        claimed=_describe_reference(reference),
        found=candidate,
        evidence=evidence,
    )


def not_found(reference: Reference, why: str) -> Finding:
    """CC101 for a reference PubMed has no record for; ``why`` is what the source said."""
    return reference_finding(
        "CC101",
        reference,
        None,
        f"{reference.key}: {why}",
        claimed=_identifiers(reference),
        found="no PubMed record",
        evidence=why,
    )


NOT_IN_PUBMED = "not a journal article; not checked against PubMed"


def not_a_journal_article(reference: Reference) -> Finding:
    """Books, chapters, guidelines, web pages and reports: PubMed lacks them, which is news, not an error."""
    listed = (reference.raw or reference.title)[:160]
    return reference_finding(
        "CC101",
        reference,
        None,
        f"{reference.key}: {reference.kind}: {NOT_IN_PUBMED}",
        claimed=listed,
        found=f"a {reference.kind}, not a journal article",
        evidence=listed,
        severity=Severity.INFO,
    )


def _identifiers(reference: Reference) -> str:
    named = [
        f"PMID {reference.pmid}" if reference.pmid else "",
        f"DOI {reference.doi}" if reference.doi else "",
        reference.pmcid,
    ]
    return ", ".join(part for part in named if part) or (reference.raw or reference.title)[:160]


@dataclass(frozen=True)
class IdentifierIndex:
    """The run's fetched records by PMID, and by the DOI and PMCID each carries: built once, so that
    cross-checking a reference's identifiers is a lookup, never a scan of every record."""

    by_pmid: Mapping[str, Record]
    by_identifier: Mapping[tuple[str, str], str]  # ("doi" | "pmcid", normalized value) -> PMID

    @classmethod
    def of(cls, records: Mapping[str, Record]) -> IdentifierIndex:
        by_identifier: dict[tuple[str, str], str] = {}
        for record in records.values():
            for field in _CROSS_CHECKED:
                value = _normalized_identifier(getattr(record, field))
                if value:
                    by_identifier[field, value] = record.pmid
        return cls(records, by_identifier)


def cross_check_identifiers(reference: Reference, index: IdentifierIndex) -> Iterator[Finding]:
    """CC102 (at most one) when the reference's PMID, DOI and PMCID lead to different records.

    A record fetched by the reference's PMID whose own DOI or PMCID differs from the reference's
    shows the conflict even when the other record was never fetched.
    """
    pointed: dict[str, str] = {}
    by_pmid = index.by_pmid.get(reference.pmid) if reference.pmid else None
    if by_pmid is not None:
        pointed["PMID"] = by_pmid.pmid
    for field in _CROSS_CHECKED:
        label = _IDENTIFIER_METHODS[field]
        wanted = _normalized_identifier(getattr(reference, field))
        if not wanted:
            continue
        if (field, wanted) in index.by_identifier:
            pointed[label] = index.by_identifier[field, wanted]
        elif by_pmid is not None and getattr(by_pmid, field):
            pointed[label] = f"not PMID {by_pmid.pmid} (whose {label} is {getattr(by_pmid, field)})"
    if len(set(pointed.values())) <= 1:
        return
    conflicts = "; ".join(
        f"{label} {_value(reference, label)} -> {target}" for label, target in pointed.items()
    )
    record = by_pmid or index.by_pmid[next(iter(pointed.values()))]
    yield reference_finding(
        "CC102",
        reference,
        record,
        f"the identifiers of this reference point to different records: {conflicts}",
        claimed=" / ".join(f"{label} {_value(reference, label)}" for label in pointed),
        found=conflicts,
        evidence=describe_record(record),
    )


def _normalized_identifier(value: str) -> str:
    """DOIs and PMCIDs as written in the wild ("https://doi.org/10.1/X", "doi:10.1/x", "6024328")."""
    value = _IDENTIFIER_PREFIX.sub("", value.strip()).casefold()
    return f"pmc{value}" if value.isdigit() else value


def _value(reference: Reference, label: str) -> str:
    return {"PMID": reference.pmid, "DOI": reference.doi, "PMCID": reference.pmcid}[label]
