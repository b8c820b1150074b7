"""The quantity vocabulary: numbers as abstracts and articles write them, and what is no number at all.

Every sentence here was written for these tests, shaped like sentences of real abstracts.
"""

from __future__ import annotations

import pytest

from claimcheck.vocabulary import units
from claimcheck.vocabulary.nouns import COUNT_NOUN_GROUPS, count_unit, excludes, groups_of, singular, stem
from claimcheck.vocabulary.numbers import fraction_value
from claimcheck.vocabulary.quantities import (
    Quantity,
    context_key,
    find_quantities,
    parse_quantities,
    parse_quantity,
)


def _read(text: str) -> list[tuple[float, float | None, str]]:
    return [(q.value, q.high, q.unit) for q in find_quantities(text)]


def _figures(text: str) -> list[tuple[float, float | None, str]]:
    return [(q.value, q.high, q.unit) for q in find_quantities(text) if q.is_figure]


def _only(text: str) -> Quantity:
    (quantity,) = [q for q in find_quantities(text) if q.is_figure]
    return quantity


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1,069", 1069.0),
        ("1069", 1069.0),
        ("one thousand sixty-nine", 1069.0),
        ("eighteen", 18.0),
        ("twenty-one", 21.0),
        ("one hundred and five", 105.0),
        ("a dozen", 12.0),
        ("84.31", 84.31),
        ("13.80", 13.8),
        ("2\u00b75", 2.5),
        ("1\u2009069", 1069.0),
        ("88 657", 88657.0),
    ],
)
def test_numbers_as_written(written: str, value: float) -> None:
    assert [q.value for q in find_quantities(f"We counted {written} knees.")] == [value]


def test_words_that_are_no_numbers() -> None:
    assert find_quantities("knees, someone, often, tone") == ()


def test_fractions_in_words() -> None:
    assert fraction_value("two-thirds") == pytest.approx(2 / 3)
    assert fraction_value("a quarter of") == pytest.approx(0.25)
    assert fraction_value("knees") is None


@pytest.mark.parametrize(
    ("text", "value", "unit", "counted"),
    [
        ("one thousand sixty-nine knees", 1069.0, "", ("knee",)),
        ("a dozen studies", 12.0, "", ("study",)),
        ("two-thirds of patients", 66.67, "%", ("patient",)),
        ("half of the participants", 50.0, "%", ("patient",)),
        ("one in five adults", 20.0, "%", ("patient",)),
        ("one in every ten respondents", 10.0, "%", ("patient",)),
    ],
)
def test_numbers_written_in_words(text: str, value: float, unit: str, counted: tuple[str, ...]) -> None:
    quantity = _only(text)
    assert (quantity.value, quantity.unit, quantity.counted) == (value, unit, counted)


def test_out_of_is_a_count_and_its_whole() -> None:
    quantity = _only("Five out of seven of the studies")
    assert (quantity.value, quantity.total, quantity.unit) == (5.0, 7.0, "")


def test_a_fraction_in_words_is_approximate_and_digits_are_not() -> None:
    assert _only("two-thirds of patients").approximate
    assert not _only("66.7% of patients").approximate


@pytest.mark.parametrize("text", ["72%", "72 %", "72 percent", "72 per cent"])
def test_percentages_in_every_spelling(text: str) -> None:
    assert (_only(text).value, _only(text).unit) == (72.0, "%")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("57 \u03bcg", "\u03bcg"),
        ("57 \u00b5g", "\u03bcg"),
        ("57 mcg", "\u03bcg"),
        ("57 mg", "mg"),
        ("2 g", "g"),
        ("12 h", "hour"),
        ("30 min", "minute"),
        ("14 days", "day"),
        ("6 weeks", "week"),
        ("12-month follow-up", "month"),
        ("5 years", "year"),
        ("10mg", "mg"),
        ("4.7 g/day", "g/day"),
        ("2.5 mg/kg", "mg/kg"),
        ("92.95 cases per 100,000", "per 100000"),
        ("120 mmHg", "mmHg"),
        ("a 2-fold rise", "times"),
        ("exercised five times a week", "times/week"),
        ("20 mg a day", "mg/day"),
        ("a tensile strength of 15 N", "N"),
        ("failed at 1.2 kN", "kN"),
    ],
)
def test_units_as_written(text: str, unit: str) -> None:
    assert _only(text).unit == unit


