"""AnnoMI counselling transcripts nobody here wrote (../shared/data/text, evaluation only): floors under the
measured figures so the analysis cannot quietly get worse on natural language. Skipped cleanly when ../shared is
absent.

The floors hold on every second session (``SESSIONS_EVERY``): the encoder costs ~10 ms a sentence on a CPU without
int8 dot-product instructions, so the whole file took 80-110 s of one test worker; ``scripts/wording_report.py``
prints the figures of the whole file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import wording_report  # noqa: E402

SESSIONS_EVERY = 2
"""Every second whole session (in id order): 40 of 80, 1,204 of 2,697 utterances, 416 of 834 gold questions."""
ANNOMI_MIN_ACCURACY = 0.69
"""Measured 0.726 on these sessions, 0.748 on the whole file (issue target 0.85; most of the gap is AnnoMI's coding
convention, not the project's, see issue 10's notes); 0.57 on the whole file before sentence structure."""
ANNOMI_MIN_REFLECTION_F1 = 0.52
"""Measured 0.545 on these sessions, 0.601 (P 0.573, R 0.631) on the whole file with the reflection head scoring
clauses without "you" too and the client's last sentence alone as well as their last few utterances; 0.571 on the
whole file before, 0.49 on rules alone (issue target 0.70)."""


def test_annomi_questions_and_reflections():
    if not wording_report.ANNOMI.is_file():
        pytest.skip(f"{wording_report.ANNOMI} is absent")
    report = wording_report.annomi_report(every=SESSIONS_EVERY)
    assert report["open_closed_accuracy"] >= ANNOMI_MIN_ACCURACY
    assert report["reflection_f1"] >= ANNOMI_MIN_REFLECTION_F1
