"""Citation markers and figures, case by case: what counts and, as importantly, what does not."""

from __future__ import annotations

import time

import pytest

from claimcheck.extract.figures import find_date, find_design, find_figures
from claimcheck.extract.markers import find_markers
from claimcheck.model import Reference

REFERENCES = tuple(
    Reference(key=key, number=number, authors=authors, year=year)
    for number, (key, authors, year) in enumerate(
        [
            ("shaw2018", ("Shaw B", "Darrow M"), 2018),
            ("doyle2020", ("Doyle EC",), 2020),
            ("lee2019", ("Lee K",), 2019),
            ("park2019", ("Park J",), 2019),
            ("burke2016", ("Burke J",), 2016),
        ],
        start=1,
    )
)


def _markers(text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [
        (marker.text, marker.keys, marker.unknown)
        for marker in find_markers(text, [(0, len(text))], REFERENCES)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a study (3) found", [("(3)", ("lee2019",), ())]),
        ("a study [3] found", [("[3]", ("lee2019",), ())]),
        ("reviews [1-3] agree", [("[1-3]", ("shaw2018", "doyle2020", "lee2019"), ())]),
        ("two trials [2,5] agree", [("[2,5]", ("doyle2020", "burke2016"), ())]),
        ("two trials (2, 5) agree", [("(2, 5)", ("doyle2020", "burke2016"), ())]),
        ("pain fell¹²", [("¹²", (), ("12",))]),
        ("pain fell² and rose³", [("²", ("doyle2020",), ()), ("³", ("lee2019",), ())]),
        ("in the journal,(5) researchers", [("(5)", ("burke2016",), ())]),
        ("as shown (Shaw et al., 2018).", [("(Shaw et al., 2018)", ("shaw2018",), ())]),
        ("as shown (Shaw and Darrow 2018).", [("(Shaw and Darrow 2018)", ("shaw2018",), ())]),
        ("Shaw et al. (2018) showed", [("Shaw et al. (2018)", ("shaw2018",), ())]),
        ("see (Lee, 2019; Park, 2019)", [("(Lee, 2019; Park, 2019)", ("lee2019", "park2019"), ())]),
        ("a trial [7, 8] found", [("[7, 8]", (), ("7", "8"))]),
        (
            "trials [1, 3\u20135] agree",
            [("[1, 3\u20135]", ("shaw2018", "lee2019", "park2019", "burke2016"), ())],
        ),
        ("a trial[^2] found", [("[^2]", ("doyle2020",), ())]),
        ("as reference 3 shows", [("reference 3", ("lee2019",), ())]),
        ("see refs. 4 and 5", [("refs. 4 and 5", ("park2019", "burke2016"), ())]),
        ("(Lee 2019; Park 2019)", [("(Lee 2019; Park 2019)", ("lee2019", "park2019"), ())]),
        ("(Doyle, 2020, p. 4)", [("(Doyle, 2020, p. 4)", ("doyle2020",), ())]),
        ("Lee (2019) found", [("Lee (2019)", ("lee2019",), ())]),
        ("(Smith et al., 2019)", [("(Smith et al., 2019)", (), ("Smith et al., 2019",))]),
        ("steps: (1) rest, (2) ice and (3) lift", []),
    ],
)
def test_markers(text: str, expected: list[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> None:
    assert _markers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "bone marrow concentrate (BMC) helps",
        "15 patients (20 knees) were seen",
        "it has been done since (1999) here",
        "1. First item of a list",
        "(2) Second item of a list",
        "we open at 10:30 (see below)",
        "rooms of 50 m² or more",
        "(June 2018) was the date",
    ],
)
def test_not_markers(text: str) -> None:
    assert _markers(text) == []


