"""The arms reader: labels a report defines once, the figures it gives by label, and the arm a claim
names by its defining words (sentences written for these tests)."""

from __future__ import annotations

from claimcheck.vocabulary.arms import claimed_arm, defined_arms, labelled_definitions, owners
from claimcheck.vocabulary.quantities import context_key, find_quantities

_LABELLED = (
    "Group S received 2 mg dexamethasone by subconjunctival injection, and group T received 0.1% "
    "dexamethasone as topical drops. Inflammation cleared after 6.5 days in group T, against 4.0 and "
    "9.5 days in groups S and C, respectively."
)
_NAMED = (
    "Knees had arthroscopic meniscal repair (study group) or partial meniscectomy (control group). "
    "Re-tears did not differ between the 2 groups (3.3% versus 5.1%)."
)


def _keys(text: str) -> frozenset[str]:
    return frozenset(context_key(word) for word in text.split()) - {""}


def _owned(text: str) -> dict[str, str]:
    arms = defined_arms(text)
    owned = owners(text, find_quantities(text), arms)
    return {q.phrase: owned[q.start] for q in find_quantities(text) if q.start in owned}


def test_labels_defined_by_what_each_group_received() -> None:
    arms = {arm.label: arm.words for arm in defined_arms(_LABELLED)}
    assert set(arms) == {"s", "t"}
    assert {context_key("subconjunctival"), context_key("injection")} <= arms["s"]
    assert context_key("topical") in arms["t"]


def test_figures_belong_to_the_label_after_them_and_to_respectively_lists() -> None:
    owned = _owned(_LABELLED)
    assert owned["6.5 days"] == "t"
    assert owned["4.0"] == "s"
    assert "9.5 days" not in owned  # group C is never defined: no arm to tie it to


def test_two_figures_between_the_2_groups_follow_the_order_of_definition() -> None:
    assert _owned(_NAMED) == {"3.3%": "study", "5.1%": "control"}


def test_a_claim_names_an_arm_by_two_of_its_own_words() -> None:
    arms = defined_arms(_LABELLED)
    assert claimed_arm(arms, _keys("a subconjunctival injection cleared it sooner")) == "s"
    assert claimed_arm(arms, _keys("dexamethasone cleared it")) == ""  # both arms were given it
    named = defined_arms(_NAMED)
    assert claimed_arm(named, _keys("after arthroscopic meniscal repair")) == "study"
    assert claimed_arm(named, _keys("after meniscectomy")) == ""  # one word is too little


def test_a_text_with_one_labelled_group_has_no_arms() -> None:
    assert defined_arms("Patients were given aspirin (group A) and followed for a year.") == ()


def test_one_reader_gives_each_label_its_whole_definition_and_the_figures_its_own_words() -> None:
    text = (
        "Patients were randomised to receive lidocaine 1% (group L), lidocaine 1%, ketamine 5 mg and "
        "magnesium 1 g (group LKM), or saline (control group). Group P received paracetamol alone."
    )
    given = {d.label: d.given.strip(" ,") for d in labelled_definitions(text)}
    assert given["LKM"] == "lidocaine 1%, ketamine 5 mg and magnesium 1 g"
    assert given["control"] == "or saline"
    assert given["P"] == "paracetamol alone"
    arms = {arm.label: arm.words for arm in defined_arms(text)}
    assert arms["lkm"] == _keys("magnesium 1 g")  # the words nearest its label: its own treatment
    assert list(arms) == ["l", "lkm", "control", "p"]
