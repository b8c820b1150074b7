"""Results stated by two groups' figures (vocabulary.comparisons); the sentences were written for these tests."""

from __future__ import annotations

import pytest

from claimcheck.vocabulary.comparisons import figures_compared, table_comparisons
from claimcheck.vocabulary.effects import NONE, UP

_HEADER = "Outcome | Group K (n=40) | Group S (n=41) | P value"


def _read(text: str) -> list[tuple[str, bool | None, frozenset[str], frozenset[str], frozenset[str]]]:
    return [(e.direction, e.significant, e.measure, e.subject, e.reference) for e in figures_compared(text)]


@pytest.mark.parametrize(
    ("text", "measure", "high", "low", "significant"),
    [
        (
            "The mean preparation time for group A was 280 s and group B was 1077 s (P < 0.001).",
            {"preparation", "time"},
            {"#b"},
            {"#a"},
            True,
        ),
        (
            "Shivering (12 patients in the K group versus 30 in the S group, p = 0.002) was less frequent.",
            {"shivering"},
            {"#s"},
            {"#k"},
            True,
        ),
        (
            "Operating time in the robotic group was 182 min and in the laparoscopic group was 150 min (p=0.03).",
            {"operating", "time"},
            {"robotic"},
            {"laparoscopic"},
            True,
        ),
        (
            "Median stay was 4 days in the laparoscopic and 6 days in the open arms, respectively (p = 0.01).",
            {"stay"},
            {"open"},
            {"laparoscopic"},
            True,
        ),
        (
            "Pain scores were 3.1 ± 1.2 in the lidocaine group vs 4.6 ± 1.5 in the saline group.",
            {"pain"},
            {"saline"},
            {"lidocaine"},
            None,
        ),
    ],
)
def test_the_larger_figures_group_is_said_of(
    text: str, measure: set[str], high: set[str], low: set[str], significant: bool | None
) -> None:
    [(direction, found_significant, found_measure, subject, reference)] = _read(text)
    assert (direction, found_significant) == (UP, significant)
    assert found_measure >= measure
    assert (subject, reference) == (high, low)


def test_a_p_value_above_the_threshold_makes_no_difference() -> None:
    [(direction, significant, measure, *_)] = _read(
        "Vomiting occurred in 5 patients in the K group and 7 in the S group (p = 0.61)."
    )
    assert (direction, significant) == (NONE, False)
    assert "vomiting" in measure


@pytest.mark.parametrize(
    "text",
    [
        "Blood loss was 250 mL with tranexamic acid.",  # one figure
        "Blood loss was 250 mL in the K group and 4 days in the S group.",  # two units, two measures
        "Blood loss was 250 mL and 250 mL in the K and S groups (p = 0.9).",  # equal figures
        "The dose was 2 mg/kg in the K group and 3 mg/kg in the K group.",  # one group
    ],
)
def test_no_comparison_without_two_groups_figures_of_one_measure(text: str) -> None:
    assert _read(text) == []


def test_a_table_row_compares_its_group_columns() -> None:
    [effect] = table_comparisons(
        "Table 2: Outcomes at 24 hours", _HEADER, "Rescue analgesia (mg) | 12.5 ± 3 | 20.1 ± 4 | 0.003"
    )
    assert (effect.direction, effect.significant) == (UP, True)
    assert effect.measure >= {"rescue", "analgesia"}
    assert (effect.subject, effect.reference) == ({"#s"}, {"#k"})
    [same] = table_comparisons("Table 2: Outcomes", _HEADER, "Nausea, n (%) | 4 (10) | 6 (15) | 0.52")
    assert (same.direction, same.significant) == (NONE, False)


@pytest.mark.parametrize(
    "title",
    ["Table 1: Baseline characteristics", "Table 3: Initial haemodynamics", "Table 2: Values before surgery"],
)
def test_tables_of_the_groups_before_treatment_compare_nothing(title: str) -> None:
    assert table_comparisons(title, _HEADER, "Heart rate (bpm) | 62 | 71 | 0.01") == ()


def test_a_table_without_one_p_column_and_two_groups_compares_nothing() -> None:
    assert table_comparisons("Table 2", "Outcome | Group K | Group S", "Heart rate | 62 | 71") == ()
    assert table_comparisons("Table 2", "Outcome | Mean | SD | P", "Heart rate | 62 | 7 | 0.01") == ()
