"""Figures: does the source give the claimed number for the same thing, in the same group?

Rules: CC203 figure-mismatch, CC204 figure-not-found (abstract and full text searched), CC210
effect-direction-mismatch (the figure is the source's, but the change goes the other way), CC303
source-text-unavailable.

Claim and source are read by one vocabulary (``claimcheck.vocabulary.quantities``): a figure is
matched with what it counts (knees are not patients; "18 trials" is "18 studies"; "386 people" may be
"386 cases"), its unit ("57 mg" is not "57 μg"; "12 months" is "1 year"), its group ("76.8% of
caregivers" is not the adolescents' 76.8%; "54.4%" of one arm is not the other arm's), its hedging
("approximately", "over") and the change it names. A figure may also be worked out from two source
figures: a sum, a difference ("1 minute shorter" from 15.2 and 14.2 minutes), a ratio read as a
percentage ("86% higher odds" from OR 1.86), or a share ("81%" from "68 of 84").

Severity says how sure the check is: CC203 is an error only when the source plainly gives another value
for the same thing in the same group (what the claim's own clause says of it, in the same unit); the
claimed value found only for another thing or group is a warning, and so is a near miss on weaker
evidence once the full text was searched; on an abstract alone such a figure is left undecided (CC303),
so that the full text is read. Given the abstract "We pooled 18 studies covering 1069 knees."::

    PASS  "a systematic review of 18 medical studies and 1069 knees"
    FAIL  "a systematic review of 1096 knees"      CC203: the source gives 1069 knees
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, not_in_source, support
from claimcheck.checks.text import excerpt
from claimcheck.model import Passage, Severity
from claimcheck.textfold import fold, folded_words
from claimcheck.vocabulary import units
from claimcheck.vocabulary.arms import Arm, claimed_arm, defined_arms, owners
from claimcheck.vocabulary.dates import periods
from claimcheck.vocabulary.nouns import Group, count_unit, excludes, groups_of, singular
from claimcheck.vocabulary.quantities import (
    Quantity,
    context_key,
    find_quantities,
    parse_quantities,
    with_context,
)
from claimcheck.vocabulary.words import word_tokens

DECLARATION = Declaration(rules=("CC203", "CC204", "CC210", "CC303"), reads=("figures",))

_SUM_MAX_TERMS = 3
_SUM_MAX_CANDIDATES = 12
_ABOUT_TOLERANCE = 0.05
_WRITTEN_TOLERANCE = 0.10  # "two-thirds", "one in five": rounded by the way they are written
_EVIDENCE_LIMIT = 200
_FIT_RANK = {"exact": 4, "rounded": 3, "converted": 3, "about": 2, "bound": 1, "within": 1}
_FIT_NOTE = {
    "rounded": "rounded from",
    "converted": "converted from",
    "about": "approximates",
    "bound": "bounds",
    "within": "within the range",
}
# Words that say little about which measure a figure is: sharing them makes no two figures "the same".
_GENERIC = frozenset(
    context_key(word)
    for word in (
        "patient study group trial total overall rate level score significant significantly "
        "compared increase decrease reduce reduction higher lower result outcome baseline follow day week "
        "month year time mean median average proportion percentage number participant people control "
        "report reported found show showed among case had have use used occur occurred occurring"
    ).split()
)
_IGNORED_ROLES = ("p", "spread", "money")

Located = tuple[Passage, Quantity]
# "all extremities", "all of the teeth", "all their limbs": every one of a set the source does not count.
_ALL_OF = re.compile(
    r"\ball\s+(?:of\s+)?(?:(?:the|their|his|her|its)\s+)?(?P<noun>[A-Za-z]+)\b", re.IGNORECASE
)
# Words with which a claim states a difference ("two hours more analgesia", "a shorter visit").
_COMPARATIVE = re.compile(
    r"\b(?:more|less|longer|shorter|higher|lower|greater|fewer|extra|additional|differen\w*|faster|slower|"
    r"sooner|later)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Match:
    """A source figure and how it bears on the claimed one."""

    passage: Passage
    found: Quantity
    fit: str  # "exact", "rounded", "converted", "about", "bound", "within", or "" (another value)
    score: int  # how surely it is the same thing (0: no sign of it)
    conflict: str  # "", or why it is another thing: "noun", "group", "item", "arm"
    strong: bool  # same thing beyond doubt: a different value here is plainly a mismatch
    distinctive: int  # words naming the measure that the claim and the source figure share
    owner: str = ""  # the labelled arm the source gives the figure for ("ia" of "234.90 min in group IA")


@dataclass(frozen=True)
class _Arms:
    """The arms the source labels and the arm each source figure is given for (``vocabulary.arms``)."""

    arms: tuple[Arm, ...]
    owner: dict[tuple[Passage, int], str]  # keyed by passage (equal, not identical: the arms are cached)

    @classmethod
    @functools.lru_cache(maxsize=256)  # every claim citing a record reads the same arms: once per record
    def read(cls, passages: tuple[Passage, ...]) -> _Arms:
        arms = defined_arms("\n".join(passage.text for passage in passages))
        owner = {
            (passage, start): label
            for passage in passages
            if arms
            for start, label in owners(passage.text, find_quantities(passage.text), arms).items()
        }
        return cls(arms, owner)

    def words(self, label: str) -> frozenset[str]:
        """The words that define the arm labelled ``label`` (none for "")."""
        return next((arm.words for arm in self.arms if arm.label == label), frozenset())

    def placed(self, match: _Match, label: str) -> _Match:
        """The match with its figure's arm; a figure of another arm than the claimed one is no support."""
        owner = self.owner.get((match.passage, match.found.start), "")
        conflict = match.conflict or ("arm" if label and owner and owner != label else "")
        return replace(match, owner=owner, conflict=conflict)


