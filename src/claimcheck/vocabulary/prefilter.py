"""Cheap tests before costly scans: the words without which a pattern cannot match.

A case-insensitive pattern that opens with ``\\b`` is tried at every offset of a text; a table of such
patterns (the study designs) costs a millisecond per abstract although most of them name nothing in it.
Every match of ``\\brandomi[sz]ed\\b|\\bRCT\\b`` contains "randomi" or "rct", which a substring test finds
at C speed: ``required_literals`` reads them off the pattern (through the standard library's own parser),
and ``may_match`` says whether a text folded by ``fold_for_literals`` holds them. What it cannot read that
way (a branch with no literal, a construct it does not know) requires nothing: the pattern is scanned.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

try:  # the parser ``re`` itself uses; private, so a Python that moves it only loses the shortcut
    _parser: Any = importlib.import_module("re._parser")
    _constants: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover
    _parser = _constants = None

# The only characters beyond ASCII that a case-insensitive ASCII letter matches (İ, ı, ſ and the Kelvin
# sign); every other match of a letter is the letter in either case.
_CASE_FIXES = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))


def fold_for_literals(text: str) -> str:
    """``text`` as ``may_match`` compares it: lower case, the four odd case partners of ASCII letters as
    those letters."""
    if not text.isascii():
        for odd, letter in _CASE_FIXES:
            text = text.replace(odd, letter) if odd in text else text
    return text.lower()


# Every match holds one string of each set (none: nothing known, always scan).
Required = tuple[frozenset[str], ...]


def may_match(required: Required, folded: str) -> bool:
    """False only when ``folded`` lacks every string of one of the ``required`` sets: then the pattern
    they were read from cannot match."""
    holds = folded.__contains__
    for strings in required:
        if not any(map(holds, strings)):
            return False
    return True


def required_literals(pattern: re.Pattern[str]) -> Required:
    """Sets of lower-case ASCII strings such that every match of ``pattern`` holds one string of each."""
    if _parser is None:
        return ()
    return tuple(
        frozenset(strings) for strings in _needed(_parser.parse(pattern.pattern, pattern.flags).data)
    )


@dataclass(frozen=True)
class Prefiltered:
    """A pattern with what every match of it holds, read once: scanned only where the text holds it."""

    pattern: re.Pattern[str]
    required: Required

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Prefiltered:
        return cls(pattern, required_literals(pattern))

    def finditer(self, text: str, folded: str) -> Iterator[re.Match[str]]:
        """The pattern's matches in ``text``; none, without a scan, when ``folded`` (``text`` through
        ``fold_for_literals``) lacks what they hold."""
        return self.pattern.finditer(text) if may_match(self.required, folded) else iter(())


def either(patterns: Iterable[re.Pattern[str]]) -> Required:
    """What every match of any one of ``patterns`` holds: one set, the union of each pattern's best."""
    found: set[str] = set()
    for pattern in patterns:
        required = required_literals(pattern)
        if not required:
            return ()
        found |= _best(list(required))
    return (frozenset(found),)


def _best(sets: list[frozenset[str]] | list[set[str]]) -> set[str]:
    """The set least likely to be found by chance: the one whose shortest string is longest."""
    return set(max(sets, key=lambda strings: min(len(string) for string in strings)))


def _needed(items: list[tuple[Any, Any]]) -> list[set[str]]:
    """For a sequence of parsed items: the sets its parts require, a run of adjacent literal characters
    being a set of one string, a branch the union of the best set of each of its alternatives."""
    constants = _constants
    needed: list[set[str]] = []
    run: list[str] = []
    for operation, argument in items:
        if operation is constants.LITERAL and chr(argument).isascii():
            run.append(chr(argument).lower())
            continue
        if operation is constants.AT:  # "\b", "^": no character taken, the run goes on
            continue
        if run:
            needed.append({"".join(run)})
            run = []
        if operation is constants.SUBPATTERN:
            needed += _needed(argument[-1].data)
        elif operation is constants.BRANCH:
            alternatives = [_needed(branch.data) for branch in argument[1]]
            if all(alternatives):
                needed.append(set().union(*(_best(alternative) for alternative in alternatives)))
        elif operation in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT):
            low, _, repeated = argument
            needed += _needed(repeated.data) if low >= 1 else []
    if run:
        needed.append({"".join(run)})
    return needed
