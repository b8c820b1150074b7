"""docs/rules.md is generated (claimcheck.rulesdoc): the checked-in page must be what the catalogue and the
checkers' declarations give today."""

from __future__ import annotations

from pathlib import Path

from claimcheck import rulesdoc
from claimcheck.rules import RULES

PAGE = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_the_checked_in_page_is_the_generated_one() -> None:
    assert PAGE.read_text(encoding="utf-8") == rulesdoc.render(), (
        f"docs/rules.md is out of date: run '{rulesdoc.REGENERATE}'"
    )


def test_the_page_gives_every_rule_its_module_policy_and_effect() -> None:
    page = rulesdoc.render()
    for code, rule in RULES.items():
        assert f"| {code} | {rule.name} | {rule.severity.value} | {rule.summary} |" in page
        assert f"- **{code}** {rule.name}: {rule.severity_policy}" in page
    assert (
        "| CC108 | stale-claim | warning | A curated claim's text is no longer in the article. | `checks/stale.py` |"
        in page
    )
    assert "`checks/affiliations.py`" in page.split("| CC303 |")[1].split("\n")[0]
    assert "### `checks/journal.py`\n\nClaim checker; rules CC201; reads the claim's `journal`." in page
