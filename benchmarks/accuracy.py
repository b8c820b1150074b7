"""Accuracy benchmark: run claimcheck on the corpora of benchmarks/corpus/ and compare with their truth.

Each article is checked alone, with its own reference list, by the claimcheck installed in the
active environment (``python -m claimcheck check --format json``), in a temporary working
directory with a temporary cache (so no project configuration, bibliography or claims file
interferes), against the loopback fake E-utilities server (tests/fake_eutils.py) serving
../shared/data as it is. The report is compared with ``<article>.truth.yaml`` (format and measures:
benchmarks/corpus/README.md) and the measures are printed per article and overall. The corpus and
the fake server are found relative to this file, so any worktree's environment can run it:

    python benchmarks/accuracy.py [--corpus accuracy|styles|all] [--json] [--verbose]

tests/test_accuracy.py imports ``measure`` and holds the thresholds of issues #11 and #12.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "corpus"
DATA = ROOT.parent / "shared" / "data"
CORPORA = ("accuracy", "styles")
KINDS = frozenset(
    ("figure", "range", "group", "direction", "unit", "design", "population")
    + ("date", "journal", "institution", "person", "quote", "unsourced")
)
IN_SOURCE = ("abstract", "fulltext", "none")
FORMATS = ("txt", "md", "html", "docx")
REACHES = ("marker", "borrowed", "paragraph", "isolated")
STYLES = (
    "numeric",
    "superscript",
    "flattened-superscript",
    "footnote",
    "author-year",
    "prose-reference",
    "hyperlink",
    "none",
)
FLAGGING = ("warning", "error")  # severities that count as telling the editor
RUN_TIMEOUT = 600  # seconds for one article; a generous guard, not a measure

sys.path.insert(0, str(ROOT / "tests"))
from fake_eutils import serve_shared_data  # noqa: E402  (found beside this file, not installed)


class TruthError(ValueError):
    """A truth file that does not follow benchmarks/corpus/README.md (its message names the file)."""


# ----------------------------------------------------------------------------------------- truth


@dataclass(frozen=True)
class TruthClaim:
    """One sentence the truth file says claimcheck should treat as a claim, and what is true of it."""

    line: int
    says: str
    cites: tuple[str, ...]  # PMIDs, or "ref:<label>" for works not in PubMed
    correct: bool
    kind: str = ""
    rule: tuple[str, ...] = ()
    in_source: str = "none"
    prompt: str = ""
    note: str = ""
    reach: str = "marker"  # how the sentence gets its citation (styles corpus): see REACHES
    style: str = ""  # this sentence's citation style when not the article's own (styles corpus)

    @property
    def pmids(self) -> frozenset[str]:
        return frozenset(cite for cite in self.cites if not cite.startswith("ref:"))

    @property
    def other_works(self) -> int:
        """How many cited works are not in PubMed."""
        return sum(cite.startswith("ref:") for cite in self.cites)


@dataclass(frozen=True)
class Truth:
    path: Path  # the truth file
    corpus: str
    article: Path
    style: str
    format: str
    claims: tuple[TruthClaim, ...]
    uncited: tuple[str, ...] = ()
    not_claims: frozenset[int] = frozenset()

    @property
    def name(self) -> str:
        return self.article.name


def load_truth(path: Path, corpus: str) -> Truth:
    """Read and validate one truth file; a mistake is a TruthError naming the file and the claim."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TruthError(f"{path}: not YAML: {error}") from None
    if not isinstance(data, dict):
        raise TruthError(f"{path}: a mapping with 'article' and 'claims' is expected")
    article = path.parent / str(data.get("article", ""))
    if not data.get("article") or not article.is_file():
        raise TruthError(f"{path}: 'article' must name a file beside it, not {data.get('article')!r}")
    style, form = str(data.get("style", "")), str(data.get("format", ""))
    if style not in STYLES or form not in FORMATS:
        raise TruthError(f"{path}: style must be one of {STYLES} and format one of {FORMATS}")
    claims = tuple(_truth_claim(path, index, entry) for index, entry in enumerate(data.get("claims") or []))
    return Truth(
        path=path,
        corpus=corpus,
        article=article,
        style=style,
        format=form,
        claims=claims,
        uncited=tuple(str(cite) for cite in data.get("uncited") or []),
        not_claims=frozenset(int(line) for line in data.get("not_claims") or []),
    )


