"""Properties over arbitrary input: whatever a file holds, reading it ends in a result or an InputError
(exit 2 with file and line), and whatever a field holds, a report line stays one line.

All inputs are generated; the seed files below were written for these tests.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.errors import InputError
from claimcheck.inputs.bibliography import load_bibliography
from claimcheck.inputs.claimsfile import load_claims
from claimcheck.model import Finding, Severity
from claimcheck.report.github import workflow_command
from claimcheck.report.printable import escape_controls, one_line
from claimcheck.report.text import concise_line

# Written for these tests.
CLAIMS_SEED = """\
version: 1
article: articles/a.txt
claims:
- id: a-1
  line: 3
  text: "A trial of 120 runners: 42% felt better."
  cites: [smith2019]
  figures: [42%]
  acknowledge: [{rule: CC203, reason: checked}]
"""
BIB_SEED = """\
@article{smith2019,
  author  = {Smith, J. and Doe, A.},
  title   = {A made-up trial of {knee} pain},
  journal = {J Invented Knees},
  year    = {2019},
  pmid    = {31000001},
}
"""
# Characters that matter to YAML, BibTeX, terminals and the GitHub runner.
TOUGH = st.sampled_from(
    list("{}[]:,-#&*!|>'\"%@=\\\n\r\t\x00\x1b\u2028\u202e ²٢") + ["::", "\n::error::", "*a", "&a"]
)


def edits(seed: str) -> st.SearchStrategy[str]:
    """``seed`` with a few pieces cut out or replaced by tough characters or arbitrary text."""
    piece = st.one_of(TOUGH, st.text(max_size=8))

    @st.composite
    def edited(draw: st.DrawFn) -> str:
        text = seed
        for _ in range(draw(st.integers(1, 6))):
            start = draw(st.integers(0, len(text)))
            end = draw(st.integers(start, min(len(text), start + 12)))
            text = text[:start] + draw(piece) + text[end:]
        return text

    return edited()


def read_or_refuse(path: Path, text: str, reader: object) -> None:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        reader(path)  # type: ignore[operator]
    except InputError as refused:
        assert refused.path == str(path)


@settings(max_examples=300, deadline=None)
@given(st.one_of(edits(CLAIMS_SEED), st.text(max_size=200)))
def test_any_claims_file_reads_or_is_refused_with_its_name(tmp_path_factory: object, text: str) -> None:
    read_or_refuse(Path(tmp_path_factory.mktemp("claims")) / "a.yaml", text, load_claims)  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.one_of(edits(BIB_SEED), st.text(max_size=200)))
def test_any_bibliography_reads_or_is_refused_with_its_name(tmp_path_factory: object, text: str) -> None:
    read_or_refuse(Path(tmp_path_factory.mktemp("bib")) / "references.bib", text, load_bibliography)  # type: ignore[attr-defined]


ANY_TEXT = st.lists(st.one_of(st.characters(), TOUGH)).map("".join)
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT)
def test_escaped_text_has_no_control_character_and_one_line(text: str) -> None:
    for shown in (escape_controls(text), one_line(text)):
        assert not UNSAFE.search(shown)
        assert len(shown.splitlines()) <= 1


@settings(max_examples=300, deadline=None)
@given(path=ANY_TEXT, message=ANY_TEXT)
def test_a_finding_is_one_line_in_concise_text_and_one_workflow_command(path: str, message: str) -> None:
    finding = Finding(rule="CC203", severity=Severity.ERROR, article=path, line=3, message=message)
    assert len(concise_line(finding).splitlines()) == 1
    command = workflow_command("error", message, file=path, line="3")
    assert len(command.splitlines()) == 1 and command.startswith("::error ")
