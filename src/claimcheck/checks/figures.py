"""Figures: does the source give the claimed number for the same thing?

Rules: CC203 figure-mismatch (error; info when the claim only rounds or adds up source figures),
CC204 figure-not-found (abstract and full text searched), CC303 source-text-unavailable.

A number is matched together with what it counts (knees are not patients; "18 medical studies" is
"18 studies"; "four treatments" is "4 injections", with an info note, through the synonym groups
of ``numbers.COUNT_NOUN_GROUPS``), the change it names (a decrease is not an increase), and its
hedging ("approximately", "over"). Given the abstract "We pooled 18 studies covering 1069 knees."::

    PASS  "a systematic review of 18 medical studies and 1069 knees"
    FAIL  "a systematic review of 1096 knees"      CC203: the source gives 1069 knees
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, not_in_source, support
from claimcheck.checks.numbers import NumberMention, find_numbers, parse_figure, singular
from claimcheck.checks.text import excerpt
from claimcheck.model import Passage, Severity
from claimcheck.textfold import fold

DECLARATION = Declaration(rules=("CC203", "CC204", "CC303"), reads=("figures",))

_SUM_MAX_TERMS = 3
_SUM_MAX_CANDIDATES = 30
_ABOUT_TOLERANCE = 0.05
_EVIDENCE_LIMIT = 200
_FIT_RANK = {"exact": 3, "rounded": 2, "about": 1, "bound": 1}
_FIT_NOTE = {"rounded": "rounded from", "about": "approximates", "bound": "bounds"}

Located = tuple[Passage, NumberMention]


def check(context: ClaimContext) -> Iterator[Outcome]:
    """One outcome (or a Support with an info note) per claimed figure."""
    source = [(passage, mention) for passage in context.passages for mention in find_numbers(passage.text)]
    for text in context.claim.figures:
        claimed = claimed_figure(text, context.claim.text)
        if claimed is not None:
            yield from _check_figure(context, text, claimed, source)


def claimed_figure(figure: str, claim_text: str) -> NumberMention | None:
    """The claimed figure, with what it counts taken from the claim sentence for a bare "72%"."""
    mention = parse_figure(figure)
    if mention is None:
        return None
    for in_text in find_numbers(claim_text):
        if math.isclose(in_text.value, mention.value) and in_text.percent == mention.percent:
            nouns_from = mention if mention.counted else in_text
            return dataclasses.replace(
                mention,
                counted=nouns_from.counted,
                nouns=nouns_from.nouns,
                unit=mention.unit or in_text.unit,
                context=mention.context | in_text.context,
                direction=mention.direction or in_text.direction,
                qualifier=mention.qualifier or in_text.qualifier,
            )
    return mention


def _check_figure(
    context: ClaimContext, text: str, claimed: NumberMention, source: list[Located]
) -> Iterator[Outcome]:
    matches = [(p, m, fit) for p, m in source if _kind_score(claimed, m) and (fit := _fit(claimed, m))]
    matches.sort(key=lambda item: (_kind_score(claimed, item[1]), _FIT_RANK[item[2]]), reverse=True)
    agreeing = [item for item in matches if not _opposite(claimed, item[1])]
    if agreeing:
        yield from _supported(context, text, claimed, *agreeing[0])
        return
    if matches:
        passage, mention, _ = matches[0]
        yield finding(
            "CC203",
            context,
            f"the source reports {_change(mention.direction)} of {mention.phrase}, "
            f"not {_change(claimed.direction)}",
            claimed=text,
            found=mention.phrase,
            evidence=excerpt(passage.text, mention.start, mention.end),
            passage=passage,
        )
        return
    terms = _sum_of_parts(claimed, source)
    if terms:
        yield from _supported_by_sum(context, text, terms)
        return
    closest = _closest_same_thing(claimed, source)
    yield (
        _other_thing(context, text, claimed, source, closest)
        or _near_miss(context, text, claimed, closest)
        or _not_found(context, text)
    )


def _kind_score(claimed: NumberMention, found: NumberMention) -> int:
    """How surely two numbers count the same thing; 0 when they plainly do not."""
    if claimed.percent != found.percent:
        return 0
    overlap = len(claimed.context & found.context)
    if claimed.unit or found.unit:
        return 2 + overlap if claimed.unit == found.unit else 0
    if claimed.counted and found.counted and not claimed.percent:
        shared = len(set(claimed.counted) & set(found.counted))
        return 2 * shared + overlap if shared else 0
    return overlap if claimed.context else 1


def _fit(claimed: NumberMention, found: NumberMention) -> str:
    """How the claimed value fits a source value: "exact", "rounded", "about", "bound" or "" (no fit)."""
    if claimed.high is not None or found.high is not None:
        same_range = (
            claimed.high is not None and found.high is not None and math.isclose(claimed.high, found.high)
        )
        return "exact" if same_range and math.isclose(claimed.value, found.value) else ""
    return _value_fit(claimed, found.value, found.decimals)


def _value_fit(claimed: NumberMention, value: float, decimals: int) -> str:
    if math.isclose(claimed.value, value):
        return "exact"
    if claimed.decimals < decimals and math.isclose(_round(value, claimed.decimals), claimed.value):
        return "rounded"
    if claimed.qualifier == "about" and abs(value - claimed.value) <= _ABOUT_TOLERANCE * abs(claimed.value):
        return "about"
    if (claimed.qualifier == "over" and value > claimed.value) or (
        claimed.qualifier == "under" and value < claimed.value
    ):
        return "bound"
    return ""


def _round(value: float, decimals: int) -> float:
    """Round half up, the way people round when they write a figure (84.5% -> 85%)."""
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _opposite(claimed: NumberMention, found: NumberMention) -> bool:
    return claimed.direction * found.direction < 0


def _change(direction: int) -> str:
    return {-1: "a decrease", 1: "an increase"}.get(direction, "no change")


def _supported(
    context: ClaimContext,
    text: str,
    claimed: NumberMention,
    passage: Passage,
    mention: NumberMention,
    fit: str,
) -> Iterator[Outcome]:
    """Support, with an info note when the claim rounds the figure or names what it counts differently."""
    evidence = excerpt(passage.text, mention.start, mention.end)
    yield support(context, claimed=text, evidence=evidence, passage=passage)
    notes = [f"{_FIT_NOTE[fit]} {mention.phrase}"] if fit != "exact" else []
    notes += [note] if (note := _synonym_note(claimed, mention)) else []
    if notes:
        yield finding(
            "CC203",
            context,
            "; ".join(notes),
            claimed=text,
            found=mention.phrase,
            evidence=evidence,
            passage=passage,
            severity=Severity.INFO,
        )


def _synonym_note(claimed: NumberMention, found: NumberMention) -> str:
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


def _other_thing(
    context: ClaimContext, text: str, claimed: NumberMention, source: list[Located], closest: Located | None
) -> Outcome | None:
    """The same number counting something else: "1069 patients" where the source has 1069 knees (and, when
    it has one, the source's own count of the claimed thing: "20 patients" where it has 15 patients)."""
    if not (claimed.is_count and claimed.counted):
        return None
    for passage, mention in source:
        if (
            mention.is_count
            and mention.counted
            and _value_fit(claimed, mention.value, mention.decimals) == "exact"
        ):
            return finding(
                "CC203",
                context,
                f"the source's {mention.phrase} counts {mention.nouns[-1]}, not {claimed.nouns[-1]}"
                + (f"; it gives {closest[1].phrase}" if closest else ""),
                claimed=text,
                found=mention.phrase,
                evidence=excerpt(passage.text, mention.start, mention.end),
                passage=passage,
            )
    return None


def _closest_same_thing(claimed: NumberMention, source: list[Located]) -> Located | None:
    """The source's figure for the claimed thing that the claim most likely misstates."""
    candidates = [(p, m) for p, m in source if _same_thing(claimed, m) and not _opposite(claimed, m)]
    return max(
        candidates,
        key=lambda item: (
            _kind_score(claimed, item[1]),
            _transposed(claimed, item[1]),
            -_distance(claimed, item[1]),
        ),
        default=None,
    )


def _near_miss(
    context: ClaimContext, text: str, claimed: NumberMention, closest: Located | None
) -> Outcome | None:
    """A different number for the same thing (1069 vs 1096 knees): a mismatch, not a figure missing."""
    if closest is None:
        return None
    passage, mention = closest
    why = " (transposed digits)" if _transposed(claimed, mention) else ""
    return finding(
        "CC203",
        context,
        f"the source gives {mention.phrase}, not {text}{why}",
        claimed=text,
        found=mention.phrase,
        evidence=excerpt(passage.text, mention.start, mention.end),
        passage=passage,
    )


def _same_thing(claimed: NumberMention, found: NumberMention) -> bool:
    """Strict "same thing" for near misses: the counted noun, or two words of context for percentages."""
    if claimed.high is not None or found.high is not None or not _kind_score(claimed, found):
        return False
    overlap = len(claimed.context & found.context)
    if claimed.unit:
        return overlap >= 1
    if claimed.percent:
        return overlap >= 2
    return bool(set(claimed.counted) & set(found.counted))


def _transposed(claimed: NumberMention, found: NumberMention) -> bool:
    return sorted(f"{claimed.value:g}") == sorted(f"{found.value:g}")


def _distance(claimed: NumberMention, found: NumberMention) -> float:
    return abs(claimed.value - found.value) / max(abs(claimed.value), 1.0)


def _sum_of_parts(claimed: NumberMention, source: list[Located]) -> tuple[Located, ...]:
    """Source figures of the same unit in one passage that add up to the claim ("35 days" = 13.80 + 21.40)."""
    if claimed.percent or claimed.high is not None or not (claimed.unit or claimed.counted):
        return ()
    by_passage: dict[int, list[Located]] = {}
    for passage, mention in source:
        if mention.high is None and _kind_score(claimed, mention) and 0 < mention.value < claimed.value:
            by_passage.setdefault(id(passage), []).append((passage, mention))
    for parts in by_passage.values():
        parts = parts[:_SUM_MAX_CANDIDATES]
        for size in range(2, _SUM_MAX_TERMS + 1):
            for terms in itertools.combinations(parts, size):
                decimals = max(mention.decimals for _, mention in terms)
                total = round(sum(mention.value for _, mention in terms), decimals)
                if _value_fit(claimed, total, decimals):
                    return terms
    return ()


def _supported_by_sum(context: ClaimContext, text: str, terms: tuple[Located, ...]) -> Iterator[Outcome]:
    passage = terms[0][0]
    first = min(mention.start for _, mention in terms)
    last = max(mention.end for _, mention in terms)
    if last - first <= _EVIDENCE_LIMIT:
        evidence = excerpt(passage.text, first, last)
    else:
        spans = dict.fromkeys(excerpt(passage.text, mention.start, mention.end) for _, mention in terms)
        evidence = " \u2026 ".join(spans)
    decimals = max(mention.decimals for _, mention in terms)
    total = f"{sum(mention.value for _, mention in terms):.{decimals}f}"
    addition = " + ".join(mention.phrase for _, mention in terms)
    yield support(context, claimed=text, evidence=evidence, passage=passage)
    yield finding(
        "CC203",
        context,
        f"the sum of source figures: {addition} = {total}",
        claimed=text,
        found=f"{total} ({addition})",
        evidence=evidence,
        passage=passage,
        severity=Severity.INFO,
    )


def _not_found(context: ClaimContext, text: str) -> Outcome:
    """CC204 when abstract and full text were both searched; CC303 when the deciding text is missing."""
    return not_in_source("CC204", context, text, claimed=text)
