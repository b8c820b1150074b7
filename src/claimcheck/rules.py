"""The rule catalogue: every rule's code, name, default severity and help, in one place.

Checkers, reports (SARIF ``rules[]``, JUnit, HTML filters) and the configuration's ``ignore``
list all read this table; adding a rule is one row here and one function in ``checks/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.model import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str

    @property
    def help_uri(self) -> str:
        return f"https://claimcheck.readthedocs.io/en/latest/rules/#{self.code.lower()}"


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("CC101", "reference-not-found", _E, "An identifier or citation resolves to no PubMed record."),
        Rule(
            "CC102",
            "identifier-conflict",
            _E,
            "DOI, PMID and PMCID of one reference point to different records.",
        ),
        Rule(
            "CC103",
            "reference-metadata-mismatch",
            _W,
            "Title, authors, journal, year, volume or pages in the bibliography differ from the record.",
        ),
        Rule("CC104", "retracted", _E, "The cited record is retracted or has a retraction notice."),
        Rule(
            "CC105",
            "correction-notice",
            _W,
            "The cited record has an erratum, was corrected and republished, or has an expression of "
            "concern.",
        ),
        Rule("CC106", "uncited-reference", _W, "A listed reference is never cited in the text."),
        Rule("CC107", "unknown-citation", _E, "A citation marker or key points to no reference."),
        Rule("CC108", "stale-claim", _W, "A curated claim's text is no longer in the article."),
        Rule("CC201", "journal-mismatch", _E, "The journal named in the text is not the record's journal."),
        Rule("CC202", "date-mismatch", _E, "A date in the text fits none of the record's dates."),
        Rule(
            "CC203",
            "figure-mismatch",
            _E,
            "A number in the claim differs from the source's number for the same thing.",
        ),
        Rule(
            "CC204", "figure-not-found", _W, "A claimed number appears nowhere in the available source text."
        ),
        Rule("CC205", "quote-altered", _E, "A quotation differs from the source."),
        Rule("CC206", "quote-not-found", _W, "A quotation cannot be located in the source."),
        Rule(
            "CC207",
            "affiliation-mismatch",
            _E,
            "The institution credited is not among the authors' affiliations.",
        ),
        Rule(
            "CC208",
            "design-mismatch",
            _E,
            "Study design, blinding, arms, sample or follow-up differ from the source.",
        ),
        Rule("CC209", "author-mismatch", _E, "A person credited as author is not on the author list."),
        Rule(
            "CC210",
            "effect-direction-mismatch",
            _E,
            "The claim says a measure rose where the source says it fell, or a difference where it found "
            "none (and the reverse).",
        ),
        Rule(
            "CC211",
            "population-mismatch",
            _E,
            "An animal, in-vitro or other-population study is cited as evidence about patients.",
        ),
        Rule("CC301", "unsourced-statistic", _W, "A statistic or study result has no citation."),
        Rule(
            "CC302",
            "unsourced-quote",
            _W,
            "A quotation is attributed to a source that is not in the references.",
        ),
        Rule(
            "CC303",
            "source-text-unavailable",
            _I,
            "The claim needs text the record lacks (no abstract, or only in the full text).",
        ),
    )
}


def rule(code: str) -> Rule:
    """Look a rule up by code; an unknown code is a programming error, not user input."""
    return RULES[code]