def check(context: ClaimContext) -> Iterator[Outcome]:
    """One outcome (and perhaps an info note) per figure the claim asserts."""
    source = [
        (passage, figure)
        for passage in context.passages
        for quantity in find_quantities(passage.text)
        if quantity.role not in _IGNORED_ROLES
        for figure in _figures_of(quantity)
    ]
    free, free_groups = _free_words(context.claim.text, find_quantities(context.claim.text))
    arms = _Arms.read(context.passages)
    for text in context.claim.figures:
        for claimed in claimed_figures(text, context.claim.text):
            # "Saliva testing for IgA did better, catching three-quarters": groups of kinds its clause lacks
            kinds = {kind for kind, _ in claimed.group}
            claimed = replace(claimed, group=claimed.group | {g for g in free_groups if g[0] not in kinds})
            widened = replace(claimed, context=claimed.context | free)
            yield from _check_figure(context, text, claimed, widened, source, arms)


def _figures_of(quantity: Quantity) -> tuple[Quantity, ...]:
    """A source quantity as the figures it gives: "88 657 of 98 942 tumours" gives both counts."""
    if quantity.total is None or quantity.unit:
        return (quantity,)
    return quantity, replace(quantity, value=quantity.total, decimals=0, total=None)


def claimed_figures(figure: str, claim_text: str) -> tuple[Quantity, ...]:
    """The figures ``figure`` asserts, each read in the claim sentence (a bare "72%" takes its subject,
    group and direction from the sentence it stands in): the number where the figure is written in the
    sentence, else one of the same value, of the same unit first."""
    in_sentence = find_quantities(claim_text)
    written = re.search(r"\s+".join(re.escape(word) for word in figure.split()), claim_text)
    claimed = []
    for quantity in parse_quantities(figure):
        same = [other for other in in_sentence if math.isclose(other.value, quantity.value)]
        same.sort(
            key=lambda other: (
                not (written and written.start() <= other.start < written.end()),
                other.unit != quantity.unit,
            )
        )
        usable = [other for other in same if other.unit in (quantity.unit, "")]
        claimed.append(with_context(quantity, usable[0]) if usable else quantity)
    return tuple(claimed)


def _free_words(
    claim_text: str, in_sentence: tuple[Quantity, ...]
) -> tuple[frozenset[str], frozenset[Group]]:
    """The words of a claim sentence that belong to none of its figures, and the groups they name:
    "Smoking was the most common factor adjusted for, in 93% of the studies". They may say what a figure
    measures, enough to find it in the source, but never enough to contradict it: "Of 41 adults
    screened, 25 were enrolled, and the placebo capsules contained lettuce" speaks of capsules, not of
    the 41."""
    taken = {word for other in in_sentence for word in other.context}
    spans = [(other.phrase_start, other.phrase_start + len(other.phrase)) for other in in_sentence]
    free = [
        token
        for token in word_tokens(claim_text)
        if context_key(token.word)
        and context_key(token.word) not in taken
        and not any(start <= token.start < end for start, end in spans)
    ]
    return (
        frozenset(context_key(token.word) for token in free),
        frozenset(group for token in free for group in groups_of(token.word)),
    )


def _check_figure(
    context: ClaimContext,
    text: str,
    claimed: Quantity,
    widened: Quantity,
    source: list[Located],
    arms: _Arms,
) -> Iterator[Outcome]:
    """Support from the source's figure for the claimed thing (read with the whole claim sentence's
    words, ``widened``); a mismatch only from what the figure's own clause says (``claimed``), unless
    that clause names nothing ("..., about 4.9 minutes against 2.3 minutes"). A claim that names one of
    the source's labelled arms by its defining words is borne out only by that arm's figures."""
    # A claim that compares figures of its own ("from about 135 to about 210 minutes") names each one's
    # arm in words its clause shares with the others: no arm is read from them.
    compared = any(
        other.unit == claimed.unit and not math.isclose(other.value, claimed.value)
        for other in find_quantities(context.claim.text)
        if other.is_figure
    )
    label = (
        "" if compared else claimed_arm(arms.arms, claimed.context) or claimed_arm(arms.arms, widened.context)
    )
    own = [
        arms.placed(match, label)
        for passage, found in source
        if (match := _compare(claimed, passage, found, source))
    ]
    if widened == claimed:  # the sentence adds no words to the figure's clause: the same comparison
        wide = own
    else:
        wide = [
            arms.placed(match, label)
            for passage, found in source
            if (match := _compare(widened, passage, found, source))
        ]
    # Words that only name the claimed arm ("of laser-assisted cases") do not say which measure it is.
    naming = {context_key(word) for word in claimed.counted} | arms.words(label)
    telling = claimed.context - _GENERIC - naming
    matches = own if telling else wide
    fitting = [match for match in [*own, *wide] if match.fit and (match.score or match.conflict)]
    clean = sorted(
        (match for match in fitting if not match.conflict),
        key=lambda match: (match.score, _FIT_RANK[match.fit]),
        reverse=True,
    )
    # A source figure the claim itself gives for something else ("Of 41 adults screened, 25 were
    # enrolled" against the source's 25 adults; "about 3 mm, compared with about 2 mm" against 3.04 mm)
    # neither contradicts the claimed one nor outweighs its own figure.
    elsewhere = [
        other for other in find_quantities(context.claim.text) if not math.isclose(other.value, claimed.value)
    ]
    same_thing = [
        match
        for match in matches
        if not match.fit and not match.conflict and match.score and not _given_for(match.found, elsewhere)
    ]
    if label:  # the claimed arm's own figure of the thing first
        same_thing = sorted(
            _beside_rivals(same_thing, fitting, label), key=lambda m: m.owner == label, reverse=True
        )
    if clean and not _outmatched(claimed, clean[0], same_thing):
        best = clean[0]
        agreeing = [match for match in clean if not _opposite(claimed, match.found)]
        if agreeing and agreeing[0].score >= best.score:
            yield from _supported(context, text, claimed, agreeing[0])
        else:
            yield _reversed(context, text, claimed, best)
        return
    if fitting and not clean:  # the value is there, but only for another thing or group
        yield _other_thing(context, text, claimed, max(fitting, key=lambda m: m.score), same_thing)
        return
    derived = None if clean else _derived(claimed, source, context.claim.text, context.passages)
    if derived is not None:
        yield from derived(context, text)
        return
    full_text = any(passage.source == "fulltext" for passage in context.passages)
    yield _near_miss(context, text, claimed, same_thing, full_text) or not_in_source(
        "CC204", context, text, claimed=text
    )


