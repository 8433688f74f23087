"""The spoken summary: one strength, the top suggestion, the band; about twenty seconds at a calm rate.

Not the whole report (domain.md "Feedback style": spoken feedback is a short summary). The voice models the
delivery it recommends: the calm rate and a volume below full scale (``tts.FEEDBACK_RATE_WPM`` / ``FEEDBACK_VOLUME``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

MAX_SPOKEN_WORDS = 55
"""About 20-25 s at the calm feedback rate of ~135 words/min (domain.md: "about 20 seconds")."""
BAND_SENTENCES = {
    "needs work": "Overall, this reply needs work.",
    "developing": "Overall, this reply is developing.",
    "proficient": "Overall, this reply is proficient.",
}
NO_STRENGTH_OPENER = "Thanks for practising this one."
SILENT_SUMMARY = "I didn't hear a reply that time. When you're ready, take a breath and try again."


def summary_text(attempt: Any) -> str:
    """The words of the spoken summary, at most ``MAX_SPOKEN_WORDS`` where possible."""
    a = attempt.assessment
    if not getattr(a, "heard_speech", True) or not attempt.transcript.text:
        return SILENT_SUMMARY
    strengths = list(getattr(a, "strength_details", ()))
    suggestions = list(getattr(a, "suggestion_details", ()))
    opener = f"Something that went well. {strengths[0].spoken}" if strengths else ""
    if not opener and a.strengths:
        opener = f"Something that went well. {a.strengths[0]}"
    if not opener:
        opener = NO_STRENGTH_OPENER  # still lead kindly, without inventing a strength
    tip = f"One thing to try next time. {suggestions[0].spoken}" if suggestions else ""
    if not tip and a.suggestions:
        tip = f"One thing to try next time. {a.suggestions[0]}"
    closing = BAND_SENTENCES.get(a.band, f"Overall, this reply is {a.band}.") + _change_sentence(a)
    parts = [p for p in (opener, tip, closing) if p]
    text = " ".join(parts)
    if len(text.split()) > MAX_SPOKEN_WORDS and strengths:
        # Keep the strength but drop its quote: "You validated the feeling."
        short = strengths[0].spoken.split(" when you said")[0].rstrip(".") + "." if strengths else ""
        text = " ".join(p for p in (f"Something that went well. {short}" if short else "", tip, closing) if p)
    return text


def speak_summary(attempt: Any, *, save_to: Path, play: bool) -> Path:
    """Synthesize the summary to ``save_to`` and play it when asked and a speaker exists."""
    from voice_deesc import tts
    from voice_deesc.devices import has_output_device, play_file

    path = tts.synthesize(summary_text(attempt), save_to, rate_wpm=tts.FEEDBACK_RATE_WPM, volume=tts.FEEDBACK_VOLUME)
    if play and has_output_device():
        play_file(path)
    return path


def _change_sentence(assessment: Any) -> str:
    change = (getattr(assessment, "change", None) or {}).get("overall")
    if change is None:
        return ""
    if change > 0:
        return f" That's {change} points up on your last try."
    if change == 0:
        return " That's the same score as your last try."
    return f" That's {-change} points below your last try, which is normal while you practise."
