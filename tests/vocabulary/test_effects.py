"""The effect reader: one grammar for what claims and sources say of a change (vocabulary.effects)."""

from __future__ import annotations

import pytest

from claimcheck import data
from claimcheck.vocabulary.effects import (
    BETTER,
    DIFFERENT,
    DOWN,
    NONE,
    UP,
    claim_effects,
    effect_phrases,
    overlap,
    read_effects,
    sentences,
    stems,
)


def _one(text: str, **hints: frozenset[str]) -> tuple[str, bool | None, frozenset[str], int]:
    [effect] = read_effects(text, **hints)
    return effect.direction, effect.significant, effect.measure, effect.orientation


def test_the_tables_are_curated_data() -> None:
    table = data.load("directions")
    for name in ("comparative", "quality", "lower_is_better", "difference", "no_difference", "negation"):
        assert name in table
    assert set(table["increase"]["words"]).isdisjoint(table["decrease"]["words"])


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Ketamine raised systolic blood pressure.", UP),
        ("Systolic blood pressure fell with ketamine.", DOWN),
        ("Ketamine did not reduce pain.", NONE),
        ("Pain was not significantly different between the groups.", NONE),
        ("There was no significant difference in pain between the groups.", NONE),
        ("Pain scores were similar in both groups.", NONE),
        ("Acupuncture improved knee function.", BETTER),
        ("A greater reduction in pain was seen with acupuncture.", DOWN),
        ("Patients in the exercise group had less need for analgesics.", DOWN),
        ("The new regimen did not, however, make the rash any worse.", NONE),
        ("Balance training reduced the risk of falls.", DOWN),
        ("There was a fall in heart rate after the injection.", DOWN),
    ],
)
def test_directions(text: str, direction: str) -> None:
    assert _one(text)[0] == direction


def test_significance_from_words_and_p_values() -> None:
    assert _one("Pain fell significantly with acupuncture.")[1] is True
    assert _one("Pain fell with acupuncture (p = 0.03).")[1] is True
    assert _one("Pain fell with acupuncture (p = 0.21).")[1] is False
    assert _one("Pain tended to fall with acupuncture.")[1] is False
    assert _one("Pain fell with acupuncture.")[1] is None


def test_the_measure_and_the_groups() -> None:
    [effect] = read_effects("Ketamine did not reduce pain compared with placebo.")
    assert effect.measure == {"pain"} and effect.subject == {"ketamine"} and effect.reference == {"placebo"}


def test_a_source_is_read_from_the_claims_side() -> None:
    text = "The nursing time was significantly higher in the CVVH group than in the SLED group."
    direction, _, measure, orientation = _one(text, intervention=stems("SLED"), comparator=stems("CVVH"))
    assert (direction, orientation) == (UP, -1) and {"nursing", "time"} <= measure


@pytest.mark.parametrize(
    "text",
    [
        "Older people are at greater risk after a fall.",  # "greater risk" is read; "a fall" is an accident
        "Most carers wanted better access to respite care.",
        "Nurses called for lower ratios of patients to staff.",
    ],
)
def test_events_and_wishes_are_no_change(text: str) -> None:
    assert all(effect.cue not in ("fall", "better", "lower") for effect in read_effects(text))


@pytest.mark.parametrize(
    "text",
    [
        "The tumour was removed whole; more than two years later it had not come back.",  # a bound
        "Fewer than half of the clinics answered the survey.",
        "The samples came from six different hospitals.",  # various hospitals, not a difference
        "Diet mattered in different ways in different regions.",
        "The trial ran in villages of the lower Mekong Delta.",  # a place
        "Most eyes kept a normal pressure without any drops at one year.",  # eye drops
        "Two patients on the stronger solution and one on the weaker one asked for a rescue dose.",
    ],
)
def test_bounds_kinds_and_places_are_no_change(text: str) -> None:
    assert read_effects(text) == []


