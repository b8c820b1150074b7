"""CC103 reference-metadata-mismatch: the bibliography entry must describe the record it resolved to.

A reference checker comparing, for each field the entry gives: the title (word similarity,
ignoring case, punctuation and markup), the first author's family name, the journal (the same
matcher as CC201: full title, ISO abbreviation, MedlineTA), the year (print or electronic), the
volume and the pages ("1675-1680", "1675-80" and "1675–1680" are the same pages).

Passes: "Frisbie DD ... J Orthop Res. 2009;27:1675–1680." against a record of the Journal of
Orthopaedic Research, volume 27, pages "1675-80", printed 2009.

Fails with CC103: the same entry with "2009;28:1675–1680" (volume 28 vs 27).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck.checks.base import Declaration, reference_finding
from claimcheck.checks.identity import first_author_family, title_similarity, year_fits
from claimcheck.checks.journal import matching_journal_name, record_journal_names
from claimcheck.model import Finding, Record, Reference
from claimcheck.textfold import fold

DECLARATION = Declaration(rules=("CC103",))

# Below this word similarity a bibliography title is reported; above it differences are typography.
_TITLE_SIMILARITY = 0.85
_PAGE_RANGE = re.compile(r"^\s*([A-Za-z]?\d+)\s*[-\u2010-\u2015]+\s*([A-Za-z]?\d+)\s*$")


def normalized_pages(pages: str) -> str:
    """Pages in one form: "1675-80", "1675–1680" and "1675 - 1680" become "1675-1680"."""
    match = _PAGE_RANGE.match(pages)
    if match is None:
        return pages.strip().casefold()
    first, last = match.groups()
    if len(last) < len(first) and last.isdigit():
        last = first[: len(first) - len(last)] + last
    return f"{first}-{last}".casefold()


def _mismatches(reference: Reference, record: Record) -> Iterator[tuple[str, str, str]]:
    """(field, bibliography value, record value) for each field the two disagree on."""
    if reference.title and record.title:
        similarity = title_similarity(reference.title, record.title)
        if similarity < _TITLE_SIMILARITY:
            yield f"title (similarity {similarity:.2f})", reference.title, record.title
    record_author = first_author_family(record)
    written_author = reference.first_author_family
    if written_author and record_author and fold(written_author) != fold(record_author):
        yield "first author", reference.first_author_family, record_author
    names = record_journal_names(record)
    if reference.journal and names and matching_journal_name(reference.journal, record) is None:
        yield "journal", reference.journal, names[0]
    if reference.year and record.year and not year_fits(reference.year, record):
        years = sorted({str(date) for date in record.dates if date.kind in ("print", "electronic")})
        yield "year", str(reference.year), " / ".join(years)
    if reference.volume and record.volume and reference.volume.strip() != record.volume.strip():
        yield "volume", reference.volume, record.volume
    pages_differ = normalized_pages(reference.pages) != normalized_pages(record.pages)
    if reference.pages and record.pages and pages_differ:
        yield "pages", reference.pages, record.pages


def check_reference(reference: Reference, record: Record) -> Iterator[Finding]:
    """One CC103 per field of the entry that differs from the record."""
    for field, written, recorded in _mismatches(reference, record):
        yield reference_finding(
            "CC103",
            reference,
            record,
            f"{field}: {_listed_in(reference)} has '{written}', PMID {record.pmid} has '{recorded}'",
            claimed=written,
            found=recorded,
            evidence=recorded[:200],
        )


def _listed_in(reference: Reference) -> str:
    """Where the editor would correct it: the bibliography file or the article's own reference list."""
    return "the bibliography" if reference.path.endswith(".bib") else "the reference list"
