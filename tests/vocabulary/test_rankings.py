"""The rankings reader: which item a text names as the extreme of a measure (sentences written for these
tests, in the shapes results sections and articles give rankings)."""

from __future__ import annotations

import pytest

from claimcheck.vocabulary.rankings import (
    HIGH,
    LOW,
    groups_given,
    item_relation,
    labelled_groups,
    ranking_phrases,
    read_rankings,
    same_measure,
    words_of,
)


@pytest.mark.parametrize(
    ("text", "extreme", "item", "measure"),
    [
        ("Candida albicans was the most common yeast recovered.", HIGH, "Candida albicans", "yeast"),
        ("The commonest complaint was headache.", HIGH, "headache", "complaint"),
        ("Pain was lowest in the group given ketamine.", LOW, "ketamine", "pain"),
        ("Candida albicans was the yeast recovered most often.", HIGH, "Candida albicans", "yeast recovered"),
        ("Older women improved the most of all groups.", HIGH, "older women", "improved"),
        (
            "The smallest gain in weight occurred in infants fed formula.",
            LOW,
            "infants formula",
            "gain weight",
        ),
        (
            "Among 200 adults, smokers experienced the greatest loss of lung function.",
            HIGH,
            "smokers",
            "loss",
        ),
    ],
)
def test_a_superlative_names_its_item_measure_and_end(
    text: str, extreme: str, item: str, measure: str
) -> None:
    [ranking] = read_rankings(text)
    assert ranking.superlative and ranking.extreme == extreme
    assert words_of(item) <= ranking.items
    assert words_of(measure) <= ranking.measure


def test_an_elliptical_second_ranking_borrows_the_verb() -> None:
    first, second = read_rankings("Asthma was the most common diagnosis, and wheeze the most common sign.")
    assert words_of("asthma") == first.items and words_of("wheeze") == second.items
    assert words_of("sign") <= second.measure


def test_a_comparative_of_one_group_is_no_superlative() -> None:
    [ranking] = read_rankings("Pain scores were significantly lower in group K.")
    assert not ranking.superlative and ranking.extreme == LOW and ranking.items == words_of("K")
    assert ranking_phrases("Pain scores were significantly lower in group K.") == ()


@pytest.mark.parametrize(
    "text",
    [
        "Most patients were women.",  # a share
        "At least 30 patients were enrolled.",  # a bound
        "Use the lowest effective dose for the shortest time.",  # advice, no item ranked
        "Those in the highest quintile were 24% less likely to fall.",  # a group named by its rank
        "Pain was lower with ketamine than with placebo.",  # a comparison of two groups
    ],
)
def test_what_is_no_ranking(text: str) -> None:
    assert read_rankings(text) == ()


def test_an_item_without_something_is_told_from_the_groups_given_it() -> None:
    [claimed] = read_rankings("Nausea was lowest in the group given ondansetron without dexamethasone.")
    assert claimed.excluded == words_of("dexamethasone")
    groups = dict(
        labelled_groups(
            "Patients were allocated to receive saline (group S), ondansetron 4 mg (group O), or "
            "ondansetron 4 mg and dexamethasone 8 mg (group OD)."
        )
    )
    assert item_relation(claimed, groups["o"]) == "same"
    assert item_relation(claimed, groups["od"]) == "other"
    assert item_relation(claimed, groups["s"]) == "other"


def test_measures_match_through_paraphrases_not_through_one_shared_word() -> None:
    assert same_measure(words_of("common second cancers"), words_of("frequent second malignancies")) == (
        True,
        True,
    )
    assert not same_measure(words_of("common side effect"), words_of("longest hospital stay"))[0]


def test_non_names_another_item() -> None:
    [claimed] = read_rankings("Smokers improved the most.")
    assert item_relation(claimed, words_of("non-smokers")) == "other"


def test_every_groups_figure_ranks_the_top_and_the_bottom() -> None:
    top, bottom = read_rankings(
        "Pain scores were 3.1, 4.5 and 2.2 in the ketamine, placebo and lidocaine groups, respectively."
    )
    assert (top.extreme, top.items, top.figures) == (HIGH, words_of("placebo"), True)
    assert (bottom.extreme, bottom.items) == (LOW, words_of("lidocaine"))
    assert (
        ranking_phrases(
            "Pain scores were 3.1, 4.5 and 2.2 in the ketamine, placebo and lidocaine groups, respectively."
        )
        == ()
    )


def test_a_tie_at_the_top_ranks_nothing_there() -> None:
    rankings = read_rankings(
        "Pain scores were 3.1, 3.1 and 2.2 in the ketamine, placebo and lidocaine groups, respectively."
    )
    assert [ranking.extreme for ranking in rankings] == [LOW]


def test_a_pair_of_counts_without_respectively_ranks_nothing() -> None:
    assert read_rankings("In a study of 386 cases and 896 matched controls, risk rose with age.") == ()


def test_a_superlative_far_from_any_verb_ranks_nothing() -> None:
    assert (
        read_rankings("The strongest evidence comes from a trial of 800 adults who were followed for a year.")
        == ()
    )


@pytest.mark.parametrize(
    ("text", "item", "measure"),
    [
        ("Headache occurred only in the groups that received nitrates.", "nitrates", "headache"),
        ("Rash was only seen in groups N and NS.", "N NS", "rash"),
        ("Hiccups were reported only among the men.", "men", "hiccups"),
    ],
)
def test_only_names_all_the_items_that_had_it(text: str, item: str, measure: str) -> None:
    [ranking] = read_rankings(text)
    assert ranking.only and ranking.superlative and ranking.extreme == HIGH
    assert ranking.items == words_of(item) and ranking.measure == words_of(measure)


@pytest.mark.parametrize(
    "text",
    [
        "Only 12 patients had a rash.",  # a count
        "The rash was only mild in most patients.",  # a degree
        "It was only in 2019 that the drug was licensed.",  # a date
    ],
)
def test_other_onlys_rank_nothing(text: str) -> None:
    assert not any(ranking.only for ranking in read_rankings(text))


def test_the_groups_given_something_are_found_among_labelled_groups() -> None:
    groups = labelled_groups(
        "Patients were allocated to receive saline (group S), nitrates (group N), or nitrates and "
        "sildenafil (group NS)."
    )
    assert groups_given(groups, words_of("nitrates"), frozenset()) == {"n", "ns"}
    assert groups_given(groups, words_of("nitrates"), words_of("sildenafil")) == {"n"}
    assert groups_given(groups, words_of("aspirin"), frozenset()) == frozenset()
