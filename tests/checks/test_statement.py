"""The statement checker (claimcheck.checks.statement): a claim's own words found in the source, or a note.

Abstracts here are written for these tests; the last test reads the real records of ../shared/data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from claimcheck import checks
from claimcheck.checks import statement
from claimcheck.checks.base import ClaimContext
from claimcheck.model import Support
from claimcheck.textfold import folded_words

from .real_records import needs_ncbi_data, real_records

MakeContext = Callable[..., ClaimContext]

FUNGI = (
    "Skin scrapings from 212 patients were cultured. Trichophyton rubrum was the most common species, "
    "followed by T. mentagrophytes. Pruritus occurred only in patients with tinea cruris. "
    "Microsporum species were not isolated. The commonest sites were the feet (40%) and the groin (30%)."
)


def _outcomes(make_context: MakeContext, text: str, **record: Any) -> list[Any]:
    record = record or {"abstract": [{"section": "", "text": FUNGI}]}
    context = make_context(claim={"text": text}, record=record)
    return list(statement.check(context))


def _supported(make_context: MakeContext, text: str, **record: Any) -> str:
    """The evidence of the one support, or "" when the checker finds no support (with an abstract alone,
    it notes so, CC303, so that the full text is read; never anything more)."""
    outcomes = _outcomes(make_context, text, **record)
    supports = [outcome for outcome in outcomes if isinstance(outcome, Support)]
    notes = [outcome for outcome in outcomes if not isinstance(outcome, Support)]
    assert len(supports) <= 1 and all(note.rule == "CC303" for note in notes) and not (supports and notes)
    return supports[0].evidence if supports else ""


def test_a_paraphrase_is_supported_with_the_source_sentence(make_context: MakeContext) -> None:
    evidence = _supported(make_context, "Itching occurred only in patients with tinea cruris [3].")
    assert evidence == "Pruritus occurred only in patients with tinea cruris."


def test_the_leader_of_a_ranking_is_supported_and_its_runner_up_is_not(make_context: MakeContext) -> None:
    assert _supported(make_context, "Trichophyton rubrum was the fungus species isolated most often") == ""
    leader = _supported(make_context, "Trichophyton rubrum was the most common species.")
    assert leader.startswith("Trichophyton rubrum was the most common species, followed by")
    assert _supported(make_context, "Trichophyton mentagrophytes was the most common species.") == ""


def test_a_rival_named_in_a_list_leaves_a_superlative_open(make_context: MakeContext) -> None:
    text = "The most frequent sites were the feet (40%) and the groin (30%)."
    record = {"abstract": [{"section": "", "text": text}]}
    assert _supported(make_context, "The feet were the most frequent site.", **record) == text
    assert _supported(make_context, "The groin was the most frequent site.", **record) == ""


def test_a_denial_must_match(make_context: MakeContext) -> None:
    assert _supported(make_context, "No Microsporum species were isolated.") != ""
    assert _supported(make_context, "Microsporum species were isolated from the scrapings.") == ""
    assert _supported(make_context, "Pruritus did not occur in patients with tinea cruris.") == ""
    record = {
        "abstract": [{"section": "", "text": "Pruritus occurred in tinea cruris but not in tinea pedis."}]
    }
    assert _supported(make_context, "Pruritus did not occur in tinea cruris.", **record) == ""
    assert _supported(make_context, "Pruritus did not occur in tinea pedis.", **record) != ""


def test_a_missing_word_or_name_declines(make_context: MakeContext) -> None:
    assert _supported(make_context, "Pruritus occurred only in patients with tinea pedis.") == ""
    assert _supported(make_context, "Pruritus occurred only in children with tinea cruris.") == ""
    assert _supported(make_context, "Trichophyton tonsurans was the most common species.") == ""


def test_a_genus_may_be_abbreviated_before_its_species(make_context: MakeContext) -> None:
    record = {"abstract": [{"section": "", "text": "Isoniazid is active against M. smegmatis cultures."}]}
    evidence = _supported(make_context, "Isoniazid acts on Mycobacterium smegmatis cultures.", **record)
    assert evidence == "Isoniazid is active against M. smegmatis cultures."
    assert _supported(make_context, "Isoniazid acts on Mycobacterium tuberculosis cultures.", **record) == ""


def test_an_aim_an_open_question_or_a_hedge_supports_nothing(make_context: MakeContext) -> None:
    claim = "Isoniazid kills dormant mycobacteria in lung lesions."
    for text in (
        "We examined whether isoniazid kills dormant mycobacteria in lung lesions.",
        "It is unclear if isoniazid kills dormant mycobacteria in lung lesions.",
        "Does isoniazid kill dormant mycobacteria in lung lesions?",
    ):
        assert _supported(make_context, claim, abstract=[{"section": "", "text": text}]) == ""
    hedged = "Isoniazid may kill dormant mycobacteria in lung lesions."
    assert _supported(make_context, claim, abstract=[{"section": "", "text": hedged}]) == ""
    assert (
        _supported(
            make_context,
            "Isoniazid can kill dormant mycobacteria in lung lesions.",
            abstract=[{"section": "", "text": hedged}],
        )
        == hedged
    )
    found = "Isoniazid killed dormant mycobacteria in lung lesions."
    assert _supported(make_context, claim, abstract=[{"section": "", "text": found}]) == found


def test_names_must_come_in_the_claim_order(make_context: MakeContext) -> None:
    text = "Isoniazid is active against Mycobacterium smegmatis but not against Escherichia coli."
    record = {"abstract": [{"section": "", "text": text}]}
    claim = "Isoniazid acts on Mycobacterium smegmatis but not on Escherichia coli."
    assert _supported(make_context, claim, **record) == text
    swapped = "Isoniazid acts on Escherichia coli but not on Mycobacterium smegmatis."
    assert _supported(make_context, swapped, **record) == ""


@pytest.mark.parametrize(
    "claim",
    [
        "Pruritus was more common in patients with tinea cruris.",
        "Pruritus occurred less often than scaling in tinea cruris.",
        "Pruritus was reduced in patients with tinea cruris.",
        "Most patients with tinea cruris had pruritus.",
        "There was no difference in pruritus between patients with tinea cruris and others.",
        "Pruritus came out about the same in patients with tinea cruris.",
        "Many patients with tinea cruris had pruritus.",
    ],
)
def test_a_comparison_direction_or_share_is_left_to_other_checkers(
    make_context: MakeContext, claim: str
) -> None:
    assert _outcomes(make_context, claim) == []


def test_a_claim_with_an_assertion_of_its_own_is_left_to_its_checkers(make_context: MakeContext) -> None:
    context = make_context(
        claim={"text": "Pruritus occurred only in patients with tinea cruris.", "figures": ["212 patients"]},
        record={"abstract": [{"section": "", "text": FUNGI}]},
    )
    assert list(statement.check(context)) == []


def test_markers_names_and_reporting_words_are_not_looked_for(make_context: MakeContext) -> None:
    record = {
        "abstract": [{"section": "", "text": FUNGI}],
        "authors": [{"family": "Okafor", "initials": "N"}],
    }
    claim = "Okafor and colleagues found that pruritus occurred only in patients with tinea cruris (ref. 4)."
    assert (
        _supported(make_context, claim, **record) == "Pruritus occurred only in patients with tinea cruris."
    )


def test_two_adjacent_sentences_may_hold_the_statement(make_context: MakeContext) -> None:
    text = "We cultured scrapings from wrestlers. Dermatophytes were recovered from the mats of the gym."
    record = {"abstract": [{"section": "", "text": text}]}
    claim = "Scrapings from wrestlers were cultured, and fungi were isolated from the gym mats."
    assert _supported(make_context, claim, **record) == text


def test_the_full_text_is_read_when_the_abstract_lacks_the_statement(make_context: MakeContext) -> None:
    record = {
        "abstract": [{"section": "", "text": FUNGI}],
        "fulltext": [{"section": "Discussion", "text": "Dermatophytes thrive in occlusive footwear."}],
    }
    context = make_context(claim={"text": "Fungi thrive in occlusive footwear."}, record=record)
    (found,) = statement.check(context)
    assert isinstance(found, Support)
    assert (found.source, found.section) == ("fulltext", "Discussion")


def test_a_number_in_words_is_its_digits(make_context: MakeContext) -> None:
    record = {"abstract": [{"section": "", "text": "Of the isolates, 3 carried both carbapenemase genes."}]}
    claim = "Three of the isolates carried both carbapenemase genes."
    assert _supported(make_context, claim, **record) == "Of the isolates, 3 carried both carbapenemase genes."
    assert _supported(make_context, "Four of the isolates carried both carbapenemase genes.", **record) == ""
    spelled = {"abstract": [{"section": "", "text": "Seven wards kept a hand-hygiene log."}]}
    assert _supported(make_context, "7 wards kept a hand-hygiene log.", **spelled) != ""
    assert _supported(make_context, "8 wards kept a hand-hygiene log.", **spelled) == ""


def test_an_organ_or_test_named_by_its_adjective_is_the_same(make_context: MakeContext) -> None:
    text = "Gallstones are a frequent chance finding on abdominal ultrasonography in adults."
    record = {"abstract": [{"section": "", "text": text}]}
    assert _supported(make_context, "Gallstones are often a chance finding on belly ultrasound.", **record)
    assert _supported(make_context, "Gallstones are often a chance finding on belly CT.", **record) == ""
    venous = {"abstract": [{"section": "", "text": "Venous thrombosis followed long flights."}]}
    assert _supported(make_context, "Thrombosis in the veins followed long flights.", **venous) != ""
    assert _supported(make_context, "Thrombosis in the arteries followed long flights.", **venous) == ""


def test_a_link_to_a_risk_is_a_statement_but_a_change_in_risk_is_not(make_context: MakeContext) -> None:
    text = "Variants near the FTO gene were associated with obesity risk in both cohorts."
    record = {"abstract": [{"section": "", "text": text}]}
    assert _supported(make_context, "Variants in the FTO gene are linked to obesity risk.", **record) == text
    assert (
        _supported(make_context, "Variants in the FTO gene are not linked to obesity risk.", **record) == ""
    )
    assert _supported(make_context, "Variants in the FTO gene raise obesity risk.", **record) == ""
    assert _supported(make_context, "Variants in the FTO gene lower the risk of obesity.", **record) == ""


def test_a_compound_may_be_written_whole_hyphenated_or_as_two_words(make_context: MakeContext) -> None:
    text = "Night-shift nurses kept wellbeing diaries in three healthcare trusts."
    record = {"abstract": [{"section": "", "text": text}]}
    assert _supported(
        make_context, "Night shift nurses kept well-being diaries in health care trusts.", **record
    )
    assert (
        _supported(make_context, "Night shift nurses kept sleep diaries in health care trusts.", **record)
        == ""
    )


def test_a_non_prefix_is_a_denial(make_context: MakeContext) -> None:
    text = "Non-smokers were recruited from three dental clinics."
    record = {"abstract": [{"section": "", "text": text}]}
    assert _supported(make_context, "Non-smokers were recruited from dental clinics.", **record) == text
    assert _supported(make_context, "Smokers were recruited from dental clinics.", **record) == ""
    smokers = {"abstract": [{"section": "", "text": "Smokers were recruited from three dental clinics."}]}
    assert _supported(make_context, "Non-smokers were recruited from dental clinics.", **smokers) == ""


def test_an_abbreviation_the_record_defines_stands_for_its_words(make_context: MakeContext) -> None:
    background = {"section": "BACKGROUND", "text": "We followed climbers with acute mountain sickness (AMS)."}
    results = {"section": "RESULTS", "text": "AMS resolved after descent in every climber."}
    claim = "Acute mountain sickness resolved after descent in every climber."
    assert _supported(make_context, claim, abstract=[background, results]) == results["text"]
    chronic = "Chronic mountain sickness resolved after descent in every climber."
    assert _supported(make_context, chronic, abstract=[background, results]) == ""
    assert _supported(make_context, claim, abstract=[results]) == ""  # never defined: only letters


def test_calling_a_thing_something_only_frames_what_is_said(make_context: MakeContext) -> None:
    text = "Sarcopenia in elderly drivers is an emerging challenge for road traffic research."
    record = {"abstract": [{"section": "", "text": text}]}
    claim = "The authors call sarcopenia in elderly drivers an emerging challenge for road traffic research."
    assert _supported(make_context, claim, **record) == text
    other = "The authors call sarcopenia in elderly drivers an emerging challenge for geriatric research."
    assert _supported(make_context, other, **record) == ""


def test_too_few_content_words_say_nothing(make_context: MakeContext) -> None:
    assert _outcomes(make_context, "Pruritus occurred.") == []


def test_the_registry_sends_a_plain_statement_to_this_checker(make_context: MakeContext) -> None:
    context = make_context(
        claim={"text": "Itching occurred only in patients with tinea cruris."},
        record={"abstract": [{"section": "", "text": FUNGI}]},
    )
    assert [type(outcome) for outcome in checks.check_claim(context)] == [Support]


# Words of the loosened kinds (paraphrase groups, number words, organ adjectives) to add to a real sentence:
# the first one its record does not hold, by meaning, must leave the sentence unsupported.
_FOREIGN_WORDS = ("prognosis", "ultrasonography", "infants", "arterial", "dietary", "nasal", "seventeen")
_SMALL_NUMBER = re.compile(r"(?<![\d.,-])\b(?:[2-9]|1[0-9])\b(?![.,]\d)")
_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()


def _variants(text: str, passage_keys: frozenset[str]) -> Iterator[tuple[str, str]]:
    """What a careless writer makes of a real sentence, none of which its record says: a nonsense word
    added; a real word of the loosened kinds added; the sentence denied; a small number changed to another
    written in words."""
    yield "nonsense word", f"{text} Quetzalcoatl"
    foreign = next(word for word in _FOREIGN_WORDS if statement.meaning(word) not in passage_keys)
    yield "real word", f"{text.rstrip('. ')} in {foreign}."
    denied = re.sub(r"\b(is|was|are|were)\b", r"\1 not", text, count=1)
    if denied != text:
        yield "denied", denied
    if number := _SMALL_NUMBER.search(text):
        changed = (int(number.group()) + 1) % 19 + 2
        varied = text[: number.start()] + _NUMBER_WORDS[changed - 2] + text[number.end() :]
        unmarked = statement._MARKERS.sub(" ", varied) != statement._MARKERS.sub(" ", text)
        if str(changed) not in passage_keys and unmarked:  # not in a bracket read as a citation marker
            yield "number", varied


@needs_ncbi_data
def test_a_plain_sentence_of_a_real_abstract_is_supported_by_its_own_record(
    make_context: MakeContext,
) -> None:
    """Nearly every sentence the checker reads as a statement is found, verbatim, in its own record (a
    denial set off by commas, "It is not, however, ...", may be missed); the same sentence changed as
    ``_variants`` changes it never is."""
    statements = supported = 0
    variants: Counter[str] = Counter()
    for record in real_records()[:250]:
        for passage in record.abstract:
            passage_keys = frozenset(
                key for sentence in statement.sentences(passage) for keys in sentence.keys for key in keys
            )
            for sentence in statement.sentences(passage):
                text = passage.text[sentence.start : sentence.end]
                parsed = statement.read_statement(text)
                if parsed is None:
                    continue
                values = {"abstract": [{"section": passage.section, "text": passage.text}]}
                statements += 1
                if evidence := _supported(make_context, text, **values):
                    assert " ".join(folded_words(evidence)) in " ".join(folded_words(passage.text))
                    supported += 1
                for kind, variant in _variants(text, passage_keys):
                    if kind == "denied" and parsed.denies:
                        continue  # a second denial in a sentence that denies already is not told apart
                    variants[kind] += 1
                    assert _supported(make_context, variant, **values) == "", variant
    assert statements > 100 and supported >= 0.97 * statements
    assert min(variants.values()) > 50 and len(variants) == 4, variants


def test_a_name_that_describes_a_thing_keeps_no_order_unless_the_claim_contrasts(
    make_context: MakeContext,
) -> None:
    text = (
        "Resistance in KRAS-mutant tumours was driven by the variants G12C and G13D, not reported previously."
    )
    record = {"abstract": [{"section": "", "text": text}]}
    claim = "The variants G12C and G13D had not been reported before in any KRAS-mutant tumours."
    assert _supported(make_context, claim, **record) == text
    swapped = "The variants G13D and G12C had not been reported before in any KRAS-mutant tumours."
    assert _supported(make_context, swapped, **record) == "", "names that act keep their order"
    contrast = "Crizotinib acted on ALK-positive cells but not on ROS1-positive cells."
    source = {
        "abstract": [
            {"section": "", "text": "Crizotinib acted on ROS1-positive cells but not on ALK-positive cells."}
        ]
    }
    assert _supported(make_context, contrast, **source) == ""


def test_with_the_abstract_alone_an_unfound_statement_is_noted_so_the_full_text_is_read(
    make_context: MakeContext,
) -> None:
    claim = "Dermatophytes thrive in occlusive footwear."
    (note,) = _outcomes(make_context, claim)
    assert (note.rule, note.severity.value) == ("CC303", "info") and "not in the abstract" in note.message
    searched = {
        "abstract": [{"section": "", "text": FUNGI}],
        "fulltext": [{"section": "Discussion", "text": "Moulds grow on damp walls."}],
    }
    assert _outcomes(make_context, claim, **searched) == [], "once the full text was read, nothing more"
    assert _outcomes(make_context, "Pruritus was more common in patients with tinea cruris.") == []
