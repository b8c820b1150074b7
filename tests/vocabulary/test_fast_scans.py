"""Scans made cheaper find exactly what the plain scan they replace finds (same spans, same groups)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from claimcheck.extract import figures, people
from claimcheck.vocabulary import designs, effects, quantities
from claimcheck.vocabulary.prefilter import either, fold_for_literals, may_match, required_literals


def _random_texts(pieces: tuple[str, ...], count: int, seed: int) -> list[str]:
    chooser = random.Random(seed)
    return ["".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 40))) for _ in range(count)]


def _found(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(match.span(), match.groupdict()) for match in matches]


def test_required_literals_are_what_every_match_holds() -> None:
    assert required_literals(re.compile(r"\brandomi[sz]ed\b|\bRCT\b", re.IGNORECASE)) == ({"randomi", "rct"},)
    assert {"randomi"} in required_literals(re.compile(r"\b(?:were|was) (?:then )?randomi[sz]ed\b"))
    assert required_literals(re.compile(r"(?:pilot)?\d+ trials?")) == ({" trial"},)
    assert required_literals(re.compile(r"x?|y")) == ()  # a branch that needs nothing
    assert either([re.compile(r"\bcohort\b"), re.compile(r"[a-z]+")]) == ()
    # each pattern's likeliest-rare requirement: " study" (6 letters at least) rather than "pilot" (5)
    assert either([re.compile(r"\bcohort\b"), re.compile(r"a (?:pilot|feasibility) study")]) == (
        {"cohort", " study"},
    )


def test_a_design_pattern_matches_only_where_its_literals_are() -> None:
    chooser = random.Random(11)
    odd = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}  # case partners of ASCII letters beyond ASCII
    texts = []
    for literals, _ in designs._READING.values():
        for literal in sorted(literals[0] if literals else ()):
            for _ in range(5):
                spelled = "".join(
                    chooser.choice([char.upper(), char, *odd.get(char, "")]) for char in literal
                )
                texts.append(
                    f"In this {spelled} study, {chooser.choice(sorted(literals[0] if literals else ['']))} 12 patients"
                )
    texts += ["A RANDOMİZED trial", "a ſystematic review", "a Kohort", "we searched PubMed"]
    matched = 0
    for text in texts:
        folded = fold_for_literals(text)
        for literals, kinds in designs._READING.values():
            for scan, _ in kinds:
                found = scan.pattern.search(text) is not None
                matched += found
                assert may_match(literals, folded) or not found, (text, scan.pattern.pattern)
                assert may_match(scan.required, folded) or not found, (text, scan.pattern.pattern)
    assert matched > len(texts)  # the texts do name designs, odd spellings among them
    assert designs.stated_designs("A RANDOMİZED trial")  # "İ" is an "i" to a case-insensitive pattern


def test_a_credit_pattern_matches_only_where_its_literals_are() -> None:
    sentences = [
        "A study led by Dr. Jane Smith [3] found less pain.",
        "The trial, CO-AUTHORED BY Prof. Lee Wong and Ann Park, was small.",
        "Smith et al. found that knees improved, and Jones and colleagues agreed.",
        "Lead author Maria García said so; Tom Baker, the study's senior author, agreed.",
        "Dr. O'Brien\u2019s team ran the trial under the group of Ana Silva.",
        "Its authors, Lee and Kim, and Park, who led the work, disagree.",
        "A review by the Northfield Institute found nothing.",
        "A ſtudy by Kim ſaid so.",  # "ſ" is an "s" to a case-insensitive pattern
    ]
    matched = 0
    for sentence in sentences:
        folded = fold_for_literals(sentence)
        for credit in people._CREDITS:
            found = credit.pattern.search(sentence) is not None
            matched += found
            assert may_match(credit.required, folded) or not found, (sentence, credit.pattern.pattern)
    assert matched >= len(sentences)


def test_effect_sentences_end_where_the_lookbehind_first_pattern_ended_them() -> None:
    # The pattern as it was: lookbehinds first, tried at every offset of a text.
    tried_everywhere = re.compile(
        r"(?<!\bvs)(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bFig)(?<!\bet)[.!?](?=\s+[A-Z(]|\s*$)"
    )
    pieces = ("vs", "al", "e.g", "i.e", "Fig", "et", ".", "!", "?", " ", "\n", "A", "b", "(", "x vs", "\tZ")
    texts = [
        "Pain fell vs. placebo. Smith et al. found it (Fig. 2). It rose, i.e. Much! Then? (Yes.)",
        *_random_texts(pieces, 3000, seed=5),
    ]
    for text in texts:
        assert _found(effects._SENTENCE_END.finditer(text)) == _found(tried_everywhere.finditer(text)), text


def test_masked_numbers_are_those_of_the_lookbehind_first_pattern() -> None:
    tried_everywhere = re.compile(
        r"(?<![0-9])[0-9]{1,2}:[0-9]{1,2}(?![0-9])|\(?(?<![0-9])[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4}(?![0-9])"
        r"|\[[0-9]{1,3}(?:\s*[,\u2013-]\s*[0-9]{1,3}){0,20}\]"
    )
    pieces = (
        "1",
        "23",
        "456",
        "(",
        ")",
        ":",
        " ",
        ".",
        "-",
        "[",
        "]",
        ",",
        "7890",
        "a",
        "12:30",
        "(555) 123-4567",
    )
    texts = ["Seen at 12:30 (ratio 1:1), call (555) 123-4567 or 555.123.4567 [3, 5-7]", "0123:45"]
    for text in [*texts, *_random_texts(pieces, 5000, seed=13)]:
        assert _found(quantities._MASKED.finditer(text)) == _found(tried_everywhere.finditer(text)), text


def test_a_design_parameter_matches_only_where_its_literals_are() -> None:
    sentences = [
        "A DOUBLE-BLIND trial with 6-month follow-up, in two groups",
        "Patients were followed up for twelve months in 3 Arms; single blinded",
        "A 12 month followup of the three groups",
    ]
    patterns = [*(scan for scan, _ in figures._DESIGN_PARAMETERS), figures._ARMS]
    matched = 0
    for sentence in sentences:
        folded = fold_for_literals(sentence)
        for scan in patterns:
            found = scan.pattern.search(sentence) is not None
            matched += found
            assert may_match(scan.required, folded) or not found, (sentence, scan.pattern.pattern)
    assert matched >= len(patterns)