def test_a_comparative_before_a_measure_in_capitals_is_still_a_change() -> None:
    [effect] = read_effects("The drug gave lower HbA1c than placebo.")
    assert effect.direction == DOWN and "hba1c" in effect.measure
    [effect] = read_effects("Pain scores were different in the two groups.")
    assert effect.direction == DIFFERENT
    [effect] = read_effects("There were drops in pressure with the drug.")
    assert effect.direction == DOWN and "pressure" in effect.measure


def test_about_the_same_is_no_difference_and_the_same_alone_is_nothing() -> None:
    [effect] = read_effects("Costs came out about the same with either drug.")
    assert effect.direction == NONE and effect.measure == {"cost"}
    assert read_effects("The same patients were seen again at six months.") == []


def test_groups_that_did_not_differ_in_a_measure() -> None:
    [effect] = read_effects("The two arms did not differ in wound healing time.")
    assert effect.direction == NONE and {"wound", "healing"} <= effect.measure
    [effect] = read_effects("Pain differed in the two groups.")
    assert effect.measure == {"pain"}


def test_a_time_before_the_object_is_part_of_the_measures_name() -> None:
    [effect] = read_effects(
        "The new regimen significantly lowered 30-day readmission compared with usual care."
    )
    assert effect.direction == DOWN and "readmission" in effect.measure and "regimen" not in effect.measure


def test_words_that_name_a_measure_are_no_change() -> None:
    [effect] = read_effects(
        "Summed pain intensity difference over 48 hours was significantly higher with SSTS."
    )
    assert effect.direction == UP and {"pain", "intensity"} <= effect.measure
    assert read_effects("Growth hormone was measured.") == []


def test_an_articles_effect_phrases() -> None:
    assert effect_phrases("Vitamin D did not reduce falls in older women (3).") == (
        "Vitamin D did not reduce falls in older women (3).",
    )
    assert effect_phrases("The drug cut the risk of stroke by 30%.") == ()  # the figures checker's
    assert effect_phrases("More research is needed to confirm this.") == ()
    assert effect_phrases("You may feel better within days.") == ()
    assert effect_phrases("Injections may be more effective than pills.") == ()


def test_a_change_by_a_hedged_figure_or_range_is_the_figures_checkers() -> None:
    assert effect_phrases("The spray protected ferrets by roughly 30% against flu.") == ()
    assert effect_phrases("Coaching cut missed doses by some 20-25% over a year.") == ()
    assert effect_phrases("The spray protected ferrets against flu.") != ()
    assert effect_phrases("Coaching cut missed doses over a year.") != ()


def test_a_comparison_whose_sides_carry_their_figures_is_the_figures_checkers() -> None:
    """The figures say which way it goes; figures that lie against the words leave the words to be heard."""
    assert (
        effect_phrases("The swab found 81% of cases, many more than the culture (35%) or smear (40%).") == ()
    )
    assert effect_phrases("Smear caught 12% of cases, fewer than the swab (64%).") == ()
    assert (
        effect_phrases("Rehabilitation was shorter with the brace, about six weeks instead of nearly eight.")
        == ()
    )
    assert (
        effect_phrases("Rehabilitation was shorter with the brace, about nine weeks instead of nearly eight.")
        != ()
    )
    assert effect_phrases("The swab found 21% of cases, many more than the culture (35%).") != ()
    assert effect_phrases("The swab found many more cases than the culture (35%).") != ()
    assert effect_phrases("FEV1 was higher with drug A (400 mg) than with drug B (9 mg).") != ()  # doses


def test_sentences_do_not_end_at_decimals_or_abbreviations() -> None:
    text = "Pain fell (3.2 vs. 4.1; p = 0.01). Function rose et al. reported. Done."
    assert [text[a:b].strip() for a, b in sentences(text)][0] == "Pain fell (3.2 vs. 4.1; p = 0.01)."


def test_a_section_label_in_brackets_opens_a_sentence() -> None:
    """Abstracts that run their sections together ("... tests were used. [Results] ...") end the methods'
    last sentence before the label, so that the results are not read as part of an aim ("to assess")."""
    text = "[Methods] To assess walking, a timed test was used. [Results] Balance improved more with yoga."
    assert [text[a:b].strip() for a, b in sentences(text)] == [
        "[Methods] To assess walking, a timed test was used.",
        "[Results] Balance improved more with yoga.",
    ]