def test_units_convert_within_a_dimension_only() -> None:
    assert units.convert(12, "month", "year") == pytest.approx(1.0)
    assert units.convert(57, "mg", "\u03bcg") == pytest.approx(57000.0)
    assert units.convert(92.95, "per 100000", "per 10000") == pytest.approx(9.295)
    assert units.convert(1, "mg/kg", "\u03bcg/kg") == pytest.approx(1000.0)
    assert units.convert(1, "mg", "day") is None
    assert units.convert(1, "mmol/L", "mg/dL") is None


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Each session lasted an hour.", 1.0, "hour"),
        ("Infusions took half an hour.", 0.5, "hour"),
        ("a nap of an hour and a half", 1.5, "hour"),
        ("Pressure was held for a minute.", 1.0, "minute"),
    ],
)
def test_short_durations_written_with_an_article(text: str, value: float, unit: str) -> None:
    assert _read(text) == [(value, None, unit)]


def test_an_article_before_a_longer_span_or_another_unit_is_no_number() -> None:
    assert _read("A year later, most patients had relapsed within a week.") == []
    assert _read("They took 5 mg a patient.") == [(5.0, None, "mg")]


def test_a_decimal_after_a_group_label_is_a_figure_of_its_own() -> None:
    text = "Wound infection occurred in 12.0% of knees in Group 1 and 4.5% of knees in Group 2."
    assert _figures(text) == [(12.0, None, "%"), (4.5, None, "%")]
    assert _read("patients with type 1 and 2 diabetes") == []


def test_against_right_before_a_figure_compares_it_with_the_one_before() -> None:
    first, second = find_quantities(
        "Relapse occurred in 20% of knees after surgery, against 6.5% after bracing."
    )
    assert first.series == second.series >= 0
    assert "knee" in second.counted  # the 6.5% is of knees too
    efficacy = find_quantities("Vaccine efficacy was 60% against H1N1 and 40% against H3N2.")
    assert [q.series for q in efficacy] == [-1, -1]


def test_a_genus_initial_ends_no_sentence_and_a_list_of_three_is_parted_by_commas() -> None:
    text = (
        "The sensitivity of culture, microscopy and PCR for detection of E. coli as compared to a reference "
        "standard was 41.2%, 63.0% and 88.5%, respectively."
    )
    culture, microscopy, pcr = find_quantities(text)
    assert "cultur" in culture.context and "microscopy" not in culture.context
    assert "pcr" in pcr.context and "cultur" not in pcr.context
    assert microscopy.series == culture.series


def test_figures_in_asides_after_their_words_each_name_their_own_thing() -> None:
    found = find_quantities("Culture found more than either the dipstick (21.4%) or the smear test (37.5%).")
    dipstick, smear = found
    assert "dipstick" in dipstick.context and "smear" not in dipstick.context
    assert "smear" in smear.context and "dipstick" not in smear.context


def test_a_capital_joined_by_a_hyphen_is_a_chemical_prefix_not_a_unit() -> None:
    assert _only("They took 5 L-arginine tablets.").unit == ""
    assert _only("The protein has 3 N-glycosylation sites.").unit == ""


def test_a_word_that_starts_like_a_unit_is_no_unit() -> None:
    assert _read("5 mind games") == [(5.0, None, "")]
    assert _read("3 groups") == [(3.0, None, "")]


