"""Run results built by hand for the report tests.

All article text, titles and abstract passages below were written for these tests; they describe
no real study. PMIDs are made up.
"""

from __future__ import annotations

import pytest

from claimcheck.model import (
    Author,
    Claim,
    ClaimResult,
    Finding,
    Passage,
    Record,
    RecordDate,
    RunResult,
    Severity,
    Support,
    Verdict,
)

ARTICLE = "articles/knee-clinic.txt"
OTHER_ARTICLE = "articles/hip-notes.md"

# Written for these tests: a fictional trial of knee injections.
KNEE_RECORD = Record(
    pmid="90000001",
    title="Repeated marrow concentrate injections in knee arthrosis: a pilot series",
    journal="Journal of Invented Orthopaedics",
    iso_abbreviation="J Invent Orthop",
    dates=(RecordDate("print", 2018, 6, 18),),
    authors=(Author("Lamb", "Ada", "A", affiliations=("Harbor Joint Institute, Portland, USA",)),),
    abstract=(
        Passage("abstract", "Methods", "We followed 15 patients (20 knees) through four injections."),
        Passage(
            "abstract",
            "Results",
            "Resting pain fell by 84.31% and function rose by 55.68% at the last visit.",
        ),
    ),
)

# Written for these tests: a fictional review.
REVIEW_RECORD = Record(
    pmid="90000002",
    title="Cell injections for worn knees: a review of 18 studies",
    journal="Archive of Made-up Surgery",
    dates=(RecordDate("print", 2019, 8),),
    abstract=(
        Passage("abstract", "Results", "Eighteen studies with 1069 knees were included in the review."),
    ),
)

SUPPORTED = ClaimResult(
    claim=Claim(
        id="knee-clinic-1",
        article=ARTICLE,
        line=12,
        column=3,
        text="Resting pain fell by 84.31% after four treatments.",
        cites=("lamb2018",),
        figures=("84.31%",),
    ),
    verdict=Verdict.SUPPORTED,
    pmids=("90000001",),
    support=(
        Support(
            claim="knee-clinic-1",
            reference="lamb2018",
            pmid="90000001",
            claimed="84.31%",
            evidence="Resting pain fell by 84.31%",
            section="Results",
        ),
    ),
)

FIGURE_FINDING = Finding(
    rule="CC203",
    severity=Severity.ERROR,
    article=ARTICLE,
    line=40,
    column=5,
    claim="knee-clinic-2",
    reference="roe2019",
    pmid="90000002",
    message="the review counted 1069 knees, not 1096",
    claimed="1096 knees",
    found="1069 knees",
    evidence="1069 knees",
    source="abstract",
    section="Results",
)
JOURNAL_FINDING = Finding(
    rule="CC201",
    severity=Severity.ERROR,
    article=ARTICLE,
    line=40,
    column=5,
    claim="knee-clinic-2",
    reference="roe2019",
    pmid="90000002",
    message="the record's journal is Archive of Made-up Surgery",
    claimed="Annals of Knees",
    found="Archive of Made-up Surgery",
    evidence="Archive of Made-up Surgery",
    source="metadata",
)
MISMATCH = ClaimResult(
    claim=Claim(
        id="knee-clinic-2",
        article=ARTICLE,
        line=40,
        column=5,
        text="A review in the Annals of Knees pooled 1096 knees from 18 studies.",
        cites=("roe2019",),
        journal="Annals of Knees",
        figures=("1096 knees",),
    ),
    verdict=Verdict.MISMATCH,
    pmids=("90000002",),
    findings=(FIGURE_FINDING, JOURNAL_FINDING),
)

TEXT_FINDING = Finding(
    rule="CC303",
    severity=Severity.INFO,
    article=ARTICLE,
    line=55,
    claim="knee-clinic-3",
    reference="lamb2018",
    pmid="90000001",
    message="the follow-up length is not in the abstract",
    claimed="86 days",
    found="abstract only",
    evidence="We followed 15 patients (20 knees) through four injections.",
    source="abstract",
    section="Methods",
)
UNVERIFIABLE = ClaimResult(
    claim=Claim(
        id="knee-clinic-3",
        article=ARTICLE,
        line=55,
        text="The last visit came a mean 86 days in.",
        cites=("lamb2018",),
        figures=("86 days",),
    ),
    verdict=Verdict.UNVERIFIABLE,
    pmids=("90000001",),
    findings=(TEXT_FINDING,),
    reason="the abstract does not give the follow-up length",
)

