"""The claims file keeps what a claim asserts of effects and of who was studied, as the editor left it."""

from __future__ import annotations

from pathlib import Path

from claimcheck.inputs.claimsfile import load_claims, write_claims
from claimcheck.model import Claim

ARTICLE = "articles/knees.txt"

# Written for this test.
EFFECT_CLAIM = Claim(
    id="pell2019-no-difference",
    article=ARTICLE,
    line=12,
    text="In 60 older women, injections did not reduce pain compared with saline.",
    cites=("pell2019",),
    effects=("injections did not reduce pain compared with saline.",),
    population=("older women",),
)


def test_effects_and_population_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "claims" / "knees.yaml"
    write_claims(path, ARTICLE, "ab" * 32, [EFFECT_CLAIM])
    text = path.read_text(encoding="utf-8")
    assert "effects:" in text and "population: [older women]" in text
    assert load_claims(path).claims == (EFFECT_CLAIM,)


def test_an_editors_change_to_the_effects_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "claims" / "knees.yaml"
    write_claims(path, ARTICLE, "ab" * 32, [EFFECT_CLAIM])
    edited = path.read_text(encoding="utf-8").replace("population: [older women]", "population: [women]")
    path.write_text(edited, encoding="utf-8")
    write_claims(path, ARTICLE, "ab" * 32, [EFFECT_CLAIM])
    assert load_claims(path).claims[0].population == ("women",)
