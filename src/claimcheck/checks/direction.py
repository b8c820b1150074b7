"""CC210 effect-direction-mismatch: which way the cited study says a measure went.

A claim's effects ("EBNA-1 rose", "did not reduce pain compared with placebo", "blood pressure was higher
with ketamine") are read with the same grammar as the source (``claimcheck.vocabulary.effects``): a
direction (up, down, better, worse, some difference, none), a measure, the group it is said of and the
group it is compared with. Each is compared with the source's statements about the same measure, read
from the side of the claim's group ("higher in the CVVH group than in the SLED group" says SLED was lower),
in the abstract's results and conclusions, then in the full text's results. A claim is supported only
by a statement about its measure that goes its way; an abstract that never speaks of the measure leaves
it undecided (CC303), so the full text is read.

Severity says how sure we are: an error only when a results statement about the same measure plainly goes
the other way (a significant change the other way, or an explicit "no difference" against a claimed
change, or a significant difference against a claimed "no difference") and says so of the claim's group;
a statement about part of the measure, a trend that was not significant, a source that says both, or a
statement whose groups cannot be told apart is a warning; a source that never speaks of the measure is
CC303.

A claim that ranks groups or items ("sedation was lowest in the group given clonidine", "X was the most
common cause") is read as (item, measure, highest or lowest) by ``claimcheck.vocabulary.rankings``, like
the source's rankings ("the most frequent isolate was Y", "higher in group BC", labelled groups spelled
out). It is supported only by a source naming the same item at the same end of the same measure; CC210
when the source names another item at that end or the claim's item at the other (an error only when a
plain superlative of the whole measure says so and nothing agrees); CC303 when the source ranks nothing
of the measure and no sentence says what the claim says.

Passes (abstract: "Anti-EBNA-1 antibody levels fell significantly in the vitamin D group compared with
placebo (p = 0.02)")::

    Vitamin D lowered anti-EBNA-1 antibodies.

Fails with CC210 (same abstract)::

    In the trial, EBNA-1 antibodies rose.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from claimcheck import data
from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, support
from claimcheck.checks.statement import find_window, read_statement
from claimcheck.checks.text import excerpt
from claimcheck.model import Passage, Severity
from claimcheck.vocabulary.comparisons import figures_compared, table_comparisons
from claimcheck.vocabulary.effects import (
    BETTER,
    DIFFERENT,
    DOWN,
    NONE,
    OPPOSITE,
    PEOPLE,
    UP,
    WORSE,
    Effect,
    claim_effects,
    control_like,
    lower_is_better,
    orient,
    overlap,
    read_effects,
    sentences,
    stems,
    tracks_a_measure,
)
from claimcheck.vocabulary.numbers import SMALL
from claimcheck.vocabulary.populations import AGE, SEX, find_populations
from claimcheck.vocabulary.quantities import find_quantities
from claimcheck.vocabulary.rankings import (
    LOW,
    OTHER_END,
    Ranking,
    groups_given,
    item_relation,
    labelled_groups,
    matching,
    read_rankings,
    same_measure,
    words_of,
)
from claimcheck.vocabulary.words import meaning

DECLARATION = Declaration(rules=("CC210", "CC303"), reads=("effects",))

# Where a source reports its own results. Backgrounds, aims and methods speak of hopes and of other
# studies ("to test whether X reduces Y"; "earlier trials found that X reduced Y").
_NOT_RESULTS = re.compile(
    r"^(?:\d+\.?\s*)?(?:introduction|clinical perspective|perspective|background|aims?|objectives?|purpose|"
    r"rationale|context|importance|"
    r"methods?|materials?|design|setting|participants|interventions?|statistic|discussion|limitations?|"
    r"strengths|references|acknowledg|funding|conflict|competing|author|abbreviation|supplement|ethic|"
    r"trial registration|registration|keywords|data availability)",
    re.IGNORECASE,
)
_HYPOTHESIS = re.compile(
    r"\b(?:to (?:investigate|determine|assess|evaluate|examine|test|explore|compare|study|establish)|"
    r"we hypothesi[sz]ed|whether|aim(?:ed)? to|objective was|purpose of|designed to|expected to|"
    r"previous(?:ly)?|prior|earlier|other studies|has been (?:shown|reported)|et al)\b",
    re.IGNORECASE,
)
# "at 6 months" and "at 12 months" are two measures: a statement at another time does not decide a claim.
_TIME_POINT = re.compile(
    r"\b(?:at|after|by|over|within|during|for|until)\s+(?:the\s+)?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)[\s-]*"
    r"(day|week|month|year|hour|minute)s?\b",
    re.IGNORECASE,
)
# "During exposure" and "on the afternoon after exposure" are two periods, like two time points: a period of
# the day, or what the statement is said to be during, after or before ("after adjusting" is no period).
_PERIOD = re.compile(
    r"\b(?P<part>morning|afternoon|evening|night|nighttime|daytime|overnight)s?\b"
    r"|\b(?P<relation>during|after|before)\s+(?!adjust|controll|account|correct|\d)"
    r"(?P<event>[a-z]+(?:\s+[a-z]+){0,3})",
    re.IGNORECASE,
)
# Words between "after" and what it is after ("after just the first treatment" is after treatment).
_BEFORE_AN_EVENT = frozenset(
    "just only the a an first second third each every initial final last its their this that".split()
)
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_HEAD_PREPOSITIONS = frozenset({"of", "against", "in", "on", "for", "to"})
# Heads that count, rate or qualify what follows them: the source often names the thing alone.
_COUNTING_HEADS = frozenset(
    "risk odd incidence proportion frequency occurrence prevalence likelihood chance amount concentration "
    "severity intensity change difference improvement reduction increase decrease use need number rate "
    "percentage share time duration".split()
)
_COUNTED_AS = frozenset({"count", "level", "value", "titre", "titer"})  # "CD4 counts" is the CD4 measured
# A legend of abbreviations ("BP, blood pressure; GH, growth hormone") states no result.
_LEGEND = re.compile(r"(?:\b[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*,\s+[a-z][^;,]{2,60}[;.]\s*){3,}")
_CONTROL_DEFINED = re.compile(r"\bcontrol\s+(?:group|arm)\s*\((?P<given>[^()]{2,60})\)", re.IGNORECASE)
_ABBREVIATION = re.compile(r"\(([A-Za-z][\w-]{1,9})\)")
# One entry of a list of abbreviations: "PCS, physical component summary;", "MCS: Mental component summary;".
_GLOSSARY_ENTRY = re.compile(
    r"(?:^|(?<=[;.:]\s))\s*(?P<short>[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*)\s*[,:]\s+"
    r"(?P<words>[A-Za-z][^;,:.()\[\]]{2,60}?)\s*(?:\[[^\]]*\]\s*)?(?=[;.]|$)"
)
_GLOSSARY_LENGTH = 3  # entries that make a list of abbreviations, not a sentence with a colon
# Groups named by a letter: "treatment mechanical pump (Group M)", "Group A treated by conventional method".
_LETTER_AFTER = re.compile(
    r"(?P<words>(?:\b(?!(?i:to|into|or|and|the|a|an|of|with)\b)[^\W\d_][\w\u00ae-]*\s+){1,4})"
    r"\(\s*(?i:the\s+)?(?i:group)\s+(?P<letter>[A-Z])\s*\)"
)
_LETTER_BEFORE = re.compile(
    r"\b(?i:group)\s+(?P<letter>[A-Z])\b\s*[:,(]?\s*(?i:(?:was|were)\s+)?(?i:(?:treated|managed)\s+)?"
    r"(?i:by|with|received|receiving|given)\s+(?P<words>(?:[^\W\d_][\w\u00ae-]*\s*){1,4}?)(?=[,.;)]|\s+and\b|$)"
)
_GROUP_WORDS = frozenset({"group", "arm", "treatment", "treated", "patient", "divided", "into", "or"})
# "versus sitagliptin alone": a comparison with the claim's own treatment, alone.
_ALONE = re.compile(
    r"\b(?:versus|vs\.?|than|compared\s+(?:with|to)|relative\s+to)\s+(?P<arm>(?:[\w-]+\s+){1,4}?)alone\b",
    re.IGNORECASE,
)
# Something added to a treatment: "the addition of LNMMA to sitagliptin", "Exendin added to sitagliptin".
_COMBINED = re.compile(
    r"\baddition\s+of\s+(?P<added>[^,;()]{1,50}?)\s+to\s+(?P<base>[\w-]+(?:\s+[\w-]+)?)", re.IGNORECASE
)
# Words of a statement's subject that name no arm of their own ("the vaccinated group", "patients given").
_GENERIC_SUBJECT = frozenset(
    "vaccine vaccinated drug treatment therapy group arm patient participant received receiving given taking "
    "time stratifying intervention active dose".split()
)
_STRONG_WORDS = 3
_NOT_FIGURES = frozenset({"p", "interval", "spread", "money"})  # statistics said of a figure, not figures
_VERSUS = re.compile(r"\b(?:vs\.?|versus)(?!\w)", re.IGNORECASE)
_COMBINED_ARM = frozenset({"combination", "combined"})  # "the combination group": the arm given both
_CAPITALS = re.compile(r"\b[A-Z]{2,6}\b")  # "MRI", "BP": a claim's abbreviation
_BOTH_GROUPS = frozenset({"two", "both"})  # "between the two groups", "in both arms"
_BETWEEN_THE_GROUPS = re.compile(
    r"\bbetween\s+(?:the\s+|both\s+|all\s+)?(?:two\s+)?(?:groups|arms)\b", re.IGNORECASE
)
# "no difference was seen in X in both the groups": a difference, or none, said of the two groups together.
_DIFFERENCE_IN_BOTH = re.compile(r"\bin\s+both\s+(?:the\s+)?(?:groups|arms)\b", re.IGNORECASE)


def _rival_words() -> dict[str, frozenset[str]]:
    """Each qualifier of data/outcomes.toml [rivals] to the words it is told apart from."""
    rivals: dict[str, frozenset[str]] = {}
    for pair in data.load("outcomes")["rivals"]["pairs"]:
        for word in pair:
            rivals[word] = rivals.get(word, frozenset()) | (frozenset(pair) - {word})
    return rivals


_RIVALS = _rival_words()
_ASPECTS = frozenset(data.load("directions")["aspects"]["words"])
_GENERIC_TREATMENTS = frozenset().union(
    *(stems(word) for word in data.load("outcomes")["generic_treatments"]["words"])
)
_PEOPLE = frozenset().union(*(stems(word) for word in PEOPLE))
_TABLE_ROW = " | "  # how a table row's cells are joined in a passage (lookup.parse)
_SOURCE_RANK = {"abstract": 0, "metadata": 0, "fulltext": 1}


@dataclass(frozen=True)
class _Statement:
    """A source statement about the claimed measure, read from the claim's side, and what it says to it."""

    effect: Effect
    direction: str  # the statement's direction from the claim's group's side
    passage: Passage
    relation: str  # "agree" | "conflict"
    certain: bool
    covers: frozenset[int]  # the claimed measures (by index) it speaks of
    whole: frozenset[int]  # ... and those it names whole (every word, or three words of a long name)
    rank: int  # abstract before full text
    # ... of those, the ones it speaks of only with the help of its sentence: heard only where no
    # statement speaks of the measure by its own words
    around: frozenset[int] = frozenset()