def _truth_claim(path: Path, index: int, entry: Any) -> TruthClaim:
    where = f"{path}: claim {index + 1}"
    if not isinstance(entry, dict):
        raise TruthError(f"{where}: a mapping is expected")
    missing = [key for key in ("line", "says", "cites", "correct") if key not in entry]
    if missing:
        raise TruthError(f"{where}: missing {', '.join(missing)}")
    claim = TruthClaim(
        line=int(entry["line"]),
        says=str(entry["says"]),
        cites=tuple(str(cite) for cite in entry["cites"] or []),
        correct=bool(entry["correct"]),
        kind=str(entry.get("kind", "")),
        rule=tuple(str(rule) for rule in entry.get("rule") or []),
        in_source=str(entry.get("in_source", "none")),
        prompt=str(entry.get("prompt", "")),
        note=str(entry.get("note", "")),
        reach=str(entry.get("reach", "marker")),
        style=str(entry.get("style", "")),
    )
    if not claim.correct and (claim.kind not in KINDS or not claim.rule):
        raise TruthError(
            f"{where} (line {claim.line}): a wrong claim needs a kind in {sorted(KINDS)} and rules"
        )
    if claim.correct and (claim.kind or claim.rule):
        raise TruthError(f"{where} (line {claim.line}): a correct claim has no kind or rule")
    if claim.in_source not in IN_SOURCE:
        raise TruthError(f"{where} (line {claim.line}): in_source must be one of {IN_SOURCE}")
    if claim.reach not in REACHES or (claim.style and claim.style not in STYLES):
        raise TruthError(
            f"{where} (line {claim.line}): reach must be one of {REACHES}, style one of {STYLES}"
        )
    if any(not re.fullmatch(r"CC\d{3}", rule) for rule in claim.rule):
        raise TruthError(f"{where} (line {claim.line}): rules look like CC203, not {claim.rule}")
    if any(not (cite.isdigit() or cite.startswith("ref:")) for cite in claim.cites):
        raise TruthError(f"{where} (line {claim.line}): cites are PMIDs or 'ref:<label>', not {claim.cites}")
    return claim


def discover(corpus: str, root: Path = CORPUS) -> list[Truth]:
    """The truth files of ``corpus`` ("accuracy", "styles" or "all"), in name order."""
    names = CORPORA if corpus == "all" else (corpus,)
    return [load_truth(path, name) for name in names for path in sorted((root / name).glob("*.truth.yaml"))]


