"""The doctors' gold effect directions of ../shared/data/evidence-inference, turned into claims.

Each agreed prompt (MANIFEST.md's rule: at least two doctors, every label accepted, all labels alike) gives
an intervention, a comparator, an outcome and a direction; the article's abstract and body are read from
its PMC XML as the pipeline reads a full text. Nothing is copied into the project.
"""

from __future__ import annotations

import csv
import functools
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from claimcheck.lookup.parse import parse_pmc
from claimcheck.model import Passage

EVIDENCE_INFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "evidence-inference"

# Claim wordings, varied so that no one sentence shape is measured: {I} intervention, {O} outcome,
# {C} comparator; keyed by the label's direction (1 up, -1 down, 0 no difference).
TEMPLATES = {
    1: (
        "{I} significantly increased {O} compared with {C}.",
        "Compared with {C}, {O} was significantly higher with {I}.",
    ),
    -1: (
        "{I} significantly reduced {O} compared with {C}.",
        "Compared with {C}, {O} was significantly lower with {I}.",
    ),
    0: (
        "{I} made no significant difference to {O} compared with {C}.",
        "There was no significant difference in {O} between {I} and {C}.",
    ),
}


@dataclass(frozen=True)
class Prompt:
    prompt_id: int
    pmcid: str
    outcome: str
    intervention: str
    comparator: str
    label: int  # 1 significantly increased, -1 significantly decreased, 0 no significant difference

    def claim_text(self, label: int) -> str:
        template = TEMPLATES[label][self.prompt_id % 2]
        return template.format(I=_clean(self.intervention), O=_clean(self.outcome), C=_clean(self.comparator))

    @property
    def reversed_label(self) -> int:
        return {1: -1, -1: 1, 0: 1 if self.prompt_id % 2 else -1}[self.label]


def _clean(text: str) -> str:
    return " ".join(text.split()).strip().rstrip(".")


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