@pytest.mark.parametrize(
    "text",
    [
        "the phase 1/2 trial",
        "the SYGMA 1 trial",
        "patients with COVID-19",
        "people with type 2 diabetes",
        "IL-6 and EBNA-1 levels",
        "types 1 and 2",
        "see Figure 3 and Table 2",
        "vitamin D3 and omega-3 fatty acids",
        "rs401681 and H1N1",
        "5-FU and 2,4-dihydroxybenzophenone",
        "enrolled through Feb 10, 2010",
        "between 2005 and 2009",
        "from 2005-2009",
        "in 2016 the clinic opened",
        "a 2016 study",
        "the 3rd visit",
        "at 10:30, randomized 2:1",
        "call 555-210-9876",
        "as shown before [12] and [3, 5-7]",
        "one of the most common, one of two ways",
        "patient 4 and case 2",
    ],
)
def test_digits_that_name_something_are_no_quantity(text: str) -> None:
    assert find_quantities(text) == ()


def test_a_plural_count_noun_makes_a_year_like_number_a_count() -> None:
    assert _figures("We enrolled 2016 participants.") == [(2016.0, None, "")]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("pain fell (95% CI 32\u201343%)", [(32.0, 43.0, "%")]),
        ("a rate of 37% (95% CI 32-43%)", [(37.0, None, "%"), (32.0, 43.0, "%")]),
        ("OR 1.72; 95% CI 1.07 to 2.78; ptrend=0.048", [(1.72, None, "times"), (1.07, 2.78, "times")]),
        ("aged 45.2 \u00b1 8.1 years", [(45.2, None, "year")]),
        (
            "a median of 17 weeks (interquartile range [IQR] 6-37 weeks)",
            [(17.0, None, "week"), (6.0, 37.0, "week")],
        ),
        ("20% to 30% of adults", [(20.0, 30.0, "%")]),
        ("between 20 and 30 years", [(20.0, 30.0, "year")]),
        ("ages ranged from 18 to 65 years", [(18.0, 65.0, "year")]),
        ("rose from 10% to 20%", [(10.0, None, "%"), (20.0, None, "%")]),
        ("at 3 and 6 months", [(3.0, None, "month"), (6.0, None, "month")]),
        ("were 1.4 and 96.1%, respectively", [(1.4, None, "%"), (96.1, None, "%")]),
    ],
)
def test_statistics_as_abstracts_write_them(
    text: str, figures: list[tuple[float, float | None, str]]
) -> None:
    assert _figures(text) == figures


def test_roles_of_statistics() -> None:
    roles = {q.value: q.role for q in find_quantities("rash (n = 71, 69%), p = 0.03, 25 \u00b1 4.5 years")}
    assert roles[71.0] == "n" and roles[0.03] == "p" and roles[25.0] == ""
    interval = [q for q in find_quantities("a rate of 37% (95% CI 32-43%)") if q.high is not None]
    assert [q.role for q in interval] == ["interval"]


def test_a_count_and_its_share() -> None:
    count, share = find_quantities("Adverse events occurred in 200 (2.4%) of the children.")
    assert (count.value, count.unit) == (200.0, "")
    assert (share.value, share.unit, share.role) == (2.4, "%", "share")


def test_a_share_in_brackets_measures_the_words_before_it() -> None:
    text = "The commonest signs were sinus tachycardia (86.7%), fever (64%) and diarrhea (31%)."
    counted = [q.counted for q in find_quantities(text)]
    assert counted == [("sinus", "tachycardia"), ("fever",), ("diarrhea",)]


def test_a_ratio_knows_what_it_compares() -> None:
    odds, hazard = find_quantities("The odds ratio was 1.86 and the adjusted HR 0.80.")
    assert (odds.unit, odds.measure, hazard.unit, hazard.measure) == ("times", "odds", "times", "hazard")
    assert [q.unit for q in find_quantities("2 or 3 visits")] == ["", ""]


def test_x_versus_y_is_two_figures_of_one_series_each_with_its_own_group() -> None:
    text = "Nausea occurred in 34.4% of patients in the intervention group versus 54.4% in the placebo group."
    first, second = find_quantities(text)
    assert first.series == second.series >= 0
    assert ("arm", "intervention") in first.group and ("arm", "control") in second.group
    assert "nausea" in second.context, "the measure named before the first figure is the second's too"


