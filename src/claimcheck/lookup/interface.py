"""The boundary between the pipeline and wherever records come from.

The pipeline sees only ``RecordSource``; the E-utilities client, the cache and the XML parser
are details behind it. Partial failure is data: a source that becomes unreachable half-way
returns what it has and says why in ``unavailable``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claimcheck.model import Passage, Record, Reference, Resolution

# Why a source has no answer when it was never asked. A reference missing for one of these reasons
# may well exist: it is unverifiable, never reported as "not found" (CC101).
OFFLINE_REASON = "not in the cache (offline)"
UNREACHED_REASON = "PubMed could not be reached"
NOT_ASKED = frozenset({OFFLINE_REASON, UNREACHED_REASON})


@dataclass(frozen=True)
class Resolved:
    """Reference key -> how it was tied to a PMID (or why not)."""

    resolutions: dict[str, Resolution]
    unavailable: str = ""


@dataclass(frozen=True)
class Fetched:
    """PMID -> record, for every PMID the source could fetch; ``missing`` says why the others are not."""

    records: dict[str, Record]
    missing: dict[str, str] = field(default_factory=dict)
    unavailable: str = ""


@dataclass(frozen=True)
class FullTexts:
    """PMCID -> the body passages of the open-access full text (JATS), for those that have one."""

    passages: dict[str, tuple[Passage, ...]]
    missing: dict[str, str] = field(default_factory=dict)
    unavailable: str = ""


class RecordSource(ABC):
    """Where records come from: PubMed through E-utilities (with its cache), or a test double."""

    @abstractmethod
    def resolve_all(self, references: Sequence[Reference]) -> Resolved:
        """Tie every reference to a PMID, in as few requests as the source allows."""

    @abstractmethod
    def fetch_all(self, pmids: Iterable[str]) -> Fetched:
        """Fetch every record, batched."""

    def fetch_fulltexts(self, pmcids: Iterable[str]) -> FullTexts:
        """Fetch open-access full texts; sources without full text have none."""
        return FullTexts({}, dict.fromkeys(pmcids, "this source has no full text"))
