"""The doctors' gold effect directions of ../shared/data/evidence-inference, turned into claims and measured.

Each agreed prompt (MANIFEST.md's rule: at least two doctors, every label accepted, all labels alike) gives
an intervention, a comparator, an outcome and a direction; the article's abstract and body are read from
its PMC XML as the pipeline reads a full text. Nothing is copied into the project.

The measure: every prompt is said in every wording of every direction (``TEMPLATES``); the claim with the
doctors' direction is right, the other two are wrong. Each claim is checked by CC210 against the abstract
and full text and counted as supported, warning, error, unverifiable or nothing said. ``measure()`` gives
the counts per gold label; ``python benchmarks/direction_gold.py`` prints them with precision and recall.
"""

from __future__ import annotations

import csv
import functools
import html
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.checks import direction
from claimcheck.checks.base import ClaimContext
from claimcheck.lookup.parse import parse_pmc
from claimcheck.model import Claim, Finding, Passage, Record, Reference, Support
from claimcheck.vocabulary.effects import effect_phrases

EVIDENCE_INFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "evidence-inference"

UP, DOWN, NONE = 1, -1, 0
LABELS = {UP: "increased", DOWN: "decreased", NONE: "no difference"}

# Claim wordings, varied so that no one sentence shape is measured: {I} intervention, {O} outcome,
# {C} comparator; keyed by the label's direction (1 up, -1 down, 0 no difference). Written for this
# measure, in the shapes health writing uses: a verb with its object, a predicate with "than", a
# comparison said first, and the comparator's side.
TEMPLATES = {
    UP: (
        "{I} significantly increased {O} compared with {C}.",
        "Compared with {C}, {O} was significantly higher with {I}.",
        "{O} was higher in patients given {I} than in those given {C}.",
        "With {C}, {O} was lower than with {I}.",
    ),
    DOWN: (
        "{I} significantly reduced {O} compared with {C}.",
        "Compared with {C}, {O} was significantly lower with {I}.",
        "{O} was lower in patients given {I} than in those given {C}.",
        "With {C}, {O} was higher than with {I}.",
    ),
    NONE: (
        "{I} made no significant difference to {O} compared with {C}.",
        "There was no significant difference in {O} between {I} and {C}.",
        "{O} did not differ between patients given {I} and those given {C}.",
        "{O} was similar with {I} and with {C}.",
    ),
}
OUTCOMES = ("supported", "warning", "error", "unverifiable", "nothing")


@dataclass(frozen=True)
class Prompt:
    prompt_id: int
    pmcid: str
    outcome: str
    intervention: str
    comparator: str
    label: int  # 1 significantly increased, -1 significantly decreased, 0 no significant difference

    def claim_text(self, label: int, wording: int = 0) -> str:
        template = TEMPLATES[label][wording % len(TEMPLATES[label])]
        return template.format(I=_clean(self.intervention), O=_clean(self.outcome), C=_clean(self.comparator))

    @property
    def reversed_label(self) -> int:
        return {1: -1, -1: 1, 0: 1 if self.prompt_id % 2 else -1}[self.label]


def _clean(text: str) -> str:
    return " ".join(html.unescape(text).split()).strip().rstrip(".;")


