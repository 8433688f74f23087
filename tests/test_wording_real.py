"""AnnoMI counselling transcripts nobody here wrote (../shared/data/text, evaluation only): floors under the
measured figures so the analysis cannot quietly get worse on natural language. Skipped cleanly when ../shared is
absent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import wording_report  # noqa: E402

ANNOMI_MIN_ACCURACY = 0.70
"""Measured 0.748 over 834 gold questions (issue target 0.85; most of the gap is AnnoMI's coding convention, not
the project's, see issue 10's report); was 0.57 before sentence structure."""
ANNOMI_MIN_REFLECTION_F1 = 0.57
"""Measured 0.601 (P 0.570, R 0.636) with the reflection head scoring clauses without "you" too and the client's
last sentence alone as well as their last few utterances; 0.571 before, 0.49 on rules alone (issue target 0.70)."""


def test_annomi_questions_and_reflections():
    if not wording_report.ANNOMI.is_file():
        pytest.skip(f"{wording_report.ANNOMI} is absent")
    report = wording_report.annomi_report()
    assert report["open_closed_accuracy"] >= ANNOMI_MIN_ACCURACY
    assert report["reflection_f1"] >= ANNOMI_MIN_REFLECTION_F1
