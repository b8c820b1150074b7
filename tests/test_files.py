"""Files claimcheck writes: atomic, and with the permissions a person expects."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from claimcheck.files import write_atomic


def test_new_file_gets_the_umask_permissions_not_private_ones(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.html", "<p>hello</p>")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "<p>hello</p>"


def test_existing_file_keeps_its_permissions_and_no_temporary_is_left(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text("% old\n", encoding="utf-8")
    bib.chmod(0o664)

    write_atomic(bib, "% new\n")

    assert stat.S_IMODE(bib.stat().st_mode) == 0o664
    assert bib.read_text(encoding="utf-8") == "% new\n"
    assert [path.name for path in tmp_path.iterdir()] == ["references.bib"]