def test_respectively_gives_each_figure_its_item() -> None:
    text = "Relapse was seen after surgery and after radiotherapy (38.9% and 34.3%, respectively)."
    first, second = find_quantities(text)
    assert "surgery" in first.context and "surgery" not in second.context
    assert "radiotherapy" in second.context and "radiotherapy" not in first.context
    assert "relaps" in first.context and "relaps" in second.context


def test_a_sentence_opening_names_the_group_of_its_figures() -> None:
    (figure,) = find_quantities("Among the adolescents, 76.8% reported daily use.")
    assert ("age", "adolescent") in figure.group


def test_two_figures_in_one_sentence_keep_their_own_subject() -> None:
    first, second = find_quantities("The iliac crest was used in 72% of studies, and adipose tissue in 28%.")
    assert "iliac" in first.context and "iliac" not in second.context
    assert "adipos" in second.context


def test_direction_words_before_or_after() -> None:
    assert parse_quantity("an 84.31% decrease in resting pain").direction == -1  # type: ignore[union-attr]
    assert find_quantities("resting pain fell by 84%")[0].direction == -1
    assert find_quantities("a 55.68% increase in function")[0].direction == 1
    assert find_quantities("the visit was shorter by 1 minute")[0].direction == -1
    assert find_quantities("84% of patients were women")[0].direction == 0


@pytest.mark.parametrize(
    ("text", "comparison"),
    [
        ("approximately 14 days", "about"),
        ("~14 days", "about"),
        ("over 1,000 cases", "over"),
        ("more than 50%", "over"),
        ("at least 3 visits", "at least"),
        ("\u226530 kg/m2", "at least"),
        ("fewer than 10 patients", "under"),
        ("up to 20%", "at most"),
        ("followed over 6 months", ""),
        ("14 days", ""),
    ],
)
def test_comparisons(text: str, comparison: str) -> None:
    assert _only(text).comparison == comparison


def test_a_figure_keeps_its_words_as_written() -> None:
    first, second = find_quantities("We pooled 18 medical studies with 1,069 knees.")
    assert (first.value, first.counted, first.phrase) == (18.0, ("medical", "study"), "18 medical studies")
    assert (second.value, second.counted, second.phrase) == (1069.0, ("knee",), "1,069 knees")
    injections = find_quantities("4 BMC injections")[0]
    assert (injections.counted, injections.nouns) == (("bmc", "injection"), ("BMC", "injections"))
    assert _only("approximately 14 days").phrase == "approximately 14 days"


def test_parse_quantities_reads_every_figure_of_a_list() -> None:
    assert [(q.value, q.unit) for q in parse_quantities("3 and 6 months")] == [(3.0, "month"), (6.0, "month")]
    assert [q.value for q in parse_quantities("1069")] == [1069.0], "a bare number an editor wrote is read"


def test_stem_folds_plurals_and_synonyms() -> None:
    assert [stem(word) for word in ("studies", "trials", "knees", "patients", "analysis")] == [
        "study",
        "study",
        "knee",
        "patient",
        "analysis",
    ]
    assert stem("treatments") == stem("injections") == stem("doses") == stem("sessions")
    assert stem("participants") == stem("people") == stem("patients") == stem("cases") == stem("men")
    assert len({stem("patients"), stem("knees"), stem("studies"), stem("injections")}) == 4
    assert count_unit("applicators") == ""


def test_count_noun_groups_never_share_a_word() -> None:
    words = [word for group in COUNT_NOUN_GROUPS for word in group]
    assert len(words) == len(set(words)), "a word in two groups would join two units of analysis"
    irregular = {"people", "men", "women", "children", "teeth"}
    assert all(singular(word) == word for word in words if word not in irregular), (
        "groups list singular forms"
    )


