"""The names checkers have used for quantities, kept for the checkers that still import them.

Quantities are read by one vocabulary for every stage, ``claimcheck.vocabulary.quantities``; this module
only names its parts as checkers knew them (a ``NumberMention`` is a ``Quantity``)::

    find_numbers("1,069 knees")[0].value == 1069.0
"""

from __future__ import annotations

from claimcheck.vocabulary.quantities import Quantity as NumberMention
from claimcheck.vocabulary.quantities import find_quantities as find_numbers
from claimcheck.vocabulary.quantities import parse_quantity as parse_figure

__all__ = ["NumberMention", "find_numbers", "parse_figure"]
