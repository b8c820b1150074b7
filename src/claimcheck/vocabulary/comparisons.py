"""Results stated by two figures instead of a change word: which group had more of the measure.

Trial reports often give the direction only through their numbers: "The mean preparation time for group A
was 280.89 s and group B was 1077.60 s (P < 0.001)", "nausea (24 patients in the M group versus 48 in the C
group, p = 0.005)", "(WL: -3.7 kg; Control: -1.6 kg; p = 0.007)", or a table row under its header
("Total dose (mg) | 4.1 | 17.1 | 0.001" under "Variable | Group M | Group C | P"). Each such pair is read
as an ``Effect`` of the effects vocabulary, so that the direction checker weighs it like a worded one::

    [effect] = figures_compared("The mean preparation time for group A was 280 s and group B was 1077 s "
                                "(P < 0.001).")
    effect.direction, effect.subject, effect.reference == UP, {"#b"}, {"#a"}

The larger figure's group is the subject, the smaller's the reference; a p-value above 0.05 makes it a
statement of no difference; two figures without a p-value say which way they lie, not that the groups
differed (``significant`` is None). Figures are read by ``claimcheck.vocabulary.quantities``, once per text.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from claimcheck.vocabulary.effects import NONE, UP, Effect, measure_stems, sentences, stems
from claimcheck.vocabulary.quantities import Quantity, find_quantities

# What joins two figures of one comparison ("24 in M versus 48 in C", "280 s and ... 1077 s").
_JOINER = re.compile(r"\b(?:vs\.?|versus|and|compared\s+(?:with|to)|against|than)\b|[,;]", re.IGNORECASE)
# A group named after its figure ("24 patients in the M group", "9.8 min for telephone consultation").
_GROUP_AFTER = re.compile(
    r"(?:\s*[\[(][^\[\]()]{0,80}[\])])?\s*(?:(?!(?:and|or|but|vs|versus|compared|than|while|whereas)\b)[A-Za-z-]+\s+){0,3}?"
    r"(?:in|for|with|among|on|during|after|of)\s+"
    r"(?:the\s+|those\s+|patients\s+|participants\s+)*(?P<group>[^,;()\[\].]{1,60}?)"
    r"(?=\s*(?:[,;()\[\].]|\b(?:and|vs|versus|compared|whereas|with|at|after|during|from|than)\b|"
    r"\bp\s*[=<>]|$))",
    re.IGNORECASE,
)
# A group named before its figure ("group A was 0.98 mm", "WL: -2.1", "Control group = 4").
_GROUP_BEFORE = re.compile(
    r"(?:^|[,;()\[\]]|\b(?:and|while|whereas|for|with|in)\b)\s*(?:the\s+)?"
    r"(?P<group>(?:(?!\b(?:and|was|were|had|for|with|in)\b)[^,;()\[\]\d]){1,40}?)\s*"
    r"(?::|=|\bwas\b|\bwere\b|\bhad\b)\s*"
    r"(?:about\s+)?$",
    re.IGNORECASE,
)
# A group named in a measure's clause ("subjects in the intervention group had more weight loss").
_NAMED_GROUP = re.compile(
    r"\b(?:in|for|with|among)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:groups?|arms?)\b|\b(?:intervention|"
    r"control|placebo|treatment)\s+(?:groups?|arms?)\b",
    re.IGNORECASE,
)
# Where the words after a pair of figures stop naming their measure ("events of X occurred in the ...").
_AFTER_FIGURES = re.compile(r"\b(?:in|for|with|among|respectively|during|after)\b|[,;(\[]", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
# "in the Sensor On and Sensor Off arms, respectively": the groups of a list of figures, in order.
_GROUP_LIST = re.compile(
    r"\b(?:in|for|with|among)\s+(?:the\s+)?(?P<first>[^,;()]{1,40}?)\s+and\s+(?:the\s+)?(?P<second>[^,;()]{1,40}?)"
    r"(?:\s+(?:groups?|arms?))?\s*,?\s*respectively",
    re.IGNORECASE,
)
_FIGURE_ROLES = frozenset({"", "share"})
_GENERIC_GROUP = frozenset({"group", "groups", "arm", "arms", "patients", "participants", "subjects"})
_SIGNIFICANT_P = 0.05
_MEASURE_REACH = 300  # how far before a pair of figures its measure is looked for (characters)
_ROW_SEPARATOR = " | "
_P_HEADER = re.compile(r"^\s*p(?:\s*-?\s*values?)?\s*$|^\s*p\s*[\[(]|\bp-value", re.IGNORECASE)
# Tables of what the groups were like before they were treated compare nothing the treatment did.
_BASELINE_TABLE = re.compile(
    r"baseline|characteristic|demographic|\binitial\b|\bbefore\b|\bpre-?(?:treatment|operative|intervention|"
    r"randomi[sz]ation)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def figures_compared(text: str) -> tuple[Effect, ...]:
    """Every comparison of two groups' figures in ``text``, in order (cached by text)."""
    quantities = sorted(find_quantities(text), key=lambda quantity: quantity.start)
    if len(quantities) < 2:
        return ()
    effects: list[Effect] = []
    starts = [quantity.start for quantity in quantities]
    for start, end in sentences(text):
        inside = quantities[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        figures = [q for q in inside if q.role in _FIGURE_ROLES]
        p_values = [q for q in inside if q.role == "p"]
        ordered = _respectively(text, start, end, figures)
        for first, second in zip(figures, figures[1:]):
            if not _one_comparison(text, first, second) or any(
                first.end < p.start < second.start for p in p_values
            ):
                continue
            groups = ordered.get(first.start, frozenset()), ordered.get(second.start, frozenset())
            if not (groups[0] and groups[1]):
                groups = _group_of(text, first, start), _group_of(text, second, start)
            effect = _effect(text, start, first, second, groups, _p_after(p_values, second))
            if effect is not None:
                effects.append(effect)
    return tuple(effects)


def _one_comparison(text: str, first: Quantity, second: Quantity) -> bool:
    """Two figures of one measure set side by side: the same unit, joined by "vs", "and" or a comma."""
    between = text[first.end : second.phrase_start]
    balanced = between.count("(") + between.count("[") == between.count(")") + between.count("]")
    return first.unit == second.unit and len(between) <= 120 and balanced and bool(_JOINER.search(between))


def _respectively(text: str, start: int, end: int, figures: Sequence[Quantity]) -> dict[int, frozenset[str]]:
    """Groups given by "..., respectively" after a list of figures, keyed by each figure's start."""
    sentence = text[start:end]
    match = _GROUP_LIST.search(sentence) if _RESPECTIVELY.search(sentence) else None
    if match is None:
        return {}
    before = [q for q in figures if q.start < start + match.start()]
    if len(before) < 2:
        return {}
    first, second = _label(match.group("first")), _label(match.group("second"))
    return {before[-2].start: first, before[-1].start: second}


def _group_of(text: str, quantity: Quantity, sentence_start: int) -> frozenset[str]:
    """The group a figure is given for: named right after it ("in the M group") or right before it
    ("group A was", "WL:")."""
    after = _GROUP_AFTER.match(text, quantity.end, min(len(text), quantity.end + 140))
    if after:
        return _label(after.group("group"))
    before = _GROUP_BEFORE.search(
        text[max(sentence_start, quantity.phrase_start - 60) : quantity.phrase_start]
    )
    return _label(before.group("group")) if before else frozenset()


def _label(words: str) -> frozenset[str]:
    """A group's name as words ("the M group" -> {"#m"}); generic words alone name no group."""
    found = stems(words)
    return found if found and not set(words.lower().split()) <= _GENERIC_GROUP else frozenset()


def _p_after(p_values: Sequence[Quantity], second: Quantity) -> Quantity | None:
    """The p-value that goes with a pair: the first one after its second figure."""
    return next((p for p in p_values if p.start > second.end), None)


def _effect(
    text: str,
    sentence_start: int,
    first: Quantity,
    second: Quantity,
    groups: tuple[frozenset[str], frozenset[str]],
    p_value: Quantity | None,
) -> Effect | None:
    """A pair of figures in a sentence as a statement, its cue running to its p-value."""
    end = p_value.end if p_value is not None else second.end
    return _compared(
        (first.value, second.value),
        groups,
        _measure(text, sentence_start, first, second),
        _significant(p_value),
        text[first.phrase_start : end],
        (first.phrase_start, end, sentence_start),
    )


def _compared(
    values: tuple[float, float],
    groups: tuple[frozenset[str], frozenset[str]],
    measure: frozenset[str],
    significant: bool | None,
    cue: str,
    span: tuple[int, int, int],
) -> Effect | None:
    """Two groups' figures of one measure as a statement: the larger figure's group said of, the smaller's
    compared with. Words both names share name neither group ("telephone consultation" against
    "face-to-face consultation"); ``span`` is the cue's start, end and sentence start."""
    shared = groups[0] & groups[1]
    one, other = groups[0] - shared, groups[1] - shared
    measure = measure - one - other
    if not one or not other or values[0] == values[1] or not measure:
        return None
    high, low = (one, other) if values[0] > values[1] else (other, one)
    start, end, sentence_start = span
    return Effect(
        direction=NONE if significant is False else UP,
        significant=significant,
        measure=measure,
        subject=high,
        reference=low,
        within=False,
        comparative=True,
        cue=cue,
        start=start,
        end=end,
        sentence_start=sentence_start,
        figures=True,
    )


def _significant(p_value: Quantity | None) -> bool | None:
    if p_value is None:
        return None
    if p_value.comparison in ("over", "at least"):
        return False
    if p_value.comparison in ("under", "at most"):
        return p_value.value <= _SIGNIFICANT_P
    return p_value.value < _SIGNIFICANT_P


def _measure(text: str, sentence_start: int, first: Quantity, second: Quantity) -> frozenset[str]:
    """What the figures measure: the words before the first figure back to the start of its clause (or,
    for figures in brackets, the words before the bracket), and what the figure counts."""
    before = text[max(sentence_start, first.phrase_start - _MEASURE_REACH) : first.phrase_start]
    opening = max(before.rfind("("), before.rfind("["))
    if opening > max(before.rfind(")"), before.rfind("]")):
        before = before[:opening]  # "nausea (24 patients in the M group versus 48 ..."
    before = _NAMED_GROUP.sub(" ", re.sub(r"\[[^\[\]]*\]|\([^()]*\)", " ", before))
    clause = re.split(r"[;:]|\bwhereas\b|\bwhile\b|\band\b(?=[^,]*$)", before)[-1]
    if not measure_stems(clause):
        clause = before
    if not measure_stems(clause):  # "Four vs two events of severe hypoglycaemia occurred in ..."
        clause = _AFTER_FIGURES.split(text[second.end : second.end + 120], maxsplit=1)[0]
    return measure_stems(clause) | measure_stems(" ".join(first.counted))


@functools.lru_cache(maxsize=4096)
def table_comparisons(title: str, header: str, row: str) -> tuple[Effect, ...]:
    """A table row that compares two groups' figures under a header naming the groups and a p-value
    ("Total ephedrine dose (mg) | 4.1(3-5.5) | 17.1(13.8-20.4) | 0.001" under "Variables | Group M (n=35) |
    Group C (n=38) | p-value"); tables whose title (label and caption) speaks of the baseline compare
    nothing the groups were given. Cached: every claim on a source reads the same rows."""
    if _BASELINE_TABLE.search(title):
        return ()
    names = header.split(_ROW_SEPARATOR)
    cells = row.split(_ROW_SEPARATOR)
    if len(names) != len(cells) or len(cells) < 3:
        return ()
    p_columns = [i for i, name in enumerate(names) if _P_HEADER.search(name)]
    group_columns = [
        i for i in range(1, len(names)) if i not in p_columns and _label(_without_counts(names[i]))
    ]
    if len(group_columns) != 2 or len(p_columns) != 1:
        return ()
    first, second = (_first_figure(cells[i]) for i in group_columns)
    if first is None or second is None:
        return ()
    groups = [_label(_without_counts(names[i])) for i in group_columns]
    effect = _compared(
        (first, second),
        (groups[0], groups[1]),
        measure_stems(cells[0]),
        _p_cell(cells[p_columns[0]]),
        row,
        (0, len(row), 0),
    )
    return (effect,) if effect is not None else ()


def _without_counts(name: str) -> str:
    return re.sub(r"\(\s*n\s*=\s*\d+\s*\)|\bn\s*=\s*\d+", " ", name, flags=re.IGNORECASE)


def _first_figure(cell: str) -> float | None:
    found = [q for q in find_quantities(cell) if q.role in _FIGURE_ROLES]
    return found[0].value if found else None


def _p_cell(cell: str) -> bool | None:
    """Whether a table's p-value cell says significant ("0.001", "<0.05"), not ("0.75", ">0.05"), or
    nothing readable."""
    match = re.match(r"\s*([<>\u2264\u2265]?)\s*(0?\.\d+|1(?:\.0+)?)\s*\*?\s*$", cell)
    if match is None:
        return None
    value = float(match.group(2))
    if match.group(1) in (">", "\u2265"):
        return False
    return value <= _SIGNIFICANT_P if match.group(1) else value < _SIGNIFICANT_P
