"""The spoken summary: one strength, the top suggestion, the band; about twenty seconds at a calm rate."""

from __future__ import annotations

from pathlib import Path

from voice_deesc.pipeline import Attempt


def summary_text(attempt: Attempt) -> str:
    a = attempt.assessment
    parts: list[str] = []
    if not attempt.transcript.text:
        return "I didn't hear a reply that time. When you're ready, take a breath and try again."
    if a.strengths:
        parts.append("Something that went well. " + a.strengths[0])
    if a.suggestions:
        parts.append("One thing to try next time. " + a.suggestions[0])
    parts.append(f"Overall, this reply is {a.band}.")
    return " ".join(parts)


def speak_summary(attempt: Attempt, *, save_to: Path, play: bool) -> Path:
    """Synthesize the summary to ``save_to`` and play it when asked and a speaker exists."""
    from voice_deesc import tts
    from voice_deesc.devices import has_output_device, play_file

    path = tts.synthesize(summary_text(attempt), save_to, rate_wpm=tts.FEEDBACK_RATE_WPM, volume=tts.FEEDBACK_VOLUME)
    if play and has_output_device():
        play_file(path)
    return path
