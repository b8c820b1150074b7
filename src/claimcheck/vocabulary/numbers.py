"""How a number is written: digits ("1,069", "2·5"), words ("one thousand sixty-nine", "a dozen") and
fractions ("two-thirds", "half of", "one in five").

The patterns here are pieces for ``claimcheck.vocabulary.quantities``, which finds them in text; the
value of a written number is decided once, here::

    value_of("one thousand sixty-nine") == 1069.0; value_of("a dozen") == 12.0; value_of("1 069") == 1069.0
    fraction_value("two-thirds") == 2 / 3
"""

from __future__ import annotations

import re

SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Denominators of fractions people write in words ("two-thirds", "a quarter of", "one in five").
DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}

_WORD = "(?:" + "|".join(sorted([*SMALL, *SCALES], key=len, reverse=True)) + ")"
# "one thousand sixty-nine", "one hundred and five", "a dozen", "a hundred"; "and" only after a scale.
WORDS = (
    rf"\b(?:a\s+(?=dozen|hundred|thousand|million))?"
    rf"{_WORD}(?:(?:\s+|\s*-\s*|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+){_WORD})*\b"
)
# ASCII digits only: a digit of another script is no figure a reader of English health writing
# compares, and reading it as one would only invite surprises. "1,069", "2·5", and "88 657" as the
# Lancet and the BMJ write thousands (a space, thin or not, before each group of exactly three digits).
DIGITS = (
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
    r"|[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9.,\u00b7])"
    r"|[0-9]+(?:[.\u00b7][0-9]+)?"
)
# DIGITS as a whole number within running text, for patterns searched over whole sentences: it starts
# only where no digit, comma, point or thousands group is before it, and once read it is never given back
# (an atomic group), so that a run like "1,000,000,..." is read once and a search stays linear.
NUMBER = rf"(?<![0-9,.])(?<![0-9][ \u00a0\u2009\u202f])(?>{DIGITS})"
_DENOMINATOR = "(?:" + "|".join(sorted(DENOMINATORS, key=len, reverse=True)) + ")"
# "two-thirds", "one third", "three quarters"; "a third of", "half of" and "half the" need what follows.
FRACTION = (
    rf"\b(?:(?:one|two|three|four|five|six|seven|eight|nine)[ \t-]+{_DENOMINATOR}"
    rf"|(?:a|one)\s+{_DENOMINATOR}\s+of|half(?:\s+of|(?=\s+the\b)))\b"
)

# Short durations written with an article ("sessions lasted an hour", "half an hour"), with their value
# and unit. Only hours and minutes: "a day", "a week" and "a year" mostly name a frequency ("twice a
# week") or a vague time ("a year later"), not a duration a writer asserts.
DURATIONS = {
    "half an hour": (0.5, "hour"),
    "a quarter of an hour": (0.25, "hour"),
    "an hour and a half": (1.5, "hour"),
    "an hour": (1.0, "hour"),
    "a minute": (1.0, "minute"),
}
DURATION = r"\b(?:" + "|".join(phrase.replace(" ", r"\s+") for phrase in DURATIONS) + r")\b"


def duration_of(written: str) -> tuple[float, str]:
    """Value and unit of a DURATION match ("half an hour" -> 0.5, "hour")."""
    return DURATIONS[" ".join(written.lower().split())]


def value_of(number: str) -> float:
    """Value of a string the DIGITS or WORDS pattern matched."""
    if number[0].isdigit():
        cleaned = number.replace(",", "").replace("\u00b7", ".")
        return float("".join(cleaned.split()))
    total = current = 0
    for word in re.findall(r"[a-z]+", number.lower()):
        if word in SMALL:
            current += SMALL[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in SCALES:
            total += max(current, 1) * SCALES[word]
            current = 0
    return float(total + current)


def decimals_of(number: str) -> int:
    """Decimal places as written ("13.80" -> 2); a number in words has none."""
    number = number.replace("\u00b7", ".")
    return len(number.split(".")[1]) if "." in number and number[0].isdigit() else 0


def fraction_value(text: str) -> float | None:
    """The value of a fraction in words ("two-thirds" -> 0.667, "a quarter" -> 0.25), else None."""
    words = re.findall(r"[a-z]+", text.lower())
    denominators = [DENOMINATORS[word] for word in words if word in DENOMINATORS]
    if not denominators:
        return None
    numerator = SMALL.get(words[0], 1) if words[0] not in DENOMINATORS else 1
    return numerator / denominators[0]


def is_number_word(word: str) -> bool:
    """A folded word that is a number or part of one ("twenty", "hundred", "12")."""
    return word.isdigit() or word in SMALL or word in SCALES
