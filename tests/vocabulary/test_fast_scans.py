"""Scans made cheaper find exactly what the plain scan they replace finds (same spans, same groups)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from claimcheck.vocabulary import arms

_ARM_PIECES = (
    "group A", "(", ")", ".", "5", " ", "  ", "\n", "study group", "(control group)", "(group IA)", "the ",
    "arm B", ",", "laser-assisted surgery ", "x" * 30, "(the study arm)", ".5", "(Group C2)", ";", ":",
)  # fmt: skip


def _random_texts(pieces: tuple[str, ...], count: int, seed: int) -> list[str]:
    chooser = random.Random(seed)
    return ["".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 40))) for _ in range(count)]


def _found(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(match.span(), match.groupdict()) for match in matches]


def test_arms_defined_before_a_bracket_are_those_of_the_whole_scan() -> None:
    texts = [
        "Patients had laser-assisted cataract surgery (study group) or phacoemulsification (control group).",
        "a" * 200 + "   \n  (group B) and 2.5 mg (the low-dose arm), then (control group)",
        "(study group) at the start, ( group A), (group  IA)",
        *_random_texts(_ARM_PIECES, 3000, seed=7),
    ]
    for text in texts:
        assert _found(arms._defined_before(text)) == _found(arms._DEFINED_BEFORE.finditer(text)), text