def _given_for(found: Quantity, others: list[Quantity]) -> bool:
    """Whether a source figure is one the claim gives for something else: the same number, or one that
    another claimed figure of its kind rounds or approximates ("about 3 mm" of 3.04 mm)."""
    for other in others:
        value = _in_claimed_unit(other, found) if other.is_figure else None
        if math.isclose(found.value, other.value) or (
            value is not None and _value_fit(other, value, found.decimals)
        ):
            return True
    return False


def _beside_rivals(same_thing: list[_Match], fitting: list[_Match], label: str) -> list[_Match]:
    """The claimed arm's figure given in the same sentence and unit as another arm's figure that is
    plainly of the claimed thing ("362.5 min in group V, against 151.0 min in group W") is plainly of it
    too, though the list leaves its words to the first figure."""
    rivals = {
        (id(m.passage), m.found.sentence, m.found.unit) for m in fitting if m.conflict == "arm" and m.strong
    }
    return [
        replace(m, strong=True)
        if m.owner == label and (id(m.passage), m.found.sentence, m.found.unit) in rivals
        else m
        for m in same_thing
    ]


def _outmatched(claimed: Quantity, fitting: _Match, same_thing: list[_Match]) -> bool:
    """A value that only approximates, bounds or brackets the claim ("about 60%", "fewer than 1%",
    "between 20% and 25%", "about 18%" for 18.3%) is no support when another figure is plainly more the
    claimed thing's (two more of the claim's telling words) and says otherwise."""
    if fitting.fit in ("exact", "converted") or (fitting.fit == "rounded" and claimed.comparison != "about"):
        return False
    return any(m.strong and m.distinctive >= fitting.distinctive + 2 for m in same_thing)


# --------------------------------------------------------------------------- comparing two figures


def _compare(claimed: Quantity, passage: Passage, found: Quantity, source: list[Located]) -> _Match | None:
    """How a source figure bears on the claimed one; None when they are not even of one kind."""
    value = _in_claimed_unit(claimed, found)
    if value is None or (found.role == "interval") != (claimed.role == "interval" or _is_interval(claimed)):
        return None
    high = _in_claimed_unit(claimed, replace(found, value=found.high)) if found.high is not None else None
    fit = _fit(claimed, found, value, high)
    if fit == "exact" and found.unit != claimed.unit and claimed.unit and found.unit:
        fit = "converted"
    thing = _same_thing(claimed, found)
    conflict = thing.conflict or ("item" if _in_other_item(claimed, found, passage, source) else "")
    in_kind = claimed.unit == found.unit and claimed.unit not in ("", units.PERCENT)
    if fit in ("rounded", "converted", "about") and not (thing.strong or thing.distinctive or in_kind):
        fit = ""  # a rounded or approximate count or share needs more than its kind in common
    if fit in ("bound", "within") and not thing.strong:
        fit = ""  # "more than 50%" is borne out only by a figure plainly of the same thing
    if found.total is not None and claimed.total is not None and not math.isclose(found.total, claimed.total):
        fit = ""  # "45 of 3509" is not "45 of 7019"
    return _Match(passage, found, fit, thing.score, conflict, thing.strong, thing.distinctive)


def _is_interval(claimed: Quantity) -> bool:
    """A claimed range stated as the source's interval ("95% CI 32-43%") is compared with intervals."""
    return claimed.high is not None and claimed.role == "interval"


def _in_claimed_unit(claimed: Quantity, found: Quantity) -> float | None:
    """The found value in the claimed unit; None when the two measure different kinds of thing."""
    if claimed.unit == found.unit:
        return found.value
    if not claimed.unit or not found.unit:
        return None
    return units.convert(found.value, found.unit, claimed.unit)


def _fit(claimed: Quantity, found: Quantity, value: float, high: float | None) -> str:
    """How the claimed value fits the source's: "exact", "rounded", "about", "bound", "within" or ""."""
    if claimed.high is not None:
        if high is not None:
            low_fit = _value_fit(replace(claimed, comparison=""), value, found.decimals)
            high_fit = _value_fit(replace(claimed, value=claimed.high, comparison=""), high, found.decimals)
            return low_fit if low_fit and high_fit else ""
        return "within" if claimed.value <= value <= claimed.high else ""
    if high is not None:  # "about 45%" of "between 44 and 45%"; "about 15 N" of "15.06 N to 257.76 N"
        inside = value <= claimed.value <= high
        ends = any(_value_fit(claimed, end, found.decimals) in ("rounded", "about") for end in (value, high))
        return "within" if inside or ends else ""
    if math.isclose(claimed.value, value) and (
        claimed.comparison == found.comparison or not claimed.comparison
    ):
        return "exact"  # "the 150-minute guideline" for the source's "≥ 150 min" states the same threshold
    if found.comparison and found.comparison != "about":
        return ""  # "more than 50%" in the source neither confirms nor refutes a claimed 52%
    return _value_fit(claimed, value, found.decimals)


