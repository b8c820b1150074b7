"""A small content repository for the CI-feature tests (tests/test_ci_*.py): three articles, a bib, claims.

The three articles below were written for these tests. Each cites one work whose PubMed record is a
fixture of tests/fixtures/pubmed (bibliographic facts real, abstracts our own), so a run against the
fake E-utilities server checks real claims without the network. Two findings are planted: the
placebo article names the wrong journal (CC201, an error) and the marrow article lists a second
reference it never cites (CC106, a warning).
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import yaml

# Written for these tests.
ARTICLES = {
    "marrow": """\
        Marrow injections for sore knees

        A team at the Darrow Stem Cell Institute gave patients four bone marrow injections (1).

        References
        1. Shaw B, Darrow M, Derian A. Short-Term Outcomes in Treatment of Knee Osteoarthritis With 4 Bone
        Marrow Concentrate Injections. Clin Med Insights Arthritis Musculoskelet Disord. 2018;11. PMID: 29977117
        2. Frisbie DD, Kisiday JD, Kawcak CE, Werpy NM, McIlwraith CW. Evaluation of adipose-derived stromal
        vascular fraction or bone marrow-derived mesenchymal stem cells for treatment of osteoarthritis.
        J Orthop Res. 2009;27:1675-1680.
        """,
    "placebo": """\
        A trial with a placebo arm

        In a randomized trial published in The Lancet, patients were followed for 6 months (1).

        References
        1. Emadedin M, Labibzadeh N, Liastani MG, et al. Intra-articular implantation of autologous bone
        marrow-derived mesenchymal stromal cells to treat knee osteoarthritis. Cytotherapy. 2018. PMID: 30318332
        """,
    "review": """\
        What a review of cell therapy says

        A 2016 review in Clinical and Translational Medicine looked at cell therapy for arthritis (1).

        References
        1. Burke J, Hunter M, Kolhe R, et al. Therapeutic potential of mesenchymal stem cell based therapy for
        osteoarthritis. Clin Transl Med. 2016;5:27. doi:10.1186/s40169-016-0112-7
        """,
}

BIB = """\
% Written for these tests: the three works the CI test articles cite.
@article{shaw2018,
  author  = {Shaw, Brent and Darrow, Marc and Derian, Armen},
  title   = {Short-Term Outcomes in Treatment of Knee Osteoarthritis With 4 Bone Marrow Concentrate Injections},
  journal = {Clin Med Insights Arthritis Musculoskelet Disord},
  year    = {2018},
  pmid    = {29977117},
}

@article{emadedin2018,
  author  = {Emadedin, M. and Labibzadeh, N. and Liastani, M. G.},
  title   = {Intra-articular implantation of autologous bone marrow-derived mesenchymal stromal cells to treat
             knee osteoarthritis: a randomized, triple-blind, placebo-controlled phase 1/2 clinical trial},
  journal = {Cytotherapy},
  year    = {2018},
  pmid    = {30318332},
}

@article{burke2016,
  author  = {Burke, J. and Hunter, M. and Kolhe, R.},
  title   = {Therapeutic potential of mesenchymal stem cell based therapy for osteoarthritis},
  journal = {Clinical and Translational Medicine},
  year    = {2016},
  doi     = {10.1186/s40169-016-0112-7},
}
"""

CITED_KEY = {"marrow": "shaw2018", "placebo": "emadedin2018", "review": "burke2016"}
# What each article's claim asserts; "The Lancet" is wrong on purpose (the record says Cytotherapy): CC201.
ASSERTS = {
    "marrow": {"affiliation": "Darrow Stem Cell Institute"},
    "placebo": {"journal": "The Lancet"},
    "review": {"journal": "Clinical and Translational Medicine"},
}

PYPROJECT = """\
[project]
name = "ci-content"

[tool.claimcheck]
articles = ["articles/*.txt"]
bib = "references.bib"
claims-dir = "claims"
"""


def article_text(name: str) -> str:
    return textwrap.dedent(ARTICLES[name])


def claims_document(name: str, *, acknowledge: list[dict[str, str]] | None = None) -> str:
    """A curated claims file with the one claim of the article's second paragraph."""
    text = article_text(name).splitlines()[2]
    claim: dict[str, object] = {
        "id": f"{name}-1",
        "line": 3,
        "text": text,
        "cites": [CITED_KEY[name]],
        **ASSERTS[name],
    }
    if acknowledge:
        claim["acknowledge"] = acknowledge
    document = {"version": 1, "article": f"articles/{name}.txt", "claims": [claim]}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def write_project(root: Path, *, pyproject: str = PYPROJECT) -> Path:
    """Write the three articles, the bib, a claims file per article and ``pyproject.toml`` under ``root``."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "claims").mkdir(exist_ok=True)
    for name in ARTICLES:
        (root / "articles" / f"{name}.txt").write_text(article_text(name), encoding="utf-8")
        (root / "claims" / f"{name}.yaml").write_text(claims_document(name), encoding="utf-8")
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return root


def git(root: Path, *arguments: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            *arguments,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit_all(root: Path, message: str = "content") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
