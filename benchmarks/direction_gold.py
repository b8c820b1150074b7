"""CC210 measured on the doctors' gold directions (../shared/data/evidence-inference).

Every agreed prompt is said as claims in several wordings, with the doctors' direction and with the two
others, and checked against its trial report's abstract and PMC full text; the outcomes are printed per
gold label, with precision and recall per claimed label (the logic: tests/checks/evidence_inference.py,
whose floors tests/checks/test_direction_real.py holds):

    python benchmarks/direction_gold.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from checks.evidence_inference import EVIDENCE_INFERENCE, measure, report  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    if not EVIDENCE_INFERENCE.is_dir():
        print(f"no evidence-inference data at {EVIDENCE_INFERENCE}", file=sys.stderr)
        return 2
    for line in report(measure()):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
