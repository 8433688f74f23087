"""Every real recording in ../shared/data/asr goes through the CLI to a schema-valid Attempt.

The testers' contract of issue 2: valid JSON for every file, and a transcript word error rate under
15 % over the LibriVox, CMU ARCTIC and LJ Speech recordings. It runs `voice-deesc batch` (the same
pipeline as `evaluate`, on every core) so the whole set costs one parallel pass.
"""

from __future__ import annotations

import pytest

from voice_deesc.asr.wer import word_error_rate

SET_WER_BOUND = 0.15

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rows_and_attempts(asr_batch):
    """The run's one batch pass over the set (tests/conftest.py ``asr_batch``)."""
    return asr_batch.references, asr_batch.rows


def test_every_recording_gives_a_schema_valid_attempt(rows_and_attempts, attempt_schema):
    references, rows = rows_and_attempts
    assert sorted(r["file"].rsplit("/", 1)[1] for r in rows) == sorted(references)
    for row in rows:
        assert "error" not in row, row
        attempt_schema.validate(row["attempt"])
        assert row["attempt"]["delivery"]["rate"]["words_per_minute"] is not None
        assert row["attempt"]["delivery"]["loudness"]["median_dbfs"] < 0


def test_transcript_word_error_rate_over_the_set(rows_and_attempts):
    references, rows = rows_and_attempts
    pairs = [(references[r["file"].rsplit("/", 1)[1]], r["attempt"]["transcript"]["text"]) for r in rows]
    wer = word_error_rate(pairs)
    assert wer < SET_WER_BOUND, f"WER {wer:.3f}"


def test_word_timings_lie_inside_each_recording(rows_and_attempts):
    _references, rows = rows_and_attempts
    for row in rows:
        attempt = row["attempt"]
        words = attempt["transcript"]["words"]
        assert words, row["file"]
        assert all(0.0 <= w["start_s"] <= w["end_s"] for w in words)
        assert words[-1]["end_s"] <= attempt["delivery"]["duration_s"] + 0.05
        assert [w["start_s"] for w in words] == sorted(w["start_s"] for w in words)