def fold(text: str) -> str:
    """Text compared as an editor reads it: one case, one kind of quote, dash and space."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2018\u2019\u201a\u2032`]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u2033]", '"', text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Prompt:
    """One agreed evidence-inference prompt: the direction doctors gave for intervention vs comparator."""

    id: str
    pmcid: str  # "PMC123"
    outcome: str
    intervention: str
    comparator: str
    label: int  # 1 significantly increased, -1 significantly decreased, 0 no significant difference
    evidence: tuple[str, ...]


def agreed_prompts(data: Path = DATA) -> dict[str, Prompt]:
    """The prompts of ../shared/data/evidence-inference that meet its MANIFEST's agreed rule: answers
    from at least two doctors, every label accepted by the verifier and the same, at least one accepted
    evidence span, and nobody calling the prompt invalid."""
    folder = data / "evidence-inference"
    answers: dict[str, list[dict[str, str]]] = {}
    with (folder / "annotations.csv").open(newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            answers.setdefault(row["PromptID"], []).append(row)
    agreed: dict[str, Prompt] = {}
    with (folder / "prompts.csv").open(newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            rows = answers.get(row["PromptID"], [])
            labels = {answer["Label Code"] for answer in rows}
            evidence = tuple(
                a["Annotations"] for a in rows if a["Valid Reasoning"] == "True" and a["Annotations"]
            )
            if (
                len({answer["UserID"] for answer in rows}) >= 2
                and all(answer["Valid Label"] == "True" for answer in rows)
                and len(labels) == 1
                and evidence
                and not any(answer["Label"].strip().lower() == "invalid prompt" for answer in rows)
            ):
                agreed[row["PromptID"]] = Prompt(
                    id=row["PromptID"],
                    pmcid="PMC" + row["PMCID"].strip(),
                    outcome=row["Outcome"].strip(),
                    intervention=row["Intervention"].strip(),
                    comparator=row["Comparator"].strip(),
                    label=int(labels.pop()),
                    evidence=evidence,
                )
    return agreed


# ---------------------------------------------------------------------------------------- report


@dataclass(frozen=True)
class ToolClaim:
    id: str
    line: int
    column: int
    text: str
    verdict: str
    cites: tuple[str, ...]
    pmids: frozenset[str]
    reason: str

    @property
    def unresolved(self) -> int:
        """Cited works that did not resolve to a PMID."""
        return max(0, len(set(self.cites)) - len(self.pmids))


@dataclass(frozen=True)
class ToolFinding:
    rule: str
    severity: str
    line: int
    column: int
    claim: str
    pmid: str
    message: str
    claimed: str
    found: str

    def describe(self) -> str:
        return f"{self.rule} {self.severity}: {self.message} (claimed {self.claimed!r}, found {self.found!r})"


@dataclass(frozen=True)
class Report:
    claims: tuple[ToolClaim, ...]
    findings: tuple[ToolFinding, ...]
    exit_status: int
    problem: str = ""  # why there is no usable report (bad input, crash, timeout)


def parse_report(text: str, exit_status: int, stderr: str) -> Report:
    """claimcheck's JSON report (DESIGN.md, version 1); an unusable one is a Report with a problem."""
    try:
        data = json.loads(text)
        claims = tuple(
            ToolClaim(
                id=str(c["id"]),
                line=int(c["line"]),
                column=int(c.get("column", 1)),
                text=str(c.get("text", "")),
                verdict=str(c["verdict"]),
                cites=tuple(c["cites"]),
                pmids=frozenset(c["pmids"]),
                reason=str(c.get("reason", "")),
            )
            for c in data["claims"]
        )
        findings = tuple(
            ToolFinding(
                rule=str(f["rule"]),
                severity=str(f["severity"]),
                line=int(f["line"]),
                column=int(f.get("column", 1)),
                claim=str(f.get("claim", "")),
                pmid=str(f.get("pmid", "")),
                message=str(f["message"]),
                claimed=str(f.get("claimed", "")),
                found=str(f.get("found", "")),
            )
            for f in data["findings"]
        )
    except (ValueError, KeyError, TypeError) as error:
        last = stderr.strip().splitlines()[-1:] or [f"no JSON report ({error})"]
        return Report((), (), exit_status, problem=f"exit {exit_status}: {last[0]}")
    return Report(claims, findings, exit_status)


