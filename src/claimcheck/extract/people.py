"""People a sentence credits with the work it cites, whether or not the reference list names them.

"A study by Dr. Jane Smith [3]", "Smith et al. found", "lead author Jane Smith", "Smith and colleagues":
the credit is the claim (CC209 checks it against the cited record's authors). A person quoted about the
work is not credited with it ("Dr. Lee, who was not involved in the study, said"), nor is a name in a
sentence that has none of these constructions.
"""

from __future__ import annotations

import re

from claimcheck.vocabulary.prefilter import Prefiltered, fold_for_literals

_TITLE = r"(?:(?:our\s+own|our|their)\s+)?(?:(?:Dr|Prof|Professor)\.?\s+)?"
_PARTICLE = r"(?:\s+(?:van|von|der|den|del|de|da|di|la|le)\b){0,2}"
_WORD = r"[A-Z][a-zA-Z]*(?:['\u2019-][A-Z]?[a-z]+)*"  # "Smith", "O'Brien", "McDonald", "Smith-Jones"
_NAME = rf"{_WORD}(?:\s+[A-Z]\.)?{_PARTICLE}(?:\s+{_WORD}){{0,2}}"
# Each construction is scanned only where a sentence holds the words it cannot do without ("by",
# "author", "et"...): most sentences hold none of some.
_CREDITS = tuple(
    map(
        Prefiltered.of,
        (
            re.compile(
                r"\b(?i:led|written|conducted|authored|co-authored|coauthored|carried out)\s+by\s+"
                rf"{_TITLE}(?P<name>{_NAME})"
            ),
            re.compile(
                r"\b(?i:a|the|an)\s+(?:\w+\s+){0,3}(?i:study|trial|review|paper|analysis)\s+by\s+"
                rf"{_TITLE}(?P<name>{_NAME})"
            ),
            re.compile(
                rf"{_TITLE}(?P<name>{_NAME})\s+(?:et\s+al\b|and\s+(?:colleagues|co-?workers|co-?authors|"
                r"(?:his|her|their)\s+team))"
            ),
            re.compile(
                rf"\b(?i:lead|senior|first|corresponding|co-)\s*(?i:author),?\s+{_TITLE}(?P<name>{_NAME})"
            ),
            re.compile(
                rf"{_TITLE}(?P<name>{_NAME}),\s+(?:the\s+)?(?:study's\s+)?(?:lead|senior|first|corresponding)\s+author"
            ),
            re.compile(rf"{_TITLE}(?P<name>{_NAME})['\u2019]s\s+(?:team|group|lab|laboratory|study|trial)\b"),
            re.compile(
                rf"\b(?i:team|group)\s+(?i:under|of|led\s+by|headed\s+by)\s+{_TITLE}(?P<name>{_NAME})"
            ),
            re.compile(
                rf"\b(?i:its|the|their|whose|the\s+study's|the\s+paper's)\s+(?i:authors?),?\s+{_TITLE}(?P<name>{_NAME})"
            ),
            re.compile(
                rf"{_TITLE}(?P<name>{_NAME}),\s+who\s+(?:led|co-led|headed|ran|designed|wrote)\s+the\b"
            ),
        ),
    )
)
# "... by Wolfram Schummer and Matthias Bauer": every name of a list shares the credit.
_AND_NAME = re.compile(rf"\s*(?:,|,?\s+and|&)\s+{_TITLE}(?P<name>{_NAME})")
_NOT_THE_AUTHOR = re.compile(r"\bnot\s+(?:involved|part|an?\s+author|among\s+the\s+authors)\b", re.IGNORECASE)
_NOT_NAMES = frozenset({"The", "A", "An", "This", "That", "These", "Their", "Our", "In", "According"})
# Capitalized words that make a name an organisation's ("a study by Harvard University").
_ORGANISATION = re.compile(
    r"\b(?:University|Institute|Hospital|College|School|Center|Centre|Clinic|Foundation|Society|Association|"
    r"Agency|Department|Ministry|Council|Service|Services|Laboratory|Laboratories|Inc|Ltd|Company|Journal)\b"
)


def credited_people(sentence: str) -> tuple[str, ...]:
    """Names the sentence credits with authorship, as written ("Jane Smith", "Smith"), in text order."""
    if _NOT_THE_AUTHOR.search(sentence):
        return ()
    found: list[tuple[int, str]] = []
    folded = fold_for_literals(sentence)
    for credit in _CREDITS:
        for match in credit.finditer(sentence, folded):
            end = match.end("name")
            names = [(match.start("name"), match.group("name"))]
            while following := _AND_NAME.match(sentence, end):
                names.append((following.start("name"), following.group("name")))
                end = following.end("name")
            for start, name in names:
                name = name.strip()
                first = name.split()[0]
                if first not in _NOT_NAMES and not first.isupper() and not _ORGANISATION.search(name):
                    found.append((start, name))
    return tuple(dict.fromkeys(name for _, name in sorted(found)))