def _value_fit(claimed: Quantity, value: float, decimals: int) -> str:
    if math.isclose(claimed.value, value, rel_tol=1e-9, abs_tol=1e-9):
        return "exact"
    if claimed.decimals < decimals and math.isclose(_round(value, claimed.decimals), claimed.value):
        return "rounded"
    if (
        not float(value).is_integer()
        and decimals == 0
        and math.isclose(_round(value, claimed.decimals), claimed.value)
    ):
        return "rounded"  # a converted value ("26 weeks" in months)
    tolerance = _WRITTEN_TOLERANCE if claimed.approximate else _ABOUT_TOLERANCE
    if (claimed.comparison == "about" or claimed.approximate) and abs(value - claimed.value) <= max(
        tolerance * abs(claimed.value), 1.0 if claimed.approximate else 0.0
    ):
        return "about"
    bounds = {
        "over": value > claimed.value,
        "at least": value >= claimed.value,
        "under": value < claimed.value,
        "at most": value <= claimed.value,
    }
    return "bound" if bounds.get(claimed.comparison, False) else ""


def _round(value: float, decimals: int) -> float:
    """Round half up, the way people round when they write a figure (84.5% -> 85%)."""
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class _Thing:
    """How surely two figures are of one thing: ``score`` (0: no sign of it), ``conflict`` (why it is
    another thing: "noun", "group"), ``strong`` (beyond doubt) and ``distinctive`` (shared words that
    name a measure, not just "patients" or "rate")."""

    score: int
    conflict: str
    strong: bool
    distinctive: int


def _same_thing(claimed: Quantity, found: Quantity) -> _Thing:
    """How surely two figures are of one thing, and what rules it out.

    A count's noun decides when both name a unit of analysis (patients are not knees); otherwise the
    words around the figures do. Another group of the same kind (adolescents for caregivers, the
    placebo arm for the treatment arm) is a conflict; a different noun alone never is, but neither is it
    a sign of the same thing ("11 expansions" is not "11 patients" just because both are elevens).
    """
    shared_nouns = set(claimed.counted) & set(found.counted)
    claimed_units = {count_unit(word) for word in claimed.counted} - {""}
    found_units = {count_unit(word) for word in found.counted} - {""}
    found_words = found.context | {context_key(word) for word in found.counted}
    overlap = claimed.context & found_words
    distinctive = len(overlap - _GENERIC)
    said_all = bool(overlap) and overlap == claimed.context  # every word the claim puts around it
    same_group = bool(claimed.group & found.group)
    if (
        claimed.is_count
        and found.is_count
        and claimed_units
        and found_units
        and not claimed_units & found_units
    ):
        return _Thing(distinctive, "noun", False, distinctive)
    if excludes(claimed.group, found.group):
        return _Thing(len(overlap), "group", False, distinctive)
    # What a percentage is of ("24.8% of eyes") names its population, not its measure ("diarrhea (31%)").
    named = {context_key(word) for word in found.counted if not count_unit(word)} & claimed.context - _GENERIC
    if claimed.is_count:
        same_unit = bool(shared_nouns or claimed_units & found_units)
        if claimed.counted and found.counted and not same_unit:
            plausible = same_group or distinctive >= 2
        else:
            plausible = same_unit or same_group or distinctive > 0 or said_all
            plausible = plausible or not (claimed.counted or claimed.context)
        strong = same_unit
    elif claimed.percent or claimed.unit == units.RATIO:
        # A shared "patients" says little, unless the figure is too precise to be a coincidence ("34.4%").
        precise = bool(overlap) and max(claimed.decimals, found.decimals) > 0
        wordless = not (found.context or found.counted)  # a figure with no words around it rules nothing out
        plausible = bool(distinctive or same_group or precise or said_all or wordless) or not claimed.context
        strong = bool(named) or (len(overlap) >= 2 and distinctive > 0) or (said_all and distinctive > 0)
        # What the claimed share is of ("a third of the risk of death") must be what the source's
        # figure speaks of: survival figures in the same sentence are not plainly that risk.
        measured = set() if claimed_units else {context_key(word) for word in claimed.counted} - _GENERIC
        strong = strong and not (measured and not measured & found_words)
    else:
        plausible = True
        # Durations and doses abound: one shared word is no proof, unless it is all the claim says.
        strong = distinctive >= 2 or (said_all and distinctive > 0)
    if not plausible:
        return _Thing(0, "", False, distinctive)
    score = 2 * len(shared_nouns) + len(overlap) + distinctive + (2 if same_group else 0)
    return _Thing(max(score, 1), "", strong, distinctive)


def _in_other_item(claimed: Quantity, found: Quantity, passage: Passage, source: list[Located]) -> bool:
    """The claim names the item another figure of the same comparison belongs to: "54.4%" claimed for
    the arm the source gives 34.4% for ("34.4% in the treatment group versus 54.4% with placebo"), or the
    measure another figure of its sentence is named for ("sensitivity of 81% and specificity of 57%")."""
    own = found.context | {context_key(word) for word in found.counted}
    named = _keys(found.named)
    for other_passage, other in source:
        if other_passage is not passage or other is found or other.sentence != found.sentence:
            continue
        if other.unit != found.unit or other.role != found.role or math.isclose(other.value, found.value):
            continue
        theirs = other.context | {context_key(word) for word in other.counted}
        mine, their_own = own - theirs, theirs - own  # "higher" and "lower" dose tell arms apart too
        series = found.series >= 0 and other.series == found.series
        if series and mine and their_own and claimed.context & their_own and not claimed.context & mine:
            return True
        other_named = _keys(other.named)
        listed = found.series >= 0 or other.series >= 0  # a series' figures are named by its items
        if not listed and named and other_named and not named & other_named:
            if claimed.context & other_named and not claimed.context & named:
                return True
    return False


def _keys(written: tuple[str, ...]) -> set[str]:
    """The context keys of words as written ("RE", "Sensitivity")."""
    return {key for word in written for folded in folded_words(word) if (key := context_key(folded))}


