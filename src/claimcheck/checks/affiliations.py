"""CC207 affiliation-mismatch: the institution an article credits must be among the authors' affiliations.

The credited name must appear, as a whole phrase and after folding (case, accents, punctuation,
"&"/"and"), in at least one author's affiliation. Institutions get renamed; when the credited name
is the old or the new name of an institution the authors list under the other name, the finding is
only informational and gives the year of the renaming.

Passes (affiliation: "Darrow Stem Cell Institute, Los Angeles, CA, USA")::

    ... published studies from the Darrow Stem Cell Institute on ...

Fails with CC207 (affiliations: "School of Sport, Loughborough University, Loughborough, UK")::

    ... researchers at Georgia Regents University wrote ...
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, support
from claimcheck.model import Passage, Severity
from claimcheck.textfold import fold

DECLARATION = Declaration(rules=("CC207", "CC303"), reads=("affiliation",))

_EVIDENCE_LIMIT = 200


@dataclass(frozen=True)
class Renaming:
    """An institution that changed its name: articles written before or after may use either."""

    old: str
    new: str
    year: int


# Renamings of institutions that publish biomedical research; each is a matter of public record.
RENAMINGS: tuple[Renaming, ...] = (
    Renaming("Georgia Health Sciences University", "Georgia Regents University", 2013),
    Renaming("Georgia Regents University", "Augusta University", 2015),
    Renaming("Mount Sinai School of Medicine", "Icahn School of Medicine at Mount Sinai", 2012),
    Renaming("Dartmouth Medical School", "Geisel School of Medicine at Dartmouth", 2012),
    Renaming("Jefferson Medical College", "Sidney Kimmel Medical College", 2014),
    Renaming("Helsinki University of Technology", "Aalto University", 2010),
    Renaming("Universitat Karlsruhe", "Karlsruhe Institute of Technology", 2009),
)


def contains_phrase(text: str, phrase: str) -> bool:
    """True when ``phrase`` occurs in ``text`` as whole words, both folded."""
    folded_phrase = fold(phrase)
    return bool(folded_phrase) and f" {folded_phrase} " in f" {fold(text)} "


def _affiliations(context: ClaimContext) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for author in context.record.authors for a in author.affiliations))


def _other_names(institution: str) -> Iterator[Renaming]:
    """Renamings in which ``institution`` is the old or the new name."""
    folded = fold(institution)
    return (item for item in RENAMINGS if folded in (fold(item.old), fold(item.new)))


def check(context: ClaimContext) -> Iterator[Outcome]:
    """Look for the credited institution in every author's affiliations, then under its other names."""
    credited = context.claim.affiliation
    if not credited:
        return
    affiliations = _affiliations(context)
    if not affiliations:
        yield finding(
            "CC303",
            context,
            f"PMID {context.record.pmid} lists no author affiliations, so '{credited}' cannot be checked",
            claimed=credited,
            found="no affiliations",
            evidence="record lists no author affiliations",
        )
        return
    matched = next((text for text in affiliations if contains_phrase(text, credited)), None)
    if matched is not None:
        yield support(context, claimed=credited, evidence=matched, passage=_affiliation_passage(matched))
        return
    for renaming in _other_names(credited):
        other = renaming.new if fold(renaming.old) == fold(credited) else renaming.old
        renamed = next((text for text in affiliations if contains_phrase(text, other)), None)
        if renamed is not None:
            yield finding(
                "CC207",
                context,
                f"'{renaming.old}' was renamed '{renaming.new}' in {renaming.year}; "
                f"the authors list '{other}'",
                claimed=credited,
                found=other,
                evidence=renamed[:_EVIDENCE_LIMIT],
                passage=_affiliation_passage(renamed),
                severity=Severity.INFO,
            )
            return
    yield finding(
        "CC207",
        context,
        f"no author of PMID {context.record.pmid} lists '{credited}' among their affiliations",
        claimed=credited,
        found="; ".join(affiliations),
        evidence=affiliations[0][:_EVIDENCE_LIMIT],
        passage=_affiliation_passage(affiliations[0]),
    )


def _affiliation_passage(text: str) -> Passage:
    return Passage(source="metadata", section="affiliation", text=text)