def run_claimcheck(article: Path, eutils_url: str, python: str = sys.executable) -> Report:
    """Check ``article`` alone: a copy in an empty temporary directory, a temporary cache, no API key."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLAIMCHECK_", "NCBI_")) and key != "GITHUB_ACTIONS"
    }
    with tempfile.TemporaryDirectory(prefix="claimcheck-accuracy-") as scratch:
        workdir = Path(scratch)
        shutil.copy(article, workdir / article.name)
        command = [python, "-m", "claimcheck", "check", "--format", "json", "--fail-on", "never"]
        command += ["--eutils-url", eutils_url, "--cache-dir", str(workdir / "cache"), "-q", article.name]
        try:
            done = subprocess.run(
                command,
                cwd=workdir,
                env=environment,
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Report((), (), -1, problem=f"no answer within {RUN_TIMEOUT} s")
    return parse_report(done.stdout, done.returncode, done.stderr)


# ------------------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Outcome:
    """What claimcheck made of one truth claim."""

    truth: TruthClaim
    claim: ToolClaim | None  # None: claimcheck did not extract the sentence
    findings: tuple[ToolFinding, ...]
    misplaced: bool = False  # found by its words on another line than the truth's

    @property
    def verdict(self) -> str:
        return self.claim.verdict if self.claim else "not extracted"

    @property
    def linked(self) -> bool:
        """Linked to exactly the truth's works; a sentence that cites nothing is linked when nothing is."""
        if self.claim is None:
            return not self.truth.cites
        return self.claim.pmids == self.truth.pmids and self.claim.unresolved == self.truth.other_works

    @property
    def pairs(self) -> tuple[int, int, int]:
        """(sentence, work) pairs (truth's, claimcheck's, right): PMIDs compared as such, works outside
        PubMed by how many there are."""
        truth = len(self.truth.pmids) + self.truth.other_works
        if self.claim is None:
            return truth, 0, 0
        right = len(self.claim.pmids & self.truth.pmids) + min(self.claim.unresolved, self.truth.other_works)
        return truth, len(self.claim.pmids) + self.claim.unresolved, right

    @property
    def detected(self) -> bool:
        return any(f.rule in self.truth.rule and f.severity in FLAGGING for f in self.findings)

    def at(self, severity: str) -> list[ToolFinding]:
        return [finding for finding in self.findings if finding.severity == severity]

    @property
    def answerable(self) -> bool:
        """A correct claim whose answer the record (abstract or full text) holds."""
        return self.truth.correct and self.truth.in_source != "none"

    @property
    def needlessly_unverified(self) -> bool:
        return self.answerable and self.verdict not in ("supported", "mismatch")


@dataclass
class Tally:
    """The measures of issues #11 and #12 over some articles."""

    articles: int = 0
    claims: int = 0
    linked: int = 0
    wrong: int = 0
    detected: int = 0
    correct: int = 0
    false_warning: int = 0
    false_error: int = 0
    answerable: int = 0
    needless_unverifiable: int = 0
    not_extracted: int = 0
    misplaced: int = 0  # found by their words, but claimcheck gives another line
    link_pairs_truth: int = 0
    link_pairs_tool: int = 0
    link_pairs_right: int = 0
    false_cc106: int = 0
    missed_cc106: int = 0
    false_cc301: int = 0
    not_claim_findings: int = 0
    failed_runs: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rates(self) -> dict[str, float | None]:
        return {
            "linked": _share(self.linked, self.claims),
            "detected": _share(self.detected, self.wrong),
            "false_warning": _share(self.false_warning, self.correct),
            "false_error": _share(self.false_error, self.correct),
            "needless_unverifiable": _share(self.needless_unverifiable, self.answerable),
            "link_precision": _share(self.link_pairs_right, self.link_pairs_tool),
            "link_recall": _share(self.link_pairs_right, self.link_pairs_truth),
        }

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "rates": self.rates()}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class ArticleResult:
    truth: Truth
    report: Report
    outcomes: list[Outcome]
    tally: Tally  # the whole article
    by_style: dict[str, Tally]  # the same, claims counted under their own citation style
    notes: list[str] = field(default_factory=list)  # false findings and misses, for --verbose


def compare(truth: Truth, report: Report) -> ArticleResult:
    """Match the truth's claims to the report's, attach findings, and count."""
    attached = _findings_by_claim(report)
    outcomes: list[Outcome] = []
    used: set[str] = set()
    for expected in truth.claims:
        claim, misplaced = _match(expected, report.claims, used)
        if claim is not None:
            used.add(claim.id)
        outcomes.append(
            Outcome(expected, claim, tuple(attached.get(claim.id, ()) if claim else ()), misplaced)
        )
    article = Tally(articles=1, failed_runs=int(bool(report.problem)))
    result = ArticleResult(truth, report, outcomes, article, {truth.style: Tally(**vars(article))})
    if report.problem:
        result.notes.append(f"RUN FAILED: {report.problem}")
    for outcome in outcomes:
        for tally in (result.tally, result.by_style.setdefault(outcome.truth.style or truth.style, Tally())):
            count_claim(tally, outcome)
        result.notes += _claim_notes(outcome)
    extra = [claim for claim in report.claims if claim.id not in used]
    for tally in (result.tally, result.by_style[truth.style]):
        _count_article(tally, result, attached, extra)
    result.notes += _article_notes(result, attached, extra)
    return result