def _opposite(claimed: Quantity, found: Quantity) -> bool:
    return claimed.direction * found.direction < 0


def _change(direction: int) -> str:
    return {-1: "a decrease", 1: "an increase"}.get(direction, "no change")


# --------------------------------------------------------------------------- outcomes


def _evidence(located: Located) -> str:
    passage, found = located
    return excerpt(passage.text, found.start, found.end)


def _supported(context: ClaimContext, text: str, claimed: Quantity, match: _Match) -> Iterator[Outcome]:
    """Support, with an info note when the claim rounds or converts the figure or names it by a synonym."""
    evidence = _evidence((match.passage, match.found))
    yield support(context, claimed=text, evidence=evidence, passage=match.passage)
    notes = [f"{_FIT_NOTE[match.fit]} {match.found.phrase}"] if match.fit != "exact" else []
    notes += [note] if (note := _synonym_note(claimed, match.found)) else []
    if notes:
        yield finding(
            "CC203",
            context,
            "; ".join(notes),
            claimed=text,
            found=match.found.phrase,
            evidence=evidence,
            passage=match.passage,
            severity=Severity.INFO,
        )


def _synonym_note(claimed: Quantity, found: Quantity) -> str:
    """A note when a count names its unit by a synonym ("counts injections, the claim says treatments")."""
    if not claimed.is_count:
        return ""
    pairs = [
        (said, written)
        for said, said_stem in zip(claimed.nouns, claimed.counted)
        for written, written_stem in zip(found.nouns, found.counted)
        if said_stem == written_stem
    ]
    if not pairs or any(_same_word(said, written) for said, written in pairs):
        return ""
    said, written = pairs[0]
    return f"counts {written}, the claim says {said}"


def _same_word(first: str, second: str) -> bool:
    return singular(fold(first)) == singular(fold(second))


def _reversed(context: ClaimContext, text: str, claimed: Quantity, match: _Match) -> Outcome:
    """CC210: the source's figure for the same measure, with the change going the other way."""
    return finding(
        "CC210",
        context,
        f"the change goes the other way: the source reports {_change(match.found.direction)} "
        f"({match.found.phrase}), the claim {_change(claimed.direction)}",
        claimed=text,
        found=match.found.phrase,
        evidence=_evidence((match.passage, match.found)),
        passage=match.passage,
        severity=None if match.strong and match.fit in ("exact", "rounded") else Severity.WARNING,
    )


def _other_thing(
    context: ClaimContext, text: str, claimed: Quantity, match: _Match, same_thing: list[_Match]
) -> Outcome:
    """The claimed value, but for another thing or group ("1069 patients" where the source has 1069 knees,
    "76.8% of caregivers" where it is the adolescents'): an error when the source also gives its own,
    different figure for what the claim names, a warning otherwise."""
    found = match.found
    own = max(same_thing, key=lambda m: (bool(m.owner), m.strong, m.score), default=None)
    why = {
        "noun": f"the source's {found.phrase} counts {found.nouns[-1] if found.nouns else 'something else'}, "
        f"not {claimed.nouns[-1] if claimed.nouns else 'what the claim counts'}",
        "group": f"the source's {found.phrase} is a figure for {_group_name(found, claimed)}, "
        f"not {_group_name(claimed, found)}",
        "item": f"the source's {found.phrase} is said of "
        f"{' '.join(found.named) if found.named else 'the other group of its comparison'}",
        "arm": f"the source's {found.phrase} is given for {_arm_name(match.owner)}, not the group the claim "
        "names",
    }[match.conflict]
    if own is not None and own.strong:
        return finding(
            "CC203",
            context,
            f"{why}; it gives {own.found.phrase}",
            claimed=text,
            found=own.found.phrase,
            evidence=_evidence((own.passage, own.found)),
            passage=own.passage,
        )
    return finding(
        "CC203",
        context,
        why,
        claimed=text,
        found=found.phrase,
        evidence=_evidence((match.passage, found)),
        passage=match.passage,
        severity=Severity.WARNING,
    )


def _arm_name(label: str) -> str:
    """A labelled arm as a report names it: "group IA", "the study group"."""
    return f"group {label.upper()}" if len(label) <= 3 else f"the {label} group"


def _group_name(quantity: Quantity, other: Quantity) -> str:
    """The group ``quantity`` belongs to that rules out ``other``'s, by its most telling name ("the
    adolescent group" rather than "the patient group" when a figure is both)."""
    clash = excludes(other.group, quantity.group)
    if clash is None:
        return "another group"
    names = (
        sorted({group for kind, group in quantity.group if kind == clash[1][0]} - {"patient"})
        or sorted({group for _, group in quantity.group} - {"patient"})
        or [clash[1][1]]
    )
    return f"the {names[0]} group"


