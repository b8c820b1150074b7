"""Units of measure as they are written after a number, and how they convert.

One table (``claimcheck/data/units.toml``) for the extractor and the checkers, so that "57 mg" is never
taken for "57 μg", "12 months" is "1 year", and "mcg" is "μg"::

    unit_after("57 mcg of folate", 2) == ("μg", 6)
    convert(12, "month", "year") == 1.0; convert(57, "mg", "μg") == 57000.0; convert(1, "mg", "day") is None

Compound units ("mg/kg", "ng/mL", "mg per day", "per 100,000") are read as one unit whose key joins its
parts with "/", and convert part by part.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claimcheck import data

_SHORT = 2  # spellings this short are matched case-sensitively: "mL" is a unit, "ML" may be a name
_PER_NUMBER = re.compile(r"\s*(?:/|per)\s*([0-9]{1,3}(?:[, \u2009\u202f\u00a0][0-9]{3})+|[0-9]+)(?![0-9])")
_PER = re.compile(r"\s*(?:/|\sper\s+|\u00b7)\s*")
_PER_ARTICLE = re.compile(r"\s+an?\s+")  # "five times a week", "20 mg a day": only before a unit of time
_POWER = re.compile(r"(?:\^?(?:-1|\u207b\u00b9))|(\^?2|\u00b2)|(\^?3|\u00b3)")


@dataclass(frozen=True)
class Unit:
    """One unit: its canonical ``key``, the ``dimension`` it measures, and its size in that dimension's
    base unit (``factor``), so that two units of one dimension convert."""

    key: str
    dimension: str
    factor: float


def _table() -> tuple[dict[str, Unit], dict[str, Unit], dict[str, str]]:
    """Units by key, units by spelling (short ones as written, long ones folded), ratio labels."""
    by_key: dict[str, Unit] = {}
    by_spelling: dict[str, Unit] = {}
    for entry in data.load("units")["unit"]:
        unit = Unit(entry["key"], entry["dimension"], float(entry["factor"]))
        by_key[unit.key] = unit
        for spelling in entry["spellings"]:
            by_spelling[spelling if len(spelling) <= _SHORT else spelling.lower()] = unit
    # Abbreviations as written ("OR", "aHR": "or" and "hrs" are no ratios), phrases in lower case.
    ratios = {label: entry["measure"] for entry in data.load("units")["ratio"] for label in entry["labels"]}
    return by_key, by_spelling, ratios


UNITS, _BY_SPELLING, RATIO_MEASURES = _table()
_LONGEST = max(len(spelling) for spelling in _BY_SPELLING)
_SPELLING = re.compile(
    "|".join(re.escape(spelling) for spelling in sorted(_BY_SPELLING, key=len, reverse=True)),
    re.IGNORECASE,
)
RATIO = "times"
PERCENT = "%"
TIME = frozenset(key for key, unit in UNITS.items() if unit.dimension == "time")


def unit_after(text: str, position: int) -> tuple[str, int] | None:
    """The unit written at ``text[position:]`` (after optional blanks) and where it ends, else None.

    A unit must end at a word boundary ("5 min", not "5 mind"); compound units and rates ("mg/kg/day",
    "cases per 100,000") are read whole.
    """
    first = _simple_unit(text, position)
    if first is None:
        rate = _PER_NUMBER.match(text, position)
        return (f"per {_digits(rate.group(1))}", rate.end()) if rate else None
    unit, end = first
    if unit.key == PERCENT:
        return PERCENT, end  # "2% per year" is a percentage, compared as one whatever its period
    keys = [unit.key + _power(text, end)[0]]
    end = _power(text, end)[1]
    while True:
        per = _PER.match(text, end) or _PER_ARTICLE.match(text, end)
        if not per:
            break
        following = _simple_unit(text, per.end())
        if per.re is _PER_ARTICLE and (following is None or following[0].dimension != "time"):
            break
        if following is None:
            rate = _PER_NUMBER.match(text, end)
            if rate:
                keys.append(_digits(rate.group(1)))
                end = rate.end()
            break
        power, after_power = _power(text, following[1])
        keys.append(following[0].key + power.replace("-1", ""))
        end = after_power
    return "/".join(keys), end


def _simple_unit(text: str, position: int) -> tuple[Unit, int] | None:
    start = position
    while start < len(text) and text[start].isspace():
        start += 1
    match = _SPELLING.match(text, start, min(len(text), start + _LONGEST + 1))
    if not match:
        return None
    # The longest spelling first; a shorter one may still fit where the longer ran into a word ("min").
    for end in range(match.end(), start, -1):
        written = text[start:end]
        unit = _BY_SPELLING.get(written) or (
            _BY_SPELLING.get(written.lower()) if len(written) > _SHORT else None
        )
        if unit is not None and _ends_word(text, end, written):
            return unit, end
    return None


def _ends_word(text: str, end: int, written: str) -> bool:
    """A unit ends at a non-letter; "%" ends anywhere, and a unit may carry a power ("m2", "cm³"). A
    capital letter joined by a hyphen is a chemical prefix, not a unit ("5 L-arginine", "3 N-acetyl")."""
    if written == "%" or end >= len(text):
        return True
    following = text[end]
    if len(written) == 1 and written.isupper() and following in "-\u2010\u2011":
        return False
    return not (following.isalpha() or following == "_") or following in "\u00b2\u00b3"


def _power(text: str, position: int) -> tuple[str, int]:
    match = _POWER.match(text, position)
    if not match:
        return "", position
    if match.group(1):
        return "2", match.end()
    if match.group(2):
        return "3", match.end()
    return "-1", match.end()


def _digits(written: str) -> str:
    return "".join(char for char in written if char.isdigit())


@functools.lru_cache(maxsize=4096)
def dimension(key: str) -> tuple[str, float] | None:
    """The dimension of a unit key (simple or compound) and its size in base units, else None."""
    if key.startswith("per "):
        return "per", 1 / float(key[4:])
    parts = key.split("/")
    if not all(parts):
        return None  # "" is a count: no unit to convert
    dimensions: list[str] = []
    factor = 1.0
    for index, part in enumerate(parts):
        if part.isdigit():
            dimensions.append("count")
            factor = factor / float(part) if index else factor * float(part)
            continue
        base, power = (part[:-1], int(part[-1])) if part[-1] in "23" and part[:-1] in UNITS else (part, 1)
        unit = UNITS.get(base)
        if unit is None:
            return None
        dimensions.append(unit.dimension + (f"^{power}" if power > 1 else ""))
        factor = factor / unit.factor**power if index else factor * unit.factor**power
    return "/".join(dimensions), factor


def convert(value: float, source: str, target: str) -> float | None:
    """``value`` in unit ``source`` expressed in unit ``target``; None when they measure different things."""
    if source == target:
        return value
    first, second = dimension(source), dimension(target)
    if first is None or second is None or first[0] != second[0]:
        return None
    return value * first[1] / second[1]


def ratio_measure(label: str) -> str:
    """The measure a ratio label names ("OR" -> "odds", "hazard ratio" -> "hazard"), else ""."""
    return RATIO_MEASURES.get(label) or RATIO_MEASURES.get(label.lower(), "")
