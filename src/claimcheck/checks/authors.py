"""CC209 author-mismatch: a person the article credits as an author must be on the record's author list.

A credited person ("Dr. Marc Darrow", "Darrow", "M. Darrow", "Smith et al.") matches an author whose family
name ends the credited name, folded; when the article also gives a first name or an initial, it must agree
with the author's initials. Titles and degrees (Dr., Prof., MD, PhD) are ignored. Names are matched as
people write them: family name first ("Wang Li" for Li Wang), particles left out ("Berg" for van der Berg),
one half of a double family name ("García" for García López). A collective author matches when the credited
name is a phrase of it. The person is looked for on the work the sentence cites: a citation marker wins
over a name, so "Smith et al. [3]" is checked against reference 3 even when Smith wrote reference 5.

Severity says how sure we are: an error when the record's author list is there and names no one the
credited name can stand for (the source plainly lists other authors); a record without authors says
nothing, and no finding is made.

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


_PARTICLES = frozenset("van der den de la le du von di da del dos das ten ter al el bin ben".split())


def is_author(credited: str, author: Author) -> bool:
    """True when the credited name designates ``author`` (family name, and first initial when given)."""
    words = _name_words(credited)
    if not words:
        return False
    if author.collective:
        return f" {' '.join(words)} " in f" {fold(author.collective)} "
    family = fold(author.family).split()
    if not family:
        return False
    initials = fold(author.initials or author.given).replace(" ", "")
    return any(
        not given or not initials or given[0][0] == initials[0] for given in _given_names(words, family)
    )


def _given_names(words: list[str], family: list[str]) -> Iterator[list[str]]:
    """The given names the credited words leave once a reading of them as ``family`` is taken away."""
    if words[-len(family) :] == family:
        yield words[: -len(family)]  # "Marc Darrow", "Maria van der Berg"
    if words[: len(family)] == family and len(words) > len(family):
        yield words[len(family) :]  # "Wang Li": family name first
    core = [word for word in family if word not in _PARTICLES]
    if len(core) < len(family) and core and words[-len(core) :] == core:
        yield words[: -len(core)]  # "Berg" for "van der Berg"
    if len(core) > 1 and words[-1] in core:
        yield words[:-1]  # "Garcia" for "Garcia Lopez"


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