def _near_miss(
    context: ClaimContext, text: str, claimed: Quantity, same_thing: list[_Match], full_text: bool
) -> Outcome | None:
    """A different number for the same thing (1069 vs 1096 knees): a mismatch, not a figure missing;
    an error only when the source plainly states it for the same thing. A weaker likeness is a warning
    once the full text was searched too; on an abstract alone the claim is left undecided (CC303), since
    the body may hold the figure itself."""
    # A figure that shares none of the words the claim says of its own ("41 adults screened" against "25
    # adults enrolled") may be another count of the same people: not found here, rather than a mismatch.
    own_words = bool(claimed.context - _GENERIC - {context_key(word) for word in claimed.counted})
    same_thing = [
        m
        for m in same_thing
        if (m.distinctive or not own_words or _transposed(claimed, m.found) or _unit_slip(claimed, m.found))
        and _comparable_size(claimed, m.found)
        and not (claimed.is_count and not m.strong)  # "one piece" is no miscount of "two-level"
    ]
    if not same_thing:
        return None
    match = max(
        same_thing,
        key=lambda m: (
            bool(m.owner),  # the claimed arm's own figure (others' were ruled out): the plainest evidence
            m.strong,
            m.score,
            _transposed(claimed, m.found),
            -_distance(claimed, m.found),
        ),
    )
    if not match.strong and not claimed.is_count and match.score < 2:
        return None
    found = match.found
    why = " (transposed digits)" if _transposed(claimed, found) else ""
    if _unit_slip(claimed, found):
        why = f" (the unit is {found.unit}, not {claimed.unit})"
    rounded_away = _far(claimed, found.value) or not (found.approximate or claimed.approximate)
    plain = (
        match.strong
        and not _subgroup(claimed, found)
        and rounded_away
        and found.role != "interval"
        and found.high is None
        and found.comparison in ("", "about", claimed.comparison)
        and (found.unit == claimed.unit or _unit_slip(claimed, found))  # "eight weeks" vs "51 days": unsure
    )
    if not plain and not full_text and not _unit_slip(claimed, found):
        return None
    return finding(
        "CC203",
        context,
        f"the source gives {found.phrase}, not {text}{why}",
        claimed=text,
        found=found.phrase,
        evidence=_evidence((match.passage, found)),
        passage=match.passage,
        severity=None if plain else Severity.WARNING,
    )


def _subgroup(claimed: Quantity, found: Quantity) -> bool:
    """A count of one subgroup listed beside others ("22 HFpEF, 17 HFmrEF and 15 HFrEF patients") that the
    claim does not name: the claim may count them all, so another number is no plain contradiction."""
    if not found.is_count or found.series < 0:
        return False
    labels = {context_key(word) for word in found.counted if not count_unit(word)} - {""}
    return bool(labels - claimed.context - {context_key(word) for word in claimed.counted})


def _unit_slip(claimed: Quantity, found: Quantity) -> bool:
    """The source's number with another unit of the same kind: "57 mg" for "57 μg", "20 ng/dL" for
    "20.0 ng/mL", "about 4.9 minutes" for "4.93 h"."""
    return (
        claimed.unit != found.unit
        and units.convert(1.0, found.unit, claimed.unit) is not None
        and bool(_value_fit(replace(claimed, unit=found.unit), found.value, found.decimals))
    )


def _comparable_size(claimed: Quantity, found: Quantity) -> bool:
    """Two figures one could mistake for each other: in the same unit as written, or, across units,
    within a factor of three ("150 minutes a week" is no misstated "12 months"); and a claimed value
    inside a range the source gives ("8 weeks" of "5-8 weeks") is no misstatement of it."""
    if found.high is not None and claimed.high is None and found.value <= claimed.value <= found.high:
        return False
    if claimed.unit == found.unit or _unit_slip(claimed, found):
        return True
    value = _in_claimed_unit(claimed, found)
    return value is not None and value > 0 and 1 / 3 <= claimed.value / value <= 3


def _far(claimed: Quantity, value: float) -> bool:
    """Further from a figure written in words ("one in five") than any rounding of it could go."""
    return abs(value - claimed.value) > 2 * max(_WRITTEN_TOLERANCE * abs(claimed.value), 1.0)


def _transposed(claimed: Quantity, found: Quantity) -> bool:
    written, source = f"{claimed.value:g}", f"{found.value:g}"
    return written != source and sorted(written) == sorted(source)


def _distance(claimed: Quantity, found: Quantity) -> float:
    return abs(claimed.value - found.value) / max(abs(claimed.value), 1.0)


# --------------------------------------------------------------------------- figures worked out from others


@dataclass(frozen=True)
class _Derivation:
    """A claimed figure worked out from source figures: how, from which, and the result."""

    terms: tuple[Located, ...]
    total: str
    how: str
    reversed: bool = False  # the figure is worked out right, but the claim has its change the other way

    def __call__(self, context: ClaimContext, text: str) -> Iterator[Outcome]:
        passage = self.terms[0][0]
        first = min(found.start for _, found in self.terms)
        last = max(found.end for _, found in self.terms)
        if last - first <= _EVIDENCE_LIMIT:
            evidence = excerpt(passage.text, first, last)
        else:
            evidence = " \u2026 ".join(dict.fromkeys(_evidence(term) for term in self.terms))
        if self.reversed:
            message = f"the change goes the other way: {self.how}"
            yield finding(
                "CC210", context, message, claimed=text, found=self.total, evidence=evidence, passage=passage
            )
            return
        yield support(context, claimed=text, evidence=evidence, passage=passage)
        yield finding(
            "CC203",
            context,
            self.how,
            claimed=text,
            found=self.total,
            evidence=evidence,
            passage=passage,
            severity=Severity.INFO,
        )


def _derived(
    claimed: Quantity, source: list[Located], claim_text: str, passages: Sequence[Passage]
) -> _Derivation | None:
    """A figure the source gives only in parts: a sum, a difference, a ratio as a percentage, a share, a
    range spanning several source figures, or a length of time between two dates."""
    return (
        _from_ratio(claimed, source)
        or _share_of_ratio(claimed, source)
        or _from_share(claimed, source)
        or _from_pair(claimed, source, compares=bool(claimed.direction or _COMPARATIVE.search(claim_text)))
        or _sum_of_parts(claimed, source)
        or _span(claimed, source)
        or _from_period(claimed, passages)
        or _from_whole(claimed, source, claim_text, passages)
        or _beside_sibling(claimed, source, claim_text)
    )