def check(context: ClaimContext) -> Iterator[Outcome]:
    """One outcome per claimed effect whose measure the claim names, and per ranking it states."""
    abbreviations = _abbreviations(context.passages)
    ranked = read_rankings(context.claim.text)
    checked: set[Ranking] = set()
    for phrase in context.claim.effects:
        ranking = _claimed_ranking(context.claim.text, phrase, ranked)
        if ranking is not None:
            if ranking not in checked:
                checked.add(ranking)
                outcome = _check_ranking(context, phrase, ranking, abbreviations)
                if outcome is not None:
                    yield outcome
            continue
        claimed = _claimed_effect(context.claim.text, phrase)
        if claimed is not None and claimed.measure and not tracks_a_measure(claimed):
            yield _check_effect(context, phrase, claimed, abbreviations)


def _claimed_ranking(text: str, phrase: str, ranked: Sequence[Ranking]) -> Ranking | None:
    """The ranking a claimed phrase states ("Sedation was lowest in group C"), read within the whole
    sentence (an elliptical one borrows its verb: ", and infection the most common trigger")."""
    at = text.find(phrase)
    if at < 0:
        return next((r for r in read_rankings(phrase) if r.worded), None)
    return next((r for r in ranked if r.worded and r.start < at + len(phrase) and at < r.end), None)


def _claimed_effect(text: str, phrase: str) -> Effect | None:
    """The claim's statement that the phrase comes from, read within the whole sentence (for its groups)."""
    at = text.find(phrase)
    if at >= 0:
        for effect in claim_effects(text):
            if effect.start < at + len(phrase) and at < effect.end:
                return effect
    effects = claim_effects(phrase)
    return effects[0] if effects else None


def _abbreviations(passages: Sequence[Passage]) -> dict[str, frozenset[str]]:
    """Abbreviations a source defines ("hypercapnic ventilatory response (HCVR)"), to their words, and the
    groups it names by a letter ("mechanical pump (Group M)", "group B with Papacarie method": "#m", "#b"),
    to the words that tell each apart from the others ("method" names neither A nor B)."""
    found: dict[str, frozenset[str]] = {}
    letters: dict[str, frozenset[str]] = {}
    # A list of abbreviations spells each out whole; a definition in passing ("physical (PCS) and mental
    # component summary (MCS)") may take the wrong words before it.
    listed = [definition for passage in passages for definition in _glossary(passage.text)]
    for short, words in listed + [
        definition for passage in passages for definition in _defined(passage.text)
    ]:
        parts = stems(short)  # "SLED-BD" is read as "sled" and "bd"
        for part in parts:
            found.setdefault(part, words)
        # "the SLED group" may be the "SLED-BD" the source defines, whatever else "SLED" stands for
        for part in parts if len(parts) > 1 else ():
            found[part] |= words
    for passage in passages:
        for words in _controls(passage.text):
            found.setdefault("control", words)
        for letter, words in _lettered_groups(passage.text):
            letters.setdefault(letter, words)
    for letter, words in letters.items():
        others = frozenset().union(*(w for other, w in letters.items() if other != letter))
        if words - others:
            found.setdefault(letter, words - others)
    for passage in passages:
        for prefixed, short in _prefixed(passage.text):
            if short in found and prefixed != short:
                found[prefixed] = found.get(prefixed, frozenset()) | found[short]
    # A definition by another abbreviation ("human APCs (hAPCs)") holds that one's words too.
    return {short: _expanded(words, found) for short, words in found.items()}


_PREFIXED = re.compile(r"\b([a-z]{1,2})([A-Z]{2,}[a-z]?)s?\b")


@functools.lru_cache(maxsize=4096)
def _prefixed(text: str) -> tuple[tuple[str, str], ...]:
    """Abbreviations written with a species' or a kind's small letter before them ("hAPCs" and "sAPCs",
    human and swine APCs; "rhGH"), each as read (``stems``) with the abbreviation it carries."""
    return tuple(
        dict.fromkeys(
            (prefixed, short)
            for match in _PREFIXED.finditer(text)
            for prefixed in stems(match.group())
            for short in stems(match.group(2))
        )
    )


