"""Arms: the groups a trial report labels once and then gives its figures by.

A report defines each arm by a label ("group IA received 0.25% bupivacaine and clonidine
intra-articularly", "laser-assisted surgery (study group) or phacoemulsification (control group)") and
then gives figures by label ("546.90 min in group NB", "234.90 and 172.20 min in groups IA and C,
respectively", "0.43% versus 0.18%" between "the 2 groups", in the order they were named). A claim names
an arm by its defining words ("intra-articular clonidine"), not by its label; a source figure of another
arm is then no support for it.

``labelled_definitions`` is the one reader of labels: the figures checker takes each arm's own words from
it (``defined_arms``: the words nearest a label in brackets), the rankings vocabulary all that each group
was given (``rankings.labelled_groups``: "bupivacaine, clonidine and fentanyl (group BCF)").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimcheck.vocabulary.effects import sentences
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
# "femtosecond laser-assisted cataract surgery (study group) or phacoemulsification (control group)",
# "bupivacaine and clonidine 75 ug (group BC)", "... alone (BS group)"
_LABEL_AFTER = re.compile(
    rf"\(\s*(?:the\s+)?(?:(?P<named>\w+)\s+{_ARM}|{_ARM}\s+(?P<label>{_LABEL}))\s*\)", re.IGNORECASE
)
# Where the first labelled group's definition starts: after "to receive", "given", a colon.
_DEFINITION_OPENS = re.compile(r"(?:\b(?:receive|received|receiving|given|either)\b|:)\s*", re.IGNORECASE)
# The clause nearest a label: what the words before it end with, after the last break ("0.5 ml (group BS),
# intrathecal bupivacaine 7.5 mg, and fentanyl 25 ug (group BF)": "fentanyl 25 ug").
_NEAREST_CLAUSE = re.compile(r"(?:[^,;:.()]|\.(?=\d)){1,80}$")
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
class Definition:
    """A group a report labels, as written: its label ("BC", "IA", "study"), what it was given, and where
    the label stands; ``before`` when the definition comes before its label in brackets."""

    label: str
    given: str
    at: int
    before: bool


@functools.lru_cache(maxsize=256)  # every claim citing a source reads its groups
def labelled_definitions(text: str) -> tuple[Definition, ...]:
    """Every group ``text`` defines by a label, in the order of the labels: "group IA received 0.25%
    bupivacaine ..." (what follows the label), and "to receive bupivacaine plus saline (group BS),
    bupivacaine and clonidine (group BC)" (all that comes before each label in its sentence, from the
    word that opens the definitions or the label before)."""
    found = [
        Definition(match["label"], match["words"], match.start("label"), before=False)
        for match in _DEFINED_AFTER.finditer(text)
    ]
    for start, end in sentences(text):
        sentence = text[start:end]
        opened = 0
        for number, match in enumerate(_LABEL_AFTER.finditer(sentence)):
            if number == 0:
                opens = list(_DEFINITION_OPENS.finditer(sentence, 0, match.start()))
                opened = opens[-1].end() if opens else 0
            label, given = match["named"] or match["label"], sentence[opened : match.start()]
            found.append(Definition(label, given, start + match.start(), before=True))
            opened = match.end()
    return tuple(sorted(found, key=lambda definition: definition.at))


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
    arms: dict[str, Arm] = {}
    for definition in labelled_definitions(text):
        keys = _keys(definition.given) if not definition.before else _own_keys(definition.given)
        if keys:
            arms.setdefault(definition.label.lower(), Arm(definition.label.lower(), keys))
    return tuple(arms.values()) if len(arms) >= 2 else ()


def _own_keys(given: str) -> frozenset[str]:
    """The words nearest a label in brackets that name its arm's own treatment: the clause before it, after
    its last "and", "or", "with" ... ("bupivacaine 7.5 mg, and fentanyl 25 ug (group BF)": fentanyl)."""
    nearest = _NEAREST_CLAUSE.search(given.rstrip())
    if nearest is None:
        return frozenset()
    tokens = word_tokens(_BEFORE_STOP.sub("", nearest.group()))[-_MAX_DEFINING_WORDS:]
    return frozenset(key for token in tokens if (key := context_key(token.word)))


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