def _beside_sibling(claimed: Quantity, source: list[Located], claim_text: str) -> _Derivation | None:
    """ "A fast heart rate in 86.7% and fever in 64%" from "sinus tachycardia (86.7%) and fever (64%)": the
    source's very value, listed next to the source figure that plainly bears out the claim's neighbouring
    figure, in the same order, is the claimed one, though the claim names its measure in other words."""
    if claimed.high is not None or claimed.comparison:
        return None
    in_claim = [q for q in find_quantities(claim_text) if q.is_figure and q.unit == claimed.unit]
    mine = next((q for q in in_claim if math.isclose(q.value, claimed.value)), None)
    if mine is None:
        return None
    index = in_claim.index(mine)
    siblings = [q for q in in_claim[max(index - 1, 0) : index + 2] if q is not mine]
    figures = [(p, f) for p, f in source if f.unit == claimed.unit and f.high is None and not f.role]
    for position, (passage, found) in enumerate(figures):
        if not math.isclose(found.value, claimed.value) or _same_thing(claimed, found).conflict:
            continue
        neighbours = [figures[i] for i in (position - 1, position + 1) if 0 <= i < len(figures)]
        for sibling in siblings:
            for other_passage, other in neighbours:
                thing = _same_thing(sibling, other)
                if (
                    other_passage is passage
                    and other.sentence == found.sentence
                    and math.isclose(other.value, sibling.value)
                    and (sibling.start > mine.start) == (other.start > found.start)
                    and thing.distinctive
                    and not thing.conflict
                ):
                    of = f" ({' '.join(other.nouns)})" if other.nouns else ""
                    how = f"the source gives {found.phrase} next to {other.phrase}{of}, as the claim does"
                    return _Derivation(((passage, found), (passage, other)), found.phrase, how)
    return None


def _from_whole(
    claimed: Quantity, source: list[Located], claim_text: str, passages: Sequence[Passage]
) -> _Derivation | None:
    """ "All four limbs" from "all extremities": a claim that counts every one of a set is borne out by a
    source that says "all" of the same unit of analysis, when the source counts none of that unit itself
    (a count it gives, "all 14 patients", decides instead)."""
    unit = next((found for word in claimed.counted if (found := count_unit(word))), "")
    if not unit or claimed.comparison or claimed.high is not None or claimed.total is not None:
        return None
    if not re.search(rf"\ball\s+{re.escape(claimed.phrase)}\b", claim_text, re.IGNORECASE):
        return None
    if any(count_unit(word) == unit for _, found in source for word in found.counted):
        return None
    for passage in passages:
        for match in _ALL_OF.finditer(passage.text):
            if count_unit(fold(match.group("noun"))) == unit:
                written = match.group()
                whole = Quantity(claimed.value, 0, match.start(), match.end(), written, match.start())
                how = f"'{written}' counts every one, as '{claimed.phrase}' does"
                return _Derivation(((passage, whole),), written, how)
    return None


def _from_period(claimed: Quantity, passages: Sequence[Passage]) -> _Derivation | None:
    """A length of time the source gives as the dates that bound it: "over 21 months" from "from January
    1, 2012 to September 30, 2013"."""
    if claimed.unit not in units.TIME or claimed.high is not None:
        return None
    for passage in passages:
        for start, end, days in periods(passage.text):
            length = units.convert(float(days), "day", claimed.unit)
            if length is not None and _value_fit(claimed, round(length, 1), 1):
                written = passage.text[start:end]
                span = Quantity(round(length, 1), 1, start, end, written, start, unit=claimed.unit)
                how = f"{written} is {length:.1f} {claimed.unit}s"
                return _Derivation(((passage, span),), f"{length:.1f} {claimed.unit}s ({written})", how)
    return None


def _comparable(claimed: Quantity, found: Quantity) -> bool:
    thing = _same_thing(claimed, found)
    return bool(thing.score) and not thing.conflict


def _from_ratio(claimed: Quantity, source: list[Located]) -> _Derivation | None:
    """ "86% higher odds" from OR 1.86; "a 20% lower risk" from HR 0.80."""
    if not claimed.percent or claimed.high is not None or not claimed.direction:
        return None
    for passage, found in source:
        if (
            found.unit != units.RATIO
            or found.role
            or found.high is not None
            or not _comparable(claimed, found)
        ):
            continue
        change = round((found.value - 1) * 100, max(found.decimals - 2, 0))
        if change and _value_fit(claimed, abs(change), max(found.decimals - 2, 0)):
            measure = found.measure or "ratio"
            word = "higher" if change > 0 else "lower"
            how = f"{found.phrase} is {abs(change):g}% {word} {measure}"
            reversed_change = change * claimed.direction < 0
            return _Derivation(
                ((passage, found),), f"{abs(change):g}% ({found.phrase})", how, reversed_change
            )
    return None


def _share_of_ratio(claimed: Quantity, source: list[Located]) -> _Derivation | None:
    """ "About a third of the risk of death" from HR 0.36, "half the odds" from OR 0.52: a share of a
    risk, odds or hazard is that ratio, within the rounding of the way it is written."""
    measures = {context_key(word) for word in units.RATIO_MEASURES.values()}
    # Only a fraction in words ("a third of", "half the"): "a 30% risk" or "a one-in-three risk" is the
    # risk itself, not a ratio of two risks.
    if not claimed.approximate or claimed.total is not None or claimed.high is not None or claimed.direction:
        return None
    if not measures & {context_key(word) for word in claimed.counted}:
        return None
    ratio = claimed.value / 100
    as_ratio = replace(claimed, value=ratio, unit=units.RATIO)
    for passage, found in source:
        if found.unit != units.RATIO or found.role or found.high is not None:
            continue
        if abs(found.value - ratio) <= _WRITTEN_TOLERANCE * ratio and _comparable(as_ratio, found):
            how = f"{found.phrase} is {100 * found.value:g}% of the {found.measure or 'risk'}"
            return _Derivation(((passage, found),), found.phrase, how)
    return None


