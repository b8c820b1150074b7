"""Arms: the groups a trial report labels once and then gives its figures by.

A report defines each arm by a label ("group IA received 0.25% bupivacaine and clonidine
intra-articularly", "laser-assisted surgery (study group) or phacoemulsification (control group)") and
then gives figures by label ("546.90 min in group NB", "234.90 and 172.20 min in groups IA and C,
respectively", "0.43% versus 0.18%" between "the 2 groups", in the order they were named). A claim names
an arm by its defining words ("intra-articular clonidine"), not by its label; a source figure of another
arm is then no support for it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimcheck.vocabulary.quantities import Quantity, context_key
from claimcheck.vocabulary.words import word_tokens

_LABEL = r"[A-Z][A-Za-z0-9]{0,3}"
_ARM = r"(?:group|arm)"
# "group IA received 0.25% bupivacaine ... intra-articularly, and group NB received ..."
_DEFINED_AFTER = re.compile(
    rf"\b{_ARM}\s+(?P<label>{_LABEL})\s+(?:received|was\s+given|were\s+given|underwent|got)\s+"
    rf"(?P<words>(?:[^.;]|\.(?=\d)){{1,200}}?)(?=,?\s*(?:and\s+)?{_ARM}\s+{_LABEL}\s|[.;](?!\d)|$)",
    re.IGNORECASE,
)
# "femtosecond laser-assisted cataract surgery (study group) or phacoemulsification (control group)"
_MAX_BEFORE_WORDS = 80  # characters
_BRACKETED_ARM = rf"\((?:the\s+)?(?:(?P<named>\w+)\s+{_ARM}|{_ARM}\s+(?P<label>{_LABEL}))\)"
_DEFINED_BEFORE = re.compile(
    rf"(?P<words>(?:[^,;:.()]|\.(?=\d)){{1,{_MAX_BEFORE_WORDS}}}?)\s*{_BRACKETED_ARM}", re.IGNORECASE
)
_ARM_BRACKET = re.compile(_BRACKETED_ARM, re.IGNORECASE)
_BEFORE_STOP = re.compile(r".*\b(?:or|and|versus|vs|had|received|underwent|with|to)\s+", re.IGNORECASE)
_MAX_DEFINING_WORDS = 6
_NAMING_WORDS = 2  # an arm's own words a claim must use to name it
# "... min in group NB", "... of eyes in the study group"
_OWNER_AFTER = re.compile(
    rf"\s*(?:\([^()]{{0,60}}\)\s*)*(?:(?:of|in)\s+(?:the\s+)?\w+\s+)?(?:in|for|with)\s+(?:the\s+)?"
    rf"(?:{_ARM}\s+(?P<label>{_LABEL})\b|(?P<named>\w+)\s+{_ARM}\b)",
    re.IGNORECASE,
)
# "... in groups IA, IT and C, respectively"
_OWNERS_LISTED = re.compile(
    rf"\s*(?:\([^()]{{0,60}}\)\s*)*(?:\w+\s+)?in\s+(?:the\s+)?groups?\s+(?P<labels>{_LABEL}(?:\s*,\s*{_LABEL})*"
    rf"\s*,?\s*(?:and|or)\s+{_LABEL})\s*,?\s*respectively",
    re.IGNORECASE,
)
_BOTH_GROUPS = re.compile(r"\b(?:the\s+)?(?:2|two|both)\s+(?:groups|arms)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Arm:
    """One labelled arm: its label as a key ("ia", "study") and the words that define it, as keys."""

    label: str
    words: frozenset[str]


def _keys(text: str) -> frozenset[str]:
    return frozenset(key for token in word_tokens(text) if (key := context_key(token.word)))


@functools.lru_cache(maxsize=256)
def defined_arms(text: str) -> tuple[Arm, ...]:
    """The arms ``text`` defines, in the order it names them; a label defined twice keeps its first (cached:
    every claim citing a source reads its arms)."""
    found: list[tuple[int, Arm]] = []
    for match in _DEFINED_AFTER.finditer(text):
        found.append((match.start(), Arm(match["label"].lower(), _keys(match["words"]))))
    for match in _defined_before(text):
        words = _BEFORE_STOP.sub("", match["words"])
        tokens = word_tokens(words)[-_MAX_DEFINING_WORDS:]
        label = (match["named"] or match["label"]).lower()
        keys = frozenset(key for token in tokens if (key := context_key(token.word)))
        if keys:
            found.append((match.start(), Arm(label, keys)))
    arms: dict[str, Arm] = {}
    for _, arm in sorted(found, key=lambda item: item[0]):
        arms.setdefault(arm.label, arm)
    return tuple(arms.values()) if len(arms) >= 2 else ()


def _defined_before(text: str) -> Iterator[re.Match[str]]:
    """What ``_DEFINED_BEFORE.finditer(text)`` finds, read only before a bracketed arm ("(study group)"): a
    scan that tries 80 characters of words at every offset of a long text costs a millisecond per record.
    A match's words hold no bracket, so it starts at most 80 characters (and the spaces) before its own."""
    position = 0
    while bracket := _ARM_BRACKET.search(text, position):
        opening = bracket.start()
        words_end = opening
        while words_end > position and text[words_end - 1].isspace():
            words_end -= 1
        match = _DEFINED_BEFORE.search(text, max(position, words_end - _MAX_BEFORE_WORDS), bracket.end())
        if match:
            yield match
        position = match.end() if match else opening + 1


def claimed_arm(arms: Sequence[Arm], words: frozenset[str]) -> str:
    """The label of the one arm whose own defining words (those no other arm shares) the claim uses most,
    at least two of them; "" when none or a tie: "intra-articular clonidine" names group IA, "clonidine"
    alone names none. One word is too little: "hernia repair" may be the whole trial's, though the source
    wrote "hernia" only in one arm's definition ("robot-assisted hernia repair ... or open repair")."""
    scores = []
    for arm in arms:
        others = frozenset().union(*(other.words for other in arms if other is not arm))
        scores.append((len((arm.words - others) & words), arm.label))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < _NAMING_WORDS or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return ""
    return scores[0][1]


def owners(text: str, quantities: Sequence[Quantity], arms: Sequence[Arm]) -> dict[int, str]:
    """The arm label each figure of ``text`` is given for, keyed by the figure's start: by the label after
    it ("in group NB"), by a list of labels after a series ("in groups IA, IT and C, respectively"), or,
    for two figures compared between "the 2 groups", by the order the arms were defined."""
    labels = {arm.label for arm in arms}
    owned: dict[int, str] = {}
    series: dict[int, list[Quantity]] = {}
    for quantity in quantities:
        if quantity.role not in ("", "share"):
            continue
        if quantity.series >= 0:
            series.setdefault(quantity.series, []).append(quantity)
        after = _OWNER_AFTER.match(text, quantity.end)
        label = (after["label"] or after["named"]).lower() if after else ""
        if label in labels:
            owned[quantity.start] = label
    for members in series.values():
        listed = _OWNERS_LISTED.match(text, members[-1].end)
        if listed:
            names = [
                name.lower()
                for name in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", listed["labels"])
            ]
            if len(names) == len(members):
                owned.update({member.start: name for member, name in zip(members, names) if name in labels})
            continue
        if len(members) == len(arms) == 2 and not any(member.start in owned for member in members):
            start = members[0].sentence[0]
            if _BOTH_GROUPS.search(text, start, members[0].start):
                owned.update({member.start: arm.label for member, arm in zip(members, arms)})
    return owned
