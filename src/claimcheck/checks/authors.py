"""CC209 author-mismatch: a person the article credits as an author must be on the record's author list.

A credited person ("Dr. Marc Darrow", "Darrow", "M. Darrow") matches an author whose family name is
the last words of the credited name, folded; when the article also gives a first name or an
initial, it must agree with the author's initials. Titles and degrees (Dr., Prof., MD, PhD) are
ignored. A collective author matches when the credited name is a phrase of it.

Passes (authors: Shaw B, Darrow M, Derian A)::

    Research co-authored by our own Dr. Marc Darrow shows ...

Fails with CC209 (same authors)::

    Research co-authored by Dr. Jane Smith shows ...
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, support
from claimcheck.model import Author, Passage
from claimcheck.textfold import fold

DECLARATION = Declaration(rules=("CC209",), reads=("authors",))

_HONORIFICS = frozenset(
    {"dr", "prof", "professor", "doctor", "mr", "mrs", "ms", "md", "phd", "jd", "msc", "mph"}
)


def _name_words(name: str) -> list[str]:
    return [word for word in fold(name).split() if word not in _HONORIFICS]


def is_author(credited: str, author: Author) -> bool:
    """True when the credited name designates ``author`` (family name, and first initial when given)."""
    words = _name_words(credited)
    if not words:
        return False
    if author.collective:
        return f" {' '.join(words)} " in f" {fold(author.collective)} "
    family = fold(author.family).split()
    if not family or words[-len(family) :] != family:
        return False
    given = words[: -len(family)]
    initials = fold(author.initials or author.given).replace(" ", "")
    return not given or not initials or given[0][0] == initials[0]


def check(context: ClaimContext) -> Iterator[Outcome]:
    """Find each credited person on the record's author list."""
    authors = context.record.authors
    if not authors:
        return
    author_list = ", ".join(author.short for author in authors)
    for credited in context.claim.authors:
        match = next((author for author in authors if is_author(credited, author)), None)
        if match is not None:
            passage = Passage(source="metadata", section="authors", text=author_list)
            yield support(context, claimed=credited, evidence=match.short, passage=passage)
            continue
        yield finding(
            "CC209",
            context,
            f"'{credited}' is not among the authors of PMID {context.record.pmid}",
            claimed=credited,
            found=author_list,
            evidence=author_list[:200],
        )