def test_more_than_before_a_change_says_how_much_it_was() -> None:
    """ "more than doubled analgesia" is one rise, of analgesia; "more" names no change of its own."""
    [effect] = read_effects("Adding buprenorphine to the block more than doubled postoperative analgesia.")
    assert (effect.direction, effect.measure) == (UP, {"postoperative", "analgesia"})
    assert read_effects("Stem cells may offer more than just temporary symptom management.") == []


@pytest.mark.parametrize(
    ("text", "direction", "measure", "subject"),
    [
        # How often, and an amount of a noun the adjective qualifies, are compared; the adjective is not.
        ("Headaches were more frequent with the patch than with the pill.", UP, {"headache"}, {"patch"}),
        ("Walkers were less likely to catch a cold than sitters.", DOWN, {"catch", "cold"}, {"walker"}),
        ("The new rinse left less bacterial plaque than water.", DOWN, {"bacterial", "plaque"}, None),
        # An amount needed is a result, not a wish.
        ("The stent group needed more transfusions than the bypass group.", UP, {"transfusion"}, None),
    ],
)
def test_more_or_less_before_an_adjective(
    text: str, direction: str, measure: set[str], subject: set[str] | None
) -> None:
    [effect] = read_effects(text)
    assert (effect.direction, effect.measure) == (direction, measure)
    assert subject is None or effect.subject == subject


def test_an_opening_frame_and_a_bound_name_no_measure_and_no_group() -> None:
    """ "Among more than 300 knees treated at one clinic, ..." says where and how many, not what was measured
    or what it was compared with."""
    [effect] = read_effects(
        "Among more than 300 knees treated at one clinic, infections of the wound were more frequent with the"
        " new dressing."
    )
    assert effect.measure == {"infection", "wound"} and effect.reference == frozenset()


@pytest.mark.parametrize(
    ("lay", "technical"),
    [
        ("bleeding into the front chamber of the eye", "hyphema"),
        ("blood in the front chamber of the eye", "hyphema"),
        ("tears in the front of the lens capsule", "anterior capsule tears"),
        ("heart attacks", "myocardial infarction"),
        ("the time it took to wake up", "recovery time"),
        ("bad cholesterol", "LDL cholesterol"),
    ],
)
def test_a_lay_name_of_a_measure_reads_as_its_technical_term(lay: str, technical: str) -> None:
    assert stems(lay) == stems(technical)


def test_a_plain_word_alone_is_not_turned_into_a_term() -> None:
    assert stems("the front teeth") == {"front", "teeth"}
    assert stems("another bacterial species") == {"another", "bacterial", "specy"}
    assert "edema" not in stems("the oral cavity")


def test_a_verb_matches_its_ing_form_but_not_a_shorter_word() -> None:
    assert overlap(frozenset({"meet"}), stems("meeting the guideline")) == 1
    assert overlap(frozenset({"rat"}), frozenset({"rating"})) == 0  # too short to be a verb's -ing form


@pytest.mark.parametrize(
    ("text", "direction", "measure"),
    [
        # People said to be more or less of a state: the adjective names what was measured.
        ("Patients were no more satisfied with surgery than with physiotherapy.", NONE, {"satisfied"}),
        ("Readers were significantly less anxious after the leaflet than before it.", DOWN, {"anxious"}),
    ],
)
def test_people_more_or_less_of_a_state(text: str, direction: str, measure: set[str]) -> None:
    [effect] = read_effects(text)
    assert (effect.direction, effect.measure) == (direction, measure)


def test_a_thing_or_described_people_more_of_an_adjective_compare_no_amount() -> None:
    """ "The drug was no more effective": another word's comparative; "trained people" are a group named by
    what they did, not people in general, so "more sensitive" is not read as their state either."""
    assert read_effects("The drug was no more effective than placebo.") == []
    assert read_effects("Trained people are more sensitive to insulin than untrained people.") == []