def _from_share(claimed: Quantity, source: list[Located]) -> _Derivation | None:
    """ "81% of patients" from "68 of 84 patients", and "nine out of ten patients" from "90.2%"."""
    if claimed.high is not None:
        return None
    for passage, found in source:
        if claimed.percent and found.total is not None and not found.unit:
            share, whole = 100 * found.value / found.total, found
            if _comparable(claimed, replace(found, unit=units.PERCENT)) and _value_fit(
                claimed, round(share, 1), 1
            ):
                return _Derivation(
                    ((passage, whole),), f"{share:.1f}% ({found.phrase})", f"{found.phrase} is {share:.1f}%"
                )
        elif claimed.total is not None and not claimed.unit and found.percent and found.high is None:
            as_share = replace(
                claimed, value=100 * claimed.value / claimed.total, unit=units.PERCENT, approximate=True
            )
            if _comparable(as_share, found) and _value_fit(as_share, found.value, found.decimals):
                how = f"{claimed.phrase} is {as_share.value:.1f}%, the source's {found.phrase}"
                return _Derivation(((passage, found),), found.phrase, how)
    return None


def _from_pair(claimed: Quantity, source: list[Located], *, compares: bool) -> _Derivation | None:
    """A difference ("1 minute shorter" from 15.2 and 14.2 minutes, "two hours more" from 360 and 245
    minutes) or a relative change ("a 40% fall" from 5.0 to 3.0) of two neighbouring source figures of
    one series (compared with each other), for a claim that ``compares`` (it names a change, or says
    "more", "longer", "fewer"...); of several that fit, the pair most plainly of the claimed thing."""
    if not compares or claimed.high is not None:
        return None
    candidates: list[tuple[int, _Derivation]] = []
    for (passage, first), (second_passage, second) in zip(source, source[1:]):
        if second_passage is not passage or first.sentence != second.sentence or first.unit != second.unit:
            continue
        if first.series < 0 or first.series != second.series:
            continue  # neighbours not compared with each other ("85 min; P < 0.001) and ... 245 min")
        if first.role or second.role or first.high is not None or second.high is not None:
            continue
        terms = ((passage, first), (passage, second))
        decimals = max(first.decimals, second.decimals)
        if claimed.percent and not first.percent and first.value:
            change = round(100 * (second.value - first.value) / first.value, 1)
            if change and _value_fit(claimed, abs(change), 1):
                how = f"from {first.phrase} to {second.phrase} is a change of {change:g}%"
                return _Derivation(terms, f"{change:g}%", how)
            continue
        unit = units.PERCENT if claimed.unit == "percentage points" and first.percent else claimed.unit
        scale = units.convert(1.0, first.unit, unit) if first.unit and unit else None
        thing = _same_thing(claimed, replace(first, unit=claimed.unit))
        if (first.unit != unit and scale is None) or not thing.score or thing.conflict:
            continue
        difference = round(abs(second.value - first.value), decimals)
        how = f"the difference of source figures: {second.phrase} \u2212 {first.phrase} = {difference:g}"
        judged = claimed
        if first.unit != unit and scale is not None:
            difference, decimals = round(difference * scale, 2), 2
            how += f" {first.unit}, {difference:g} {unit}"
            judged = replace(claimed, approximate=False)  # a converted value leaves no room for a whole unit
        if difference and _value_fit(judged, difference, decimals):
            candidates.append((thing.score, _Derivation(terms, f"{difference:g} ({how})", how)))
    return max(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


def _span(claimed: Quantity, source: list[Located]) -> _Derivation | None:
    """A claimed range summing up several source figures ("roughly 40% to 47%" of "39.1, 41.7% and 44.9,
    47.2%"): one figure of a sentence fits its low end and another its high end."""
    if claimed.high is None:
        return None
    low, high = replace(claimed, high=None), replace(claimed, value=claimed.high, high=None)
    for (passage, first), (second_passage, second) in itertools.combinations(source, 2):
        if second_passage is not passage or first.sentence != second.sentence or first.unit != claimed.unit:
            continue
        if second.unit != claimed.unit or first.high is not None or second.high is not None:
            continue
        if not (_comparable(claimed, first) and _comparable(claimed, second)):
            continue
        if _value_fit(low, first.value, first.decimals) and _value_fit(high, second.value, second.decimals):
            how = f"the source's figures run from {first.phrase} to {second.phrase}"
            return _Derivation(
                ((passage, first), (passage, second)), f"{first.phrase} to {second.phrase}", how
            )
    return None


def _sum_of_parts(claimed: Quantity, source: list[Located]) -> _Derivation | None:
    """Source figures of one unit in one sentence that add up to the claim ("35 days" = 13.80 + 21.40); a
    count's parts must count what the claim counts."""
    if claimed.percent or claimed.high is not None or not (claimed.unit or claimed.counted):
        return None
    by_sentence: dict[tuple[int, tuple[int, int]], list[Located]] = {}
    for passage, found in source:
        if (
            found.high is None
            and not found.role
            and 0 < found.value < claimed.value
            and _in_claimed_unit(claimed, found) == found.value
            and _comparable(claimed, found)
            and (found.unit or _same_thing(claimed, found).strong)
        ):
            by_sentence.setdefault((id(passage), found.sentence), []).append((passage, found))
    for parts in by_sentence.values():
        parts = parts[:_SUM_MAX_CANDIDATES]
        for size in range(2, _SUM_MAX_TERMS + 1):
            for terms in itertools.combinations(parts, size):
                if len({found.value for _, found in terms}) < size:
                    continue  # "3 ml of one drug or 3 ml of the other" are alternatives, not parts
                decimals = max(found.decimals for _, found in terms)
                total = round(sum(found.value for _, found in terms), decimals)
                if _value_fit(claimed, total, decimals):
                    addition = " + ".join(found.phrase for _, found in terms)
                    written = f"{total:.{decimals}f}"
                    return _Derivation(
                        terms, f"{written} ({addition})", f"the sum of source figures: {addition} = {written}"
                    )
    return None
