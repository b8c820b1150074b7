"""Links without a marker: a sentence that names a cited work's journal, author or institution.

A link is made only when exactly one reference fits; when several do, nothing is guessed and the
ambiguity is returned so that it can be reported to the editor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimcheck.extract.names import (
    NameMatch,
    find_authors,
    find_institutions,
    find_journals,
    names_institution,
)
from claimcheck.model import Reference

# Naming a person or an institution links only in a sentence about research ("research co-authored by
# Dr. Marc Darrow"), not in "a specialist like Dr. Marc Darrow can help you".
RESEARCH_CUE = re.compile(
    r"\b(?:stud(?:y|ies)|research\w*|reviews?|trials?|papers?|published|(?:co-?)?author(?:ed|s)?|investigators|"
    r"findings|found|report(?:s|ed)?|show(?:s|ed|n)?|data|analys[ie]s|survey|according|estimated?|statistics)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Link:
    """The references a sentence cites and why (the text of ``Claim.link``)."""

    keys: tuple[str, ...]
    reason: str


def remember_institutions(cited: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    """Institutions named in sentences that cite exactly one work, mapped to the works they were named with.

    An institution named with two different works maps to both, which makes a later link ambiguous.
    """
    memory: dict[str, tuple[str, ...]] = {}
    for sentence, keys in cited:
        if len(keys) != 1:
            continue
        for institution in find_institutions(sentence):
            known = memory.get(institution, ())
            if keys[0] not in known:
                memory[institution] = (*known, keys[0])
    return memory


def link_by_name(
    sentence: str, references: Sequence[Reference], institutions: dict[str, tuple[str, ...]]
) -> tuple[Link | None, list[str]]:
    """The link a sentence makes by naming a work, and messages about names that fit several works."""
    ambiguous: list[str] = []
    journal = find_journals(sentence, references)
    candidates: list[tuple[NameMatch, str]] = []
    if journal:
        candidates.append((journal, f"names the journal {journal.written}"))
    if RESEARCH_CUE.search(sentence):
        for author in find_authors(sentence, references):
            candidates.append((author, f"names author {author.written.split()[-1]}"))
        for institution, keys in institutions.items():
            if names_institution(sentence, institution):
                candidates.append((NameMatch(institution, keys), f"names institution {institution}"))
    for match, reason in candidates:
        if len(match.keys) == 1:
            return Link(match.keys, reason), ambiguous
        ambiguous.append(f"'{match.written}' fits {', '.join(match.keys)}: not linked")
    return None, ambiguous
