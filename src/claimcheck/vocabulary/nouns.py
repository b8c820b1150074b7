"""What a number counts, what it measures and whose number it is: count nouns, measure words, groups.

Curated tables (``claimcheck/data/count_nouns.toml``, ``measure_words.toml`` and ``groups.toml``) decide
when two nouns count the same unit ("18 trials" is "18 studies"; "1069 patients" is not "1069 knees"),
when two words name one measure ("old" and "age") and when two groups exclude each other (a figure for
adolescents is not one for caregivers)::

    stem("trials") == stem("studies"); count_unit("knees") != count_unit("patients")
    groups_of("adolescents") == {("age", "adolescent")}; excludes({("age", "adolescent")}, {("age", "adult")})
"""

from __future__ import annotations

from collections.abc import Iterable

from claimcheck import data

Group = tuple[str, str]  # (set, group): ("age", "adolescent")


def singular(word: str) -> str:
    """Singular form of a folded word ("studies" -> "study"), synonyms left apart."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _count_units() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(entry["words"]) for entry in data.load("count_nouns")["unit"])


COUNT_NOUN_GROUPS = _count_units()
_SAME_THING = {word: group[0] for group in COUNT_NOUN_GROUPS for word in group}
PEOPLE = "patient"  # the unit of the count nouns that count people ("participants", "recipients", "men")


def stem(word: str) -> str:
    """Singular, synonym-folded form of a folded word, so "studies" and "trial" count the same thing."""
    word = singular(word)
    return _SAME_THING.get(word, word)


def count_unit(word: str) -> str:
    """The unit of analysis a folded noun counts ("trials" -> "study"), or "" for a noun of no unit."""
    return _SAME_THING.get(singular(word), "")


def _measure_table() -> dict[str, str]:
    return {
        word: entry["words"][0] for entry in data.load("measure_words")["measure"] for word in entry["words"]
    }


_SAME_MEASURE = _measure_table()


def measure(word: str) -> str:
    """The word that stands for the measure a folded word names ("died" -> "death"), else the word."""
    return _SAME_MEASURE.get(word, word)


def _group_table() -> dict[str, frozenset[Group]]:
    table: dict[str, set[Group]] = {}
    for entry in data.load("groups")["set"]:
        for group, words in entry["members"].items():
            for word in words:
                table.setdefault(word, set()).add((entry["name"], group))
    return {word: frozenset(groups) for word, groups in table.items()}


_GROUPS = _group_table()


def groups_of(word: str) -> frozenset[Group]:
    """The groups a folded word names ("boys" -> male and child), empty for any other word."""
    return _GROUPS.get(word, frozenset())


def excludes(claimed: Iterable[Group], found: Iterable[Group]) -> tuple[Group, Group] | None:
    """A claimed group that the found groups rule out (another group of the same set, and not it), else
    None: "caregivers" against "adolescents" is no exclusion (two sets), against "patients" it is."""
    found = frozenset(found)
    for claimed_group in claimed:
        if claimed_group in found:
            continue
        for found_group in found:
            if found_group[0] == claimed_group[0]:
                return claimed_group, found_group
    return None
