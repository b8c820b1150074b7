"""The rule catalogue: every rule's code, name, default severity, help, and what its findings mean.

Checkers, the verdict (``verdict.py``), reports (SARIF ``rules[]``, JUnit, HTML filters), the
configuration's ``ignore`` list and docs/rules.md all read this table. A rule says what it is about
(``kind``: which kind of checker may emit it) and what a finding does to the claim it is attached to
(``effect``), so no module needs to decide anything from the shape of a code. Adding a rule is one row
here and its code in one checker's declaration (``claimcheck.checks``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from claimcheck.model import Severity


class Kind(enum.Enum):
    """What a rule's findings are about, and so which kind of checker emits them and where they point."""

    REFERENCE = "reference"  # a cited work or its entry, decided from its PubMed record; at the entry
    ARTICLE = "article"  # the article's citations and its claims file, decided without any source
    CLAIM = "claim"  # what a claim says of a work it cites, decided against that work's record


class Effect(enum.Enum):
    """What a finding of the rule does to the verdict of the claim it is attached to."""

    CONTRADICTS = "contradicts"  # the source says otherwise: mismatch (unless the finding is only a note)
    UNDECIDED = "undecided"  # the source text available cannot decide: unverifiable, full text worth a look
    UNSOURCED = "unsourced"  # the claim gives no source for what it states
    NOTE = "note"  # about the article, its claims file or a reference: no claim's verdict depends on it


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    kind: Kind
    effect: Effect
    severity_policy: str  # when a finding is an error and when a warning (or a note), for docs/rules.md

    @property
    def help_uri(self) -> str:
        return f"https://claimcheck.readthedocs.io/en/latest/rules/#{self.code.lower()}"


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_REFERENCE, _ARTICLE, _CLAIM = Kind.REFERENCE, Kind.ARTICLE, Kind.CLAIM

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "CC101",
            "reference-not-found",
            _E,
            "An identifier or citation resolves to no PubMed record.",
            _REFERENCE,
            Effect.NOTE,
            "Always an error, and only when PubMed answered: it has no record for the identifier, or a "
            "search found only another paper (named in the finding). When PubMed could not be asked "
            "(offline with a cold cache, unreachable) nothing is reported and the claims are unverifiable.",
        ),
        Rule(
            "CC102",
            "identifier-conflict",
            _E,
            "DOI, PMID and PMCID of one reference point to different records.",
            _REFERENCE,
            Effect.NOTE,
            "Always an error: the record is another paper than the one cited, so it is never used as "
            "evidence and the claims citing the reference are unverifiable.",
        ),
        Rule(
            "CC103",
            "reference-metadata-mismatch",
            _W,
            "Title, authors, journal, year, volume or pages in the bibliography differ from the record.",
            _REFERENCE,
            Effect.NOTE,
            "Always a warning: the record passed the identity check, so the entry names the right work "
            "with a wrong detail; what the article says of the work is checked all the same.",
        ),
        Rule(
            "CC104",
            "retracted",
            _E,
            "The cited record is retracted or has a retraction notice.",
            _REFERENCE,
            Effect.NOTE,
            "Always an error: a retracted work supports nothing, whatever its abstract says.",
        ),
        Rule(
            "CC105",
            "correction-notice",
            _W,
            "The cited record has an erratum, was corrected and republished, or has an expression of "
            "concern.",
            _REFERENCE,
            Effect.NOTE,
            "Always a warning: the work may still support the claim; the notice (named in the finding) "
            "says whether the corrected part is the one the article relies on.",
        ),
        Rule(
            "CC106",
            "uncited-reference",
            _W,
            "A listed reference is never cited in the text.",
            _ARTICLE,
            Effect.NOTE,
            "Always a warning: nothing the article says is wrong, but its reference list promises a "
            "source that no sentence uses.",
        ),
        Rule(
            "CC107",
            "unknown-citation",
            _E,
            "A citation marker or key points to no reference.",
            _ARTICLE,
            Effect.NOTE,
            "Always an error: a reader following the citation finds no work, and the claim citing it "
            "cannot be checked.",
        ),
        Rule(
            "CC108",
            "stale-claim",
            _W,
            "A curated claim's text is no longer in the article.",
            _ARTICLE,
            Effect.NOTE,
            "Always a warning, at the claim's line in the claims file: the stale text is not checked (the "
            "article as it is now is), and 'claimcheck extract' brings the file up to date.",
        ),
        Rule(
            "CC201",
            "journal-mismatch",
            _E,
            "The journal named in the text is not the record's journal.",
            _CLAIM,
            Effect.CONTRADICTS,
            "Always an error: the journal named matches none of the record's names (full title, ISO "
            "abbreviation, NLM abbreviation, or an abbreviation of one of them).",
        ),
        Rule(
            "CC202",
            "date-mismatch",
            _E,
            "A date in the text fits none of the record's dates.",
            _CLAIM,
            Effect.CONTRADICTS,
            "Always an error: the date, at the precision the text gives it, fits none of the record's "
            "print, electronic or PubMed history dates.",
        ),
        Rule(
            "CC203",
            "figure-mismatch",
            _E,
            "A number in the claim differs from the source's number for the same thing.",
            _CLAIM,
            Effect.CONTRADICTS,
            "An error when the source gives another number for the same thing (the same count noun, the "
            "same measure), or the opposite change; only a note (info) when the claim rounds, approximates "
            "or adds up the source's figures, or names what they count by a synonym.",
        ),
        Rule(
            "CC204",
            "figure-not-found",
            _W,
            "A claimed number appears nowhere in the available source text.",
            _CLAIM,
            Effect.CONTRADICTS,
            "A warning, and only once the abstract and the full text were both searched: absence is not "
            "contradiction. With the abstract alone it is CC303.",
        ),
        Rule(
            "CC205",
            "quote-altered",
            _E,
            "A quotation differs from the source.",
            _CLAIM,
            Effect.CONTRADICTS,
            "An error when words were added without [brackets], dropped without an ellipsis, or changed; "
            "only a note (info) when the quotation spells out an abbreviation the source defines.",
        ),
        Rule(
            "CC206",
            "quote-not-found",
            _W,
            "A quotation cannot be located in the source.",
            _CLAIM,
            Effect.CONTRADICTS,
            "A warning, and only once the abstract and the full text were both searched; with the "
            "abstract alone it is CC303.",
        ),
        Rule(
            "CC207",
            "affiliation-mismatch",
            _E,
            "The institution credited is not among the authors' affiliations.",
            _CLAIM,
            Effect.CONTRADICTS,
            "An error when no author lists the institution; only a note (info) when the authors list it "
            "under its former or later name (the renaming and its year are given).",
        ),
        Rule(
            "CC208",
            "design-mismatch",
            _E,
            "Study design, blinding, arms, sample or follow-up differ from the source.",
            _CLAIM,
            Effect.CONTRADICTS,
            "An error when the publication types or the text state another design (a review cited as a "
            "trial, double-blind cited as triple-blind, 12 months cited as 6); a warning when the full "
            "text was searched and never mentions the design (the methods may use other words).",
        ),
        Rule(
            "CC209",
            "author-mismatch",
            _E,
            "A person credited as author is not on the author list.",
            _CLAIM,
            Effect.CONTRADICTS,
            "Always an error: the person credited matches no author of the record by family name and, "
            "when the text gives one, first initial.",
        ),
        Rule(
            "CC210",
            "effect-direction-mismatch",
            _E,
            "The claim says a measure rose where the source says it fell, or a difference where it found "
            "none (and the reverse).",
            _CLAIM,
            Effect.CONTRADICTS,
            "An error when the source plainly reports the opposite direction, or no difference, for the "
            "same measure in the same group; a warning when the measure or the group is less certain.",
        ),
        Rule(
            "CC211",
            "population-mismatch",
            _E,
            "An animal, in-vitro or other-population study is cited as evidence about patients.",
            _CLAIM,
            Effect.CONTRADICTS,
            "An error when the record plainly studied animals, cells or another population than the one "
            "the claim speaks of; a warning when the population is only implied.",
        ),
        Rule(
            "CC301",
            "unsourced-statistic",
            _W,
            "A statistic or study result has no citation.",
            _ARTICLE,
            Effect.UNSOURCED,
            "Always a warning: the figure may well be right, but the reader cannot check it.",
        ),
        Rule(
            "CC302",
            "unsourced-quote",
            _W,
            "A quotation is attributed to a source that is not in the references.",
            _ARTICLE,
            Effect.UNSOURCED,
            "Always a warning: the quotation may be accurate, but its source cannot be checked.",
        ),
        Rule(
            "CC303",
            "source-text-unavailable",
            _I,
            "The claim needs text the record lacks (no abstract, or only in the full text).",
            _CLAIM,
            Effect.UNDECIDED,
            "Always a note (info): nothing is known to be wrong; the claim is unverifiable, and the "
            "finding says which text was missing and why no full text could be read.",
        ),
    )
}


def rule(code: str) -> Rule:
    """Look a rule up by code; an unknown code is a programming error, not user input."""
    return RULES[code]