UNSOURCED_FINDING = Finding(
    rule="CC301",
    severity=Severity.WARNING,
    article=OTHER_ARTICLE,
    line=7,
    column=1,
    claim="hip-notes-1",
    message="a statistic with no citation",
    claimed="10% of people over 60",
    found="no citation",
    evidence="no reference is cited in this sentence or its paragraph",
    source="article",
)
UNSOURCED = ClaimResult(
    claim=Claim(
        id="hip-notes-1",
        article=OTHER_ARTICLE,
        line=7,
        text="About 10% of people over 60 live with painful hips.",
        figures=("10% of people over 60",),
    ),
    verdict=Verdict.UNSOURCED,
    findings=(UNSOURCED_FINDING,),
)

UNCITED = Finding(
    rule="CC106",
    severity=Severity.WARNING,
    article=ARTICLE,
    line=90,
    reference="kim2020",
    message="reference 4 is listed but never cited",
    claimed="[4] Kim J. Knees. 2020.",
    found="no marker [4] in the text",
    evidence="[4] Kim J. Knees. 2020.",
    source="article",
)
UNKNOWN_MARKER = Finding(
    rule="CC107",
    severity=Severity.ERROR,
    article=ARTICLE,
    line=33,
    column=17,
    message="marker (8) points to no reference",
    claimed="(8)",
    found="references 1-7",
    evidence="(8)",
    source="article",
)


def make_result(**overrides: object) -> RunResult:
    claims = (MISMATCH, SUPPORTED, UNSOURCED, UNVERIFIABLE)
    values: dict[str, object] = {
        "articles": (ARTICLE, OTHER_ARTICLE),
        "claims": claims,
        "findings": tuple(found for c in claims for found in c.findings) + (UNCITED, UNKNOWN_MARKER),
        "records": {KNEE_RECORD.pmid: KNEE_RECORD, REVIEW_RECORD.pmid: REVIEW_RECORD},
    }
    values.update(overrides)
    return RunResult(**values)  # type: ignore[arg-type]


@pytest.fixture
def result() -> RunResult:
    """Claims of every verdict in two articles, findings of every severity, two reference-level findings."""
    return make_result()


@pytest.fixture
def empty_result() -> RunResult:
    return RunResult(articles=(ARTICLE,), claims=(), findings=())


@pytest.fixture
def hostile_result() -> RunResult:
    """Markup in every field that comes from an article or a record, and a control character."""
    script = "<script>alert(1)</script>"
    image = '<img src=x onerror="alert(2)">'
    finding = Finding(
        rule="CC205",
        severity=Severity.ERROR,
        article='articles/a&b "x".html',
        line=3,
        column=2,
        claim="evil-1",
        reference="k<1>",
        pmid="90000009",
        message=f"quote differs: {script}",
        claimed=f"\u201c{script}\u201d",
        found=f"{image}, 50%",
        evidence=f"said {image}\x01",
        source="abstract",
        section="Results",
    )
    record = Record(
        pmid="90000009",
        title=f"Title {script}",
        abstract=(Passage("abstract", "Results", f"They said {image}\x01 loudly."),),
    )
    claim = ClaimResult(
        claim=Claim(
            id="evil-1",
            article=finding.article,
            line=3,
            column=2,
            text=f"He said {script} today.",
            cites=("k<1>",),
            quote=script,
        ),
        verdict=Verdict.MISMATCH,
        pmids=("90000009",),
        findings=(finding,),
        support=(
            Support(
                claim="evil-1", reference="k<1>", pmid="90000009", claimed=script, evidence=f"said {image}"
            ),
        ),
        reason=f"because {script}",
    )
    return RunResult(
        articles=(finding.article,),
        claims=(claim,),
        findings=(finding,),
        records={record.pmid: record},
        warnings=(f"warning {script}",),
        skipped=(f"articles/{script}.txt",),
        sources_unavailable=f"HTTP 503 {script}",
    )
