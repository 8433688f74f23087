"""ESConv supporter turns nobody here wrote (../shared/data/text, evaluation only): floors under the measured figures
so the analysis cannot quietly get worse on natural supportive chat. Skipped cleanly when ../shared is absent.

Apart from the AnnoMI test (test_wording_real.py) so the two long passes can run on different test workers. The
floors hold on every second turn (``TURNS_EVERY``), for the same reason as there; ``scripts/wording_report.py``
prints the figures of the whole file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import wording_report  # noqa: E402

TURNS_EVERY = 2
"""Every second supporter turn: 1,438 of 2,875 (each turn carries its own client line)."""
ESCONV_MAX_FLAG_RATE = 0.02
"""Measured 1.18 % on these turns and on the whole file (issue target 1.0 %; every remaining flag read right); was
3.2 % on the whole file, then 1.11 % before stop 24's new flags, each of which a careful read found right."""
ESCONV_MIN_QUESTION_RECALL = 0.93
"""Measured 0.982 on these turns and on the whole file."""
ESCONV_MIN_REFLECTION_RECALL = 0.51
"""Measured 0.557 on these turns (221 reflective) and 0.545 on the whole file (422 "Restatement or Paraphrasing" /
"Reflection of feelings" turns; issue target 0.65; 0.538 / 0.536 while "sounds like a good plan" counted as a
reflection); 0.495 before the reflection head also scored clauses without
"you" and the client's last sentence alone. Roughly half of the missed turns are no reflection on a careful read
(../shared/data/README.md)."""


def test_esconv_flags_and_questions():
    if not wording_report.ESCONV.is_file():
        pytest.skip(f"{wording_report.ESCONV} is absent")
    report = wording_report.esconv_report(every=TURNS_EVERY)
    assert report["flag_rate"] <= ESCONV_MAX_FLAG_RATE
    assert report["question_recall"] >= ESCONV_MIN_QUESTION_RECALL
    assert report["reflection_recall"] >= ESCONV_MIN_REFLECTION_RECALL