LONG_LIST = tuple(Reference(key=f"r{number}", number=number) for number in range(1, 2101))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("as trials show [1000].", [("[1000]", ("r1000",))]),
        ("as trials show [1999, 2001-2003].", [("[1999, 2001-2003]", ("r1999", "r2001", "r2002", "r2003"))]),
        ("as trials show (1999).", []),  # a year in parentheses, even in a long list
        ("as trials show [7, 1200].", [("[7, 1200]", ("r7", "r1200"))]),
        ("as trials show [9999].", []),  # no such reference: a figure, not a marker
    ],
)
def test_four_digit_markers_when_the_list_has_that_many(
    text: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    found = find_markers(text, [(0, len(text))], LONG_LIST)
    assert [(marker.text, marker.keys) for marker in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "a survey in [2019] asked",  # a year in brackets: the list has 5 references
        "about [1,000] people",  # a thousands separator: no reference is numbered 000
        "the cohort [0] was",
    ],
)
def test_bracketed_numbers_no_reference_has_are_not_markers_when_they_read_as_figures(text: str) -> None:
    assert _markers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A sentence wrapped so that its marker starts the next line.
        ("no better than checks with a manometer\n[1]. With the device", [("[1]", ("shaw2018",), ())]),
        ("no better than checks with a manometer\n(1), and with the device", [("(1)", ("shaw2018",), ())]),
        (
            "no better than checks\n[2] or by hand [3].",
            [("[2]", ("doyle2020",), ()), ("[3]", ("lee2019",), ())],
        ),
        # Numbered lines are not markers: after a heading, a blank line or a colon.
        ("Steps\n[1] Rest the knee", []),
        ("What to do:\n[1] rest the knee", []),
        ("Rest the knee.\n\n[1] Ice it", []),
    ],
)
def test_a_marker_that_starts_a_line(
    text: str, expected: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert _markers(text) == expected


_FLATTENED_ARTICLE = (
    "Sore throat is common.1 Most cases are viral,2 and tests help.3,4 Antibiotics are overused (a 2019 audit).5 "
    "Type 2 diabetes, COVID-19, a BMI of 30 kg/m2 and doses of 2.5 mg are no citations."
)


def test_flattened_superscripts_are_adopted_when_the_list_agrees() -> None:
    found = [
        (marker.text, marker.keys)
        for marker in find_markers(_FLATTENED_ARTICLE, [(0, len(_FLATTENED_ARTICLE))], REFERENCES)
    ]
    assert found == [
        ("1", ("shaw2018",)),
        ("2", ("doyle2020",)),
        ("3,4", ("lee2019", "park2019")),
        ("5", ("burke2016",)),
    ]


def test_glued_numbers_that_disagree_with_the_list_are_not_markers() -> None:
    text = "Version.7 of the app and step.9 are out, and release.8 too."
    assert find_markers(text, [(0, len(text))], REFERENCES) == []
    assert find_markers(_FLATTENED_ARTICLE, [(0, len(_FLATTENED_ARTICLE))], ()) == []


def test_marker_patterns_are_linear_on_a_megabyte_of_bait() -> None:
    """Each pattern over adversarial text: eight times the text takes about eight times as long (a
    quadratic pattern would take sixty-four), best of three runs against a loaded machine's noise."""
    baits = [
        "(" + "1," * 500_000,
        "[" + "1-" * 500_000,
        "fell." + "7" * 1_000_000,
        "\u00b9" * 1_000_000,
        "(Smith " * 150_000,
    ]

    def seconds(text: str) -> float:
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            find_markers(text, [(0, len(text))], REFERENCES)
            timings.append(time.perf_counter() - started)
        return min(timings)

    for bait in baits:
        eighth, full = seconds(bait[: len(bait) // 8]), seconds(bait)
        assert full < 0.5 or full < 24 * eighth, f"{bait[:10]!r}: {eighth:.2f}s then {full:.2f}s"


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        (
            "some studies indicating that about 10% of people over 60 live with it",
            ("about 10% of people over 60",),
        ),
        ("progress of 15 patients (20 knees) through 4 BMC", ("15 patients", "20 knees", "4 BMC")),
        ("an 84.31% decrease in resting pain,", ("84.31% decrease in resting pain",)),
        ("a review of 18 medical studies and 1069 knees", ("18 medical studies", "1069 knees")),
        ("approximately 14 days after the first", ("approximately 14 days",)),
        ("eighteen studies were pooled", ("eighteen studies",)),
        ("scores at 3 and 6 months", ("3 and 6 months",)),
        ("1 in 5 adults", ("1 in 5 adults",)),
        ("It costs $95 and takes 30 minutes", ("30 minutes",)),
        ("Call 555-210-9876 between 9:00 and 17:00.", ()),
        ("one of the most common questions, one of two ways, within a day or two", ()),
        ("In 2016 the clinic opened.", ()),
        # Digits that name something are no figures; numbers as abstracts and articles write them are.
        ("In the phase 1/2 SYGMA 1 trial of 25 patients", ("25 patients",)),
        ("people with type 2 diabetes and COVID-19", ()),
        ("IL-6 and EBNA-1 antibody levels fell by 20%", ("20%",)),
        ("enrolled between 2005 and 2009 [12]", ()),
        ("one thousand sixty-nine knees were treated", ("one thousand sixty-nine knees",)),
        ("a dozen studies met the criteria", ("a dozen studies",)),
        ("two-thirds of patients improved", ("two-thirds of patients",)),
        ("34.4% vs. 31.1% of patients had nausea", ("34.4%", "31.1% of patients")),
        ("pain resolved in 37% (95% CI 32-43%) of runners", ("37%",)),
        ("each capsule held 57 mcg of folate", ("57 mcg",)),
        ("at 3, 6 and 12 months", ("3, 6 and 12 months",)),
        # Small numbers that pick things out rather than count them; counts of people or studies stay.
        ("the cyst came out in one piece, and one patient bled", ("one patient",)),
        ("a fee cut made one clinic of the two cheaper, as one case report notes", ()),
        ("each child had one of the three procedures", ()),
        ("Aspirin and heparin, two blood thinners, were stopped", ()),
        (
            "we compared two blood thinners in two of the four wards",
            ("two blood thinners", "two of the four wards"),
        ),
        ("the three patients who died", ("three patients",)),
    ],
)
def test_figures(sentence: str, figures: tuple[str, ...]) -> None:
    assert find_figures(sentence) == figures


def test_dates_and_design() -> None:
    assert find_date("A January 2020 (2) study") == "January 2020"
    assert find_date("published on June 18, 2018 in") == "June 18, 2018"
    assert find_date("In their 2016 study published") == "2016"
    assert find_date("since 1999 we have") == ""
    assert find_date("A 2021 meta-analysis published in the Review") == "2021"
    assert find_date("The minnow study, published in 2012, was run by") == "2012"
    assert find_date("The analysis appeared in the New England Journal of Medicine in 2011.") == "2011"
    # Dates of the data, not of the study:
    assert find_date("prescriptions went from 23% in 2007 to 45% in 2009") == ""
    assert find_date("care for cleft lip from 1915 to 2015") == ""
    assert find_date("patients treated from January 2010 to June 2012") == ""
    assert find_date("among patients hospitalised in 2021 and 2022") == ""
    assert find_design("a randomised, triple-blind, placebo-controlled trial") == (
        "randomized",
        "triple-blind",
        "placebo",
        "controlled",
        "trial",
    )
    assert find_design("results at 12-months follow-up: a systematic review") == (
        "12 months follow-up",
        "systematic review",
    )
    assert find_design("randomized into two groups") == ("randomized", "two groups")


def test_groups_referred_back_to_are_no_count_the_text_asserts() -> None:
    sentence = "Pain scores came out about the same in the two groups at six weeks."
    assert find_design(sentence) == ()
    assert "two groups" not in find_figures(sentence)
    assert find_figures("The volunteers were split into three arms.") == ("three arms",)
