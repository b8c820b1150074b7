"""Reports: one module per format, chosen through ``ReportFormat``; ``render`` is all the CLI calls.

Every format reads only the ``RunResult`` and the rule catalogue, and returns the whole report as
a string; where it goes (stdout, ``--output``) is the CLI's business.
"""

from __future__ import annotations

import enum
from typing import assert_never

from claimcheck.model import RunResult
from claimcheck.report.github import render_github
from claimcheck.report.html import render_html
from claimcheck.report.json import render_json
from claimcheck.report.junit import render_junit
from claimcheck.report.layout import with_display_paths
from claimcheck.report.sarif import render_sarif
from claimcheck.report.summary import summary_line
from claimcheck.report.text import render_text

__all__ = ["ReportFormat", "render", "summary_line"]


class ReportFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    HTML = "html"


def render(
    result: RunResult,
    fmt: ReportFormat,
    *,
    concise: bool = False,
    color: bool = False,
    show_all: bool = False,
) -> str:
    """The report of ``result`` in ``fmt``; ``concise``, ``color`` and ``show_all`` concern the text format.

    Paths are shown relative to the working directory in every format (``layout.display_path``).
    """
    result = with_display_paths(result)
    if fmt is ReportFormat.TEXT:
        return render_text(result, concise=concise, color=color, show_all=show_all)
    if fmt is ReportFormat.JSON:
        return render_json(result)
    if fmt is ReportFormat.SARIF:
        return render_sarif(result)
    if fmt is ReportFormat.JUNIT:
        return render_junit(result)
    if fmt is ReportFormat.GITHUB:
        return render_github(result)
    if fmt is ReportFormat.HTML:
        return render_html(result)
    assert_never(fmt)