def _findings_by_claim(report: Report) -> dict[str, list[ToolFinding]]:
    """Findings keyed by claim id; one without a claim id goes to the claim it sits in (same line, the
    last claim starting at or before its column), or to "" when no claim holds it."""
    by_line: dict[int, list[ToolClaim]] = {}
    for claim in report.claims:
        by_line.setdefault(claim.line, []).append(claim)
    attached: dict[str, list[ToolFinding]] = {}
    for finding in report.findings:
        key = finding.claim
        if not key:
            holders = [c for c in by_line.get(finding.line, []) if c.column <= finding.column]
            key = max(holders, key=lambda c: c.column).id if holders else ""
        attached.setdefault(key, []).append(finding)
    return attached


def _match(
    expected: TruthClaim, claims: Sequence[ToolClaim], used: set[str]
) -> tuple[ToolClaim | None, bool]:
    says = fold(expected.says)
    free = [claim for claim in claims if claim.id not in used and says in fold(claim.text)]
    on_line = [claim for claim in free if claim.line == expected.line]
    if on_line:
        return on_line[0], False
    if free:
        return min(free, key=lambda claim: abs(claim.line - expected.line)), True
    return None, False


def count_claim(tally: Tally, outcome: Outcome) -> None:
    """Add one claim's measures to ``tally``."""
    tally.claims += 1
    tally.linked += outcome.linked
    tally.not_extracted += outcome.claim is None
    tally.misplaced += outcome.misplaced
    truth_pairs, tool_pairs, right_pairs = outcome.pairs
    tally.link_pairs_truth += truth_pairs
    tally.link_pairs_tool += tool_pairs
    tally.link_pairs_right += right_pairs
    if outcome.truth.correct:
        tally.correct += 1
        tally.false_warning += bool(outcome.at("warning"))
        tally.false_error += bool(outcome.at("error"))
        tally.answerable += outcome.answerable
        tally.needless_unverifiable += outcome.needlessly_unverified
    else:
        tally.wrong += 1
        tally.detected += outcome.detected


def _claim_notes(outcome: Outcome) -> list[str]:
    truth, claim = outcome.truth, outcome.claim
    where = f"line {truth.line} {truth.says!r}"
    notes = []
    if claim is None:
        notes.append(f"NOT EXTRACTED {where}")
    elif outcome.misplaced:
        notes.append(f"ON ANOTHER LINE {where}: claimcheck says line {claim.line}")
    if claim is not None and not outcome.linked:
        notes.append(
            f"LINK {where}: truth {sorted(truth.cites)}, claimcheck {sorted(claim.pmids)}"
            f" (+{claim.unresolved} unresolved)"
        )
    if truth.correct:
        for finding in outcome.at("error") + outcome.at("warning"):
            notes.append(f"FALSE {finding.severity.upper()} {where}: {finding.describe()}")
        if outcome.needlessly_unverified:
            reason = claim.reason if claim else ""
            notes.append(f"UNVERIFIED {where} ({truth.in_source}): {outcome.verdict} {reason}".rstrip())
    elif not outcome.detected:
        seen = "; ".join(f.describe() for f in outcome.findings) or "no finding"
        notes.append(
            f"MISSED {truth.kind} {where}, expected {'/'.join(truth.rule)}: {outcome.verdict}; {seen}"
        )
    return notes


def _count_article(
    tally: Tally, result: ArticleResult, attached: dict[str, list[ToolFinding]], extra: list[ToolClaim]
) -> None:
    """What is judged for the article as a whole: links of sentences the truth does not count as claims
    (they must cite nothing), CC106, CC301 and any finding on a not-claim line."""
    tally.link_pairs_tool += sum(len(claim.pmids) + claim.unresolved for claim in extra)
    tally.not_claim_findings += len(_on_not_claim_lines(result))
    tally.false_cc301 += len(_false_cc301(result, attached))
    false_cc106, missed_cc106 = _cc106(result)
    tally.false_cc106 += len(false_cc106)
    tally.missed_cc106 += missed_cc106