def test_groups_exclude_only_their_own_kind() -> None:
    assert excludes(groups_of("caregivers"), groups_of("adolescents"))
    assert excludes(groups_of("placebo"), groups_of("intervention"))
    assert excludes(groups_of("men"), groups_of("women"))
    assert not excludes(groups_of("male"), groups_of("men"))
    assert not excludes(groups_of("patients"), groups_of("adolescents"))
    assert not excludes(groups_of("caregivers"), groups_of("women"))
    assert not excludes(groups_of("applicators"), groups_of("men"))


def test_a_figure_compared_after_a_comma_shares_the_measure_named_before_the_first() -> None:
    text = "Children slept for about ten hours on the new routine, compared with about eight hours before it."
    first, second = find_quantities(text)
    assert context_key("slept") in first.context and context_key("slept") in second.context
    listed = find_quantities("Children slept for about ten hours, and their parents read for 20 minutes.")
    assert context_key("slept") not in listed[1].context, "a list is no comparison"


def test_every_figure_of_a_series_shares_what_the_series_measures() -> None:
    text = (
        "Recovery time was 40 min with the patch (P = 0.02) in comparison to 55, 61 and 70 min with oral, "
        "nasal and rectal dosing, respectively."
    )
    figures = [quantity for quantity in find_quantities(text) if quantity.role != "p"]
    assert [quantity.value for quantity in figures] == [40.0, 55.0, 61.0, 70.0]
    assert all(context_key("recovery") in quantity.context for quantity in figures)
    assert context_key("rectal") in figures[3].context and context_key("nasal") not in figures[3].context


def test_greater_than_that_in_compares_two_figures_but_a_bound_does_not() -> None:
    text = "Weight loss was 4.1 kg with the diet, which was greater than that in the exercise group (2.2 kg)."
    first, second = find_quantities(text)
    assert first.series == second.series >= 0
    assert context_key("weight") in second.context
    bounded = find_quantities("Fever affected 12% of the children; later, more than 30% had a rash.")
    assert [quantity.series for quantity in bounded] == [-1, -1]


def test_a_count_glued_to_its_noun_by_a_hyphen_counts_it_even_a_short_one() -> None:
    (ward,) = find_quantities("Patients were nursed in a 12-bed ward.")
    assert ward.counted == ("bed",) and ward.is_figure
    assert find_quantities("Of these, 25 treated early did well.")[0].counted == (), "a verb form is no noun"


def test_limbs_and_extremities_are_one_unit_of_analysis_apart_from_patients() -> None:
    assert count_unit("extremities") == count_unit("limbs") != ""
    assert count_unit("limbs") != count_unit("patients")


def test_figures_each_led_by_their_own_words_keep_them_apart() -> None:
    first, second = find_quantities("Most had a racing pulse in 71.4% and vomiting in 39%.")
    assert first.series == second.series >= 0
    assert context_key("pulse") in first.context and context_key("vomiting") not in first.context
    assert context_key("vomiting") in second.context and context_key("pulse") not in second.context
    own = find_quantities("Pain improved in 60% with the drug and in 40% with placebo.")
    assert context_key("drug") in own[0].context, "words after a figure are its own, not the next one's"


def test_from_one_to_the_next_is_a_way_of_speaking_not_a_count() -> None:
    assert find_quantities("Scores held steady from one week to the next.") == ()
    assert find_quantities("Care differed from one ward to another.") == ()
    meant = find_quantities("One week to the day after surgery, pain had eased.")
    assert [quantity.unit for quantity in meant] == ["week"], "a length of time that is meant stays one"


def test_a_comparison_ends_with_its_sentence() -> None:
    text = "Twelve dyes stained the cells compared with the control. Nine dyes were chosen for the assay."
    assert [quantity.series for quantity in find_quantities(text)] == [-1, -1]
    compared = find_quantities("Twelve dyes stained the cells, compared with nine dyes in the control.")
    assert compared[0].series == compared[1].series >= 0
