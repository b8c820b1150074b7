"""CC104 retracted and CC105 correction-notice: what PubMed says happened to a work after publication.

A reference checker: it reads the record's publication types ("Retracted Publication",
"Expression of Concern", "Corrected and Republished Article") and its CommentsCorrections links
(RetractionIn, ErratumIn, RepublishedIn, ExpressionOfConcernIn), and reports each at the
reference's entry, naming the notice's PMID when PubMed gives one.

Passes: a record with no such publication type and only "CommentIn"/"Cites" links.

Fails with CC104: a record whose publication types include "Retracted Publication", or that has a
"RetractionIn" link to the retraction notice. Fails with CC105: a record with an "ErratumIn" link.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.checks.base import Declaration, reference_finding
from claimcheck.model import Finding, Record, Reference

DECLARATION = Declaration(rules=("CC104", "CC105"))

# CommentsCorrections RefType -> (rule, what the notice is), from the PubMed DTD's RefType list.
_LINKED_NOTICES: dict[str, tuple[str, str]] = {
    "RetractionIn": ("CC104", "a retraction notice"),
    "ErratumIn": ("CC105", "an erratum"),
    "RepublishedIn": ("CC105", "a corrected and republished version"),
    "ExpressionOfConcernIn": ("CC105", "an expression of concern"),
}
_NOTICE_TYPES: dict[str, tuple[str, str]] = {
    "Retracted Publication": ("CC104", "is marked as a retracted publication"),
    "Expression of Concern": ("CC105", "is itself an expression of concern"),
    "Corrected and Republished Article": ("CC105", "is a corrected and republished article"),
}


def _normalized_ref_type(ref_type: str) -> str:
    """One spelling per type: "Retraction in" (a web page's) and "RetractionIn" (the XML's) match."""
    return "".join(word[:1].upper() + word[1:] for word in ref_type.split())


def check_reference(reference: Reference, record: Record) -> Iterator[Finding]:
    """One finding per notice PubMed links to the record; a publication type only adds what no link said."""
    reported: set[str] = set()
    for correction in record.corrections:
        linked = _LINKED_NOTICES.get(_normalized_ref_type(correction.ref_type))
        if linked is None:
            continue
        code, what = linked
        reported.add(code)
        notice = f"PMID {correction.pmid}" if correction.pmid else "a notice without PMID"
        yield reference_finding(
            code,
            reference,
            record,
            f"PMID {record.pmid} has {what}: {notice}",
            claimed="cited as a valid work",
            found=f"{correction.ref_type} {correction.pmid}".strip(),
            evidence=correction.note or correction.ref_type,
        )
    for publication_type in record.publication_types:
        if publication_type in _NOTICE_TYPES and _NOTICE_TYPES[publication_type][0] not in reported:
            code, what = _NOTICE_TYPES[publication_type]
            yield reference_finding(
                code,
                reference,
                record,
                f"PMID {record.pmid} {what} (publication type '{publication_type}')",
                claimed="cited as a valid work",
                found=publication_type,
                evidence=publication_type,
            )