def test_one_comparison_said_twice_in_a_row_shares_its_groups() -> None:
    text = "Patients on ketamine alone also woke up faster, with a shorter recovery time than the combination group."
    sides = [(e.subject, e.reference) for e in claim_effects(text)]
    assert sides == [({"ketamine", "alone"}, {"combination"})] * 2
    # Two measures are two comparisons: neither borrows a group.
    [first, second] = claim_effects(
        "Patients on ketamine alone woke up faster, with less nausea than the combination group."
    )
    assert (first.reference, second.subject) == (set(), set())


def test_a_change_written_as_its_two_figures_is_the_figures_checkers() -> None:
    assert effect_phrases("Coaching raised step counts from 4,000 to 6,500 a day.") == ()
    assert effect_phrases("Coaching improved sleep scores from 12 to 18 points.") == ()
    # Figures against the words, or no figures at all, leave the words to the direction checker.
    assert effect_phrases("Coaching raised step counts from 6,500 to 4,000 a day.") != ()
    assert effect_phrases("Coaching raised step counts from baseline to week 12.") != ()


def test_depressed_lowers_a_level_but_describes_people_or_their_mood() -> None:
    [effect] = read_effects("Rats fed the pesticide had depressed plasma cortisol.")
    assert (effect.direction, effect.measure) == ("down", {"blood", "cortisol"})  # plasma is a blood level
    # People or their mood described as depressed: no fall of anything.
    assert [
        e.cue for e in read_effects("Depressed patients had higher pain scores than other patients.")
    ] == ["higher"]
    assert read_effects("Patients who were depressed were seen weekly.") == []
    assert read_effects("Depressed mood was common in both groups.") == []


def test_how_often_a_dose_was_given_is_no_figure_of_the_change() -> None:
    assert effect_phrases("Compared with placebo, the twice-daily spray gave no different nasal itch scores.")
    assert effect_phrases("Three times a week, the drug lowered pain scores more than placebo.")
    # "Twice" of the change itself is the figures checker's.
    assert effect_phrases("The drug lowered pain scores twice as much as placebo.") == ()


def test_lower_before_a_part_of_the_body_names_its_region() -> None:
    assert claim_effects("Bupivacaine gave good anaesthesia for lower limb surgery.") == []
    [effect] = claim_effects("Massage reduced lower back pain more than rest.")
    assert effect.direction == DOWN and {"back", "pain"} <= effect.measure
    [effect] = claim_effects("Pain was lower with massage.")  # a fall
    assert effect.direction == DOWN and effect.measure == {"pain"}


def test_an_exposure_associated_with_a_level_is_the_group_of_the_outcome() -> None:
    [effect] = claim_effects("Regular cycling was associated with lower blood pressure.")
    assert effect.direction == DOWN and effect.measure == {"blood", "pressure"}
    assert {"cycling"} <= effect.subject and not effect.reference
    [effect] = claim_effects("Lower income was associated with more smoking.")  # a level of the exposure
    assert effect.direction == DOWN and effect.subject == {"income", "higher"}


@pytest.mark.parametrize(
    ("text", "direction", "measure"),
    [
        # The pace or size of a change after its verb is that change's, not a speed or a second change.
        ("Hospital admissions have risen faster among girls than among boys.", UP, {"hospital"}),
        ("Pain scores fell faster with the cream than with the gel.", DOWN, {"pain"}),
        ("Serum sodium levels rose sharply among the marathon runners.", UP, {"sodium"}),
    ],
)
def test_how_fast_a_change_went_is_that_change(text: str, direction: str, measure: set[str]) -> None:
    [effect] = claim_effects(text)
    assert effect.direction == direction and measure <= effect.measure
    assert not effect.measure & {"faster", "sharply", "time"}


def test_faster_alone_is_still_a_speed() -> None:
    """With no change before it, "faster" compares speeds: less time taken."""
    [effect] = claim_effects("Patients given the cream recovered faster than those given the gel.")
    assert effect.direction == DOWN and "time" in effect.measure