@functools.cache
def agreed_prompts() -> tuple[Prompt, ...]:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (EVIDENCE_INFERENCE / "annotations.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["PromptID"]].append(row)
    prompts = []
    with (EVIDENCE_INFERENCE / "prompts.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            answers = rows[row["PromptID"]]
            labels = {answer["Label Code"] for answer in answers}
            agreed = (
                len({answer["UserID"] for answer in answers}) >= 2
                and all(answer["Valid Label"] == "True" for answer in answers)
                and len(labels) == 1
            )
            if agreed:
                prompts.append(
                    Prompt(
                        int(row["PromptID"]),
                        row["PMCID"],
                        row["Outcome"],
                        row["Intervention"],
                        row["Comparator"],
                        int(labels.pop()),
                    )
                )
    return tuple(prompts)


@functools.cache
def article_passages(pmcid: str) -> tuple[Passage, ...]:
    """The article's abstract (as PubMed would give it) and its body (as the PMC fetch gives it)."""
    data = (EVIDENCE_INFERENCE / "articles" / f"PMC{pmcid}.nxml").read_bytes()
    root = ET.fromstring(data)
    abstract: list[Passage] = []
    for node in root.iter("abstract"):
        if node.get("abstract-type"):
            continue  # graphical or lay summaries
        sections = node.findall("sec") or [node]
        for section in sections:
            title = section.find("title")
            heading = _text(title) if title is not None and section is not node else ""
            abstract += [Passage("abstract", heading, _text(p)) for p in section.findall("p")]
        break
    body = [passage for passages in parse_pmc(data).values() for passage in passages]
    return (*abstract, *body)


def _text(node: ET.Element) -> str:
    return " ".join("".join(node.itertext()).split())


def check_claim(text: str, passages: tuple[Passage, ...], record: Record) -> str:
    """What CC210 makes of one claim: one of ``OUTCOMES`` (the gravest when it says several things)."""
    claim = Claim(id="claim", article="a.md", line=1, text=text, effects=effect_phrases(text))
    outcomes = list(direction.check(ClaimContext(claim, Reference(key="ref"), record, passages)))
    findings = [o for o in outcomes if isinstance(o, Finding)]
    for severity in ("error", "warning"):
        if any(f.rule == "CC210" and f.severity.value == severity for f in findings):
            return severity
    if any(f.rule == "CC303" for f in findings):
        return "unverifiable"
    return "supported" if any(isinstance(o, Support) for o in outcomes) else "nothing"


@dataclass
class Measurement:
    """Outcomes of the right and the wrong claims, per gold label (the label the doctors gave)."""

    right: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    wrong: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # Per claimed label: claims made, supported and flagged, and how many of those were right / wrong.
    claimed_right: Counter[int] = field(default_factory=Counter)
    claimed_wrong: Counter[int] = field(default_factory=Counter)
    supported: Counter[int] = field(default_factory=Counter)
    supported_right: Counter[int] = field(default_factory=Counter)
    flagged: Counter[int] = field(default_factory=Counter)
    flagged_wrong: Counter[int] = field(default_factory=Counter)
    false_errors: list[tuple[int, str]] = field(default_factory=list)

    def total(self, side: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for label_counts in getattr(self, side).values():
            counts.update(label_counts)
        return counts


def measure(check: Callable[[str, tuple[Passage, ...], Record], str] = check_claim) -> Measurement:
    """Every agreed prompt in every wording of every direction, checked against its article."""
    result = Measurement()
    for prompt in agreed_prompts():
        passages = article_passages(prompt.pmcid)
        record = Record(pmid=prompt.pmcid)
        for label in (UP, DOWN, NONE):
            for wording in range(len(TEMPLATES[label])):
                text = prompt.claim_text(label, wording)
                outcome = check(text, passages, record)
                right = label == prompt.label
                (result.right if right else result.wrong)[prompt.label][outcome] += 1
                (result.claimed_right if right else result.claimed_wrong)[label] += 1
                if outcome == "supported":
                    result.supported[label] += 1
                    result.supported_right[label] += right
                elif outcome in ("warning", "error"):
                    result.flagged[label] += 1
                    result.flagged_wrong[label] += not right
                    if right and outcome == "error":
                        result.false_errors.append((prompt.prompt_id, text))
    return result


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "0/0"


def report(result: Measurement) -> Iterator[str]:
    """The measure as a Markdown table: per gold label, then overall; precision and recall per label."""
    yield f"evidence-inference: {len(agreed_prompts())} agreed prompts, {len(TEMPLATES[UP])} wordings each"
    yield ""
    yield (
        "| gold label | right claims | supported | warning | error | unverifiable | nothing "
        "| wrong claims | flagged (warning or error) | supported |"
    )
    yield "|---|---|---|---|---|---|---|---|---|---|"
    for label, name in (*LABELS.items(), (None, "all")):
        right = result.total("right") if label is None else result.right[label]
        wrong = result.total("wrong") if label is None else result.wrong[label]
        whole, other = sum(right.values()), sum(wrong.values())
        yield (
            f"| {name} | {whole} | "
            + " | ".join(_share(right[o], whole) for o in OUTCOMES)
            + f" | {other} | {_share(wrong['warning'] + wrong['error'], other)} | {_share(wrong['supported'], other)} |"
        )
    yield ""
    yield "| claimed label | support precision | support recall | flag precision | flag recall |"
    yield "|---|---|---|---|---|"
    for label, name in LABELS.items():
        yield (
            f"| {name} | {_share(result.supported_right[label], result.supported[label])} | "
            f"{_share(result.supported_right[label], result.claimed_right[label])} | "
            f"{_share(result.flagged_wrong[label], result.flagged[label])} | "
            f"{_share(result.flagged_wrong[label], result.claimed_wrong[label])} |"
        )
    for prompt_id, text in result.false_errors:
        yield f"- false error, prompt {prompt_id}: {text}"
