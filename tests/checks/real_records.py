"""The real PubMed records under ../shared/data/ncbi, parsed once for the tests that judge checkers on them.

Tests that use them skip when the folder is absent (CI has it); nothing is copied into the project.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

import pytest

from claimcheck.lookup.parse import MalformedResponse, parse_pubmed
from claimcheck.model import Record

NCBI_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ncbi"
needs_ncbi_data = pytest.mark.skipif(not NCBI_DATA.is_dir(), reason="shared NCBI recordings are absent")


@functools.cache
def real_records() -> tuple[Record, ...]:
    """Every PubMed record of the recordings, one per PMID (error answers and other utilities skipped)."""
    records: dict[str, Record] = {}
    for path in sorted(NCBI_DATA.rglob("*.xml*")):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        try:
            parsed = parse_pubmed(data)
        except MalformedResponse:
            continue  # esearch, einfo, error answers...
        records.update((record.pmid, record) for record in parsed)
    return tuple(records.values())
