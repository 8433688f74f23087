"""Every real recording in ../shared/data/asr goes through the whole pipeline to a schema-valid Attempt.

This is the testers' contract of issue 2: valid JSON for every file, and a transcript word error rate
under 15 % over the LibriVox, CMU ARCTIC and LJ Speech recordings.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from voice_deesc.audio import load_audio
from voice_deesc.pipeline import analyse

SET_WER_BOUND = 0.15

pytestmark = pytest.mark.slow


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def attempts(shared_asr, whisper):
    with (shared_asr / "transcripts.tsv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    results = []
    for row in rows:
        path = shared_asr / row["file"]
        attempt = analyse(load_audio(path), None, whisper, audio_path=str(path))
        results.append((row, attempt))
    return results


def test_every_recording_gives_a_schema_valid_attempt(attempts, attempt_schema):
    assert len(attempts) == 49
    for _row, attempt in attempts:
        data = json.loads(json.dumps(attempt.to_dict()))
        attempt_schema.validate(data)
        assert data["delivery"]["words_per_minute"] is not None
        assert data["delivery"]["loudness_dbfs"] < 0


def test_transcript_word_error_rate_over_the_set(attempts):
    import jiwer

    references = [_normalise(row["transcript"]) for row, _ in attempts]
    hypotheses = [_normalise(attempt.transcript.text) for _, attempt in attempts]
    wer = jiwer.wer(references, hypotheses)
    assert wer < SET_WER_BOUND, f"WER {wer:.3f}"


def test_word_timings_lie_inside_each_recording(attempts):
    for _row, attempt in attempts:
        words = attempt.transcript.words
        assert words, attempt.audio_path
        assert all(0.0 <= w.start_s <= w.end_s for w in words)
        assert words[-1].end_s <= attempt.delivery.duration_s + 0.05
        assert [w.start_s for w in words] == sorted(w.start_s for w in words)
