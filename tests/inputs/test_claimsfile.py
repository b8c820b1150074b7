"""claims/<stem>.yaml: validation with lines, and re-extraction that never loses an editor's work."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from claimcheck.errors import InputError
from claimcheck.inputs import claimsfile
from claimcheck.inputs.claimsfile import curate, load_claims, write_claims
from claimcheck.model import Acknowledgement, Article, Claim

ARTICLE = "articles/knees.txt"


def claim(claim_id: str, line: int, text: str, **fields: object) -> Claim:
    return Claim(id=claim_id, article=ARTICLE, line=line, text=text, **fields)  # type: ignore[arg-type]


# Claims written for these tests.
FIRST_RUN = [
    claim(
        "lark2021-review-18",
        10,
        "A review of 18 studies and 1069 knees.",
        cites=("lark2021",),
        figures=("18 studies", "1069 knees"),
        design=("systematic review",),
    ),
    claim(
        "pell2019-placebo",
        20,
        "Patients were followed for 6 months.",
        cites=("pell2019",),
        figures=("6 months",),
    ),
    claim("unsourced-10pct", 30, "About 10% of people over 60 have knee pain.", figures=("10%",)),
]


def test_round_trip_is_readable_and_loads(tmp_path: Path) -> None:
    path = tmp_path / "claims" / "knees.yaml"
    report = write_claims(path, ARTICLE, "ab" * 32, FIRST_RUN)
    assert (report.added, report.updated, report.kept_edits, report.vanished) == (3, 0, 0, 0)
    text = path.read_text(encoding="utf-8")
    assert "- id: lark2021-review-18\n  line: 10\n  text: A review" in text
    assert "cites: [lark2021]" in text
    loaded = load_claims(path)
    assert (loaded.article, loaded.article_sha256, loaded.vanished) == (ARTICLE, "ab" * 32, ())
    assert loaded.claims == tuple(FIRST_RUN)


def test_rerun_keeps_every_editor_change(tmp_path: Path) -> None:
    path = tmp_path / "knees.yaml"
    write_claims(path, ARTICLE, "0" * 64, FIRST_RUN)
    edited = path.read_text(encoding="utf-8")
    edited = edited.replace("figures: [18 studies, 1069 knees]", "figures: [18 studies, 1096 knees]")
    edited = edited.replace(
        "  cites: [pell2019]\n",
        "  cites: [pell2019]\n  acknowledge:\n  - rule: CC204\n    reason: figure is in the full text\n",
    )
    edited += "- id: hand-written\n  line: 25\n  text: A claim the extractor missed.\n  figures: [3 trials]\n"
    path.write_text(edited, encoding="utf-8")
    assert load_claims(path).claims[-1].acknowledged == ()

    # The article changed: a line inserted above everything, the 10% claim removed, a new one added.
    second_run = [
        claim(
            "lark2021-review-18",
            11,
            "A review of 18 studies and 1069 knees.",
            cites=("lark2021",),
            figures=("18 studies", "1069 knees"),
            design=("systematic review", "meta-analysis"),
        ),
        claim(
            "pell2019-placebo-renamed",
            21,
            "Patients were followed for 6 months.",
            cites=("pell2019",),
            figures=("6 months",),
            link="marker (4)",
        ),
        claim("new-claim", 40, "A new 50% figure.", figures=("50%",)),
    ]
    report = write_claims(path, ARTICLE, "1" * 64, second_run)
    assert (report.added, report.vanished) == (1, 1)
    assert report.kept_edits == 1 and report.updated == 2

    loaded = load_claims(path)
    by_id = {c.id: c for c in loaded.claims}
    assert set(by_id) == {"lark2021-review-18", "pell2019-placebo", "hand-written", "new-claim"}
    review = by_id["lark2021-review-18"]
    assert review.line == 11
    assert review.figures == ("18 studies", "1096 knees")  # the editor's figure
    assert review.design == ("systematic review", "meta-analysis")  # untouched field follows extraction
    placebo = by_id["pell2019-placebo"]  # matched by text: id stable
    assert (placebo.line, placebo.link) == (21, "marker (4)")
    assert placebo.acknowledged == (Acknowledgement("CC204", "figure is in the full text"),)
    assert by_id["hand-written"].figures == ("3 trials",)
    assert loaded.vanished == ("unsourced-10pct",)
    assert "status: vanished" in path.read_text(encoding="utf-8")

    # A third identical run changes nothing and loses nothing.
    before = path.read_text(encoding="utf-8")
    report = write_claims(path, ARTICLE, "1" * 64, second_run)
    assert (report.added, report.updated, report.vanished) == (0, 0, 0)
    assert path.read_text(encoding="utf-8") == before


def _article(*claims: Claim) -> Article:
    """An article whose text is the given claims' sentences, one per line."""
    text = "\n".join(claim.text for claim in claims) + "\n"
    return Article(path=ARTICLE, format="txt", text=text, source_lines=tuple(range(1, len(claims) + 2)))


