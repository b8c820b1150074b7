"""A content repository set up exactly as docs/github-actions.md says, from `git init` on.

The workflow step is the action's own shell step (action.yml), run with the inputs the documented
workflow gives it and the environment the runner would set; the pre-commit hook is the entry of
.pre-commit-hooks.yaml, run on the staged files its `files` pattern selects, as pre-commit does.
Only the network is fake: E-utilities is the loopback server (tests/fixtures, our own abstracts).

The article below was written for this test. It cites one fixture record (PMID 31456015: 18
studies, 1069 knees) and says what the record says, until a commit transposes the digits.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ci_project import commit_all, git
from fake_eutils import FakeEutils

REPO = Path(__file__).resolve().parents[1]
DOCS = (REPO / "docs" / "github-actions.md").read_text(encoding="utf-8")

# Written for this test.
ARTICLE = """\
# Cell injections for knee arthritis

A 2019 systematic review in the Archives of Orthopaedic and Trauma Surgery pooled 18 studies and 1069 knees [1].

## References

1. Migliorini F, Rath B, Colarossi G, et al. Improved outcomes after mesenchymal stem cells injections for knee
osteoarthritis: results at 12-months follow-up: a systematic review of the literature. Arch Orthop Trauma Surg.
2020;140(7):853-868. PMID: 31456015
"""
WRONG_FIGURE = ARTICLE.replace("1069 knees", "1096 knees")


def documented_block(language: str) -> str:
    """The first fenced block of ``language`` in docs/github-actions.md."""
    match = re.search(rf"```{language}\n(.*?)```", DOCS, re.DOTALL)
    assert match, language
    return match.group(1)


def tool_path() -> dict[str, str]:
    """The environment with this interpreter's ``claimcheck`` first on PATH, as an install would give."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture
def content(tmp_path: Path, eutils_server: FakeEutils) -> Path:
    """The documented layout, committed on main: an article, and pyproject.toml with the docs' table."""
    root = tmp_path / "content"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "knees.md").write_text(ARTICLE, encoding="utf-8")
    (root / "pyproject.toml").write_text(documented_block("toml"), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "articles")
    return root


def action_step(step_id: str) -> dict[str, Any]:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    return next(
        step for step in action["runs"]["steps"] if step.get("id") == step_id or step.get("name") == step_id
    )


def documented_inputs() -> dict[str, str]:
    """The action's defaults with the inputs the documented workflow gives it."""
    workflow = yaml.safe_load(documented_block("yaml"))
    steps = workflow["jobs"]["claimcheck"]["steps"]
    uses = next(step for step in steps if str(step.get("uses", "")).endswith("/claimcheck@v0.1.0"))
    assert any(step.get("with", {}).get("fetch-depth") == 0 for step in steps), "the base branch is fetched"
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    return inputs | {name: str(value) for name, value in uses.get("with", {}).items()}


def run_check_step(root: Path, *, base_ref: str) -> tuple[int, str, Path]:
    """The action's "Check the articles" step, with the environment its `env:` gives the shell."""
    step = action_step("check")
    inputs = documented_inputs()
    assert "github.base_ref" in step["env"]["CHANGED_SINCE"]
    output = root.parent / "github-output"
    output.write_text("", encoding="utf-8")
    env = tool_path() | {
        "ARTICLES": inputs["articles"],
        "CHANGED_SINCE": inputs["changed-since"] or (f"origin/{base_ref}" if base_ref else ""),
        "FAIL_ON": inputs["fail-on"],
        "SARIF": inputs["sarif"],
        "GITHUB_OUTPUT": str(output),
        "GITHUB_ACTIONS": "true",
    }
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    status = int(re.findall(r"^exit-code=(\d+)$", output.read_text(encoding="utf-8"), re.MULTILINE)[-1])
    return status, done.stdout, root / "claimcheck.sarif"


def pull_request_with_a_wrong_figure(root: Path) -> tuple[int, str, Path]:
    """A branch off main that transposes the article's figure, checked as the workflow checks a pull
    request against main."""
    git(root, "remote", "add", "origin", str(root))
    git(root, "fetch", "-q", "origin")
    git(root, "checkout", "-q", "-b", "wrong-figure")
    (root / "articles" / "knees.md").write_text(WRONG_FIGURE, encoding="utf-8")
    commit_all(root, "a transposed figure")
    return run_check_step(root, base_ref="main")


def test_the_documented_workflow_fails_a_pull_request_that_commits_a_wrong_figure(content: Path) -> None:
    status, annotations, _ = run_check_step(content, base_ref="")
    assert status == 0 and "::error" not in annotations, "the article says what the record says"

    status, annotations, sarif = pull_request_with_a_wrong_figure(content)

    assert status == 1
    assert re.search(
        r"^::error file=articles/knees\.md,line=3,col=\d+,title=CC203 figure-mismatch::", annotations, re.M
    )
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results
    ] == [("CC203", "articles/knees.md")]
    fail = action_step("Fail on findings")
    ended = subprocess.run(
        ["bash", "-c", fail["run"]], env={**os.environ, "STATUS": str(status)}, check=False
    )
    assert ended.returncode == 1, "the job fails with claimcheck's status"


def test_a_curated_claims_file_does_not_hide_a_wrong_figure(content: Path) -> None:
    """An editor extracted and committed the claims file; a later commit changes the figure. The
    sentence as it is now is what gets checked, and the curated claim it replaced is CC108."""
    subprocess.run(
        ["claimcheck", "extract", "articles/knees.md"],
        cwd=content,
        env=tool_path(),
        capture_output=True,
        check=True,
    )
    commit_all(content, "claims, as an editor extracted them")

    status, annotations, _ = pull_request_with_a_wrong_figure(content)

    assert status == 1
    assert re.search(
        r"^::error file=articles/knees\.md,line=3,col=\d+,title=CC203 figure-mismatch::.*1069 knees",
        annotations,
        re.M,
    )
    stale = re.search(
        r"^::warning file=claims/knees\.yaml,line=(\d+),col=\d+,title=CC108 stale-claim::", annotations, re.M
    )
    assert stale, annotations
    claims_lines = (content / "claims" / "knees.yaml").read_text(encoding="utf-8").splitlines()
    assert "1069 knees" in "\n".join(claims_lines[int(stale.group(1)) - 1 : int(stale.group(1)) + 3])


def test_the_pre_commit_hook_refuses_a_commit_with_a_wrong_figure(content: Path) -> None:
    hook = next(
        hook
        for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
        if hook["id"] == "claimcheck"
    )

    def run_hook() -> subprocess.CompletedProcess[str]:
        staged = git(content, "diff", "--cached", "--name-only").split()
        files = [name for name in staged if re.search(hook["files"], name)]
        assert files, "the hook's pattern selects the staged article"
        command = [*shlex.split(hook["entry"]), *files]
        return subprocess.run(
            command, cwd=content, env=tool_path(), capture_output=True, text=True, check=False
        )

    (content / "articles" / "knees.md").write_text(ARTICLE + "\nOne more sentence.\n", encoding="utf-8")
    git(content, "add", "articles/knees.md")
    passed = run_hook()
    assert passed.returncode == 0 and passed.stdout == "", passed.stdout + passed.stderr

    (content / "articles" / "knees.md").write_text(WRONG_FIGURE, encoding="utf-8")
    git(content, "add", "articles/knees.md")
    refused = run_hook()

    assert refused.returncode == 1, refused.stderr
    assert re.fullmatch(r"articles/knees\.md:3:\d+: error CC203 .*1069 knees.*\n", refused.stdout)