@functools.lru_cache(maxsize=4096)
def _lettered_groups(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    definitions = [(match.group("letter"), match.group("words")) for match in _LETTER_AFTER.finditer(text)]
    definitions += [(match.group("letter"), match.group("words")) for match in _LETTER_BEFORE.finditer(text)]
    return tuple(
        (f"#{letter.lower()}", words)
        for letter, named in definitions
        if (words := stems(named) - _GROUP_WORDS)
    )


def _with_aliases(group: frozenset[str], abbreviations: dict[str, frozenset[str]]) -> frozenset[str]:
    """A claim's group with the source's abbreviations for it: "the batch system" is the source's "SLED-BD"
    when the source defines "single-pass batch dialysis system (SLED-BD)"; a lettered group by one word
    that tells it apart ("the pump" is "Group M")."""
    return group | {
        short
        for short, words in abbreviations.items()
        if overlap(words, group) >= (1 if short.startswith("#") or _named_by_one_word(group - _PEOPLE) else 2)
    }


def _named_by_one_word(group: frozenset[str]) -> bool:
    """A group the claim names by one word of its own ("with sufentanil", "women with an epidural"): that
    word is enough to find the source's abbreviation for it ("sufentanil sublingual tablet system (SSTS)",
    "labor epidural (LE)"); "the control group" is not named by one of its own."""
    return len(group) == 1 and not control_like(group)


@functools.lru_cache(maxsize=4096)
def _controls(text: str) -> tuple[frozenset[str], ...]:
    """What a source says its control group was given ("a control group (inhalation of pure oxygen)"), so
    that "higher than in the control group" is said against a claim's "oxygen"."""
    return tuple(words for match in _CONTROL_DEFINED.finditer(text) if (words := stems(match.group("given"))))


@functools.lru_cache(maxsize=4096)  # one full text serves every claim that cites it
def _defined(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    definitions = []
    for match in _ABBREVIATION.finditer(text):
        short = match.group(1)
        initials = sum(1 for char in short if char.isupper())
        before = text[max(match.start() - 80, 0) : match.start()]
        if initials >= 2:
            # A small letter before a capital is an initial too: "SvO2", saturation of venous oxygen.
            inner = len(re.findall(r"[a-z](?=[A-Z])", short))
            words = _spelled_out(before, short) or " ".join(before.split()[-(initials + inner) :])
            definitions.append((short.lower(), stems(words)))
        elif initials == 1 and (named := _initial_and_word(before, short)):
            definitions.append((short.lower(), stems(named)))
    return tuple(definitions)


_INITIAL_AND_WORD = re.compile(r"([A-Z])([a-z]{3,})")


def _initial_and_word(before: str, short: str) -> str | None:
    """The words before a short name made of one word's initial and the start of another ("peak airway
    pressure (Ppeak)", "plateau pressure (Pplat)"): from the first of the two words on; None otherwise."""
    parts = _INITIAL_AND_WORD.fullmatch(short)
    if parts is None:
        return None
    words = before.split()[-4:]
    initial, start = parts.group(1).lower(), parts.group(2)
    named = [index for index, word in enumerate(words) if word.lower().startswith(start)]
    opened = [
        index for index, word in enumerate(words) if word[:1].lower() == initial and index not in named[:1]
    ]
    if not named or not opened:
        return None
    return " ".join(words[min(named[0], opened[0]) :])


def _spelled_out(before: str, short: str) -> str | None:
    """The words just before an abbreviation that spell it out, its letters found in them in order and
    its first letter opening a word ("forced expiratory volume in 1 second (FEV1)", not "in 1 second");
    None when they do not (the way of Schwartz and Hearst, 2003)."""
    letters = [char.lower() for char in short if char.isalpha()]
    text = " ".join(before.split()[-min(len(letters) + 5, 2 * len(letters)) :]).lower()
    at = len(text)
    for position, letter in enumerate(reversed(letters)):
        opening = position == len(letters) - 1
        at = text.rfind(letter, 0, at)
        while opening and at > 0 and text[at - 1].isalnum():
            at = text.rfind(letter, 0, at)
        if at < 0:
            return None
    return text[at:]


@functools.lru_cache(maxsize=4096)
def _glossary(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The abbreviations a list defines (a table's legend, an "Abbreviations" section): "PCS, physical
    component summary; MCS, mental component summary; ..."; an entry whose words do not begin with the
    abbreviation's first letter is no definition."""
    entries = [(match.group("short"), match.group("words")) for match in _GLOSSARY_ENTRY.finditer(text)]
    if len(entries) < _GLOSSARY_LENGTH:
        return ()
    return tuple(
        (short.lower(), words)
        for short, written in entries
        if written[0].lower() == short[0].lower() and (words := stems(written))
    )


@dataclass(frozen=True)
class _Claimed:
    """What a claimed effect is compared on: its measure, its sides, when and in whom."""

    effect: Effect
    measure: frozenset[str]  # with the source's abbreviations spelled out, the groups' words left out
    items: tuple[frozenset[str], ...]  # the measures it lists, each spelled out likewise
    heads: tuple[str | None, ...]  # the word each names its thing by ("antibody" of "antibodies against EBV")
    cores: tuple[frozenset[str], ...]  # each item without the words that say where or how it was measured
    own: tuple[frozenset[str], ...]  # each item in the claim's own words, before the source's are added
    qualifiers: frozenset[str]  # those words ("in the infarct border zone")
    groups: frozenset[str]  # every word of both groups
    intervention: frozenset[str]  # what tells the claim's group apart, with the source's abbreviations
    comparator: frozenset[str]
    times: frozenset[tuple[str, str]]  # "at 12 months"
    periods: frozenset[str]  # "afternoon", "after exposure"
    subgroups: frozenset[tuple[str, str]]  # "in women"
    abbreviations: dict[str, frozenset[str]]
    words: frozenset[str]  # every word of the claim's sentence
    shorts: frozenset[str]  # the abbreviations it writes in capitals ("MRI"), in small letters
    other_groups: frozenset[str]  # the groups its sentence's other statements are said of


def _claimed_on(
    context: ClaimContext, phrase: str, claimed: Effect, abbreviations: dict[str, frozenset[str]]
) -> _Claimed:
    claimed = _from_treatment_side(claimed)
    groups = _expanded(claimed.subject | claimed.reference, abbreviations)
    items = tuple(_without_groups(item, abbreviations, groups) for item in claimed.measures)
    qualifiers = _expanded(claimed.qualifiers, abbreviations) - groups
    # An item all of qualifiers ("mood, rated on a face scale") says how the others were measured.
    own = {item: (measure - groups) or measure for item, measure in zip(items, claimed.measures, strict=True)}
    kept = [item for item in items if item - qualifiers] or list(items)
    return _Claimed(
        effect=claimed,
        measure=frozenset().union(*items),
        items=tuple(kept),
        heads=tuple(_head(context.claim.text[claimed.start : claimed.end] or phrase, item) for item in kept),
        cores=tuple((item - qualifiers) or item for item in kept),
        own=tuple(own[item] for item in kept),
        qualifiers=qualifiers,
        groups=groups,
        # "CGM Sensor On" against "CGM Sensor Off arm" is "on" against "off".
        intervention=_with_aliases(claimed.subject - claimed.reference, abbreviations),
        comparator=_with_aliases(claimed.reference - claimed.subject, abbreviations),
        times=_time_points(context.claim.text[claimed.start : claimed.end] if claimed.end else phrase),
        periods=_periods(context.claim.text[claimed.start : claimed.end] if claimed.end else phrase),
        subgroups=_subgroups(context.claim.text),
        abbreviations=abbreviations,
        words=_expanded(stems(context.claim.text) | claimed.measure, abbreviations),  # "set in": onset
        shorts=frozenset(short.lower() for short in _CAPITALS.findall(context.claim.text)),
        other_groups=frozenset().union(
            *(e.subject | e.reference for e in claim_effects(context.claim.text) if e.start != claimed.start)
        ),
    )


def _head(text: str, item: frozenset[str]) -> str | None:
    """The word a measure of several words names its thing by, when a preposition says so ("antibodies
    against one Epstein-Barr virus protein": antibody); None for one word, for a name without one ("tumour
    apoptosis", whose words a source may order otherwise), or for a head that only counts or rates what
    follows ("risk of death", "odds of meeting the guideline")."""
    if len(item) < 2:
        return None
    outside = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)  # "(BSS)" repeats a name, it does not head it
    placed = [(_item_word(token, item), token.lower()) for token in _WORD.findall(outside)]
    first = next((index for index, (word, _) in enumerate(placed) if word), None)
    if first is None:
        return None
    following = placed[first + 1][1] if first + 1 < len(placed) else ""
    head = placed[first][0] if following in _HEAD_PREPOSITIONS else None
    return None if head in _COUNTING_HEADS else head


def _item_word(token: str, item: frozenset[str]) -> str | None:
    found = stems(token) & item
    return min(found) if found else None


def _without_groups(
    measure: frozenset[str], abbreviations: dict[str, frozenset[str]], groups: frozenset[str]
) -> frozenset[str]:
    """A measure spelled out, without the words of the claim's groups ("the propofol group ... the propofol
    infusion rate"), unless it is all group words: "the WL programme" names its group after the measure
    the source abbreviates ("weight loss (WL)")."""
    return (_expanded(measure, abbreviations) - groups) or measure


def _from_treatment_side(claimed: Effect) -> Effect:
    """A claim said from its control's side ("with placebo, pain was higher than with ketamine") turned to
    the treatment's ("pain was lower with ketamine"), the side sources report from."""
    if control_like(claimed.subject) and not control_like(claimed.reference) and claimed.reference:
        return replace(
            claimed,
            direction=OPPOSITE[claimed.direction],
            subject=claimed.reference,
            reference=claimed.subject,
        )
    return claimed


def _check_effect(
    context: ClaimContext, phrase: str, claimed: Effect, abbreviations: dict[str, frozenset[str]]
) -> Outcome:
    """Each measure the claim lists is decided by the source's statements about it; the claim holds when
    every one does, is contradicted when any one is."""
    on = _claimed_on(context, phrase, claimed, abbreviations)
    statements = [
        statement
        for passage, effect in _source_effects(on, context.passages)
        if (statement := _compared(on, effect, passage)) is not None
    ]
    decisions = [_decide(on, statements, index) for index in range(len(on.items))]
    mismatches = [decision for decision in decisions if isinstance(decision, _Mismatch)]
    if mismatches:
        worst = max(mismatches, key=lambda m: (m.severity.rank, m.statement.certain))
        return _mismatch(context, phrase, on.effect, worst.statement, worst.severity)
    supports = [decision for decision in decisions if isinstance(decision, _Statement)]
    if supports and len(supports) == len(decisions):
        return _support(context, phrase, supports)
    partly = next((d.partly for d in decisions if isinstance(d, _Undecided) and d.partly), None)
    return _undecided(context, phrase, on.effect, partly=partly)


def _source_effects(on: _Claimed, passages: Sequence[Passage]) -> Iterator[tuple[Passage, Effect]]:
    """The source's statements that may speak of the claimed measures, read from the claim's side: worded
    ones, then two groups' figures where no worded statement of the same sentence speaks of the measure,
    and table rows under their headers."""
    captions: dict[str, str] = {}  # a table's caption: the first passage of its section that is no row
    headers: dict[str, str] = {}
    for passage in passages:
        if _TABLE_ROW in passage.text:
            header = headers.setdefault(passage.section, passage.text)
            if header != passage.text and _reports_results(passage):
                title = f"{passage.section}: {captions.get(passage.section, '')}"
                for effect in table_comparisons(title, header, passage.text):
                    yield passage, _oriented(effect, on)
            continue
        captions.setdefault(passage.section, passage.text)
        words = _expanded(stems(passage.text), on.abbreviations) | _spelled_in(on.shorts, passage.text)
        if not _reports_results(passage) or not _may_name(on, words):
            continue
        worded = read_effects(passage.text, intervention=on.intervention, comparator=on.comparator)
        yield from ((passage, _by_role(_figured(effect, passage.text), on)) for effect in worded)
        said = {effect.sentence_start: effect.measure for effect in worded}
        for effect in figures_compared(passage.text):
            if not overlap(effect.measure, said.get(effect.sentence_start, frozenset())):
                yield passage, _oriented(effect, on)


def _figured(effect: Effect, text: str) -> Effect:
    """A significant difference said of two groups, named in that order and followed by their two figures
    ("in patients receiving LE as compared to those delivering without it (8.7% vs. 3.7%)"): the way the
    figures lie is the way the first group differs from the second."""
    if effect.direction != DIFFERENT or not effect.significant or not (effect.subject and effect.reference):
        return effect
    said = text[effect.start : _sentence_end(text, effect.end)]
    words = [stems(word) for word in _WORD.findall(said)]
    first_of = [index for index, word in enumerate(words) if word & effect.subject - effect.reference]
    second_of = [index for index, word in enumerate(words) if word & effect.reference - effect.subject]
    figures = [q for q in find_quantities(said) if q.unit and q.role not in _NOT_FIGURES]
    if not (first_of and second_of and first_of[0] < second_of[0]) or len(figures) != 2:
        return effect
    first, second = figures
    if (
        first.unit != second.unit
        or first.value == second.value
        or not _VERSUS.search(said[first.end : second.start])
    ):
        return effect
    return replace(effect, direction=UP if first.value > second.value else DOWN)


def _oriented(effect: Effect, on: _Claimed) -> Effect:
    return _by_role(orient(effect, on.intervention, on.comparator), on)


def _by_role(effect: Effect, on: _Claimed) -> Effect:
    """A statement said of a group the source names by its kind, given the side the claim's group takes."""
    return _by_combination(_by_kind(effect, on), on)


def _by_combination(effect: Effect, on: _Claimed) -> Effect:
    """A statement said of "the combination group" where the claim sets a treatment given alone against it
    given with another ("propofol alone" against "those who also received midazolam"): said of the arm
    that is not alone; one said of the control group where the claim speaks of a treatment alone and of
    nothing else: said of the claim's arm, the one an add-on was tried against."""
    if effect.reference or not effect.subject:
        return effect
    if "alone" in on.intervention and not on.comparator and control_like(effect.subject):
        return replace(effect, orientation=1)  # "with antiretroviral therapy alone": the trial's control arm
    if effect.orientation or not effect.subject & _COMBINED_ARM:
        return effect
    if "alone" in on.intervention and on.comparator:
        return replace(effect, orientation=-1)
    if "alone" in on.comparator and on.intervention:
        return replace(effect, orientation=1)
    return effect


def _by_kind(effect: Effect, on: _Claimed) -> Effect:
    """A claim that names its treatment only by its kind ("with the extract", "the device", "the
    programme") against a control or nothing: a source's statement said of a group that is no control,
    against a control or nothing, is said of the treatment ("higher following tongkat ali
    supplementation")."""
    if (
        effect.orientation
        or not on.intervention
        or not on.intervention <= _GENERIC_TREATMENTS
        or (on.comparator and not control_like(on.comparator))
        or not effect.subject
        or control_like(effect.subject)
        or (effect.reference and not control_like(effect.reference))
    ):
        return effect
    return replace(effect, orientation=1)


@dataclass(frozen=True)
class _Mismatch:
    statement: _Statement
    severity: Severity


@dataclass(frozen=True)
class _Undecided:
    partly: _Statement | None  # a statement about the measure that does not say plainly which way


def _decide(on: _Claimed, statements: Sequence[_Statement], item: int) -> _Statement | _Mismatch | _Undecided:
    """What the source's first-ranked statements about one claimed measure say of it: the supporting
    statement, a mismatch (an error only when plain, whole and uncontested), or nothing plain."""
    about = [s for s in statements if item in s.covers and item not in s.around] or [
        s for s in statements if item in s.covers
    ]
    if not about:
        return _Undecided(None)
    # A statement naming the measure whole before one naming part, and the abstract before the full text;
    # but where the first only lean against the claim, results that say it plainly and agree decide ("showed
    # the suitability of the device in reducing hypotension" against "no difference in hypotension (p=0.17)").
    first_rank = min(s.rank for s in about)
    plain = [s for s in about if s.certain and item in s.whole and s.rank > first_rank and _sided(s.effect)]
    leaning = [s for s in about if s.rank == first_rank]
    if plain and all(s.relation == "agree" for s in plain):
        if all(s.relation == "conflict" and not s.certain for s in leaning):
            about = plain
    part, rank = min((item not in s.whole, s.rank) for s in about)
    first = [s for s in about if (item not in s.whole, s.rank) == (part, rank)]
    agree = [s for s in first if s.relation == "agree"]
    conflict = [s for s in first if s.relation == "conflict"]
    whole_agree = [s for s in agree if item in s.whole]
    if whole_agree and not any(s.certain and item in s.whole for s in conflict):
        return max(whole_agree, key=lambda s: s.certain)
    if conflict and _more_like_the_claim(on, item, [s for s in about if s.rank == rank]):
        agreeing = [s for s in about if s.relation == "agree" and s.rank == rank]
        plainly = [s for s in agreeing if s.certain and item in s.whole]
        return plainly[0] if plainly else _Undecided(agreeing[0])
    # A source that also states the claimed direction (even naming the measure in part: "by
    # accelerometer ... increased odds" beside "on the questionnaire ... not at 6 months") says both.
    says_both = any(s.relation == "agree" and s.rank == rank for s in about)
    if conflict and all(item in s.around for s in about):
        # Statements that name the measure only with their sentence's help tell against it only plainly
        # and alone; otherwise they may be about another measure of the same sentence.
        conflict = [s for s in conflict if s.certain and not says_both]
    if conflict:
        chosen = max(conflict, key=lambda s: (s.certain, item in s.whole))
        sure = chosen.certain and item in chosen.whole and not says_both
        return _Mismatch(chosen, Severity.ERROR if sure else Severity.WARNING)
    return _Undecided((agree or first)[0])


def _more_like_the_claim(on: _Claimed, item: int, statements: Sequence[_Statement]) -> bool:
    """Whether the statements that agree plainly name what sets the claim's measure apart ("by accelerometer")
    and those that conflict name nothing of the claim's the agreeing ones do not: then the conflicting ones
    are about the measure taken otherwise ("on the questionnaire ... not at 6 months")."""
    qualifiers = on.words - on.items[item]
    agreeing = [s for s in statements if s.relation == "agree" and s.certain]
    conflicting = [s for s in statements if s.relation == "conflict"]
    if not agreeing or not conflicting:
        return False
    named_agreeing = frozenset().union(*(qualifiers & _sentence_words(s) for s in agreeing))
    named_conflicting = frozenset().union(*(qualifiers & _sentence_words(s) for s in conflicting))
    return bool(named_agreeing - named_conflicting) and named_conflicting <= named_agreeing


def _sentence_words(statement: _Statement) -> frozenset[str]:
    text = statement.passage.text
    return stems(text[statement.effect.sentence_start : _sentence_end(text, statement.effect.end)])


def _sided(effect: Effect) -> bool:
    """A statement said of one side, or comparing the groups ("no difference between the two groups")."""
    return effect.orientation != 0 or effect.comparative


def _may_name(on: _Claimed, words: frozenset[str]) -> bool:
    """A passage that names enough words of some claimed measure, or it by its head and names (a quick
    look before reading it)."""
    return any(overlap(item, words) >= _needed(item) for item in on.items + on.cores + on.own) or any(
        _by_name_and_head(item, head, words) for item, head in zip(on.items, on.heads, strict=True)
    )


def _needed(measure: frozenset[str]) -> int:
    """How many of a claimed measure's words a statement must name to be about it."""
    return max(1, math.ceil(0.6 * len(measure)))


def _reports_results(passage: Passage) -> bool:
    top = passage.section.split(">", 1)[0].strip()
    said = not _NOT_RESULTS.match(top) or "result" in top.lower()  # "Methods and Results" reports them too
    return said and not _LEGEND.search(passage.text)


def _time_points(text: str) -> frozenset[tuple[str, str]]:
    """("4", "week") for "at 4 weeks" and for "after four weeks"."""
    return frozenset(
        (str(SMALL.get(number.lower(), number)), unit.lower()) for number, unit in _TIME_POINT.findall(text)
    )


def _subgroups(text: str) -> frozenset[tuple[str, str]]:
    """The ages and sexes a text restricts itself to ("in the women taking part", "among children")."""
    return frozenset(
        (mention.population.axis, mention.population.value)
        for mention in find_populations(text)
        if mention.population.axis in (AGE, SEX)
    )


def _other_subgroup(claimed: frozenset[tuple[str, str]], statement: str) -> bool:
    """The claim is about one sex or age group and the statement only about another ("in men")."""
    found = _subgroups(statement)
    return any(
        {value for a, value in found if a == axis}
        and not {value for a, value in found if a == axis} & {value for a, value in claimed if a == axis}
        for axis in {axis for axis, _ in claimed}
    )


def _other_time(claimed: frozenset[tuple[str, str]], statement: str) -> bool:
    """The claim names a time point and the statement names only others."""
    found = _time_points(statement)
    return bool(claimed and found and not claimed & found)


def _periods(text: str) -> frozenset[str]:
    """ "afternoon" for "on the following afternoon", "after exposure" for "after the exposure"."""
    found = set()
    for match in _PERIOD.finditer(text):
        if match.group("part"):
            found.add(match.group("part").lower())
            continue
        event = next((w for w in match.group("event").lower().split() if w not in _BEFORE_AN_EVENT), None)
        if event and (words := stems(event)):
            found.add(" ".join((match.group("relation").lower(), *sorted(words))))
    return frozenset(found)


def _other_period(on: _Claimed, effect: Effect, passage: Passage) -> bool:
    """The claim names a period and the statement, or failing that the start of its sentence, names only
    others ("During exposure ..., with no significant difference" for a claim about the afternoon after)."""
    if not on.periods:
        return False
    found = _periods(passage.text[effect.start : effect.end]) or _periods(
        passage.text[effect.sentence_start : effect.start]
    )
    return bool(found and not on.periods & found)


def _expanded(words: frozenset[str], abbreviations: dict[str, frozenset[str]]) -> frozenset[str]:
    return words.union(*(abbreviations[word] for word in words if word in abbreviations))


def _compared(on: _Claimed, effect: Effect, passage: Passage) -> _Statement | None:
    """What one source statement says to the claim, or None when it is about something else."""
    claimed = on.effect
    spelled = _spelled_in(on.shorts, passage.text[effect.start : effect.end])
    found = [_without_groups(item, on.abbreviations, on.groups) | spelled for item in effect.measures]
    covers, whole, around, loose = set(), set(), set(), set()
    for index, item in enumerate(on.items):
        shared, words = max(((overlap(item, words), words) for words in found), default=(0, frozenset()))
        # About the measure only with the word it is named by: "EBV load" names the virus of "antibodies
        # against one Epstein-Barr virus protein", not the antibodies.
        head = on.heads[index]
        if _by_name_and_head(item, head, words):  # "N2 amplitude": "the amplitude of the N2 component"
            shared = len(item)
        if shared >= _needed(item - _unnamed_spellings(on, index, words)):
            headless = head is not None and not overlap(frozenset({head}), words)
            if headless or _rival(item, words) or _another_moment(item, words):
                continue
            covers.add(index)
            # Whole: every word, or three of a long name with no rival word, and no moment of its course
            # that the claim does not name ("the onset of the block").
            named = shared == len(item) or shared >= _STRONG_WORDS and not _rival(item, words)
            if named and not words & _ASPECTS - on.words:
                whole.add(index)
            elif not words & _ASPECTS - on.words and _named_before(item, words, effect, passage):
                loose.add(index)
        elif on.cores[index] != item or len(item) > 1:
            named_around = _named_around(on, index, effect, passage)
            if named_around is not None:
                covers.add(index)
                around.add(index)
                if named_around:
                    whole.add(index)
                elif _named_around(on, index, effect, passage, in_passage=True):
                    loose.add(index)
    if not covers or not _same_comparison(on, effect, passage):
        return None
    direction = OPPOSITE[effect.direction] if effect.orientation < 0 else effect.direction
    relation, certain = _relation(claimed, effect, direction, on.measure | effect.measure)
    if relation is None:
        return None
    if relation == "agree":
        # Where or how it was measured, said elsewhere in the passage, lets a statement agree whole; it never
        # makes one that goes the other way plain (the sentence may be about another test).
        whole |= loose
    rank = _SOURCE_RANK.get(passage.source, 1)
    # In a full text only the results say it plainly; captions and summaries paraphrase.
    results_like = passage.source != "fulltext" or "result" in passage.section.lower()
    # Plain only when the statement is said of the claim's groups, or neither names any.
    # "No difference" is the same from either side.
    sided = effect.orientation != 0 or not (effect.named_groups or claimed.named_groups) or direction == NONE
    # A measure carried over from an earlier sentence ("The score was lower") is read, not plainly said;
    # so is a statement that spans several time points ("at 12 months ... and at 6 months").
    several_times = len(_time_points(passage.text[effect.start : effect.end])) > 1
    certain = certain and sided and results_like and not effect.inherited and not several_times
    return _Statement(
        effect,
        direction,
        passage,
        relation,
        certain,
        frozenset(covers),
        frozenset(whole),
        rank,
        frozenset(around),
    )


def _another_moment(claimed: frozenset[str], found: frozenset[str]) -> bool:
    """ "How quickly the block set in" (its onset) is not decided by "the duration of the block": a claimed
    moment of a measure's course against a statement that does not name it."""
    moment = claimed & _ASPECTS
    return bool(moment) and not found & moment


def _spelled_in(shorts: frozenset[str], statement: str) -> frozenset[str]:
    """The claim's abbreviations a statement spells out, one word for each letter ("MRI" in "cardiac magnetic
    resonance imaging indices"): the claim uses the short name of what the source writes in full."""
    if not shorts:
        return frozenset()
    initials = "".join(word[0] for word in re.findall(r"[a-z]+", statement.lower()))
    return frozenset(short for short in shorts if short in initials)


def _by_name_and_head(item: frozenset[str], head: str | None, words: frozenset[str]) -> bool:
    """Whether a statement names a claimed measure by its head and every name with a digit in it ("N2
    amplitude" for "the amplitude of the N2 component of the brain's electrical response"): the rest of
    the claim's words describe what the name already says. A name with only a word that counts it ("CD4
    counts") is named by the name alone ("the difference in CD4")."""
    names = {word for word in item if any(char.isdigit() for char in word) and any(c.isalpha() for c in word)}
    if not names or overlap(frozenset(names), words) < len(names):
        return False
    if head is None:
        return item - names <= _COUNTING_HEADS | _COUNTED_AS
    return overlap(frozenset({head}), words) == 1


def _unnamed_spellings(on: _Claimed, index: int, words: frozenset[str]) -> frozenset[str]:
    """The words the source spells a claimed abbreviation out in, when a statement names none of them:
    the claim's "SF-36" is then one name the statement leaves out, not three words."""
    own = on.own[index]
    spellings = (on.abbreviations[word] - own for word in own if word in on.abbreviations)
    return frozenset().union(*(spelling for spelling in spellings if not overlap(spelling, words)))


def _named_around(
    on: _Claimed, index: int, effect: Effect, passage: Passage, *, in_passage: bool = False
) -> bool | None:
    """Whether a statement names the claimed measure with the help of its own sentence: None when it does
    not; False when it speaks of it (its measure names a word of the measure, and the sentence enough of
    the others: "salivary cortisol and testosterone ... increased testosterone status"); True when it
    names it whole (the measure's own words in the statement, however the statement parts them out to
    its groups, and where or how it was measured in its sentence: "improvements in the face scale for
    mood when rated by ...", or, ``in_passage``, in the passage)."""
    core = on.cores[index]
    measure = _expanded(effect.measure, on.abbreviations) - on.groups
    said = _expanded(effect.measure | effect.subject | effect.reference, on.abbreviations) - on.groups
    sentence = _expanded(stems(passage.text[effect.sentence_start : effect.end]), on.abbreviations)
    # By the measure's own words: an abbreviation spelled out ("OHIP-14", an oral health impact profile)
    # may be another measure of the same thing.
    in_measure = overlap(core, effect.measure - on.groups)
    qualified = overlap(on.qualifiers & on.items[index] or on.qualifiers, effect.measure)
    by_sentence = in_measure and overlap(core, sentence) >= _needed(core)
    by_statement = qualified and overlap(core, said) >= _needed(core)
    if not (by_sentence or by_statement):
        return None
    qualified = overlap(on.qualifiers, sentence) == len(on.qualifiers) or (
        in_passage and _qualified_in(on, passage, sentence)
    )
    return overlap(core, said) == len(core) and qualified and not _rival(core | on.qualifiers, measure)


def _named_before(item: frozenset[str], words: frozenset[str], effect: Effect, passage: Passage) -> bool:
    """Whether an earlier sentence of a statement's passage names the words of the claimed measure that the
    statement leaves out, with most of those it names and most of its own ("odds of meeting the recommended
    guideline of 150 min/week of physical activity" before "increased odds of meeting 150 min/week of
    physical activity at 6 months"): the statement names the measure again, shortened."""
    left_out, own = item - words, words - item
    before = passage.text[: effect.sentence_start]
    return bool(own) and any(
        overlap(left_out, named) == len(left_out)
        and overlap(item & words, named) >= _needed(item & words)
        and overlap(own, named) >= _needed(own)
        for start, end in _sentences(before)
        if not _rival(item, named := stems(before[start:end]))
    )


def _qualified_in(on: _Claimed, passage: Passage, sentence: frozenset[str]) -> bool:
    """Whether a statement's sentence names part of where or how the claim says its measure was taken
    ("irrespective of task") and its passage most of it ("on a task-switching test": "an untrained cue-based
    task switch paradigm"), with no rival; "time spent with overinflation" names none of "in the target
    range", however often its passage speaks of the target range."""
    named = _expanded(stems(passage.text), on.abbreviations)
    return (
        overlap(on.qualifiers, sentence) > 0
        and overlap(on.qualifiers, named) >= _needed(on.qualifiers)
        and not _rival(on.qualifiers, sentence)
    )


def _rival(claimed: frozenset[str], found: frozenset[str]) -> bool:
    """A statement naming most of a long measure but with the rival of one of its words: "mental component
    summary" for "physical component summary", another measure of the same family."""
    return any(_RIVALS.get(word, frozenset()) & found for word in claimed - found)


def _same_comparison(on: _Claimed, effect: Effect, passage: Passage) -> bool:
    """Whether a statement about the measure compares what the claim compares: the same time point, sex or
    age group, the same two groups (from either side), and a result rather than an aim or another study."""
    claimed = on.effect
    statement = passage.text[effect.start : effect.end]
    if _other_time(on.times, statement) or _other_subgroup(on.subgroups, statement):
        return False
    if _other_period(on, effect, passage):
        return False
    if _HYPOTHESIS.search(passage.text[effect.sentence_start : effect.end]):
        return False
    if _another_arm(on, effect, passage):
        return False
    if effect.within and claimed.reference:
        return False  # "fell in both groups" says nothing of one group against the other
    if _every_group(claimed, on) and effect.comparative and not effect.within:
        return False  # "rose in treated and untreated vertebrae alike" is no comparison of the two
    if (
        claimed.named_groups
        and effect.named_groups
        and effect.orientation == 0
        and not _between_both(on, effect, statement)
    ):
        return False  # about other groups ("in the 30 mg arm")
    if (
        claimed.reference
        and effect.reference
        and not effect.subject & _BOTH_GROUPS
        and not overlap(
            _expanded(effect.reference, on.abbreviations),
            claimed.reference | claimed.subject | on.intervention | on.comparator,
        )
    ):
        return False  # another comparison ("superior to terbutaline" for a claim against maintenance therapy)
    if effect.subject & effect.reference - on.words - _GENERIC_SUBJECT and not _names_both_sides(on, effect):
        return False  # two parts of one group the claim does not name ("between the first and second half")
    said_of = stems(statement)
    both = overlap(said_of, on.intervention) and overlap(said_of, on.comparator)
    if both and effect.direction != NONE and not effect.reference and not effect.comparative:
        return False  # "decreased in MBB, MM and SHE": a change within every group
    within_comparator = not effect.reference and effect.direction in (NONE, DIFFERENT)
    # A change, or none, within the comparator group says nothing of the difference.
    return not (effect.orientation < 0 and (not effect.comparative or within_comparator))


def _another_arm(on: _Claimed, effect: Effect, passage: Passage) -> bool:
    """A statement about an arm the claim does not speak of: something added to the claim's treatment
    ("the addition of LNMMA to sitagliptin had no effect", "versus sitagliptin alone"), or another arm
    that shares only a generic word with the claim's ("the Pfizer group" for a claim about the
    AstraZeneca vaccine, when the sentence names AstraZeneca apart)."""
    sentence = passage.text[effect.sentence_start : _sentence_end(passage.text, effect.end)]
    if "alone" not in on.comparator:
        for match in _ALONE.finditer(sentence):
            if overlap(stems(match.group("arm")), on.intervention):
                return True  # compared with the claim's own treatment, alone
    for match in _COMBINED.finditer(sentence[: effect.end - effect.sentence_start]):
        added, base = stems(match.group("added")), stems(match.group("base"))
        if overlap(base, on.intervention) and added and not overlap(added, on.words):
            return True
    if effect.orientation <= 0 or not effect.subject:
        return False
    # Said of the claim's side by a generic word only ("vaccine"), of a group of its own ("the Pfizer
    # group"), in a sentence that names the claim's group apart ("the AstraZeneca group").
    shared = {word for word in on.intervention if overlap(frozenset({word}), effect.subject)}
    named_apart = stems(sentence) & on.intervention - shared - _GENERIC_SUBJECT
    own = effect.subject - on.words - _GENERIC_SUBJECT
    if shared <= _GENERIC_SUBJECT and named_apart and own:
        return True
    # Said of a group the claim itself names elsewhere ("whereas older patients with lung cancer were less
    # likely to be"), not of this statement's ("older patients with melanoma").
    elsewhere = on.other_groups - on.groups - _GENERIC_SUBJECT
    return bool(named_apart and effect.subject & elsewhere)


def _sentence_end(text: str, end: int) -> int:
    """Where the sentence that a statement ending at ``end`` belongs to ends."""
    return next((stop for _, stop in _sentences(text) if stop >= end), len(text))


@functools.lru_cache(maxsize=4096)  # every claim on a source reads the same passages
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sentences(text))


def _every_group(claimed: Effect, on: _Claimed) -> bool:
    """A claim of a change in every group it names ("in both arms", "in treated and untreated vertebrae
    alike"), not of a difference between them."""
    return claimed.within or "alike" in on.groups


def _names_both_sides(on: _Claimed, effect: Effect) -> bool:
    """Whether what sets a statement's two sides apart names the claim's two groups, one each ("bone
    marrow-derived MSCs" against "adipose-derived MSCs" for bone marrow against fat-derived cells)."""
    own, other = effect.subject - effect.reference, effect.reference - effect.subject
    return bool(
        (overlap(own, on.intervention) and overlap(other, on.comparator))
        or (overlap(own, on.comparator) and overlap(other, on.intervention))
    )


def _between_both(on: _Claimed, effect: Effect, statement: str) -> bool:
    """A statement of no difference (or of some) that names both the claim's groups ("similar for SSTS
    and placebo"): the same from either side."""
    named = effect.subject | effect.reference
    if effect.direction in (NONE, DIFFERENT) and named & _BOTH_GROUPS:
        return True  # "did not differ between the two groups"
    if effect.direction in (NONE, DIFFERENT) and _BETWEEN_THE_GROUPS.search(effect.cue + " " + statement):
        return True  # "no difference in apoptotic index in tumour tissue ... between the groups"
    if (
        effect.direction in (NONE, DIFFERENT)
        and "differ" in effect.cue
        and _DIFFERENCE_IN_BOTH.search(statement)
    ):
        return True  # "no statistical difference was seen in microbial growth ... in both the groups"
    return (
        effect.direction in (NONE, DIFFERENT)
        and bool(on.intervention)
        and bool(on.comparator)
        and overlap(named, on.intervention) > 0
        and overlap(named, on.comparator) > 0
    )


def _relation(
    claimed: Effect, effect: Effect, direction: str, measure: frozenset[str]
) -> tuple[str | None, bool]:
    """("agree" | "conflict" | None, plainly): the claimed direction against the source's, same side."""
    said, found = _on_one_scale(claimed.direction, measure), _on_one_scale(direction, measure)
    if effect.figures and effect.significant is None:
        # Two figures without a test say which way they lie, not that the groups differed.
        return ("agree", False) if said == found else (None, False)
    trend = effect.significant is False and found not in (NONE,)
    if said == NONE:
        if found == NONE or trend:
            return "agree", True
        return "conflict", effect.significant is True
    if found == NONE or trend:
        # The source found no difference (or a trend it did not call significant) where the claim says one.
        return "conflict", not trend
    if said == DIFFERENT or found == DIFFERENT:
        return ("agree", False) if said == DIFFERENT else (None, False)
    if said == found:
        return "agree", True
    if OPPOSITE[said] == found:
        return "conflict", effect.significant is not False
    return None, False  # "improved" against "rose" for a measure whose better way is unknown


def _on_one_scale(direction: str, measure: frozenset[str]) -> str:
    """Better and worse as up and down when the measure says which way is better ("pain": down)."""
    if direction in (BETTER, WORSE) and lower_is_better(measure):
        return DOWN if direction == BETTER else UP
    return direction


def _support(context: ClaimContext, phrase: str, statements: Sequence[_Statement]) -> Outcome:
    """Support with every deciding span (one per statement, in the order of the claimed measures)."""
    unique = list(dict.fromkeys(statements))
    spans = [excerpt(s.passage.text, s.effect.start, s.effect.end, limit=240) for s in unique]
    return support(
        context, claimed=phrase, evidence=" \u2026 ".join(dict.fromkeys(spans)), passage=unique[0].passage
    )


def _mismatch(
    context: ClaimContext, phrase: str, claimed: Effect, statement: _Statement, severity: Severity
) -> Outcome:
    span = excerpt(statement.passage.text, statement.effect.start, statement.effect.end, limit=240)
    found = statement.effect.cue + (" (not significant)" if statement.effect.significant is False else "")
    return finding(
        "CC210",
        context,
        f"the text says '{phrase}' ({_WORDS[claimed.direction]}), but the source reports "
        f"'{found}' ({_WORDS[statement.direction]})",
        claimed=phrase,
        found=found,
        evidence=span,
        passage=statement.passage,
        severity=severity,
    )


def _undecided(
    context: ClaimContext, phrase: str, claimed: Effect, partly: _Statement | None = None
) -> Outcome:
    """Nothing in the source says which way this measure went (CC303: the full text may)."""
    what = " ".join(sorted(claimed.measure))
    searched = [p for p in context.passages if _reports_results(p)] or list(context.passages)
    if partly is not None:
        evidence = excerpt(partly.passage.text, partly.effect.start, partly.effect.end, limit=160)
        reason = f"the source speaks of {what} without saying plainly which way it went"
    elif searched:
        evidence = "searched: " + excerpt(searched[0].text, 0, 0, limit=80) + " \u2026"
        reason = f"the source's results do not say how {what} changed"
    else:
        evidence = "record has no abstract"
        reason = f"PMID {context.record.pmid} has no abstract to say how {what} changed"
    read_full_text = any(p.source == "fulltext" for p in context.passages)
    return finding(
        "CC303",
        context,
        reason + ("" if read_full_text else "; the full text was not available"),
        claimed=phrase,
        found="abstract and full text" if read_full_text else "abstract only",
        evidence=evidence,
        passage=partly.passage if partly else (searched[0] if searched else None),
    )


_WORDS = {
    UP: "a rise",
    DOWN: "a fall",
    BETTER: "an improvement",
    WORSE: "a worsening",
    DIFFERENT: "a difference",
    NONE: "no difference",
}


# ------------------------------------------------------------------------------------------- rankings


@dataclass(frozen=True)
class _Ranked:
    """A source's ranking of the claimed measure, and what it says to the claim's."""

    ranking: Ranking
    passage: Passage
    relation: str  # "agree" | "conflict"
    plain: bool  # a superlative about the whole measure, not hedged, in the results


def _check_ranking(
    context: ClaimContext, phrase: str, claimed: Ranking, abbreviations: dict[str, frozenset[str]]
) -> Outcome | None:
    """A claimed ranking ("Sedation was lowest in the group given clonidine") against the source's rankings
    of the same measure: supported when one names the same item at the same end; CC210 when one names
    another item at that end, or the claim's item at the other end (an error only when it says so plainly
    and nothing in the source agrees). When the source ranks nothing of the measure: support where one of
    its sentences says what the claim says, in the statement checker's words ("the most common" with no
    rival between); else nothing when the claim asserts more that other checkers decide (a figure), and
    CC303 when it asserts only the ranking."""
    labels: dict[str, frozenset[str]] = {}
    for passage in context.passages:
        for label, words in labelled_groups(passage.text):
            labels.setdefault(label, words)
    ranked = [
        said
        for passage in context.passages
        if _reports_results(passage)
        for found in read_rankings(passage.text)
        if (said := _ranked(claimed, found, passage, abbreviations, labels)) is not None
    ]
    agree = [r for r in ranked if r.relation == "agree" and r.ranking.superlative and not r.ranking.hedged]
    conflict = [r for r in ranked if r.relation == "conflict"]
    if agree and not any(r.plain for r in conflict):
        first = agree[0]
        span = excerpt(first.passage.text, first.ranking.start, first.ranking.end, limit=240)
        return support(context, claimed=phrase, evidence=span, passage=first.passage)
    if conflict:
        chosen = max(conflict, key=lambda r: (r.plain, -_SOURCE_RANK.get(r.passage.source, 1)))
        sure = chosen.plain and not agree
        reported = excerpt(chosen.passage.text, chosen.ranking.start, chosen.ranking.end, limit=120)
        return finding(
            "CC210",
            context,
            f"the text says '{phrase}', but the source reports '{reported}'",
            claimed=phrase,
            found=reported,
            evidence=excerpt(chosen.passage.text, chosen.ranking.start, chosen.ranking.end, limit=240),
            passage=chosen.passage,
            severity=Severity.ERROR if sure else Severity.WARNING,
        )
    claim = context.claim
    worded = read_statement(claim.text)
    window = next(((p, w) for p in context.passages if worded and (w := find_window(worded, p))), None)
    if window is not None:
        return support(context, claimed=phrase, evidence=window[1], passage=window[0])
    if replace(claim, effects=tuple(p for p in claim.effects if p != phrase)).asserts_something:
        return None
    read_full_text = any(p.source == "fulltext" for p in context.passages)
    searched = [p for p in context.passages if _reports_results(p)] or list(context.passages)
    return finding(
        "CC303",
        context,
        (
            f"the source does not say in which groups alone '{claimed.written}' was found"
            if claimed.only
            else f"the source does not say what ranks {'lowest' if claimed.extreme == LOW else 'highest'} "
            f"in '{claimed.written}'"
        )
        + ("" if read_full_text else "; the full text was not available"),
        claimed=phrase,
        found="abstract and full text" if read_full_text else "abstract only",
        evidence=("searched: " + excerpt(searched[0].text, 0, 0, limit=80) + " \u2026")
        if searched
        else "record has no abstract",
        passage=searched[0] if searched else None,
    )


def _ranked(
    claimed: Ranking,
    found: Ranking,
    passage: Passage,
    abbreviations: dict[str, frozenset[str]],
    labels: dict[str, frozenset[str]],
) -> _Ranked | None:
    """What one source ranking says to the claimed one; None when it is about another measure, is an aim,
    or cannot be told to name the claim's item or another."""
    if _HYPOTHESIS.search(passage.text[found.start : found.end]):
        return None
    about, whole = same_measure(claimed.measure, _spelled(found.measure, abbreviations))
    if not about:
        return None
    labelled = (labels.get(word, frozenset()) for word in found.items)  # "group BC": what BC was given
    items = _spelled(found.items, abbreviations).union(*labelled)
    if claimed.only or found.only:
        relation = _only_relation(claimed, found, items, labels)
    else:
        relation = item_relation(claimed, items)
    same_end = found.extreme == claimed.extreme
    if relation == "same" and (same_end or found.extreme == OTHER_END[claimed.extreme]):
        verdict = "agree" if same_end else "conflict"
    elif relation == "other" and same_end and found.superlative:
        verdict = "conflict"
    else:
        return None
    results_like = passage.source != "fulltext" or "result" in passage.section.lower()
    # Plain only for the claim's whole frame ("Among women, ..."): a ranking of everyone is not one of women.
    framed = matching(claimed.frame, words_of(passage.text[found.start : found.end]) | found.frame)
    plain = (
        found.superlative
        and whole
        and framed == len(claimed.frame)
        and not found.hedged
        and not found.figures
        and results_like
    )
    return _Ranked(found, passage, verdict, plain)


def _only_relation(
    claimed: Ranking, found: Ranking, items: frozenset[str], labels: dict[str, frozenset[str]]
) -> str | None:
    """Whether a ranking said by "only" names the claim's item: the groups a claim names by what they were
    given ("only in the groups that received fentanyl") are the same as the labelled groups the source
    names ("only in groups BF and BCF") when they are the same groups, all of them; "most common in group
    BF" neither says nor denies that only the groups given fentanyl had it."""
    named = found.items & labels.keys()
    if claimed.only and found.only and named and named == found.items:
        given = groups_given(tuple(labels.items()), claimed.items, claimed.excluded)
        return ("same" if given == named else "other") if given else None
    relation = item_relation(claimed, items)
    return None if claimed.only != found.only and relation == "same" else relation


def _spelled(words: frozenset[str], abbreviations: dict[str, frozenset[str]]) -> frozenset[str]:
    """A ranking's words with the source's abbreviations spelled out ("SPMs": second primary malignancy)."""
    return words.union(
        *(frozenset(meaning(w) for w in abbreviations[word]) for word in words if word in abbreviations)
    )