def test_curate_checks_the_article_as_it_is_now(tmp_path: Path) -> None:
    path = tmp_path / "knees.yaml"
    write_claims(path, ARTICLE, "0" * 64, FIRST_RUN)
    edited = path.read_text(encoding="utf-8").replace(
        "  cites: [lark2021]\n", "  cites: [lark2021]\n  note: the editor's\n"
    )
    path.write_text(edited, encoding="utf-8")
    lines = edited.splitlines()
    # The article now gives 1096 knees (same claim id) and no longer has the 10% sentence.
    review = claim(
        "lark2021-review-18",
        10,
        "A review of 18 studies and 1096 knees.",
        cites=("lark2021",),
        figures=("18 studies", "1096 knees"),
        design=("systematic review",),
    )
    now = [review, FIRST_RUN[1]]

    curated = curate(path, _article(*now), "1" * 64, now)

    assert [c.text for c in curated.claims] == [review.text, FIRST_RUN[1].text]
    assert (
        curated.claims[0].figures == ("18 studies", "1096 knees") and curated.claims[0].note == "the editor's"
    )
    stale = {item.claim.id: item for item in curated.stale}
    assert set(stale) == {"lark2021-review-18", "unsourced-10pct"}
    assert stale["lark2021-review-18"].line == lines.index("- id: lark2021-review-18") + 1
    assert stale["lark2021-review-18"].now == review.text
    assert stale["unsourced-10pct"].now == ""
    assert path.read_text(encoding="utf-8") == edited, "check never writes the claims file"

    # Once 'extract' has brought the file up to date, the vanished claim is neither stale nor checked.
    write_claims(path, ARTICLE, "1" * 64, now)
    updated = curate(path, _article(*now), "2" * 64, now)
    assert updated.stale == () and [c.text for c in updated.claims] == [review.text, FIRST_RUN[1].text]


def test_curate_finds_nothing_stale_in_the_article_the_file_was_extracted_from(tmp_path: Path) -> None:
    path = tmp_path / "knees.yaml"
    write_claims(path, ARTICLE, "0" * 64, FIRST_RUN)
    reworded = [
        *FIRST_RUN[:2],
        claim("unsourced-10pct", 30, "About 10 % of those over 60.", figures=("10 %",)),
    ]

    curated = curate(path, _article(*reworded), "0" * 64, reworded)

    assert curated.stale == ()
    assert [c.id for c in curated.claims] == [c.id for c in FIRST_RUN]


@pytest.mark.parametrize(
    ("body", "problem", "line"),
    [
        (
            "version: 1\narticle: a\nclaims:\n  - id: x\n    line: 3\n    text: t\n    colour: red\n",
            "unknown key 'colour'",
            7,
        ),
        ("version: 1\narticle: a\nclaims:\n  - id: x\n    line: three\n    text: t\n", "'line' must be", 5),
        (
            "version: 1\nclaims:\n  - id: x\n    line: 1\n    text: t\n  - id: x\n    line: 2\n    text: u\n",
            "duplicate claim id 'x'",
            6,
        ),
        ("version: 1\nclaims:\n  - id: x\n    line: 1\n    text: [unclosed\n", "broken YAML", None),
        ("version: 1\nclaims:\n  - id: x\n    line: 1\n    text: t\n    figures: 18\n", "list of text", 6),
        ("version: 2\nclaims: []\n", "unsupported version", 1),
        ("version: 1\nclaims:\n  - id: x\n    text: t\n", "without 'line'", 3),
    ],
)
def test_bad_claims_files_name_the_line(tmp_path: Path, body: str, problem: str, line: int | None) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_claims(path)
    assert problem in str(raised.value) and "\n" not in str(raised.value)
    if line is not None:
        assert raised.value.line == line
    assert str(raised.value).startswith(str(path))


def test_rerun_keeps_the_editors_comments(tmp_path: Path) -> None:
    """A comment above the claims stays there; one inside a claim becomes that claim's note."""
    path = tmp_path / "claims" / "knees.yaml"
    write_claims(path, ARTICLE, "ab" * 32, FIRST_RUN)
    text = path.read_text(encoding="utf-8")
    text = "# Reviewed by R. Editor, 2026-11-20.\n" + text.replace(
        "- id: pell2019-placebo\n", "- id: pell2019-placebo\n  # checked against the PDF, table 2\n"
    )
    path.write_text(text, encoding="utf-8")

    write_claims(path, ARTICLE, "cd" * 32, FIRST_RUN)
    write_claims(path, ARTICLE, "cd" * 32, FIRST_RUN)  # a second run neither loses nor repeats them

    rewritten = path.read_text(encoding="utf-8")
    assert rewritten.startswith("# Reviewed by R. Editor, 2026-11-20.\n")
    notes = {loaded.id: loaded.note for loaded in load_claims(path).claims}
    assert notes["pell2019-placebo"] == "checked against the PDF, table 2"
    assert notes["lark2021-review-18"] == ""


def test_the_article_key_is_located(tmp_path: Path) -> None:
    path = tmp_path / "knees.yaml"
    path.write_text("# reviewed by the editor\nversion: 1\narticle: articles/knees.txt\nclaims: []\n")
    assert load_claims(path).article_line == 3


@pytest.fixture
def without_libyaml(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """A second copy of the claims-file module, made as PyYAML without libyaml makes it (its own scanner,
    parser and emitter); the module every other test uses is left as it is."""
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    spec = importlib.util.find_spec(claimsfile.__name__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_file_is_the_same_written_and_read_with_or_without_libyaml(
    tmp_path: Path, without_libyaml: ModuleType
) -> None:
    with_c, without_c = tmp_path / "c.yaml", tmp_path / "python.yaml"
    write_claims(with_c, ARTICLE, "0" * 64, FIRST_RUN)
    without_libyaml.write_claims(without_c, ARTICLE, "0" * 64, FIRST_RUN)

    assert with_c.read_bytes() == without_c.read_bytes()
    assert without_libyaml.load_claims(with_c).claims == load_claims(with_c).claims == tuple(FIRST_RUN)
    deep = tmp_path / "deep.yaml"
    deep.write_text(
        "version: 1\nclaims:\n  - id: x\n    line: 1\n    text: " + "[" * 5000 + "\n", encoding="utf-8"
    )
    for load in (load_claims, without_libyaml.load_claims):
        with pytest.raises(InputError, match="nested more than 20 levels deep"):
            load(deep)
