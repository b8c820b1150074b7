"""Claim extraction: citation markers, claims and the links between them (issue #4)."""

from claimcheck.extract.claims import Extraction, extract

__all__ = ["Extraction", "extract"]