def _article_notes(
    result: ArticleResult, attached: dict[str, list[ToolFinding]], extra: list[ToolClaim]
) -> list[str]:
    notes = [
        f"EXTRA LINK line {claim.line} {claim.text[:60]!r}: {list(claim.cites)}"
        for claim in extra
        if claim.cites
    ]
    notes += [f"ON A NOT-CLAIM LINE {f.line}: {f.describe()}" for f in _on_not_claim_lines(result)]
    notes += [f"FALSE CC301 line {f.line}: {f.describe()}" for f in _false_cc301(result, attached)]
    notes += [f"FALSE CC106 line {f.line}: {f.describe()}" for f in _cc106(result)[0]]
    return notes


def _on_not_claim_lines(result: ArticleResult) -> list[ToolFinding]:
    return [finding for finding in result.report.findings if finding.line in result.truth.not_claims]


def _false_cc301(result: ArticleResult, attached: dict[str, list[ToolFinding]]) -> list[ToolFinding]:
    """CC301 findings anywhere but on a claim the truth calls unsourced."""
    unsourced = {o.claim.id for o in result.outcomes if o.claim and o.truth.kind == "unsourced"}
    return [
        f for key, findings in attached.items() if key not in unsourced for f in findings if f.rule == "CC301"
    ]


def _cc106(result: ArticleResult) -> tuple[list[ToolFinding], int]:
    """(false CC106 findings, how many uncited references got none). A CC106 on a reference that did
    not resolve counts against the truth's uncited works outside PubMed ("ref:" labels); those beyond
    their number are false."""
    uncited_pmids = {cite for cite in result.truth.uncited if not cite.startswith("ref:")}
    uncited_others = len(result.truth.uncited) - len(uncited_pmids)
    flagged = [f for f in result.report.findings if f.rule == "CC106"]
    unresolved = [f for f in flagged if not f.pmid]
    false = [f for f in flagged if f.pmid and f.pmid not in uncited_pmids]
    false += unresolved[uncited_others:]
    missed = len(uncited_pmids - {f.pmid for f in flagged}) + max(0, uncited_others - len(unresolved))
    return false, missed


# ------------------------------------------------------------------------------------- measuring


@dataclass
class Measurement:
    results: list[ArticleResult]

    def total(self, corpus: str, select: str = "") -> Tally:
        """Summed over ``corpus``; ``select`` "direction" keeps only the evidence-inference claims."""
        total = Tally()
        for result in self.results:
            if result.truth.corpus != corpus:
                continue
            if select != "direction":
                total.add(result.tally)
                continue
            direction = [outcome for outcome in result.outcomes if outcome.truth.prompt]
            total.articles += bool(direction)
            for outcome in direction:
                count_claim(total, outcome)
        return total

    def styles(self) -> dict[str, Tally]:
        """The styles corpus per citation style (a claim counts under its own style when it has one)."""
        per_style: dict[str, Tally] = {}
        for result in self.results:
            if result.truth.corpus == "styles":
                for style, tally in result.by_style.items():
                    per_style.setdefault(style, Tally()).add(tally)
        return per_style

    def as_dict(self) -> dict[str, Any]:
        return {
            "accuracy": self.total("accuracy").as_dict(),
            "direction": self.total("accuracy", "direction").as_dict(),
            "styles": {style: tally.as_dict() for style, tally in sorted(self.styles().items())},
            "articles": {
                f"{r.truth.corpus}/{r.truth.name}": {**r.tally.as_dict(), "problem": r.report.problem}
                for r in self.results
            },
        }


def measure(
    corpus: str = "all",
    data: Path = DATA,
    truths: Sequence[Truth] | None = None,
    python: str = sys.executable,
    workers: int = 0,
) -> Measurement:
    """Run claimcheck on every article of ``corpus`` against the fake server over ``data`` and compare."""
    chosen = list(truths) if truths is not None else discover(corpus)
    with serve_shared_data(data) as server:
        with ThreadPoolExecutor(max_workers=workers or min(8, os.cpu_count() or 2)) as pool:
            reports = list(pool.map(lambda t: run_claimcheck(t.article, server.url, python), chosen))
    return Measurement([compare(truth, report) for truth, report in zip(chosen, reports)])


