"""Links without a marker: a sentence that names a cited work's journal, author or institution.

A link is made only when exactly one reference fits; when several do, nothing is guessed and the
ambiguity is returned so that it can be reported to the editor.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from claimcheck.extract.names import NameMatch, SentenceNames

# Naming a person or an institution links only in a sentence about research ("research co-authored by
# Dr. Marc Darrow"), not in "a specialist like Dr. Marc Darrow can help you".
RESEARCH_CUE = re.compile(
    r"\b(?:stud(?:y|ies)|research\w*|reviews?|trials?|papers?|published|(?:co-?)?author(?:ed|s)?|investigators|"
    r"findings|found|report(?:s|ed)?|show(?:s|ed|n)?|data|analys[ie]s|survey|according|estimated?|statistics)\b",
    re.IGNORECASE,
)


# Words that open a sentence without changing what it is about ("However, the same trial ...").
_OPENING = (
    r"(?:(?:however|also|additionally|moreover|furthermore|overall|importantly|notably|interestingly|still|"
    r"yet|and|but|so|then|finally|in addition|in contrast|by contrast|in fact|at follow-up|at the end|"
    r"after \w+ (?:days|weeks|months|years))\s*,?\s+)*"
)
_WORK = (
    r"(?:study|studies|trial|trials|review|reviews|meta-analysis|analysis|survey|cohort|experiment|work|"
    r"paper|report|update|guideline|document|collection|sample|piece|pieces|journal|authors|researchers|"
    r"investigators|team|scientists)"
)
_PEOPLE = (
    r"(?:participants|subjects|volunteers|respondents|patients|people|adults|children|women|men|nurses|"
    r"workers|residents|students|mice|rats|groups?)"
)
# The text says a sentence is about the work just cited: it names it again with a determiner that points
# back ("the same trial", "that collection", "these patients", "the review's authors"), it opens with a
# pronoun for it ("They also ...", "It could not ...", "This was ..."), or it reports what the study's
# people or measures did ("Patients were followed up ...", "Scores were recorded ...").
_REFERS_BACK = (
    re.compile(
        rf"\b(?:the\s+same|this|that|these|those|both|each|neither|either)\s+(?:\w+\s+)?"
        rf"(?:{_WORK}|{_PEOPLE}|research)\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\bthe\s+(?:\w+(?:['\u2019]s)?\s+)?{_WORK}\b", re.IGNORECASE),
    re.compile(
        rf"^\W*{_OPENING}(?:they|their|it|its|he|she|his|her|(?:this|these|those)(?=\s+(?:was|were|is|are|"
        r"suggests?|shows?|showed|means?|included|found|confirms?|confirmed|indicates?|indicated|supports?)\b))\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^\W*{_OPENING}(?:(?:the|these|those|half\s+of\s+the|\d+%\s+of\s+the)\s+(?:\w+\s+)?)?"
        r"(?:participants|subjects|volunteers|respondents|patients|nurses|workers|residents|groups?|scores|"
        r"results|outcomes)\b[^.;]{0,60}?\b"
        r"(?:were|was|had|did|showed|reported|received|experienced|underwent|improved|fell|rose|dropped|"
        r"increased|decreased|lost|gained|took|used|needed|developed|recovered|\w+ed)\b",
        re.IGNORECASE,
    ),
)


# Inside the paragraph of a cited sentence, a report in the past tense goes on about the same work
# ("Moderate drinkers had a 15% lower risk"); advice and general statements are in the present (or the
# present perfect: "Most people have never had it measured"), and the writer's own experience is no
# report of the study ("Our own clinic saw 11 cases").
_PAST_REPORT = re.compile(
    r"^\W*(?!(?:we|our|i|my|in\s+our)\b)(?:(?!(?:have|has|had)\b)\S+\s+){0,8}?(?:was|were|had|did|gave|found|showed|took|saw|fell|rose|grew|led|"
    r"lost|kept|got|"
    r"made|went|came|became|began|ran|ate|drank|slept|left|\w{3,}ed)\b",
    re.IGNORECASE,
)


_TWO_WORKS = re.compile(r"\b(?:both|the\s+two|these\s+two)\b", re.IGNORECASE)


def refers_to_two(sentence: str) -> bool:
    """ "Both pieces appeared in ...", "The two trials agree": the two works cited last."""
    return _TWO_WORKS.search(sentence) is not None


@functools.lru_cache(maxsize=4096)  # asked of every uncited sentence of a long page, many repeated
def refers_back(sentence: str, *, same_paragraph: bool = False) -> bool:
    """Whether the sentence itself says it is about the work cited just before it; in the cited
    sentence's own paragraph (or the list right after it) a past-tense report says so too."""
    if any(pattern.search(sentence) for pattern in _REFERS_BACK):
        return True
    return same_paragraph and _PAST_REPORT.search(sentence) is not None


@dataclass(frozen=True)
class Link:
    """The references a sentence cites and why (the text of ``Claim.link``)."""

    keys: tuple[str, ...]
    reason: str


def remember_institutions(
    cited: Iterable[tuple[Iterable[str], tuple[str, ...]]],
) -> dict[str, tuple[str, ...]]:
    """Institutions named in sentences that cite exactly one work, mapped to the works they were named with.

    ``cited`` gives, per citing sentence, the institutions it names and the works it cites. An
    institution named with two different works maps to both, which makes a later link ambiguous.
    """
    memory: dict[str, tuple[str, ...]] = {}
    for named, keys in cited:
        if len(keys) != 1:
            continue
        for institution in named:
            known = memory.get(institution, ())
            if keys[0] not in known:
                memory[institution] = (*known, keys[0])
    return memory


def link_by_name(
    sentence: str, names: SentenceNames, institutions: dict[str, tuple[str, ...]]
) -> tuple[Link | None, list[str]]:
    """The link a sentence makes by naming a work, and messages about names that fit several works."""
    ambiguous: list[str] = []
    candidates: list[tuple[NameMatch, str]] = []
    if names.journal:
        candidates.append((names.journal, f"names the journal {names.journal.written}"))
    if RESEARCH_CUE.search(sentence):
        for author in names.authors:
            candidates.append((author, f"names author {author.written.split()[-1]}"))
        for institution, keys in institutions.items():
            if names.names_institution(institution):
                candidates.append((NameMatch(institution, keys), f"names institution {institution}"))
    for match, reason in candidates:
        if len(match.keys) == 1:
            return Link(match.keys, reason), ambiguous
        ambiguous.append(f"'{match.written}' fits {', '.join(match.keys)}: not linked")
    return None, ambiguous
