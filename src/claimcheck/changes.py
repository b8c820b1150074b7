"""``--changed-since GIT_REF``: keep only the articles a content change can have affected.

An article is affected when its own file, its claims file, or the bibliography entry of a work it
cites changed since ``GIT_REF`` (uncommitted and untracked changes count). A CI job on a large
content repository then checks one article, not all of them. Git is asked once per run; the pipeline
asks ``Changes.affects`` about each article once it has read it and settled its references (with the
bibliography it read once), before extracting anything.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimcheck.config import Settings
from claimcheck.errors import InputError
from claimcheck.inputs.bibliography import load_bibliography
from claimcheck.model import Reference


@dataclass(frozen=True)
class Changes:
    """What changed since a git ref: files (resolved) and the keys of bibliography entries."""

    files: frozenset[Path]
    bib_keys: frozenset[str]
    settings: Settings

    def affects(self, article: Path, references: Sequence[Reference]) -> bool:
        """True when the article, its claims file, or the bib entry of a work it cites changed."""
        own = {article.resolve(), self.settings.claims_file(article).resolve()}
        return bool(own & self.files) or any(reference.key in self.bib_keys for reference in references)


def changes_since(ref: str, settings: Settings) -> Changes:
    """Ask git, once, what changed since ``ref`` in the working tree (uncommitted and untracked too)."""
    top = Path(_git(["rev-parse", "--show-toplevel"], settings.root, ref).strip())
    _verify_ref(ref, top)
    changed = frozenset(
        (top / name).resolve()
        for name in (
            _git(["diff", "--name-only", ref, "--"], top, ref).splitlines()
            + _git(["ls-files", "--others", "--exclude-standard"], top, ref).splitlines()
        )
        if name
    )
    bib = settings.bib_path
    keys = _changed_bib_keys(bib, top, ref) if bib.resolve() in changed else set()
    return Changes(changed, frozenset(keys), settings)


def _changed_bib_keys(bib: Path, top: Path, ref: str) -> set[str]:
    """Keys whose entry differs between ``ref`` and the working tree (added and removed ones too)."""
    relative = bib.resolve().relative_to(top)
    try:
        old_text = _git(["show", f"{ref}:{relative.as_posix()}"], top, ref)
    except InputError:
        old_text = ""
    before = _by_key(load_bibliography(bib, old_text)) if old_text.strip() else {}
    after = _by_key(load_bibliography(bib)) if bib.is_file() else {}
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def _by_key(references: Sequence[Reference]) -> dict[str, Reference]:
    return {reference.key: replace(reference, path="", line=0) for reference in references}


def _verify_ref(ref: str, top: Path) -> None:
    """A typo in the ref should say so, not surface as git's "bad revision" from a later command."""
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, ref)
    except InputError:
        raise InputError(str(top), f"--changed-since {ref}: no commit, branch or tag of that name") from None


def _git(arguments: list[str], where: Path, ref: str) -> str:
    try:
        done = subprocess.run(["git", *arguments], cwd=where, capture_output=True, text=True, check=False)
    except OSError as error:
        raise InputError(str(where), f"--changed-since {ref} needs git: {error}") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git failed"
        raise InputError(str(where), f"--changed-since {ref}: {message}")
    return done.stdout