# -------------------------------------------------------------------------------------- printing


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def _accuracy_row(name: str, t: Tally) -> str:
    cells = (
        name,
        t.claims,
        _percent(t.linked, t.claims),
        _percent(t.detected, t.wrong),
        _percent(t.false_warning, t.correct),
        _percent(t.false_error, t.correct),
        _percent(t.needless_unverifiable, t.answerable),
        t.not_extracted,
        t.misplaced,
    )
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _style_row(name: str, t: Tally) -> str:
    precision, recall = t.rates()["link_precision"], t.rates()["link_recall"]
    cells = (
        name,
        t.articles,
        t.claims,
        "-" if precision is None else f"{precision:.2f}",
        "-" if recall is None else f"{recall:.2f}",
        t.false_cc106,
        t.missed_cc106,
        t.false_cc301,
        t.not_claim_findings,
    )
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def render(measurement: Measurement, verbose: bool) -> Iterator[str]:
    corpora = {result.truth.corpus for result in measurement.results}
    if not corpora:
        yield "No article to measure (no *.truth.yaml under the corpus folders asked for)."
    if "accuracy" in corpora:
        yield "Accuracy corpus (issue #11)"
        yield ""
        yield (
            "| article | claims | linked to the right PMID | wrong claims detected | correct with a warning"
            " | correct with an error | needlessly unverifiable | not extracted | on another line |"
        )
        yield "|---|---|---|---|---|---|---|---|---|"
        for result in measurement.results:
            if result.truth.corpus == "accuracy":
                yield _accuracy_row(result.truth.name, result.tally)
        yield _accuracy_row("**all**", measurement.total("accuracy"))
        yield _accuracy_row(
            "direction claims (evidence-inference)", measurement.total("accuracy", "direction")
        )
        yield ""
    if "styles" in corpora:
        yield "Styles corpus (issue #12)"
        yield ""
        yield (
            "| style | articles | claims | link precision | link recall | false CC106 | missed CC106"
            " | false CC301 | findings on not-claim lines |"
        )
        yield "|---|---|---|---|---|---|---|---|---|"
        for style, tally in sorted(measurement.styles().items()):
            yield _style_row(style, tally)
        yield _style_row("**all**", measurement.total("styles"))
        yield ""
    failed = [r for r in measurement.results if r.report.problem]
    for result in failed:
        yield f"claimcheck failed on {result.truth.corpus}/{result.truth.name}: {result.report.problem}"
    if verbose:
        for result in measurement.results:
            if result.notes:
                yield f"\n## {result.truth.corpus}/{result.truth.name}"
                yield from (f"- {note}" for note in result.notes)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--corpus", choices=(*CORPORA, "all"), default="all")
    parser.add_argument("--json", action="store_true", help="print the totals as JSON")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false finding")
    parser.add_argument("--data", type=Path, default=DATA, help=f"the shared data (default: {DATA})")
    parser.add_argument(
        "--article", action="append", default=[], metavar="NAME", help="only articles whose name has NAME"
    )
    parser.add_argument(
        "--corpus-root",
        type=Path,
        default=CORPUS,
        metavar="DIR",
        help=f"the folder holding accuracy/ and styles/ (default: {CORPUS})",
    )
    options = parser.parse_args(argv)
    if not options.data.is_dir():
        print(f"accuracy: no shared data at {options.data} (--data DIR)", file=sys.stderr)
        return 2
    try:
        truths = [
            truth
            for truth in discover(options.corpus, options.corpus_root)
            if not options.article or any(name in truth.name for name in options.article)
        ]
    except TruthError as error:
        print(f"accuracy: {error}", file=sys.stderr)
        return 2
    measurement = measure(options.corpus, options.data, truths)
    if options.json:
        print(json.dumps(measurement.as_dict(), indent=2))
    else:
        print("\n".join(render(measurement, options.verbose)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
