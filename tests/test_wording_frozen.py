"""The frozen test set (tests/data/wording_test.jsonl): replies labelled before the analyser ever ran on them,
written by different means than the training replies. Rules are never tuned on it; it only measures them.

The floors sit a little under the macro-F1 last measured (0.78 as written, 0.77 lowercase without punctuation,
printed by scripts/wording_report.py), so a change that makes the analysis worse on language
nobody tuned it on fails here. Issue 10's target is 0.90; the gap is reported there, not hidden here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from voice_deesc.wording.rubric import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import wording_report  # noqa: E402

FROZEN_MIN_MACRO_F1 = {"written": 0.74, "plain": 0.74}
"""Measured 0.776 (written) and 0.771 (lowercase, no punctuation) on 545 replies (0.754 and 0.748 before the
everyday shapes of tests/test_wording_everyday.py, 0.700 before the wider flag shapes); about 0.03 below for noise
of a rule edit that helps one category and costs another a reply or two."""
MIN_ROWS = 300


@pytest.fixture(scope="module")
def rows():
    if not wording_report.FROZEN.is_file():
        pytest.fail(f"{wording_report.FROZEN} is missing — the frozen test set is part of the suite")
    return wording_report.load_rows(wording_report.FROZEN)


def test_frozen_set_shape(rows):
    assert len(rows) >= MIN_ROWS
    assert len({r["id"] for r in rows}) == len(rows)
    assert all(set(r["labels"]) <= set(CATEGORIES) for r in rows)


@pytest.mark.parametrize("form", ["written", "plain"], ids=["as-written", "lowercase-no-punctuation"])
def test_frozen_set_macro_f1(rows, form):
    table, _ = wording_report.confusion(rows, plain=form == "plain")
    assert wording_report.macro_f1(table) >= FROZEN_MIN_MACRO_F1[form]
