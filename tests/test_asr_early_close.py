"""Whisper sometimes closes its text early: one word timed at the end of the window, the speech before it never
decoded. The recogniser notices the jump and decodes the skipped audio once more."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from voice_deesc.asr.prompt import recognition_prompt
from voice_deesc.asr.whisper import MAX_WORD_JUMP_S, WhisperTranscriber, early_close
from voice_deesc.scenarios.load import get_scenario
from voice_deesc.tts import synthesize_audio


class _Timed(NamedTuple):
    start: float
    end: float


def _words(*spans: tuple[float, float]) -> list[_Timed]:
    return [_Timed(a, b) for a, b in spans]


def test_one_word_at_the_window_end_after_a_long_jump_is_an_early_close():
    words = _words((0.0, 0.5), (0.5, 6.26), (22.02, 22.04))
    assert early_close(words, 22.08) == 1  # resume after the word that ends at 6.26 s


def test_two_words_after_the_jump_are_still_an_early_close_but_three_are_speech_after_a_pause():
    assert early_close(_words((0.0, 3.0), (12.0, 12.4), (12.4, 12.9)), 13.0) == 0
    assert early_close(_words((0.0, 3.0), (12.0, 12.3), (12.3, 12.6), (12.6, 12.9)), 13.0) is None


def test_a_pause_shorter_than_the_jump_or_a_last_word_before_the_end_is_left_alone():
    assert early_close(_words((0.0, 3.0), (3.0 + MAX_WORD_JUMP_S - 0.5, 7.0)), 7.1) is None
    assert early_close(_words((0.0, 3.0), (12.0, 12.3)), 20.0) is None  # silence after it: not at the window's end
    assert early_close([], 5.0) is None
    assert early_close(_words((0.0, 0.4)), 5.0) is None


@pytest.mark.slow
def test_a_prompted_22_second_reply_is_heard_to_its_last_words(whisper: WhisperTranscriber):
    """The reply on which tiny.en, prompted, once stopped after its first sentence and "At" (on a CPU without
    AVX-512); whatever the CPU, the transcript must reach the end of what was said."""
    reply = (
        "You got here five minutes late because you were at work, and now you're sick and shaking with no dose. "
        "That's a terrible spot to be in, having to pick between your job and your treatment, and I'd be furious "
        "too. I'm with you. Can we go to the nurse together and ask about a late dose, and then work out a dosing "
        "time that fits your shifts?"
    )
    audio = synthesize_audio(reply, rate_wpm=150)
    heard = whisper.transcribe(audio, prompt=recognition_prompt(get_scenario("methadone-dosing-window")))
    words = heard.text.lower()
    for said in ("nurse", "together", "shifts", "furious"):
        assert said in words, heard.text
    starts = [w.start_s for w in heard.words]
    assert starts == sorted(starts)
    assert heard.words[-1].end_s > audio.duration_s - 2.0
